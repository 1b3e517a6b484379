"""Which price prints on each row: the clinic's own, or the content's guide price.

One source of truth per price id. The brand's price wins when it gives one, in the brand's currency;
otherwise the content's price prints, in the content's own currency, and the leaflet says it is a
guide. A number is never printed in a currency it was not written in: a brand whose currency
differs from the content's must price every row.

A brand serves many leaflets. Its prices for one leaflet go under that leaflet's ``reference``
(``LF-MESO-001: {session: 190}``), and a group for another leaflet is left alone; an id in this
leaflet's group that matches none of its price rows is a mistake, named with a suggestion (a typo
would otherwise let the content's price print in its place). A plain id (``session: 190``, the
pinned example's form) applies to every leaflet with a row of that id; one that matches no row here
is taken to be for another of the brand's leaflets, unless it is a near miss of one of this
leaflet's ids: a typo, refused with a suggestion. A leaflet without price rows has nothing a price
could go astray in, and is never refused for one.

Text prints the same figures as the table through ``{{ prices.<id> }}``, so the two cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..errors import LeafletError, Problem
from ..load import Brand, Leaflet, problem_at
from ..load.model import did_you_mean
from . import phrases
from .money import price_text


@dataclass(frozen=True)
class PriceRow:
    item: str
    note: str | None
    value: float | list[float]
    currency: str
    clinic: bool  # the brand's own price; False: the content's guide price
    source: str | int | None  # where a guide price comes from (a citation), printed with it only
    id: str | None
    to: str = phrases.RANGE_TO  # between the two ends of a range, in the leaflet's language

    def text(self, locale: str) -> str:
        return price_text(self.value, self.currency, locale, self.to)


@dataclass(frozen=True)
class PriceBook:
    tables: dict[int, tuple[PriceRow, ...]]  # section index -> its rows, in order

    @property
    def rows(self) -> list[PriceRow]:
        return [row for rows in self.tables.values() for row in rows]

    def amounts(self, locale: str) -> dict[str, str]:
        """What ``{{ prices.<id> }}`` prints: the same text as the table's cell."""
        return {row.id: row.text(locale) for row in self.rows if row.id}

    def kind(self, index: int) -> str:
        """'clinic', 'guide' or 'mixed': whose figures a price table shows."""
        clinic = {row.clinic for row in self.tables.get(index, ())}
        return "mixed" if len(clinic) > 1 else "clinic" if clinic == {True} else "guide"


def brand_prices(leaflet: Leaflet, brand: Brand) -> dict[str, tuple[float | list[float], tuple]]:
    """The brand's prices meant for this leaflet, by id, with where each is in the brand file:
    the plain ones, and those under the leaflet's reference (which win)."""
    found = {key: (value, ("prices", key)) for key, value in brand.prices.items() if not isinstance(value, dict)}
    own = brand.prices.get(leaflet.reference) if leaflet.reference else None
    if isinstance(own, dict):
        found.update({key: (value, ("prices", leaflet.reference, key)) for key, value in own.items()})
    return found


def price_book(leaflet: Leaflet, brand: Brand, to: str = phrases.RANGE_TO) -> PriceBook:
    """Every price table's rows as they will print; LeafletError names each mistake at its line."""
    problems: list[Problem] = []
    ids: dict[str, str] = {}
    for index, section in enumerate(leaflet.sections):
        for r, price in enumerate(section.prices or []):
            if price.id in ids:
                problems.append(
                    problem_at(
                        leaflet,
                        ("sections", index, "prices", r, "id"),
                        f"the price id '{price.id}' is already used (for '{ids[price.id]}')",
                        "Give each price row its own id: a brand sets one price for each id.",
                    )
                )
            elif price.id:
                ids[price.id] = price.item
    given = brand_prices(leaflet, brand)
    has_rows = any(section.prices for section in leaflet.sections)  # none: nothing a price could go astray in
    for key, (_, path) in given.items():
        grouped = len(path) == 3  # under this leaflet's reference: meant for this leaflet
        if key not in ids and has_rows and (grouped or did_you_mean(key, ids)):
            problems.append(_unmatched(leaflet, brand, key, path, ids))
    currency = brand.currency or leaflet.currency
    for index, section in enumerate(leaflet.sections):
        for r, price in enumerate(section.prices or []):
            problems += _too_precise(leaflet, ("sections", index, "prices", r, "price"), price.price, leaflet.currency)
            if price.id in given:
                problems += _too_precise(brand, given[price.id][1], given[price.id][0], currency)
    tables: dict[int, tuple[PriceRow, ...]] = {}
    unpriced: list[str] = []
    for index, section in enumerate(leaflet.sections):
        if not section.prices:
            continue
        rows = []
        for price in section.prices:
            if price.id in given:
                rows.append(PriceRow(price.item, price.note, given[price.id][0], currency, True, None, price.id, to))
                continue
            if currency != leaflet.currency:
                unpriced.append(f"'{price.id}' ({price.item})" if price.id else f"'{price.item}' (no id)")
            rows.append(
                PriceRow(price.item, price.note, price.price, leaflet.currency, False, price.source, price.id, to)
            )
        tables[index] = tuple(rows)
    if unpriced:
        problems.append(
            problem_at(
                brand,
                ("currency",),
                f"the brand's prices are in {currency} but the leaflet's are in {leaflet.currency}, and the "
                f"brand gives no {currency} price for {_and(unpriced)}",
                f"Add each under 'prices:' in the brand file (give a row without an id one in the content "
                f"file first), or remove 'currency: {currency}' to print the leaflet's own {leaflet.currency} "
                "prices as a guide. A price is never printed in a currency it was not written in.",
                key=True,
            )
        )
    if problems:
        raise LeafletError(problems)
    return PriceBook(tables)


def _too_precise(model, path: tuple, value: float | list[float], currency: str) -> list[Problem]:
    """A price with more decimal places than its currency has (0.005 pounds would print as £0.00)."""
    from babel.numbers import get_currency_precision

    places = get_currency_precision(currency)
    for amount in value if isinstance(value, list) else [value]:
        exponent = Decimal(repr(amount)).normalize().as_tuple().exponent  # a letter only for NaN and infinity
        written = -exponent if isinstance(exponent, int) else 0
        if written > places:
            shown = "whole amounts" if places == 0 else f"{places} decimal place{'s' if places > 1 else ''}"
            return [
                problem_at(
                    model,
                    path,
                    f"the price {amount!r} has more decimal places than {currency} "
                    f"prices have ({shown}), so it would print rounded",
                    f"Write it as {Decimal(repr(amount)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)}, "
                    "or check the figure.",
                )
            ]
    return []


def _unmatched(leaflet: Leaflet, brand: Brand, key: str, path: tuple, ids: dict[str, str]) -> Problem:
    source = leaflet._source
    name = f"'{source.file}'" if source is not None else "the leaflet"
    if ids:
        hint = "The leaflet's price ids are " + _and([f"'{i}'" for i in ids]) + "."
    else:
        hint = "The leaflet's price rows have no 'id:'; give the row this price is for one, such as 'id: session'."
    if len(path) == 2:
        hint += " Prices for another leaflet go under its reference, for example 'LF-MESO-001: {session: 180}'."
    return problem_at(
        brand, path, f"the price id '{key}' matches no price in {name}{did_you_mean(key, ids)}", hint, key=True
    )


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
