"""What the patient needs to know about the clinic itself, and whether a clinician has reviewed the
leaflet: the "Your clinic" box (from the brand's clinic facts) and the "not yet reviewed" notice."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.platypus import Flowable

from ...load.brand import CLINIC_FACTS, Brand
from ..shaping import needs_bidi
from . import StyledLeaflet
from .panel import Panel


def practitioner_lines(brand: Brand, words, split: bool = False) -> list[str]:
    """Each practitioner as one line: name, profession, and their register and number. ``split``:
    the register on a line of its own (in a right-to-left leaflet the brand's words and the
    leaflet's then each stay whole in their own direction)."""
    lines = []
    for who in brand.practitioners or []:
        parts = [who.name] + ([who.profession] if who.profession else [])
        register = (
            words.ON_REGISTER.format(register=who.register, number=who.number)
            if who.register and who.number
            else who.register or who.number
        )
        if split:
            lines += [", ".join(parts)] + ([register] if register else [])
        else:
            lines.append(", ".join(parts + ([register] if register else [])))
    return lines


def clinic_facts(brand: Brand, words, split: bool = False) -> list[tuple[str, list[str]]]:
    """(label, lines) for each clinic fact the brand gives, in a fixed order."""
    out = []
    for name in CLINIC_FACTS:
        value = getattr(brand, name)
        if not value:
            continue
        lines = practitioner_lines(brand, words, split) if name == "practitioners" else value.strip().splitlines()
        out.append((words.CLINIC_FACT_LABELS[name], [line for line in lines if line.strip()]))
    return out


def _boxed(styled: StyledLeaflet, cells: list[Flowable], width: float):
    colours = styled.styles.colours
    return styled.table(
        [[cells]],
        [width],
        [
            ("BOX", (0, 0), (-1, -1), 1, HexColor(colours.heading)),
            ("LINEBEFORE", (0, 0), (0, -1), 5, HexColor(colours.heading)),
            ("LEFTPADDING", (0, 0), (-1, -1), 14),
            ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ("FONTNAME", (0, 0), (-1, -1), styled.styles.fonts.body.regular),
        ],
    )


def your_clinic_block(styled: StyledLeaflet, width: float) -> list[Flowable]:
    """The "Your clinic" box: each fact under its label; nothing when the brand gives none. A panel
    that splits only between facts (a fact never parts from its label)."""
    facts = clinic_facts(styled.brand, styled.words, split=styled.rtl)
    if not facts:
        return []
    s = styled.styles
    # The brand's own words, in a right-to-left leaflet, are set left to right when they have no
    # right-to-left letters: an English sentence keeps its full stop at its end.
    ltr = s.cell.clone("cell_ltr", wordWrap=None, alignment=TA_LEFT) if styled.rtl else s.cell
    items = [
        [styled.para(f"**{label}:**", s.cell_detail)]
        + [styled.para(line, s.cell if needs_bidi(line) else ltr) for line in lines]
        for label, lines in facts
    ]

    def make(part, continued):  # a part after a break says what box it is
        title = [styled.para(styled.words.YOUR_CLINIC_CONTINUED, s.cell_bold)] if continued else []
        for para in title:
            para.tag_role = None  # furniture: the box is one element on every page
        return _boxed(styled, title + [f for item in part for f in item], width)

    return [styled.heading(styled.words.YOUR_CLINIC), Panel(make, items, space_after=s.body.spaceAfter, role="Div")]


def not_reviewed_text(styled: StyledLeaflet) -> str | None:
    """The notice, as text with its first sentence bold; None once a clinician has signed it off."""
    if styled.leaflet.clinically_reviewed:
        return None
    first, rest = styled.words.NOT_CLINICALLY_REVIEWED
    return f"**{first}** {rest}"


def not_reviewed_notice(styled: StyledLeaflet, width: float) -> list[Flowable]:
    """On the first page: the notice in a ruled box (not carried by colour: it says it in words)."""
    text = not_reviewed_text(styled)
    if text is None:
        return []
    box = _boxed(styled, [styled.para(text, styled.styles.cell)], width)
    box.spaceAfter = styled.styles.body.spaceAfter
    return [box]
