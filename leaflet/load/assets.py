"""Find and check the files a brand refers to: its logo and its font families.

A brand file may come from another clinic, and the studio takes uploads, so a logo or a font is
hostile until checked: it must lie in the brand file's folder, be an ordinary file within its size
limit, and (for a logo) say in its header how many pixels it has before anything decodes it. An
SVG logo may not refer to other files or fonts: it is drawn from its own shapes only.
"""

from __future__ import annotations

import io
import os
import re
import stat
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..limits import FONT_BYTES, HINT, LOGO_BYTES, LOGO_PIXELS, SVG_ELEMENTS
from .files import FileProblem, inside, read_limited
from .fontfile import CheckedFont, check_font

_PACKAGE = Path(__file__).resolve().parent.parent
# A wheel carries the fonts inside the package; a checkout has them at the top of the repository.
FONT_DIRS = [d for d in (_PACKAGE / "fonts", _PACKAGE.parent / "fonts") if d.is_dir()]
FALLBACK_FAMILY = "DejaVu Sans"
_TRUETYPE_MAGIC = (b"\x00\x01\x00\x00", b"true")
_EXPORT = "Export the logo again as PNG (best, keeps transparency), JPEG or SVG."


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


@lru_cache(maxsize=1)
def shipped_families() -> dict[str, Path]:
    """The families in fonts/, by squashed name: looked for once per process (the package's own
    files do not change under it). Read it, never change it."""
    return {_squash(d.name): d for base in FONT_DIRS for d in sorted(base.iterdir()) if d.is_dir()}


def find_family(name: str, base_dir: Path | None = None) -> FontFamily:
    """A family shipped in fonts/ (by name, spaces and case ignored), or a folder of TTFs inside
    ``base_dir`` (the brand file's folder; without one, as objects made in code give it)."""
    folder = shipped_families().get(_squash(name))
    if folder is None:
        candidate = inside(base_dir, name, "the font folder") if base_dir is not None else Path(name)
        if candidate.is_dir():
            folder, name = candidate, str(candidate.resolve())
    if folder is None:
        names = ", ".join(sorted(d.name for d in shipped_families().values()))
        raise FileProblem(
            f"no font family or folder called '{name}'",
            f"Use a family shipped with leaflet ({names}) or a folder of .ttf files next to the brand file.",
        )
    return family_from_folder(name, Path(folder))


def family_from_folder(name: str, folder: Path) -> FontFamily:
    """The family in a folder of TrueType files. Each folder is read once per process while its
    modification time stays the same (adding, removing or renaming a font changes it): every brand
    load and every leaflet of a batch asked again, listing the folder and opening each font."""
    try:
        changed = os.stat(folder).st_mtime_ns
    except OSError:
        changed = None
    return _family_from_folder(name, Path(folder), changed)


@lru_cache(maxsize=64)
def _family_from_folder(name: str, folder: Path, changed: int | None) -> FontFamily:
    files = sorted(_confined(folder, p) for p in folder.iterdir() if p.suffix.lower() in (".ttf", ".otf"))
    if not files:
        raise FileProblem(
            f"the font folder '{folder}' holds no .ttf files",
            "Put the family's TrueType files (Regular, Bold, ...) in the folder.",
        )
    for path in files:
        magic = read_limited(path, FONT_BYTES, f"the font file '{path.name}'", head=4)
        if magic == b"OTTO":
            raise FileProblem(
                f"'{path.name}' is a CFF OpenType font, which cannot be embedded in the PDF",
                "Use the TrueType (.ttf) version of the font.",
            )
        if magic not in _TRUETYPE_MAGIC:
            raise FileProblem(
                f"'{path.name}' is not a TrueType font file",
                "Replace it with the family's .ttf file, or remove it from the folder.",
            )

    def style(path: Path) -> str:
        stem = path.stem.lower()
        bold, italic = "bold" in stem, ("italic" in stem or "oblique" in stem)
        return {(False, False): "regular", (True, False): "bold", (False, True): "italic", (True, True): "bold_italic"}[
            (bold, italic)
        ]

    by_style: dict[str, Path] = {}
    for path in files:
        # Prefer "Regular" over other upright weights such as "Light" or "Medium".
        if style(path) not in by_style or "regular" in path.stem.lower():
            by_style[style(path)] = path
    regular = by_style.get("regular", files[0])
    bold = by_style.get("bold", regular)
    italic = by_style.get("italic", regular)
    if not is_shipped(regular):  # the faces a leaflet prints, checked whole before any layout
        for path in dict.fromkeys((regular, bold)):
            read_font(path, check=True)
    return FontFamily(name, regular, bold, italic, by_style.get("bold_italic", bold))


