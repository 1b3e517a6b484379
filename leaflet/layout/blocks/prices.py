"""The price table: the brand's own prices by id, in the brand's currency and locale."""
from __future__ import annotations

from reportlab.platypus import Flowable, TableStyle

from ...load.content import Price
from ...text import phrases
from ...text.money import price_text
from . import FlowTable, Kit


def prices_block(kit: Kit, prices: list[Price], width: float) -> list[Flowable]:
    s = kit.styles
    header = [kit.para(phrases.PRICE_COLUMNS[0], s.cell_bold),
              kit.para(phrases.PRICE_COLUMNS[1], s.cell_amount)]
    rows = [header]
    for price in prices:
        item = [kit.para(price.item, s.cell)]
        if price.note:
            item.append(kit.para(price.note, s.cell))
        amount = price_text(price.price, kit.currency, kit.locale, phrases.RANGE_TO)
        rows.append([item, kit.para(amount, s.cell_amount)])
    table = FlowTable(rows, colWidths=[width * 0.62, width * 0.38], repeatRows=1)
    table.setStyle(TableStyle(kit.table_style()))
    return [table]
