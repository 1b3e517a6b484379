"""Everything a build settles before layout: which prices print, the text filled in, citations
numbered, the locale chosen. The PDF, the HTML companion and the lint all start from this, so they
print the same figures and the same reference numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..load import DEFAULT_BRAND, Brand, Leaflet
from ..load.yamlpos import DataPath, Key
from .catalogues import words as words_for
from .citations import PrintedSource, cite_leaflet, cite_texts, printed_sources
from .money import locale_for
from .phrases import Words
from .prices import PriceBook, price_book
from .templating import render_leaflet, render_tagged


@dataclass(frozen=True)
class Prepared:
    leaflet: Leaflet  # every text filled in; citations as printed ([2], [clinic advice])
    brand: Brand
    locale: str  # how dates, money and numbers are written
    prices: PriceBook
    sources: tuple[PrintedSource, ...]
    cited: bool  # some text (or a guide price) prints a source's number
    clinic_advice: bool  # some text is marked as the clinic's own advice
    words: Words  # the leaflet's own words ("At a glance", "Page 1 of 6") in its language


def prepare(leaflet: Leaflet, brand: Brand | None = None) -> Prepared:
    """Raises LeafletError for a price, a {{ name }} or a citation that cannot be settled."""
    brand = brand or DEFAULT_BRAND
    locale = locale_for(leaflet.language, brand.locale)
    words = words_for(leaflet.language)
    amounts = price_book(leaflet, brand, words.RANGE_TO).amounts(locale)
    rendered, numbers, clinic_advice = cite_leaflet(render_leaflet(leaflet, brand, amounts, words), words)
    prices = price_book(rendered, brand, words.RANGE_TO)  # again, now with each row's item and note as printed
    cited = bool(numbers) or any(not row.clinic and row.source for row in prices.rows)
    return Prepared(
        rendered, brand, locale, prices, printed_sources(rendered, locale, words), cited, clinic_advice, words
    )


def refilled_texts(
    prepared: Prepared, leaflet: Leaflet, brand: Brand, fields: list[tuple[DataPath, str]] | None = None
) -> dict[DataPath, str]:
    """The texts of ``prepare(leaflet, brand).leaflet`` that may read otherwise than those of
    ``prepared.leaflet``, by path, for a ``brand`` that differs from the prepared one only in the
    clinic's own words (its name and contact details, not its prices or locale): only the texts
    with something to fill in ({{ clinic.name }}, {% if %}) are filled in again; every other text
    already reads as it would (``with_texts`` puts them in). Raises LeafletError as ``prepare``
    would, for those texts. ``fields``: the leaflet's text_fields, if the caller has them."""
    words = prepared.words
    filled = render_tagged(leaflet, brand, prepared.prices.amounts(prepared.locale), words, fields)
    return cite_texts(prepared.leaflet, filled, words)


def with_texts(model: Any, texts: dict[DataPath, str]) -> Any:
    """A copy of a model with the texts at these paths replaced; the rest is shared (each model or
    list on the way to them is copied once)."""
    if not texts:
        return model
    if () in texts:
        return texts[()]
    below: dict[Key, dict[DataPath, str]] = {}
    for path, text in texts.items():
        below.setdefault(path[0], {})[path[1:]] = text
    if isinstance(model, list):
        items = list(model)
        for key, inner in below.items():
            assert isinstance(key, int)  # a list's paths go on by index
            items[key] = with_texts(items[key], inner)
        return items
    return model.model_copy(update={key: with_texts(getattr(model, str(key)), inner) for key, inner in below.items()})
