"""The leaflet's story in three parts: the opening (title, "at a glance"), the sections and sources,
and the closing (contact, about). Page formats run them in order; the tri-fold puts each part on
its own panels."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..load.content import Section
from .blocks import StyledLeaflet
from .blocks.aftercare import aftercare_block
from .blocks.clinic import not_reviewed_notice, your_clinic_block
from .blocks.closing import about_block, contact_block, sources_block
from .blocks.prices import prices_block
from .blocks.risks import risks_block
from .blocks.summary import at_a_glance
from .blocks.table import table_block
from .flow import Block


def section_flowables(styled: StyledLeaflet, index: int, section: Section, width: float) -> list[Flowable]:
    heading = styled.heading(section.heading)
    heading.section_index = index  # lets a layout error name the section it happened in
    out: list[Flowable] = [heading]
    if section.text:
        out += styled.rich(section.text)
    if section.risks:
        out += risks_block(styled, section.risks, width)
    elif section.aftercare:
        out += aftercare_block(styled, section.aftercare, width)
    elif section.prices:
        out += prices_block(styled, index, width)
    elif section.table:
        out += table_block(styled, section.table, width, index)
    return out


def opening(styled: StyledLeaflet, width: float) -> list[Flowable]:
    lf, s = styled.leaflet, styled.styles
    out: list[Flowable] = [styled.heading(lf.title, s.title)]
    if lf.subtitle:
        out.append(styled.para(lf.subtitle, s.subtitle))
    return out + not_reviewed_notice(styled, width) + at_a_glance(styled, width)


def sections(styled: StyledLeaflet, width: float) -> list[tuple[str, list[Flowable]]]:
    """Each section's heading and flowables, then the "Your clinic" box and the sources."""
    parts = [
        (section.heading, section_flowables(styled, i, section, width))
        for i, section in enumerate(styled.leaflet.sections)
    ]
    clinic = your_clinic_block(styled, width)
    parts += [(styled.words.YOUR_CLINIC, clinic)] if clinic else []
    sources = sources_block(styled, width)
    return parts + ([(styled.words.SOURCES, sources)] if sources else [])


def closing(styled: StyledLeaflet, width: float) -> list[Flowable]:
    """ "About this leaflet", then the contact details to end on (as on a booklet's back cover),
    kept together unless that would leave a page more than half empty: then the contact details
    go over by themselves, and the last page is never "about" alone."""
    return [Block(about_block(styled) + contact_block(styled, width))]


def story(styled: StyledLeaflet, width: float) -> list[Flowable]:
    return opening(styled, width) + [f for _, part in sections(styled, width) for f in part] + closing(styled, width)
