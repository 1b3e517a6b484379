"""Find the files a brand refers to: its logo and its font families."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

_PACKAGE = Path(__file__).resolve().parent.parent
# A wheel carries the fonts inside the package; a checkout has them at the top of the repository.
FONT_DIRS = [d for d in (_PACKAGE / "fonts", _PACKAGE.parent / "fonts") if d.is_dir()]
FALLBACK_FAMILY = "DejaVu Sans"
_TRUETYPE_MAGIC = (b"\x00\x01\x00\x00", b"true")


class AssetError(ValueError):
    """A referenced file is missing or unusable; the message says how to fix it."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class FontFamily:
    """The TrueType files of one family; a missing style falls back to a present one.

    ``name`` is what a brand file can give again to find the same family: a shipped family's
    name, or the absolute path of a folder of TTFs.
    """

    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


def _squash(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def shipped_families() -> dict[str, Path]:
    return {_squash(d.name): d for base in FONT_DIRS for d in sorted(base.iterdir()) if d.is_dir()}


def find_family(name: str, base_dir: Path | None = None) -> FontFamily:
    """A family shipped in fonts/ (by name, spaces and case ignored), or a folder of TTFs."""
    folder = shipped_families().get(_squash(name))
    if folder is None and (Path(name) if base_dir is None else base_dir / name).is_dir():
        folder = name = str((Path(name) if base_dir is None else base_dir / name).resolve())
    if folder is None:
        names = ", ".join(sorted(d.name for d in shipped_families().values()))
        raise AssetError(f"no font family or folder called '{name}'",
                         f"Use a family shipped with leaflet ({names}) or a folder of .ttf files "
                         "next to the brand file.")
    return family_from_folder(name, Path(folder))


def family_from_folder(name: str, folder: Path) -> FontFamily:
    for otf in sorted(folder.glob("*.otf")):
        if otf.read_bytes()[:4] == b"OTTO":
            raise AssetError(f"'{otf.name}' is a CFF OpenType font, which cannot be embedded in the PDF",
                             "Use the TrueType (.ttf) version of the font.")
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".ttf", ".otf"))
    if not files:
        raise AssetError(f"the font folder '{folder}' holds no .ttf files",
                         "Put the family's TrueType files (Regular, Bold, ...) in the folder.")
    for path in files:
        if path.read_bytes()[:4] not in _TRUETYPE_MAGIC:
            raise AssetError(f"'{path.name}' is not a TrueType font file",
                             "Replace it with the family's .ttf file, or remove it from the folder.")

    def style(path: Path) -> str:
        stem = path.stem.lower()
        bold, italic = "bold" in stem, ("italic" in stem or "oblique" in stem)
        return {(False, False): "regular", (True, False): "bold",
                (False, True): "italic", (True, True): "bold_italic"}[(bold, italic)]

    by_style: dict[str, Path] = {}
    for path in files:
        # Prefer "Regular" over other upright weights such as "Light" or "Medium".
        if style(path) not in by_style or "regular" in path.stem.lower():
            by_style[style(path)] = path
    regular = by_style.get("regular", files[0])
    bold = by_style.get("bold", regular)
    italic = by_style.get("italic", regular)
    return FontFamily(name, regular, bold, italic, by_style.get("bold_italic", bold))


def check_logo(path: Path) -> Path:
    """The logo's absolute path, once we know it is a PNG, JPEG or SVG we can draw."""
    if not path.is_file():
        raise AssetError(f"the logo file '{path}' does not exist",
                         "Check the path; it is relative to the brand file.")
    if path.suffix.lower() == ".svg":
        if b"<svg" not in path.read_bytes()[:4096]:
            raise AssetError(f"the logo '{path.name}' is not an SVG image", "Export it again as SVG, PNG or JPEG.")
        return path.resolve()
    try:
        with Image.open(path) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        kind = None
    if kind not in ("PNG", "JPEG"):
        raise AssetError(f"the logo '{path.name}' is not a PNG, JPEG or SVG image",
                         "Export the logo as PNG (best, keeps transparency), JPEG or SVG.")
    return path.resolve()
