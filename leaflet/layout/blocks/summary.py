"""The "At a glance" box on the first page."""
from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Spacer, TableStyle

from ...text import phrases
from . import FlowTable, Kit


def at_a_glance(kit: Kit, width: float) -> list[Flowable]:
    points = kit.leaflet.summary
    if not points:
        return []
    colours = kit.styles.colours
    inner = [kit.para(phrases.AT_A_GLANCE, kit.styles.subheading),
             kit.bullets([kit.para(p, kit.styles.bullet) for p in points])]
    box = FlowTable([[inner]], colWidths=[width])
    box.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(colours.glance_tint)),
        ("LINEBEFORE", (0, 0), (0, -1), 5, HexColor(colours.heading)),
        ("LEFTPADDING", (0, 0), (-1, -1), 14), ("RIGHTPADDING", (0, 0), (-1, -1), 12),
        ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("FONTNAME", (0, 0), (-1, -1), kit.styles.fonts.body.regular),
    ]))
    return [box, Spacer(1, 6)]
