"""The leaflet's story in three parts: the opening (title, "at a glance"), the sections and sources,
and the closing (contact, about). Page formats run them in order; the tri-fold puts each part on
its own panels."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..load.content import Section
from .blocks import Kit
from .blocks.aftercare import aftercare_block
from .blocks.clinic import not_reviewed_notice, your_clinic_block
from .blocks.closing import about_block, contact_block, sources_block
from .blocks.prices import prices_block
from .blocks.risks import risks_block
from .blocks.summary import at_a_glance
from .blocks.table import table_block
from .flow import Block


def section_flowables(kit: Kit, index: int, section: Section, width: float) -> list[Flowable]:
    heading = kit.heading(section.heading)
    heading.section_index = index  # lets a layout error name the section it happened in
    out: list[Flowable] = [heading]
    if section.text:
        out += kit.rich(section.text)
    if section.risks:
        out += risks_block(kit, section.risks, width)
    elif section.aftercare:
        out += aftercare_block(kit, section.aftercare, width)
    elif section.prices:
        out += prices_block(kit, index, width)
    elif section.table:
        out += table_block(kit, section.table, width, index)
    return out


def opening(kit: Kit, width: float) -> list[Flowable]:
    lf, s = kit.leaflet, kit.styles
    out: list[Flowable] = [kit.heading(lf.title, s.title)]
    if lf.subtitle:
        out.append(kit.para(lf.subtitle, s.subtitle))
    return out + not_reviewed_notice(kit, width) + at_a_glance(kit, width)


def sections(kit: Kit, width: float) -> list[tuple[str, list[Flowable]]]:
    """Each section's heading and flowables, then the "Your clinic" box and the sources."""
    parts = [
        (section.heading, section_flowables(kit, i, section, width)) for i, section in enumerate(kit.leaflet.sections)
    ]
    clinic = your_clinic_block(kit, width)
    parts += [(kit.words.YOUR_CLINIC, clinic)] if clinic else []
    sources = sources_block(kit, width)
    return parts + ([(kit.words.SOURCES, sources)] if sources else [])


def closing(kit: Kit, width: float) -> list[Flowable]:
    """ "About this leaflet", then the contact details to end on (as on a booklet's back cover),
    kept together unless that would leave a page more than half empty: then the contact details
    go over by themselves, and the last page is never "about" alone."""
    return [Block(about_block(kit) + contact_block(kit, width))]


def story(kit: Kit, width: float) -> list[Flowable]:
    return opening(kit, width) + [f for _, part in sections(kit, width) for f in part] + closing(kit, width)
