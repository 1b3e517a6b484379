"""The price table, and a line saying whose prices they are: the clinic's own, or a guide."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ...text.phrases import ENGLISH, Words
from ...text.prices import PriceBook, PriceRow
from . import StyledLeaflet


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


def prices_block(styled: StyledLeaflet, index: int, width: float) -> list[Flowable]:
    s, book = styled.styles, styled.prepared.prices
    mixed = book.kind(index) == "mixed"
    header = [
        styled.para(styled.words.PRICE_COLUMNS[0], s.cell_bold),
        styled.para(styled.words.PRICE_COLUMNS[1], s.cell_amount),
    ]
    rows: list[list] = [header]
    for row in book.tables[index]:
        item = [styled.para(row.item, s.cell)]
        note = price_note(row, mixed, styled.words)
        if note:
            item.append(styled.para(note, s.cell))
        rows.append([item, styled.para(amount_text(row, styled.locale), s.cell_amount)])
    table = styled.table(rows, [width * 0.62, width * 0.38], styled.table_style(), repeatRows=1)
    table.tag_as = "table"
    caption = styled.para(whose_prices(book, index, styled.brand.name, styled.words), s.body)
    caption.keepWithNext = 1  # never left at a page foot without its table
    return [caption, table]
