"""The price table, and a line saying whose prices they are: the clinic's own, or a guide."""
from __future__ import annotations

from reportlab.platypus import Flowable, TableStyle

from ...text import phrases
from ...text.prices import PriceBook, PriceRow
from . import FlowTable, Kit


def amount_text(row: PriceRow, locale: str) -> str:
    """The figure as printed; a guide price with its source's number, as text cites it."""
    return f"{row.text(locale)} [{row.source}]" if not row.clinic and row.source else row.text(locale)


def price_note(row: PriceRow, mixed: bool) -> str | None:
    """The row's note; in a table of both kinds, guide rows say so."""
    if mixed and not row.clinic:
        return f"{phrases.GUIDE_PRICE.capitalize()}. {row.note}" if row.note else phrases.GUIDE_PRICE.capitalize()
    return row.note


def whose_prices(book: PriceBook, index: int, clinic_name: str) -> str:
    """The table's caption, its first sentence in bold: the clinic's prices, or a guide."""
    line = {"clinic": phrases.CLINIC_PRICES, "guide": phrases.GUIDE_PRICES,
            "mixed": phrases.MIXED_PRICES}[book.kind(index)]
    first, _, rest = line.partition(". ")  # split before the clinic's name goes in: "St. Mary's"
    first = first if rest else first.rstrip(".")
    return f"**{first.format(name=clinic_name)}.** {rest.format(name=clinic_name)}".strip()


def prices_block(kit: Kit, index: int, width: float) -> list[Flowable]:
    s, book = kit.styles, kit.prepared.prices
    mixed = book.kind(index) == "mixed"
    header = [kit.para(phrases.PRICE_COLUMNS[0], s.cell_bold),
              kit.para(phrases.PRICE_COLUMNS[1], s.cell_amount)]
    rows = [header]
    for row in book.tables[index]:
        item = [kit.para(row.item, s.cell)]
        note = price_note(row, mixed)
        if note:
            item.append(kit.para(note, s.cell))
        rows.append([item, kit.para(amount_text(row, kit.locale), s.cell_amount)])
    table = FlowTable(rows, colWidths=[width * 0.62, width * 0.38], repeatRows=1)
    table.setStyle(TableStyle(kit.table_style()))
    caption = kit.para(whose_prices(book, index, kit.brand.name), s.body)
    caption.keepWithNext = 1  # never left at a page foot without its table
    return [caption, table]
