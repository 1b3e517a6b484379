"""The "At a glance" box on the first page: a panel that splits only between its points."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable

from . import FlowTable, StyledLeaflet
from .panel import Panel


def at_a_glance(styled: StyledLeaflet, width: float) -> list[Flowable]:
    points = styled.leaflet.summary
    if not points:
        return []
    colours, s = styled.styles.colours, styled.styles
    items = [[item] for item in styled.bullets([styled.para(p, s.bullet) for p in points])]
    items[-1][0].spaceAfter = s.bullet.spaceAfter

    def make(part: list[list[Flowable]], continued: bool) -> FlowTable:
        title = styled.para(styled.words.AT_A_GLANCE_CONTINUED if continued else styled.words.AT_A_GLANCE, s.subheading)
        title.tag_role = None if continued else "H2"
        return styled.table(
            [[[title] + [f for item in part for f in item]]],
            [width],
            [
                ("BACKGROUND", (0, 0), (-1, -1), HexColor(colours.glance_tint)),
                ("LINEBEFORE", (0, 0), (0, -1), 5, HexColor(colours.heading)),
                ("LEFTPADDING", (0, 0), (-1, -1), 14),
                ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("FONTNAME", (0, 0), (-1, -1), styled.styles.fonts.body.regular),
            ],
        )

    return [Panel(make, items, space_after=s.body.fontSize, role="Sect")]
