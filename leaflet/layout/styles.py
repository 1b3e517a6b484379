"""A brand and its fonts become paragraph styles and colours, every text colour at 4.5:1 or more."""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from ..colours import WHITE, mix, readable_on, text_on
from ..load import Brand
from .fonts import FontSet

BODY_SIZE = 12.5  # patient information: at least 12 pt
INK = "#1A1A1A"  # body text: near-black, 17:1 on white


@dataclass(frozen=True)
class Palette:
    band: str  # header band background: the brand's primary colour
    on_band: str  # text on the band: white or black, whichever has more contrast
    heading: str  # headings on white: the primary colour, darkened if it is too pale
    accent: str  # decorative rules and markers only, never text
    warning: str  # the serious-risk panel's border and icon
    warning_text: str  # the panel's heading, readable on its tint
    warning_tint: str
    glance_tint: str
    rule: str
    ink: str = INK


def palette(brand: Brand) -> Palette:
    c = brand.colors
    warning_tint = mix(c.warning, WHITE, 0.92)
    return Palette(
        band=c.primary, on_band=text_on(c.primary),
        heading=readable_on(c.primary, WHITE), accent=c.accent,
        warning=c.warning, warning_text=readable_on(c.warning, warning_tint),
        warning_tint=warning_tint, glance_tint=mix(c.primary, WHITE, 0.9),
        rule=mix(INK, WHITE, 0.55),
    )


@dataclass(frozen=True)
class Styles:
    fonts: FontSet
    colours: Palette
    body: ParagraphStyle
    bullet: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    band_name: ParagraphStyle
    band_tagline: ParagraphStyle
    footer: ParagraphStyle


def make_styles(brand: Brand, fonts: FontSet) -> Styles:
    colours = palette(brand)
    body_font, head_font = fonts.body, fonts.headings
    base = dict(fontName=body_font.regular, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.45,
                textColor=HexColor(INK), alignment=TA_LEFT, splitLongWords=1)

    def style(name: str, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, **{**base, **kw})

    return Styles(
        fonts=fonts, colours=colours,
        body=style("body", spaceAfter=7),
        bullet=style("bullet", spaceAfter=3),
        title=style("title", fontName=head_font.bold, fontSize=28, leading=33,
                    textColor=HexColor(colours.heading), spaceAfter=4),
        subtitle=style("subtitle", fontSize=15, leading=20, spaceAfter=12),
        heading=style("heading", fontName=head_font.bold, fontSize=17, leading=22,
                      textColor=HexColor(colours.heading), spaceBefore=14, spaceAfter=6,
                      keepWithNext=1),
        subheading=style("subheading", fontName=head_font.bold, fontSize=13.5, leading=18,
                         spaceBefore=6, spaceAfter=4, keepWithNext=1),
        cell=style("cell", fontSize=12, leading=16),
        cell_bold=style("cell_bold", fontName=body_font.bold, fontSize=12, leading=16),
        band_name=style("band_name", fontName=head_font.bold, fontSize=20, leading=24,
                        textColor=HexColor(colours.on_band)),
        band_tagline=style("band_tagline", fontSize=12.5, leading=16,
                           textColor=HexColor(colours.on_band)),
        footer=style("footer", fontSize=9.5, leading=12.5, textColor=HexColor(INK)),
    )
