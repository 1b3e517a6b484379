"""A generic table from the content: header row repeated on every page it spans, cells wrapped."""
from __future__ import annotations

from reportlab.platypus import Flowable, TableStyle

from ...load.content import Table as TableData
from ...text.money import number
from . import FlowTable, Kit


def table_block(kit: Kit, data: TableData, width: float) -> list[Flowable]:
    s = kit.styles

    def cell(value: str | int | float):
        return kit.para(value if isinstance(value, str) else number(value, kit.locale), s.cell)

    rows = [[kit.para(c, s.cell_bold) for c in data.columns]]
    rows += [[cell(v) for v in row] for row in data.rows]
    table = FlowTable(rows, colWidths=[width / len(data.columns)] * len(data.columns),
                  repeatRows=1)
    table.setStyle(TableStyle(kit.table_style()))
    return [table]
