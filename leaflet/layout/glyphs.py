"""Refuse text the fonts cannot draw: ReportLab would print an empty box and say nothing."""
from __future__ import annotations

from ..errors import LeafletError, Problem
from ..load import Brand, Leaflet, problem_at, text_fields
from ..text.money import long_date, price_text
from .fonts import FontSet


def _problem(model, path: tuple, ch: str, hint: str) -> Problem:
    message = f"the character '{ch}' (U+{ord(ch):04X}) is not in the font and would print as an empty box"
    return problem_at(model, path, message, hint, needle=ch)


def _generated(leaflet: Leaflet, brand: Brand, currency: str, prices: dict) -> str:
    """Everything the brand's locale writes for us: dates and money."""
    texts = [long_date(leaflet.published, brand.locale), long_date(leaflet.review_by, brand.locale)]
    texts += [price_text(p.price, currency, brand.locale) for rows in prices.values() for p in rows]
    return " ".join(texts)


def check_glyphs(leaflet: Leaflet, brand: Brand, fonts: FontSet, currency: str, prices: dict) -> None:
    """Every character the leaflet will print exists in its font or in the fallback font."""
    problems = [_problem(brand, ("locale",), ch,
                         f"The locale '{brand.locale}' writes dates or money with it; "
                         "choose fonts that have it (fonts: in the brand file).")
                for ch in fonts.missing(_generated(leaflet, brand, currency, prices), fonts.body)]
    for model in (leaflet, brand):
        for path, text in text_fields(model):
            family = fonts.headings if path[-1:] in (("title",), ("heading",), ("name",)) else fonts.body
            problems += [_problem(model, path, ch, "Replace it, or choose a font that has it "
                                  "(fonts: in the brand file).") for ch in fonts.missing(text, family)]
    if problems:
        raise LeafletError(problems)
