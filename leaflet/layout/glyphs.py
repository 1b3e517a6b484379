"""Refuse text the fonts cannot draw: ReportLab would print an empty box and say nothing."""

from __future__ import annotations

from ..errors import AtField, FieldError
from ..load import text_fields
from ..text.money import long_date
from ..text.prepare import Prepared
from .fonts import FontSet

_HEADINGS = {("title",), ("heading",), ("name",)}  # the fields set in the headings' family


def _problem(model, path: tuple, ch: str, hint: str) -> AtField:
    message = f"the character '{ch}' (U+{ord(ch):04X}) is not in the font and would print as an empty box"
    return AtField(model, path, message, hint, needle=ch)


def _generated(prepared: Prepared) -> str:
    """Everything the locale writes for us: dates and money."""
    leaflet, locale = prepared.leaflet, prepared.locale
    days = [leaflet.published, leaflet.review_by] + [s.date for s in leaflet.sign_off or []]
    texts = [long_date(day, locale) for day in days]
    texts += [row.text(locale) for row in prepared.prices.rows]
    texts += [source.accessed for source in prepared.sources if source.accessed]
    return " ".join(texts)


def check_glyphs(prepared: Prepared, fonts: FontSet, fields: list[tuple] | None = None) -> None:
    """Every character the leaflet will print exists in its font or in the fallback font.
    ``fields``: the prepared leaflet's text_fields, if the caller has them."""
    leaflet, brand = prepared.leaflet, prepared.brand
    # The locale is the brand's, or the leaflet's language where the two differ (text.money.locale_for).
    decided_by, field = (brand, ("locale",)) if prepared.locale == brand.locale else (leaflet, ("language",))
    problems = [
        _problem(
            decided_by,
            field,
            ch,
            f"The locale '{prepared.locale}' writes dates or money with it; "
            "choose fonts that have it (fonts: in the brand file).",
        )
        for ch in fonts.missing(_generated(prepared), fonts.body)
    ]
    for model, texts in ((leaflet, text_fields(leaflet) if fields is None else fields), (brand, text_fields(brand))):
        headings = "".join(text for path, text in texts if path[-1:] in _HEADINGS)
        body = "".join(text for path, text in texts if path[-1:] not in _HEADINGS)
        if not fonts.missing(headings, fonts.headings) and not fonts.missing(body, fonts.body):
            continue  # every character of them is there: no need to look field by field
        for path, text in texts:
            family = fonts.headings if path[-1:] in _HEADINGS else fonts.body
            problems += [
                _problem(model, path, ch, "Replace it, or choose a font that has it (fonts: in the brand file).")
                for ch in fonts.missing(text, family)
            ]
    if problems:
        raise FieldError(problems)
