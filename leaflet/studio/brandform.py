"""The brand editor's form: one labelled field for every brand field, and what the form sends back.

Field names in the form are the brand file's own paths (``name``, ``colors.primary``,
``prices.session``), so a problem the library reports at a line of the file finds its field again
through ``brandfile.field_at``. The form sends text; the library, not the form, decides what is
valid, so every message is the one `leaflet check` prints.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..colours import AA_GRAPHICS, AA_TEXT, WHITE, contrast
from ..errors import LeafletError
from ..load import DEFAULT_BRAND, Brand

HEX = re.compile(r"#[0-9A-Fa-f]{6}")
NUMBER = re.compile(r"\d+(\.\d+)?")


@dataclass(frozen=True)
class Field:
    name: str  # the brand file's path, dotted
    label: str
    help: str = ""
    kind: str = "text"  # text, textarea, url, tel, email, colour, font, locale, currency, logo
    autocomplete: str = "off"


FIELDS = (
    Field(
        "name",
        "Clinic name",
        "Required. Printed in the header band and as the PDF's author.",
        autocomplete="organization",
    ),
    Field("tagline", "Tagline", "A short line under the name in the header band."),
    Field("address", "Address", "One line of the address per line.", "textarea", "street-address"),
    Field("phone", "Phone", "Printed in every footer and in “Contact us”.", "tel", "tel"),
    Field("email", "Email", "", "email", "email"),
    Field("website", "Website", "The full address, starting https://", "url", "url"),
    Field("booking_url", "Booking link", "Printed as a QR code with the address beside it.", "url", "url"),
    Field("footer", "Footer line", "A line at the foot of every page, such as the clinic's registration."),
    Field("logo", "Logo file", "A PNG, JPEG or SVG in the brands folder; upload a new one here.", "logo"),
    Field(
        "logo_alt",
        "Logo for screen readers",
        "What a screen reader says for the logo, such as: Harbour Skin Clinic logo. Give the words the logo shows.",
    ),
    Field("colors.primary", "Primary colour", "The header band, headings and step numbers.", "colour"),
    Field("colors.accent", "Accent colour", "Decoration only (rules and markers), never text.", "colour"),
    Field("colors.warning", "Warning colour", "The serious-risk panel's border and icon.", "colour"),
    Field("fonts.body", "Body font", "", "font"),
    Field("fonts.headings", "Headings font", "", "font"),
    Field("locale", "Locale", "How numbers, money and dates are written.", "locale"),
    Field("currency", "Currency", "Overrides the currency the leaflets give.", "currency"),
)
BY_NAME = {f.name: f for f in FIELDS}


def form_id(name: str) -> str:
    """An HTML id for a field path (dots are awkward in CSS selectors)."""
    return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)


def current_values(brand_data: Mapping[str, Any]) -> dict[str, str]:
    """The form's text for each field, from a brand file's data (or the built-in default's)."""
    values: dict[str, str] = {}
    defaults = DEFAULT_BRAND.model_dump()
    for field in FIELDS:
        head, _, sub = field.name.partition(".")
        value = brand_data.get(head)
        if sub:
            value = value.get(sub) if isinstance(value, dict) else None
            if value is None:
                value = defaults[head][sub]
        elif value is None and head == "locale":
            value = defaults["locale"]
        values[field.name] = "" if value is None else str(value).rstrip("\n")
    for price_id, value in (brand_data.get("prices") or {}).items():
        if isinstance(value, dict):  # grouped under a leaflet's reference
            for item, grouped in value.items():
                _price_values(values, price_name((price_id, item)), grouped)
        else:
            _price_values(values, price_name((price_id,)), value)
    return values


def price_name(key: str | tuple[str, ...]) -> str:
    """The form's name for a price: ``prices.session``, or ``prices.LF-MESO-001.session`` for one
    under a leaflet's reference; its range's upper box adds ``.to``."""
    return "prices." + (key if isinstance(key, str) else ".".join(key))


def _price_values(values: dict[str, str], name: str, value: Any) -> None:
    low, high = value if isinstance(value, list) and len(value) == 2 else (value, None)
    values[name] = _number_text(low)
    values[f"{name}.to"] = _number_text(high)


def _number_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def values_from_form(form: Mapping[str, Any], price_ids: list) -> dict[str, Any]:
    """The form's text as brand-file values for ``brandfile.merged``. Text is passed on as typed
    (blank means "remove the field"); numbers that look like numbers become numbers. ``price_ids``:
    the prices the form shows, each an id or (reference, id)."""
    values: dict[str, Any] = {"colors": {}, "fonts": {}, "prices": {}}
    for field in FIELDS:
        text = form.get(field.name, "")
        text = text.replace("\r\n", "\n").strip() if isinstance(text, str) else ""
        head, _, sub = field.name.partition(".")
        if field.kind == "colour" and HEX.fullmatch(text):
            text = text.upper()
        if sub:
            values[head][sub] = text
        else:
            values[head] = text
    for key in price_ids:
        key = (key,) if isinstance(key, str) else tuple(key)
        low = _number(form.get(price_name(key), ""))
        high = _number(form.get(f"{price_name(key)}.to", ""))
        group = values["prices"]
        for part in key[:-1]:
            group = group.setdefault(part, {})
        group[key[-1]] = [low, high] if low != "" and high != "" else low
    return values


def _number(text: Any) -> Any:
    text = text.strip() if isinstance(text, str) else ""
    if NUMBER.fullmatch(text):
        number = float(text)
        return int(number) if number.is_integer() else number
    return text  # not a number: the library says so, at its field


def colour_notes(values: Mapping[str, str]) -> dict[str, str]:
    """What the layout will do with each colour, in words: its contrast, and the darker shade
    headings get when the colour is too pale for text (the layout's own palette decides)."""
    from ..layout.styles import palette

    colours = {k: values.get(f"colors.{k}", "") for k in ("primary", "accent", "warning")}
    if not all(HEX.fullmatch(c) for c in colours.values()):
        return {}
    try:
        brand = Brand.model_validate({"name": "x", "colors": {k: v.upper() for k, v in colours.items()}})
    except LeafletError:  # a warning colour too pale to use: the library's message says so
        brand = Brand.model_validate({"name": "x", "colors": {**colours, "warning": "#9B1C1C"}})
    p = palette(brand)
    primary = p.band
    ratio = contrast(primary, WHITE)
    if p.heading == primary:
        headings = f"reaches {AA_TEXT}:1, so headings print in it as it is"
    else:
        headings = (
            f"is under {AA_TEXT}:1, so headings print in a darker shade of it, {p.heading} "
            f"({contrast(p.heading, WHITE):.1f}:1); the header band keeps {primary}"
        )
    on_band = "white" if p.on_band == WHITE else "black"
    warning = colours["warning"].upper()
    return {
        "colors.primary": f"{ratio:.1f}:1 on white paper: it {headings}. The clinic name on the band "
        f"prints in {on_band} ({contrast(p.on_band, primary):.1f}:1).",
        "colors.accent": f"{contrast(p.accent, WHITE):.1f}:1 on white. Never used for text, so any contrast will do.",
        "colors.warning": f"{contrast(warning, WHITE):.1f}:1 on white; the panel's border and icon need "
        f"at least {AA_GRAPHICS:g}:1. The panel's heading prints in {p.warning_text} "
        f"({contrast(p.warning_text, p.warning_tint):.1f}:1 on its tint).",
    }


@lru_cache(maxsize=1)
def font_choices() -> list[tuple[str, str]]:
    """(value, label) for every family shipped in fonts/, by the family name inside the font."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    from ..load.assets import find_family, shipped_families

    choices = []
    for folder in shipped_families().values():
        name = TTFontFile(str(find_family(folder.name).regular)).familyName
        name = name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)
        choices.append((name, name))
    return sorted(set(choices))


@lru_cache(maxsize=1)
def locale_choices() -> list[tuple[str, str]]:
    """Every locale Babel knows that names a country (en_GB, de_DE, ...), by its English name."""
    from babel import Locale
    from babel.localedata import locale_identifiers

    choices = []
    for ident in locale_identifiers():
        parts = ident.split("_")
        if len(parts) == 2 and len(parts[1]) == 2:
            choices.append((ident, f"{Locale.parse(ident).get_display_name('en')} ({ident})"))
    return sorted(choices, key=lambda c: c[1].lower())


@lru_cache(maxsize=1)
def currency_choices() -> list[tuple[str, str]]:
    from babel.numbers import get_currency_name, list_currencies

    return [(code, f"{code}: {get_currency_name(code, locale='en')}") for code in sorted(list_currencies())]


def price_order_notes(values: Mapping[str, str], groups: list) -> dict[str, Any]:
    """A warning at a price that, as typed, costs less than a price the leaflet gives as cheaper
    (a full course under one session): the sign of figures typed into each other's boxes. Each
    row's figure is the one typed, or the leaflet's own when its box is empty, as it will print.
    The order is `leaflet check`'s rule LF143 (lint.price_rules.out_of_order)."""
    from ..lint.price_rules import out_of_order, span
    from ..text.money import price_text
    from .engine import Note

    def words(value: tuple[float, float] | None, currency: str) -> str:
        assert value is not None  # out_of_order pairs only rows with a price
        low, high = (_number(_number_text(v)) for v in value)
        try:
            return price_text(low if low == high else [low, high], currency, "en_GB")
        except (ValueError, TypeError):
            return f"{low} to {high}"

    found: dict[str, Any] = {}
    for group in groups:
        rows, spans = {}, []
        for row in group.rows:
            name = price_name(row.key)
            low, high = _number(values.get(name, "")), _number(values.get(f"{name}.to", ""))
            typed = span([low, high] if low != "" and high != "" else low)
            rows[name] = (row, typed is not None)
            spans.append((name, span(row.guide), typed if typed is not None else span(row.guide)))
        now = {name: printed for name, _, printed in spans}
        for name, cheap_name in out_of_order(spans):
            if name in found:
                continue
            (dear, dear_typed), (cheap, _) = rows[name], rows[cheap_name]
            found[name] = Note(
                f"“{dear.item}” would cost {words(now[name], dear.currency)}, less than “{cheap.item}” "
                f"({words(now[cheap_name], cheap.currency)}). In the leaflet it costs more.",
                "Check each price is in its own box."
                if dear_typed
                else f"Enter the clinic's price for “{dear.item}” too.",
                severity="warning",
            )
    return found
