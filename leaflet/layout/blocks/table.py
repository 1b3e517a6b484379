"""A generic table from the content: header row repeated on every page it spans, cells wrapped."""
from __future__ import annotations

from reportlab.platypus import Flowable, TableStyle

from ...errors import LeafletError
from ...load import problem_at
from ...load.content import Table as TableData
from ...text.money import number
from . import CELL_PADDING, FlowTable, Kit


def table_block(kit: Kit, data: TableData, width: float, index: int) -> list[Flowable]:
    s = kit.styles
    readable = 2 * CELL_PADDING + 3 * s.cell.fontSize  # a cell must hold a short word: narrower splits every letter
    if width / len(data.columns) < readable:
        raise LeafletError(problem_at(
            kit.leaflet, ("sections", index, "table", "columns"),
            f"this table has {len(data.columns)} columns, and at most {int(width // readable)} fit across "
            f"this format at {s.cell.fontSize:g} pt",
            "Use fewer columns (two facts can share a cell), or a wider format: A4 rather than a tri-fold, "
            "or normal print rather than large print."))

    def cell(value: str | int | float):
        return kit.para(value if isinstance(value, str) else number(value, kit.locale), s.cell)

    rows = [[kit.para(c, s.cell_bold) for c in data.columns]]
    rows += [[cell(v) for v in row] for row in data.rows]
    table = FlowTable(rows, colWidths=[width / len(data.columns)] * len(data.columns),
                  repeatRows=1)
    table.setStyle(TableStyle(kit.table_style()))
    return [table]
