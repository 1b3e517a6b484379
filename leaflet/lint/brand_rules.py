"""The brand: text contrast (LF501), logo resolution (LF502), footer line (LF503), contact (LF504)."""

from __future__ import annotations

from collections.abc import Iterator

from ..colours import AA_TEXT, WHITE, contrast
from ..load import Brand
from ..message_numbers import figure
from .findings import Finding, at

MIN_PPI = 300


def text_pairs(brand: Brand) -> list[tuple[str, str, str, tuple]]:
    """(what, text colour, background, brand field to blame) for every text/background pair printed."""
    from ..layout.styles import palette  # the layout's own palette: the pairs it really prints

    p = palette(brand)
    return [
        ("body text on white", p.ink, WHITE, ()),
        ("headings on white", p.heading, WHITE, ("colors", "primary")),
        ("the clinic name on the header band", p.on_band, p.band, ("colors", "primary")),
        ("the 'At a glance' text on its tint", p.ink, p.glance_tint, ("colors", "primary")),
        ("the warning panel's heading on its tint", p.warning_text, p.warning_tint, ("colors", "warning")),
        ("the warning panel's text on its tint", p.ink, p.warning_tint, ("colors", "warning")),
    ]


def contrast_rules(brand: Brand) -> Iterator[Finding]:
    for what, fg, bg, path in text_pairs(brand):
        ratio = contrast(fg, bg)
        if ratio < AA_TEXT:
            yield at(
                brand,
                "LF501",
                path or ("name",),
                f"{what} has a contrast of {figure(ratio, AA_TEXT, 1)}:1 ({fg} on {bg}); "
                f"text needs at least {AA_TEXT:g}:1",
                "Choose a darker (or, for a dark band, a lighter) brand colour.",
            )


def logo_ppi(path: str) -> tuple[float, tuple[int, int], tuple[float, float]] | None:
    """A bitmap logo's printed resolution: (ppi, its size in pixels, its printed size in mm),
    or None for an SVG or a file that cannot be read. The printed size is the layout's decision."""
    if path.lower().endswith(".svg"):
        return None
    from ..layout.blocks.header import LOGO_BOX
    from ..load.assets import read_logo
    from ..load.files import FileProblem

    try:
        logo = read_logo(path)  # the checked file (through load/files.py), read once per process
    except FileProblem:
        return None  # load_brand has already refused logos that cannot be read
    width, height = logo.width, logo.height
    if width is None or height is None:  # a bitmap always has its size
        return None
    scale = min(LOGO_BOX[0] / width, LOGO_BOX[1] / height)  # points per pixel
    return 72 / scale, (width, height), (width * scale / 72 * 25.4, height * scale / 72 * 25.4)


def logo_resolution(brand: Brand) -> Iterator[Finding]:
    measured = logo_ppi(brand.logo) if brand.logo else None
    if measured is None:
        return  # no logo, or a vector logo that is sharp at any size
    ppi, (width, height), printed = measured
    if ppi < MIN_PPI:
        need = (round(width * MIN_PPI / ppi), round(height * MIN_PPI / ppi))
        yield at(
            brand,
            "LF502",
            ("logo",),
            f"the logo is {width} x {height} pixels and prints {printed[0]:.0f} x {printed[1]:.0f} mm: "
            f"{figure(ppi, MIN_PPI)} ppi, under {MIN_PPI} ppi, so it may look blurred",
            f"Use a version at least {need[0]} x {need[1]} pixels, or an SVG logo.",
        )


def footer_and_contact(brand: Brand) -> Iterator[Finding]:
    if not brand.footer:
        yield at(
            brand,
            "LF503",
            ("name",),
            "the brand has no footer line",
            "Add 'footer:' with a line for every page, for example the clinic's company details: "
            '"Harbour Skin Clinic Ltd, registered in England, company number 00000000."',
        )
    if not brand.phone and not brand.email:
        yield at(
            brand,
            "LF504",
            ("name",),
            "the brand gives neither a phone number nor an email address",
            "Add 'phone:' (and 'email:') so patients can reach the clinic if something goes wrong.",
        )
