"""Money and dates as the clinic's locale writes them (Babel)."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from ..load import Brand, Leaflet
from ..load.content import Price


def money(amount: float, currency: str, locale: str) -> str:
    """£200 for whole amounts (no pence), £199.50 otherwise, in the locale's own pattern."""
    value = Decimal(str(amount))
    if value == value.to_integral_value():
        pattern = Locale.parse(locale).currency_formats["standard"].pattern
        whole = re.sub(r"0[.,]0+", "0", pattern)
        return format_currency(value, currency, format=whole, locale=locale, currency_digits=False)
    return format_currency(value, currency, locale=locale)


def price_text(value: float | list[float], currency: str, locale: str, to: str = "to") -> str:
    """A price or a range: "£1,000 to £2,000"."""
    if isinstance(value, list):
        low, high = (money(v, currency, locale) for v in value)
        return low if low == high else f"{low} {to} {high}"
    return money(value, currency, locale)


def number(value: int | float, locale: str) -> str:
    return format_decimal(value, locale=locale)


def long_date(day: dt.date, locale: str) -> str:
    return format_date(day, format="long", locale=locale)


def effective_prices(leaflet: Leaflet, brand: Brand) -> tuple[str, dict[int, list[Price]]]:
    """The currency to print in, and each price section's rows with the brand's own prices in."""
    currency = brand.currency or leaflet.currency
    rows = {}
    for index, section in enumerate(leaflet.sections):
        if section.prices:
            rows[index] = [p.model_copy(update={"price": brand.prices[p.id]})
                           if p.id and p.id in brand.prices else p for p in section.prices]
    return currency, rows
