"""Aftercare: numbered steps, each with how long it lasts, kept together on one page where that
leaves no page more than half empty."""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, String
from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable

from ...load.content import AftercareStep
from ..flow import Block
from . import StyledLeaflet


def step_number(styled: StyledLeaflet, n: int) -> Drawing:
    """The step's number on a brand-coloured disc, sized from the body text."""
    colours, size = styled.styles.colours, styled.styles.body.fontSize
    d = size * 1.9
    disc = styled.drawing(d, d)
    disc.add(Circle(d / 2, d / 2, d / 2, fillColor=HexColor(colours.band), strokeColor=None))
    disc.add(
        String(
            d / 2,
            d / 2 - size * 0.36,
            str(n),
            fontName=styled.styles.fonts.body.bold,
            fontSize=size * 1.04,
            fillColor=HexColor(colours.on_band),
            textAnchor="middle",
        )
    )
    disc.content = True  # the step's list label
    return disc


def aftercare_block(styled: StyledLeaflet, steps: list[AftercareStep], width: float) -> list[Flowable]:
    """A column for how long, where the page is wide enough for one; else the time goes in bold
    under each step."""
    s = styled.styles
    size = s.body.fontSize
    disc = size * 2.9
    when = min(130, width * 0.3) * size / 12.5
    timed = any(step.duration for step in steps)
    beside = timed and width - disc - when >= 14 * size
    rows = [
        ["", styled.para(styled.words.AFTERCARE_COLUMNS[0], s.cell_bold)]
        + ([styled.para(styled.words.AFTERCARE_COLUMNS[1], s.cell_bold)] if beside else [])
    ]
    for n, step in enumerate(steps, 1):
        duration = [styled.para(step.duration, s.body, bold=True)] if step.duration else []
        if beside:
            rows.append([step_number(styled, n), styled.para(step.text, s.body), duration or ""])
        else:
            rows.append([step_number(styled, n), [styled.para(step.text, s.body)] + duration])
    widths = [disc, width - disc - when, when] if beside else [disc, width - disc]
    table = styled.table(
        rows,
        widths,
        [
            ("FONTNAME", (0, 0), (-1, -1), s.fonts.body.regular),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LINEBELOW", (1, 0), (-1, -2), 0.6, HexColor(s.colours.rule)),
            ("LINEBELOW", (1, 0), (-1, 0), 1.2, HexColor(s.colours.heading)),
        ],
        repeatRows=1,
    )
    table.tag_as = "list"  # a numbered list; each step's duration is part of its item
    return [Block([table])]