def _confined(folder: Path, path: Path) -> Path:
    """A font file of the folder, refused if it is a link to a file outside the folder (which is
    inside the brand file's folder): a brand can only use its own files."""
    base, target = os.path.realpath(folder), os.path.realpath(path)
    if os.path.commonpath([base, target]) != base:
        raise FileProblem(
            f"the font file '{path.name}' is a link to a file outside its font folder",
            "Copy the font file itself into the font folder (a link may not lead out of "
            "it): a brand can only use its own files.",
        )
    return path  # its own name says its style, even when it is a link inside the folder


def is_shipped(path: Path) -> bool:
    """Whether a font file is one of leaflet's own (trusted, and never changed under it)."""
    return any(Path(path).is_relative_to(base) for base in FONT_DIRS)


def font_bytes(path: Path) -> bytes:
    return read_limited(path, FONT_BYTES, f"the font file '{Path(path).name}'")


def read_font(path: Path, check: bool) -> CheckedFont:
    """A font file's bytes and their hash; with ``check``, checked whole (fontfile.py). Read once
    per process while its size and modification time stay the same; what comes back is always
    bytes that were checked, whatever the file is now."""
    try:
        info = os.stat(path)
    except OSError:
        info = None  # read_limited says what is wrong
    if info is None or not stat.S_ISREG(info.st_mode):
        return _read_font(Path(path), check)
    return _read_font_once(Path(path), check, info.st_dev, info.st_ino, info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=16)
def _read_font_once(path: Path, check: bool, *stamp: int) -> CheckedFont:
    return _read_font(path, check)


def _read_font(path: Path, check: bool) -> CheckedFont:
    data = font_bytes(path)
    return check_font(data, path.name) if check else CheckedFont.of(data)


# ---------------------------------------------------------------- logos


@dataclass(frozen=True)
class Logo:
    """A checked logo: its bytes, what it is, and its size (pixels, or the SVG's own units)."""

    data: bytes
    kind: str  # "PNG", "JPEG" or "SVG"
    width: int | None = None
    height: int | None = None


def check_logo(base_dir: Path, name: str) -> Path:
    """The logo's absolute path, once we know it is a PNG, JPEG or SVG we can draw safely."""
    path = inside(base_dir, name, "the logo")
    read_logo(path)
    return path


def read_logo(path: str | Path) -> Logo:
    """Read and check a logo; every later use (layout, HTML, lint) goes through here.

    Loading the brand, laying it out and the lint each asked for it, and checking a bitmap decodes
    it whole: a file is read and checked once per process while its size and modification time
    stay the same. What comes back is always bytes that were checked, whatever the file is now.
    """
    path = Path(path)
    try:
        info = os.stat(path)
    except OSError:
        info = None  # read_limited says what is wrong
    if info is None or not stat.S_ISREG(info.st_mode):
        return _read_logo(path)
    return _read_logo_once(path, info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=8)  # a batch goes brand by brand; each logo is used by its own leaflets in turn
def _read_logo_once(path: Path, mtime_ns: int, size: int) -> Logo:
    return _read_logo(path)


def _read_logo(path: Path) -> Logo:
    data = read_limited(path, LOGO_BYTES, f"the logo file '{path.name}'")
    return _svg(data, path.name) if path.suffix.lower() == ".svg" else _bitmap(data, path.name)


def _too_many_pixels(name: str, size: str) -> FileProblem:
    return FileProblem(
        f"the logo file '{name}' has {size} pixels; the most a logo may have is {LOGO_PIXELS} "
        f"(the '{LOGO_PIXELS.name}' limit)",
        f"Export it smaller: 300 ppi at the printed 58 x 20 mm is about 690 x 240 pixels. {HINT}",
    )


