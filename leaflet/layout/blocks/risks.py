"""Risks: serious ones in a warning panel with what to do; the rest with how often they happen.

The panel is recognisable without colour: a thick border, a warning triangle and the word
"Warning", so it survives greyscale printing and colour-blind readers.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Polygon, String
from reportlab.lib.colors import HexColor, white
from reportlab.platypus import Flowable

from ...load.content import Risk
from ...text import phrases
from ...text.templating import clinic_fields
from . import FlowTable, StyledLeaflet
from .panel import Panel

_ORDER = list(phrases.FREQUENCIES)


def _frequency(styled: StyledLeaflet, risk: Risk) -> str:
    label, meaning = styled.words.FREQUENCIES[risk.frequency or "not known"]
    return f"**{label}**: {meaning}"


def _lead(text: str) -> str:
    """The first sentence in bold, so each risk can be found at a glance (no block of bold)."""
    end = text.find(". ")
    if "**" in text or not 0 < end < 160:
        return f"**{text}**" if "**" not in text and len(text) < 160 else text
    return f"**{text[: end + 1]}**{text[end + 1 :]}"


def warning_icon(styled: StyledLeaflet) -> Drawing:
    colour, size = HexColor(styled.styles.colours.warning), styled.styles.body.fontSize * 2.4
    icon = styled.drawing(size, size)
    icon.add(Polygon([size / 2, size, 0, 2, size, 2], fillColor=colour, strokeColor=colour))
    icon.add(
        String(
            size / 2,
            6,
            "!",
            fontName=styled.styles.fonts.headings.bold,
            fontSize=size * 0.62,
            fillColor=white,
            textAnchor="middle",
        )
    )
    return icon


def _action(styled: StyledLeaflet, risk: Risk) -> str:
    if risk.action:
        return risk.action
    clinic = clinic_fields(styled.brand, styled.words)
    return styled.words.DEFAULT_ACTION.format(name=clinic["name"], phone=clinic["phone"])


def serious_panel(styled: StyledLeaflet, risks: list[Risk], width: float) -> Panel:
    """The warning panel: one item (lead, frequency, what to do) per serious risk."""
    s = styled.styles
    words = styled.words
    items = [
        [
            styled.para(_lead(risk.text), s.body),
            styled.para(_frequency(styled, risk), s.cell),
            styled.para(f"**{words.WHAT_TO_DO}** {_action(styled, risk)}", s.body),
        ]
        for risk in risks
    ]

    def make(part: list[list[Flowable]], continued: bool) -> FlowTable:
        label = words.WARNING_CONTINUED if continued else f"{words.WARNING_LABEL}: {words.SERIOUS_HEADING}"
        heading = styled.para(label, s.warning_heading)
        heading.tag_role = None if continued else "H3"  # the panel's first child; "(continued)" is furniture
        return _panel_table(styled, [heading], part, width)

    note = "a serious risk is taller than the page and is split across pages"
    return Panel(make, items, split_note=note, space_after=s.body.fontSize * 0.8, role="Warning")


def _panel_table(
    styled: StyledLeaflet, heading: list[Flowable], items: list[list[Flowable]], width: float
) -> FlowTable:
    """The icon beside the heading, each risk across the panel's full width under them (the most
    words to a line), ruled apart; a thick border closed around every part."""
    s, colours = styled.styles, styled.styles.colours
    icon_column = s.body.fontSize * 2.4 + 14
    rows = [[warning_icon(styled), heading]] + [[item, ""] for item in items]
    return styled.table(
        rows,
        [icon_column, width - icon_column],
        [
            ("SPAN", (0, 1), (1, -1)) if len(items) == 1 else ("SPAN", (0, 1), (1, 1)),
            *[("SPAN", (0, row), (1, row)) for row in range(2, len(rows))],
            ("BOX", (0, 0), (-1, -1), 3, HexColor(colours.warning)),
            ("BACKGROUND", (0, 0), (-1, -1), HexColor(colours.warning_tint)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (1, 0), (1, 0), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 1), (-1, -2), 0.6, HexColor(colours.warning)),
            ("FONTNAME", (0, 0), (-1, -1), s.fonts.body.regular),
            # the triangle as far from the panel's edge as in English: against the right edge, mirrored
            *([("ALIGN", (0, 0), (0, 0), "LEFT")] if styled.rtl else []),
        ],
    )


def other_risks(styled: StyledLeaflet, risks: list[Risk], width: float) -> FlowTable:
    s = styled.styles
    rows: list[list] = [[styled.para(c, s.cell_bold) for c in styled.words.RISK_COLUMNS]]
    for risk in sorted(risks, key=lambda r: _ORDER.index(r.frequency or "not known")):
        cell = [styled.para(risk.text, s.cell)]
        if risk.action:
            cell.append(styled.para(f"**{styled.words.WHAT_TO_DO}** {risk.action}", s.cell))
        rows.append([cell, styled.para(_frequency(styled, risk), s.cell)])
    table = styled.table(rows, [width * 0.56, width * 0.44], styled.table_style(), repeatRows=1)
    table.tag_as = "table"
    return table


def risks_block(styled: StyledLeaflet, risks: list[Risk], width: float) -> list[Flowable]:
    serious = [r for r in risks if r.serious]
    others = [r for r in risks if not r.serious]
    out: list[Flowable] = []
    if serious:
        out.append(serious_panel(styled, serious, width))
    if others:
        if serious:
            out.append(styled.subheading(styled.words.OTHER_RISKS_HEADING))
        out.append(other_risks(styled, others, width))
    return out
