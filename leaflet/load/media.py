"""The files a leaflet is drawn with, read and checked before layout: the brand's fonts, its logo
and the CMYK output profile. Layout gets them as data (Media) and never opens a file; a file that
cannot be used is worded here, at the brand's line that names it (``fonts:``, ``logo:``) or the
option that gave it (``--icc-profile``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..errors import LeafletError
from .assets import Logo, find_family, is_shipped, read_font, read_logo
from .brand import Brand
from .files import FileProblem
from .fontfile import CheckedFont
from .profile import Profile, load_profile


@dataclass(frozen=True)
class FontFiles:
    """The two faces of a family a leaflet prints (a leaflet never prints italics), checked."""

    regular: CheckedFont
    bold: CheckedFont


def _read_family(name: str) -> FontFiles:
    family = find_family(name)
    check = not is_shipped(family.regular)  # a brand's own files are checked whole (fontfile.py)
    return FontFiles(read_font(family.regular, check), read_font(family.bold, check))


@dataclass(frozen=True)
class Fonts:
    """The families of one leaflet by name: the brand's (body, headings) and its script's, read
    before layout. Leaflet's own fallback families (DejaVu Sans, a script's Noto family for a word
    in another script) are read from leaflet's fonts/ folder when layout first meets a character
    that needs one: which ones is known only character by character, and parsing a font no
    character needs would slow every cold start."""

    families: dict[str, FontFiles] = field(default_factory=dict)

    def family(self, name: str) -> FontFiles:
        found = self.families.get(name)
        if found is None:
            if not is_shipped(find_family(name).regular):
                raise RuntimeError(f"the font family {name!r} was not read before layout")
            found = self.families[name] = _read_family(name)
        return found


def read_fonts(brand: Brand, script_family: str | None = None) -> Fonts:
    """The brand's font families, and ``script_family`` (the leaflet's script's, if it has one);
    a family that cannot be used is an error at its line of the brand file."""
    from . import problem_at

    families = {}
    for role in ("body", "headings"):
        name = getattr(brand.fonts, role)
        try:
            families[name] = _read_family(name)
        except FileProblem as exc:
            raise LeafletError(problem_at(brand, ("fonts", role), str(exc), exc.hint)) from None
    if script_family:
        families[script_family] = _read_family(script_family)
    return Fonts(families)


@dataclass(frozen=True)
class Media:
    """Everything a layout draws that comes from a file, read and checked."""

    fonts: Fonts
    logo: Logo | None = None
    logo_name: str = ""  # the logo file's name, for messages
    profile: Profile | None = None  # the CMYK output profile, for CMYK and PDF/X output


def read_media(
    brand: Brand, script_family: str | None = None, *, cmyk: bool = False, icc_profile: str | None = None
) -> Media:
    """The brand's fonts, its logo and (for CMYK output) the output profile, each checked; an error
    at the brand's line, or naming the profile file."""
    from . import problem_at

    fonts = read_fonts(brand, script_family)
    profile = load_profile(icc_profile) if cmyk else None
    logo, path = None, str(brand.logo or "")
    if path:
        try:
            logo = read_logo(path)
        except FileProblem as exc:
            raise LeafletError(problem_at(brand, ("logo",), str(exc), exc.hint)) from None
    return Media(fonts, logo, os.path.basename(path), profile)