def _bitmap(data: bytes, name: str) -> Logo:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit is lower
            image = Image.open(io.BytesIO(data))  # reads the header only
        with image:
            kind, (width, height) = image.format, image.size
            if kind not in ("PNG", "JPEG"):
                raise FileProblem(f"the logo file '{name}' is not a PNG, JPEG or SVG image", _EXPORT)
            if width * height > LOGO_PIXELS.value:
                raise _too_many_pixels(name, f"{width:,} x {height:,}")
            image.load()  # a damaged file fails here, not halfway through a build
    except FileProblem:
        raise
    except UnidentifiedImageError:
        raise FileProblem(f"the logo file '{name}' is not a PNG, JPEG or SVG image", _EXPORT) from None
    except Image.DecompressionBombError as exc:  # Pillow's own guard, at far more pixels than ours
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        raise _too_many_pixels(name, f"{int(pixels.group(1)):,}" if pixels else "billions of") from None
    except Exception:  # Pillow reports damaged files with many kinds of error
        raise FileProblem(
            f"the logo file '{name}' cannot be read as a PNG or JPEG image: it is damaged, or too large inside", _EXPORT
        ) from None
    return Logo(data, kind, width, height)


_SVG_REFUSED = {
    "image": "it embeds or links a picture",
    "feImage": "it embeds or links a picture",
    "script": "it contains a script",
    "foreignObject": "it contains foreign content",
    "text": "it has text, whose font could not be embedded in the PDF",
    "tspan": "it has text, whose font could not be embedded in the PDF",
    "textPath": "it has text, whose font could not be embedded in the PDF",
}
_OUTSIDE_REF = re.compile(r"url\(\s*['\"]?(?!#)", re.IGNORECASE)


def _local(name) -> str:
    return name.rsplit("}", 1)[-1] if isinstance(name, str) else ""


_ANIMATION = {"set", "animate", "animateMotion", "animateTransform", "animateColor"}
_SCRIPT_URL = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)


_NO_SCRIPT = "A logo needs no script: remove it in a text editor, or export the logo again as PNG."


def _refuse_scripts(tag: str, attrib, refuse) -> None:
    """No event handlers (onload=, onclick=...), no animation that sets a link, no script address:
    harmless in the PDF, which draws shapes only, but the logo is also put in the HTML page."""
    for attr, value in attrib.items():
        local = _local(attr)
        if local.lower().startswith("on"):
            raise refuse(f"it has an event handler ('{local}'), a script", _NO_SCRIPT)
        if _SCRIPT_URL.match(value):
            raise refuse(f"it has a script address ('{value[:60]}')", _NO_SCRIPT)
    if tag in _ANIMATION and attrib.get("attributeName", "").rsplit(":", 1)[-1].strip() == "href":
        raise refuse(f'it has an animation that changes a link (<{tag} attributeName="href">)', _NO_SCRIPT)


def _svg(data: bytes, name: str) -> Logo:
    """An SVG drawn from its own shapes only: no pictures, files, fonts, scripts or entities, and at
    most SVG_ELEMENTS elements, counted while parsing so a huge file stops early."""
    from lxml import etree  # svglib's own XML parser

    def refuse(why: str, hint: str) -> FileProblem:
        return FileProblem(f"the SVG logo '{name}' cannot be used: {why}", hint)

    if b"<!ENTITY" in data:
        raise refuse("it declares XML entities", _EXPORT)
    count = 0
    try:
        for _, element in etree.iterparse(
            io.BytesIO(data), events=("end",), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        ):
            count += 1
            if count > SVG_ELEMENTS.value:
                raise refuse(
                    f"it has more than {SVG_ELEMENTS} (the '{SVG_ELEMENTS.name}' limit)",
                    f"Simplify the drawing, or export the logo as PNG. {HINT}",
                )
            tag = _local(element.tag)
            if tag in _SVG_REFUSED:
                hint = (
                    "Convert the text to outlines (paths) in your design program, for example "
                    "Inkscape's Path > Object to Path."
                    if "text" in _SVG_REFUSED[tag]
                    else _EXPORT
                )
                raise refuse(_SVG_REFUSED[tag], hint)
            texts = list(element.attrib.items()) + ([("style", element.text or "")] if tag == "style" else [])
            _refuse_scripts(tag, element.attrib, refuse)
            for attr, value in texts:
                if (
                    (_local(attr) == "href" and not value.startswith("#"))
                    or _OUTSIDE_REF.search(value)
                    or "@import" in value
                ):
                    raise refuse(
                        f"it refers to another file or address ('{value[:60]}')",
                        "Keep the drawing in the one file: remove the reference, or export the logo as PNG.",
                    )
            if element.getparent() is None and tag != "svg":
                raise refuse("it is not an SVG image", _EXPORT)
    except FileProblem:
        raise
    except etree.XMLSyntaxError as exc:
        raise refuse(f"it is not well-formed XML ({exc.msg})", _EXPORT) from None
    if count == 0:
        raise refuse("it is empty", _EXPORT)
    return Logo(data, "SVG")
