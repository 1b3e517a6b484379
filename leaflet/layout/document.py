"""The leaflet's story: title, "at a glance", the sections in order, then the closing blocks."""
from __future__ import annotations

from reportlab.platypus import Flowable

from ..load.content import Section
from .blocks import Kit
from .blocks.aftercare import aftercare_block
from .blocks.closing import about_block, contact_block, sources_block
from .blocks.prices import prices_block
from .blocks.risks import risks_block
from .blocks.summary import at_a_glance
from .blocks.table import table_block


def section_flowables(kit: Kit, index: int, section: Section, width: float,
                      prices: dict[int, list]) -> list[Flowable]:
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
        out += prices_block(kit, prices[index], width)
    elif section.table:
        out += table_block(kit, section.table, width)
    return out


def story(kit: Kit, width: float, prices: dict[int, list]) -> list[Flowable]:
    lf, s = kit.leaflet, kit.styles
    out: list[Flowable] = [kit.heading(lf.title, s.title)]
    if lf.subtitle:
        out.append(kit.para(lf.subtitle, s.subtitle))
    out += at_a_glance(kit, width)
    for index, section in enumerate(lf.sections):
        out += section_flowables(kit, index, section, width, prices)
    out += sources_block(kit)
    out += contact_block(kit, width)
    out += about_block(kit)
    return out
