"""A brand and its fonts become paragraph styles and colours, every text colour at 4.5:1 or more."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics

from ..colours import WHITE, mix, readable_on, text_on
from ..load import Brand
from ..text.scripts import LATIN, Script
from .fonts import FontSet

# A script whose font reaches further above and below the baseline than this (in ems, from its
# ascent and descent) has letters that climb or hang past what line spacing by size allows:
# Nastaliq (2.5). Noto Sans Arabic (2.1) reaches that far only with rare stacks of marks.
TALL = 2.2

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
    return _palette(brand.colors.primary, brand.colors.accent, brand.colors.warning)


@lru_cache(maxsize=256)  # a build and the lint's contrast rule both ask, for the same few brands
def _palette(primary: str, accent: str, warning: str) -> Palette:
    warning_tint = mix(warning, WHITE, 0.92)
    return Palette(
        band=primary,
        on_band=text_on(primary),
        heading=readable_on(primary, WHITE),
        accent=accent,
        warning=warning,
        warning_text=readable_on(warning, warning_tint),
        warning_tint=warning_tint,
        glance_tint=mix(primary, WHITE, 0.9),
        rule=mix(INK, WHITE, 0.55),
    )


@dataclass(frozen=True)
class Styles:
    fonts: FontSet
    colours: Palette
    body: ParagraphStyle
    bullet: ParagraphStyle  # a list item: its bullet drawn by the paragraph itself
    numbered: ParagraphStyle  # a numbered item: the number is given per paragraph
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    warning_heading: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_amount: ParagraphStyle  # prices: bold, right-aligned
    cell_detail: ParagraphStyle  # contact details, a little apart
    band_name: ParagraphStyle
    band_tagline: ParagraphStyle
    footer: ParagraphStyle


def make_styles(
    brand: Brand,
    fonts: FontSet,
    size: float = BODY_SIZE,
    large_print: bool = False,
    cmyk: bool = False,
    script: Script = LATIN,
) -> Styles:
    """Every size follows the body size; large print also opens up the line spacing. For CMYK
    printing, small headings are black like the text (one ink, crisp); large ones keep the brand's colour.
    Right-to-left scripts are aligned right, with bullets on the right; scripts that join or stack
    are shaped; Chinese breaks lines between characters; Nastaliq gets more room between lines."""
    return _styles(palette(brand), fonts, size, large_print, cmyk, script)


@lru_cache(maxsize=64)
def _styles(
    colours: Palette, fonts: FontSet, size: float, large_print: bool, cmyk: bool, script: Script = LATIN
) -> Styles:
    """One set of style objects per look, shared by every leaflet that has it (see paragraphs.py)."""
    body_font, head_font = fonts.body, fonts.headings
    leading = 1.5 if large_print else 1.45
    reach = _reach(body_font.regular, head_font.bold) if script.family else None
    # No widows or orphans: a paragraph split between pages leaves two lines on each side.
    base = dict(
        fontName=body_font.regular,
        fontSize=size,
        leading=size * leading * script.leading,
        textColor=HexColor(INK),
        alignment=TA_RIGHT if script.rtl else TA_LEFT,
        splitLongWords=1,
        allowWidows=0,
        allowOrphans=0,
    )
    if script.rtl:
        base["wordWrap"] = "RTL"  # ReportLab then puts bullets on the right; shaping.py orders the words
    elif script.cjk:
        base["wordWrap"] = "CJK"
    if script.family and not script.cjk:
        base["shaping"] = 1
    indent = "rightIndent" if script.rtl else "leftIndent"

    def style(name: str, scale: float = 1.0, line: float = leading, **kw) -> ParagraphStyle:
        spacing = line * script.leading
        if reach:  # lines far enough apart for the font's ascent and descent; see Para.drawOn
            kw["latin_leading"] = size * scale * spacing  # for a paragraph without the script's letters
            spacing, kw["ink_above"] = max(spacing, reach[0] + reach[1]), reach[0] - 1.0
        return ParagraphStyle(name, **{**base, "fontSize": size * scale, "leading": size * scale * spacing, **kw})

    cell_size = max(12.0, size * 0.96)
    footer = size if large_print else 12.0  # the phone number and page number: never under 12 pt
    subheading = style(
        "subheading", 1.08, 1.33, fontName=head_font.bold, spaceBefore=size * 0.8, spaceAfter=size * 0.32
    )
    cell = style("cell", cell_size / size, 1.33)
    cell_bold = cell.clone("cell_bold", fontName=body_font.bold)
    # The bullet from a font that has it (a script's Noto family may not).
    bullet_font = (
        body_font.regular if 0x2022 in body_font.chars else (fonts.face("\u2022", body_font) or body_font.regular)
    )
    bullet = style(
        "bullet",
        spaceAfter=size * 0.24,
        **{indent: size * 1.6},
        bulletIndent=size * 0.3,
        bulletText="\u2022",
        bulletFontName=bullet_font,
        bulletFontSize=size,
        bulletColor=HexColor(INK if cmyk else colours.heading),
    )
    return Styles(
        fonts=fonts,
        colours=colours,
        body=style("body", spaceAfter=size * 0.56),
        bullet=bullet,
        # ReportLab moves no right-to-left text aside for a wide number: room for ".10" instead
        numbered=bullet.clone(
            "numbered", bulletText=None, bulletColor=HexColor(INK), **({indent: size * 2.2} if script.rtl else {})
        ),
        title=style("title", 2.24, 1.18, fontName=head_font.bold, textColor=HexColor(colours.heading), spaceAfter=4),
        subtitle=style("subtitle", 1.2, 1.33, spaceAfter=size),
        heading=style(
            "heading",
            1.36,
            1.3,
            fontName=head_font.bold,
            textColor=HexColor(colours.heading),
            spaceBefore=size * 1.1,
            spaceAfter=size * 0.48,
        ),
        subheading=subheading,
        warning_heading=subheading.clone(
            "warning_heading", spaceBefore=0, textColor=HexColor(INK if cmyk else colours.warning_text)
        ),
        cell=cell,
        cell_bold=cell_bold,
        cell_amount=cell_bold.clone("cell_amount", alignment=TA_LEFT if script.rtl else TA_RIGHT),
        cell_detail=cell.clone("cell_detail", spaceBefore=5),
        band_name=style("band_name", 1.6, 1.2, fontName=head_font.bold, textColor=HexColor(colours.on_band)),
        band_tagline=style("band_tagline", 1.0, 1.28, textColor=HexColor(colours.on_band)),
        footer=style("footer", footer / size, 1.3),
    )


def _reach(*fonts: str) -> tuple[float, float] | None:
    """How far above and below the baseline (in ems) the tallest of a script's fonts reaches, by
    its ascent and descent, if that is further than line spacing by size allows (TALL)."""
    faces = [pdfmetrics.getFont(font).face for font in fonts]
    above, below = max(f.ascent for f in faces) / 1000, max(-f.descent for f in faces) / 1000
    return (above, below) if above + below > TALL else None
