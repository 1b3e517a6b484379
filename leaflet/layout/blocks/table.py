"""A generic table from the content: columns as wide as their words need, the header row repeated
on every page it spans; a table too wide to read at this width is set as stacked rows instead."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from ...load.content import Table as TableData
from ...text.money import number
from . import CELL_PADDING, FlowTable, StyledLeaflet

READABLE = 7.0  # ems: the narrowest column worth reading (about 15 characters)


def column_widths(styled: StyledLeaflet, rows: list[list[str]], width: float) -> list[float] | None:
    """Widths that give each column its longest word and a readable measure, the rest of the width
    shared out by how much text each column holds; None when even that does not fit."""
    cell = styled.styles.cell
    regular, bold, size = cell.fontName, styled.styles.cell_bold.fontName, cell.fontSize

    def words(text: str, font: str) -> float:
        return max((stringWidth(w, font, size) for w in text.split()), default=0.0)

    columns = list(zip(*rows, strict=False))
    floor = [
        max(READABLE * size, *(words(t, bold if i == 0 else regular) for i, t in enumerate(c))) + 2 * CELL_PADDING
        for c in columns
    ]
    if sum(floor) > width:
        return None
    text = [max(stringWidth(t, regular, size) for t in c) + 2 * CELL_PADDING for c in columns]
    want = [max(0.0, t - f) for t, f in zip(text, floor, strict=True)]
    spare = width - sum(floor)
    if sum(want) <= spare:  # everything fits on one line: share what is left evenly
        return [f + w + (spare - sum(want)) / len(floor) for f, w in zip(floor, want, strict=True)]
    return [f + spare * w / sum(want) for f, w in zip(floor, want, strict=True)]


def table_block(styled: StyledLeaflet, data: TableData, width: float, index: int) -> list[Flowable]:
    """The table, or its rows stacked when its columns cannot all be read across this width (so
    no number of columns is too many: they are never squeezed to a letter a line). ``index`` is
    the section's, for the layout's own messages."""
    s = styled.styles

    def text(value: str | int | float) -> str:
        return value if isinstance(value, str) else number(value, styled.locale)

    header = [text(c) for c in data.columns]
    body = [[text(v) for v in row] for row in data.rows]
    widths = column_widths(styled, [header] + body, width)
    if widths is None:
        return [stacked(styled, header, body, width)]
    rows = [[styled.para(c, s.cell_bold) for c in header]] + [[styled.para(v, s.cell) for v in row] for row in body]
    table = styled.table(rows, widths, styled.table_style(), repeatRows=1)
    table.tag_as = "table"
    return [table]


def stacked(styled: StyledLeaflet, header: list[str], body: list[list[str]], width: float) -> FlowTable:
    """Each row as a small block: its first cell in bold, then "column: value" lines."""
    s = styled.styles
    rows = [
        [
            [styled.para(row[0], s.cell_bold)]
            + [styled.para(f"**{name}:** {value}", s.cell) for name, value in zip(header[1:], row[1:], strict=False)]
        ]
        for row in body
    ]
    return styled.table(rows, [width], styled.table_style(header=False))
