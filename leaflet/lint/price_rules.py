"""Amounts of money typed into the text, checked against the price table as it will print.

LF141: an amount the table contradicts ("about £200" above a table that says £190). LF142: an
amount that is one of the content's own prices typed as a figure, so a clinic's own price would
leave it behind; ``{{ prices.<id> }}`` prints the table's figure instead.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel.numbers import get_currency_symbol, parse_decimal

from ..load import Leaflet
from ..load.yamlpos import DataPath
from ..text.prepare import Prepared
from .findings import Finding, at

_NUMBER = r"\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_COMMON = ("GBP", "EUR", "USD")


@lru_cache(maxsize=64)
def _matcher(currencies: frozenset[str], locale: str) -> tuple[dict[str, str], re.Pattern]:
    """The symbols and the amount pattern for these currencies, made once per process."""
    symbols = _symbols(currencies, locale)
    return symbols, _pattern(symbols)


def _symbols(currencies: frozenset[str], locale: str) -> dict[str, str]:
    """Symbol or code as typed -> currency code, for the currencies a reader might meet."""
    found = {}
    for code in sorted(currencies | set(_COMMON)):
        found[code] = code
        found.setdefault(get_currency_symbol(code, locale=locale), code)
    for symbol, code in (("£", "GBP"), ("€", "EUR"), ("$", "USD")):
        found.setdefault(symbol, code)
    return found


def _pattern(symbols: dict[str, str]) -> re.Pattern:
    """An amount ("£200", "1.500 €") or a range of two ("£1,000 to £2,000")."""
    sym = "|".join(re.escape(s) for s in sorted(symbols, key=len, reverse=True))

    def one(n: int) -> str:
        return f"(?:(?P<s{n}>{sym})\\s?(?P<n{n}>{_NUMBER})|(?P<m{n}>{_NUMBER})\\s?(?P<t{n}>{sym}))"
    return re.compile(f"(?<![\\w.,]){one(1)}(?:\\s?(?:to|-|–)\\s?{one(2)})?(?!\\w)")


@lru_cache(maxsize=1024)  # Babel looks the locale up again for every figure
def _value(text: str, locale: str) -> Decimal | None:
    try:
        return parse_decimal(text.replace("\u202f", "\u00a0"), locale=locale)
    except (InvalidOperation, ValueError):  # babel's NumberFormatError is a ValueError
        return None


def typed_amounts(leaflet: Leaflet, prepared: Prepared,
                  fields: list[tuple[DataPath, str]]) -> Iterator[Finding]:
    """``fields``: the leaflet's text_fields, as typed."""
    rows = prepared.prices.rows
    if not rows:
        return
    locale = prepared.locale
    symbols, pattern = _matcher(frozenset({row.currency for row in rows} | {leaflet.currency}), locale)
    fields = [field for field in fields  # (the same pairs, not copies: fewer objects made)
              if field[0][:1] not in (("sources",), ("sign_off",)) and "prices" not in field[0]]
    every = "\n".join(text for _, text in fields)
    if not any(symbol in every for symbol in symbols):
        return  # every amount has a currency's symbol or code: most leaflets type none
    table = {(row.currency, Decimal(str(v))) for row in rows
             for v in (row.value if isinstance(row.value, list) else [row.value])}
    ranges = {(row.currency, tuple(Decimal(str(v)) for v in row.value)) for row in rows
              if isinstance(row.value, list)}
    printed = ", ".join(row.text(locale) for row in rows)
    own: dict[tuple, str] = {}  # the content's own figures that have an id, as a brand could replace them
    for section in leaflet.sections:
        for price in section.prices or []:
            if price.id:
                values = price.price if isinstance(price.price, list) else [price.price]
                own[(leaflet.currency, tuple(Decimal(str(v)) for v in values))] = price.id
    for path, text in fields:
        if not any(symbol in text for symbol in symbols):
            continue
        for match in pattern.finditer(text):
            first = symbols[match["s1"] or match["t1"]]
            values = [_value(match["n1"] or match["m1"], locale)]
            second = match["s2"] or match["t2"]
            if match["n2"] or match["m2"]:
                values.append(_value(match["n2"] or match["m2"], locale))
            if None in values or (second and symbols[second] != first):
                continue
            typed = match.group(0)
            key = (first, tuple(values))
            agrees = (key in ranges if len(values) == 2 else False) or all((first, v) in table for v in values)
            if not agrees:
                name = f"{{{{ prices.{own[key]} }}}}" if key in own else "{{ prices.<id> }}"
                yield at(leaflet, "LF141", path,
                         f"'{typed}' is not what the price table says ({printed})",
                         f"Write {name} to print the table's figure, so the text and the table cannot "
                         "disagree.", needle=typed)
            elif key in own:
                yield at(leaflet, "LF142", path,
                         f"'{typed}' is the price of '{own[key]}' typed as a figure: a clinic's own price "
                         "would not replace it",
                         f"Write {{{{ prices.{own[key]} }}}} instead.", needle=typed)
