"""What a build can ask of the layout: the format, large print, and print-shop output."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeGuard

Format = Literal["a4", "letter", "a5-booklet", "dl-trifold"]
FORMATS: tuple[Format, ...] = ("a4", "letter", "a5-booklet", "dl-trifold")


def is_format(name: object) -> TypeGuard[Format]:
    """``name`` is one of FORMATS (for the type checker too)."""
    return name in FORMATS


BODY_SIZE = 12.5  # points: patient information asks for at least 12
LARGE_PRINT_SIZE = 18.0  # the usual large-print default; at least 16
MIN_LARGE_PRINT = 16.0
CROP_MARKS_BLEED = 3.0  # millimetres


@dataclass(frozen=True)
class LayoutOptions:
    """``bleed`` in millimetres (0 for none); ``impose`` applies to the A5 booklet only."""

    format: Format = "a4"
    large_print: bool = False
    body_size: float | None = None
    bleed: float | None = None
    crop_marks: bool = False
    cmyk: bool = False
    impose: bool = True
    pdfx: bool = False  # PDF/X-4: implies cmyk, and bleed (3 mm unless given)
    icc_profile: str | None = None  # the print shop's CMYK profile; default: Ghostscript's, if installed

    @property
    def bleed_mm(self) -> float:
        """The bleed in millimetres: crop marks with no bleed asked for get the usual 3 mm, since a
        print shop trims at the marks and a band that stops at the trim shows a white hairline."""
        if self.bleed is not None:
            return self.bleed
        return CROP_MARKS_BLEED if self.crop_marks or self.pdfx else 0.0

    @property
    def size(self) -> float:
        """The body text size in points."""
        if self.body_size:
            return self.body_size
        return LARGE_PRINT_SIZE if self.large_print else BODY_SIZE
