"""The price table, and a line saying whose prices they are: the clinic's own, or a guide."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ...text.phrases import ENGLISH, Words
from ...text.prices import PriceBook, PriceRow
from . import Kit


def amount_text(row: PriceRow, locale: str) -> str:
    """The figure as printed; a guide price with its source's number, as text cites it."""
    return f"{row.text(locale)} [{row.source}]" if not row.clinic and row.source else row.text(locale)


def price_note(row: PriceRow, mixed: bool, words: Words = ENGLISH) -> str | None:
    """The row's note; in a table of both kinds, guide rows say so."""
    if mixed and not row.clinic:
        return f"{words.GUIDE_PRICE}. {row.note}" if row.note else words.GUIDE_PRICE
    return row.note


def whose_prices(book: PriceBook, index: int, clinic_name: str, words: Words = ENGLISH) -> str:
    """The table's caption, its first sentence in bold: the clinic's prices, or a guide."""
    kind = book.kind(index)
    first, rest = (
        (words.CLINIC_PRICES, "")
        if kind == "clinic"
        else (words.GUIDE_PRICES if kind == "guide" else words.MIXED_PRICES)
    )
    return f"**{first.format(name=clinic_name)}** {rest.format(name=clinic_name)}".strip()


def prices_block(kit: Kit, index: int, width: float) -> list[Flowable]:
    s, book = kit.styles, kit.prepared.prices
    mixed = book.kind(index) == "mixed"
    header = [kit.para(kit.words.PRICE_COLUMNS[0], s.cell_bold), kit.para(kit.words.PRICE_COLUMNS[1], s.cell_amount)]
    rows: list[list] = [header]
    for row in book.tables[index]:
        item = [kit.para(row.item, s.cell)]
        note = price_note(row, mixed, kit.words)
        if note:
            item.append(kit.para(note, s.cell))
        rows.append([item, kit.para(amount_text(row, kit.locale), s.cell_amount)])
    table = kit.table(rows, [width * 0.62, width * 0.38], kit.table_style(), repeatRows=1)
    table.tag_as = "table"
    caption = kit.para(whose_prices(book, index, kit.brand.name, kit.words), s.body)
    caption.keepWithNext = 1  # never left at a page foot without its table
    return [caption, table]
