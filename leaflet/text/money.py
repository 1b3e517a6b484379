"""Money, numbers and dates as a locale writes them (Babel), and which locale a leaflet is written in."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, get_currency_symbol


@lru_cache(maxsize=1024)  # the table, {{ prices.x }}, the lint and the glyph check all print the same figures
def money(amount: float, currency: str, locale: str) -> str:
    """£200 for whole amounts (no pence), £199.50 otherwise, in the locale's own pattern.

    In a right-to-left language the symbol is held in its written order with left-to-right marks:
    Arabic writes pounds "UK£", and the bidirectional algorithm alone would set it "£UK" (the "£",
    a neutral at the end, takes the paragraph's direction)."""
    value = Decimal(str(amount))
    parsed = Locale.parse(locale)
    if value == value.to_integral_value():
        whole = re.sub(r"0[.,]0+", "0", parsed.currency_formats["standard"].pattern)
        text = format_currency(value, currency, format=whole, locale=locale, currency_digits=False)
    else:
        text = format_currency(value, currency, locale=locale)
    if parsed.character_order == "right-to-left":
        symbol = get_currency_symbol(currency, locale)
        text = text.replace(symbol, f"\u200e{symbol}\u200e")
    return text


def price_text(value: float | list[float], currency: str, locale: str, to: str = "to") -> str:
    """A price or a range: "£1,000 to £2,000"."""
    if isinstance(value, list):
        low, high = (money(v, currency, locale) for v in value)
        return low if low == high else f"{low} {to} {high}"
    return money(value, currency, locale)


def number(value: int | float, locale: str) -> str:
    return format_decimal(value, locale=locale)


@lru_cache(maxsize=256)
def long_date(day: dt.date, locale: str) -> str:
    return format_date(day, format="long", locale=locale)


@lru_cache(maxsize=256)
def locale_for(language: str, brand_locale: str) -> str:
    """The locale a leaflet's dates and money are written in.

    The words around a date are the leaflet's, so its language decides: an English leaflet printed
    for a Spanish clinic says "24 November 2026", never "24 de noviembre de 2026". Where the brand's
    locale is in the same language it wins, for the clinic's own conventions (a British leaflet at
    a US clinic writes "November 24, 2026"). A language Babel does not know keeps the brand's.
    """
    try:
        own = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return brand_locale
    if Locale.parse(brand_locale).language == own.language:
        return brand_locale
    return str(own)
