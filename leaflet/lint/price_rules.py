"""Amounts of money typed into the text, checked against the price table as it will print.

LF141: an amount the table contradicts ("about £200" above a table that says £190). LF142: an
amount that is one of the content's own prices typed as a figure, so a clinic's own price would
leave it behind; ``{{ prices.<id> }}`` prints the table's figure instead. LF143: a price, as it
will print, cheaper than one the leaflet's own guide prices make cheaper than it ("a full course"
£220 beside "one session" £1,200 to £1,800): the sign of a clinic's figures typed under each
other's ids. The studio's price form warns with the same function (``out_of_order``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TypeVar

from babel.numbers import get_currency_symbol, parse_decimal

from ..load import Brand, Leaflet
from ..load.yamlpos import DataPath
from ..text.prepare import Prepared
from ..text.prices import brand_prices
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


def typed_amounts(leaflet: Leaflet, prepared: Prepared, fields: list[tuple[DataPath, str]]) -> Iterator[Finding]:
    """``fields``: the leaflet's text_fields, as typed."""
    rows = prepared.prices.rows
    if not rows:
        return
    locale = prepared.locale
    symbols, pattern = _matcher(frozenset({row.currency for row in rows} | {leaflet.currency}), locale)
    fields = [
        field
        for field in fields  # (the same pairs, not copies: fewer objects made)
        if field[0][:1] not in (("sources",), ("sign_off",)) and "prices" not in field[0]
    ]
    every = "\n".join(text for _, text in fields)
    if not any(symbol in every for symbol in symbols):
        return  # every amount has a currency's symbol or code: most leaflets type none
    table = {
        (row.currency, Decimal(str(v)))
        for row in rows
        for v in (row.value if isinstance(row.value, list) else [row.value])
    }
    ranges = {(row.currency, tuple(Decimal(str(v)) for v in row.value)) for row in rows if isinstance(row.value, list)}
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
                yield at(
                    leaflet,
                    "LF141",
                    path,
                    f"'{typed}' is not what the price table says ({printed})",
                    f"Write {name} to print the table's figure, so the text and the table cannot disagree.",
                    needle=typed,
                )
            elif key in own:
                yield at(
                    leaflet,
                    "LF142",
                    path,
                    f"'{typed}' is the price of '{own[key]}' typed as a figure: a clinic's own price "
                    "would not replace it",
                    f"Write {{{{ prices.{own[key]} }}}} instead.",
                    needle=typed,
                )


Span = tuple[float, float]  # a price's lowest and highest figure (the same twice for a single price)
K = TypeVar("K")


def span(value: object) -> Span | None:
    """A price (a number, or a [low, high] range) as its lowest and highest figure; None if it is not one."""
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value):
        return float(value[0]), float(value[1])
    return (float(value), float(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def out_of_order(rows: Sequence[tuple[K, Span | None, Span | None]]) -> list[tuple[K, K]]:
    """(dearer, cheaper) for each row that, as it will print, costs less than a row the guide prices
    make cheaper than it throughout (the guide's cheaper row ends below where the dearer one starts).
    ``rows``: (key, guide span, span as it will print), in the table's order; a row whose span is
    None is left out. Each dearer row is named once, with the first such cheaper row."""
    found: dict[K, K] = {}
    for cheap, guide_cheap, cheap_now in rows:
        for dear, guide_dear, dear_now in rows:
            if None in (guide_cheap, guide_dear, cheap_now, dear_now) or dear in found:
                continue
            assert guide_cheap and guide_dear and cheap_now and dear_now  # (for mypy)
            if guide_cheap[1] < guide_dear[0] and dear_now[0] < cheap_now[1]:
                found[dear] = cheap
    return list(found.items())


def price_order(leaflet: Leaflet, brand: Brand | None, prepared: Prepared) -> Iterator[Finding]:
    """LF143: a price that, as the brand prints it, costs less than one the leaflet's guide makes cheaper."""
    if brand is None:
        return  # the guide prices alone are the order: nothing to contradict it
    given = brand_prices(leaflet, brand)
    locale = prepared.locale
    for index, printed in prepared.prices.tables.items():
        guides = leaflet.sections[index].prices or []
        rows = [
            (r, span(guide.price), span(row.value)) for r, (guide, row) in enumerate(zip(guides, printed, strict=True))
        ]
        for dear, cheap in out_of_order(rows):
            dear_row, cheap_row = printed[dear], printed[cheap]
            # where to fix it: the clinic's own figure (the dearer row's, or else the cheaper row's)
            row, r = (dear_row, dear) if dear_row.clinic or not cheap_row.clinic else (cheap_row, cheap)
            model, path = (
                (brand, given[row.id][1])
                if row.clinic and row.id in given
                else (leaflet, ("sections", index, "prices", r, "price"))
            )
            yield at(
                model,
                "LF143",
                path,
                f"'{dear_row.item}' would cost {dear_row.text(locale)}, less than '{cheap_row.item}' "
                f"({cheap_row.text(locale)}), though the leaflet's guide prices make it the dearer of "
                "the two",
                "Check that each price is under its own id (a course's price under the "
                "course's id, not a session's), and that each figure has the right number of digits.",
            )
