"""Check a TrueType font file whole before anything uses it.

ReportLab reads a font in two goes: its names, metrics and character map when it is loaded, and its
glyphs (through the location table) only when a PDF is written. A damaged file could pass the first
and fail in the second, after the layout, as an internal error. And the first goes where the file
points it: a character map that claims four billion characters is four billion steps. So every
table ReportLab reads is checked here first, against the file's own length and the other tables:
offsets inside the file, counts that fit the tables that hold them, every glyph's place inside the
glyph table, every part of a composite glyph a glyph the font has, and a size of em a font can have.
What ReportLab still refuses after that is reported the same way.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..limits import FONT_CHARACTERS, HINT
from .files import FileProblem

REQUIRED = ("head", "hhea", "hmtx", "maxp", "cmap", "name", "post", "loca", "glyf")
UNITS_PER_EM = (16, 16384)  # the OpenType specification's range
UNICODE = 0x110000  # code points
MOST_COMPONENTS = 1024  # parts of one composite glyph (real fonts use a handful)
_MORE, _WORDS, _SCALE, _XY_SCALE, _TWO_BY_TWO = 0x20, 0x01, 0x08, 0x40, 0x80
_HINT = (
    "Replace it with a working copy of the font (download it again from where it came from), "
    "or choose a family shipped with leaflet."
)


@dataclass(frozen=True)
class CheckedFont:
    """A font file's bytes once checked, and what names it: the hash of those bytes."""

    data: bytes = field(compare=False, repr=False)  # the hash says which bytes these are
    digest: str = ""  # SHA-256 of data, hex

    @classmethod
    def of(cls, data: bytes) -> CheckedFont:
        """A trusted font's bytes (one shipped with leaflet), named by their hash unchecked."""
        return cls(data, hashlib.sha256(data).hexdigest())


class _Damaged(Exception):
    """What is wrong inside the font, in words for the message."""


class _TooMany(_Damaged):
    """A font over a limit (not damaged: too large for leaflet)."""


def check_font(data: bytes, name: str) -> CheckedFont:
    """``data`` checked as a TrueType font ReportLab can load and embed; ``name`` is the file's name
    for messages. Checked once per process for each content (by its hash)."""
    digest = hashlib.sha256(data).hexdigest()
    if digest not in _PROBLEMS:
        if len(_PROBLEMS) >= 1024:  # a long-running studio sees many uploads
            _PROBLEMS.clear()
        _PROBLEMS[digest] = _problem(data)
    problem = _PROBLEMS[digest]
    if problem:
        message, hint = problem
        raise FileProblem(message.replace("{name}", name, 1), hint)
    return CheckedFont(data, digest)


# What is wrong with each font content seen: None, or a message (with {name} for the file's) and a hint.
_PROBLEMS: dict[str, tuple[str, str] | None] = {}


def _problem(data: bytes) -> tuple[str, str] | None:
    try:
        _check_tables(data)
        _loads(data)
        return None
    except _TooMany as exc:
        return "the font file '{name}' " + str(exc), HINT
    except _Damaged as exc:
        reason = str(exc)
    except struct.error:
        reason = "a table is shorter than its contents"
    return "the font file '{name}' cannot be used: it is damaged or not a TrueType font (" + reason + ")", _HINT


def _loads(data: bytes) -> None:
    """What ReportLab itself still refuses when it loads the font, in its own words."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    try:
        face = TTFontFace(io.BytesIO(data))
    except Exception as exc:  # a damaged file fails in many ways inside the TrueType parser
        raise _Damaged(f"{type(exc).__name__}: {str(exc)[:120]}") from None
    if face.charToGlyph and max(face.charToGlyph.values()) >= face.numGlyphs:
        raise _Damaged("its character map names glyphs the font does not have")


def _check_tables(data: bytes) -> None:
    size = len(data)
    if size < 12:
        raise _Damaged("it is too short to be a font")
    count = struct.unpack_from(">H", data, 4)[0]
    if count == 0 or 12 + 16 * count > size:
        raise _Damaged("its table directory is cut short")
    tables: dict[str, tuple[int, int]] = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sLLL", data, 12 + 16 * i)
        if offset + length > size:
            raise _Damaged(f"its '{tag.decode('latin-1')}' table lies past the end of the file")
        tables[tag.decode("latin-1")] = (offset, length)
    missing = [tag for tag in REQUIRED if tag not in tables]
    if missing:
        raise _Damaged(
            f"it has no '{missing[0]}' table"
            + (" (it may be a CFF font: use the TrueType version)" if "CFF " in tables else "")
        )

    def table(tag: str, least: int) -> bytes:
        offset, length = tables[tag]
        if length < least:
            raise _Damaged(f"its '{tag}' table is cut short")
        return data[offset : offset + length]

    head = table("head", 54)
    magic, units = struct.unpack_from(">L2xH", head, 12)
    long_offsets, glyph_format = struct.unpack_from(">hh", head, 50)
    if struct.unpack_from(">H", head)[0] != 1 or magic != 0x5F0F3CF5:
        raise _Damaged("its 'head' table is not a font header")
    if not UNITS_PER_EM[0] <= units <= UNITS_PER_EM[1]:
        raise _Damaged(f"it has {units:,} units per em; a font has {UNITS_PER_EM[0]} to {UNITS_PER_EM[1]:,}")
    if long_offsets not in (0, 1) or glyph_format != 0:
        raise _Damaged("its 'head' table gives an unknown glyph location format")
    maxp = table("maxp", 6)
    if struct.unpack_from(">H", maxp)[0] != 1:
        raise _Damaged("its 'maxp' table is not TrueType's (it may be a CFF font: use the TrueType version)")
    glyphs = struct.unpack_from(">H", maxp, 4)[0]
    if glyphs == 0:
        raise _Damaged("it has no glyphs")
    hhea = table("hhea", 36)
    metrics = struct.unpack_from(">H", hhea, 34)[0]
    if struct.unpack_from(">H", hhea)[0] != 1 or struct.unpack_from(">h", hhea, 32)[0] != 0:
        raise _Damaged("its 'hhea' table is not a horizontal header")
    if not 1 <= metrics <= glyphs:
        raise _Damaged(f"it gives widths for {metrics:,} glyphs but has {glyphs:,}")
    table("hmtx", 4 * metrics + 2 * (glyphs - metrics))
    post = table("post", 32)
    if struct.unpack_from(">H", post)[0] not in (1, 2, 3, 4):
        raise _Damaged("its 'post' table has an unknown version")
    if "OS/2" in tables:
        os2 = table("OS/2", 72)
        if struct.unpack_from(">H", os2)[0] > 1:
            table("OS/2", 90)
    _check_name(table("name", 6))
    _check_glyphs(
        table("loca", (glyphs + 1) * (4 if long_offsets else 2)),
        tables["glyf"][1],
        data[tables["glyf"][0] : sum(tables["glyf"])],
        glyphs,
        long_offsets,
    )
    _check_cmap(table("cmap", 4))


def _check_name(name: bytes) -> None:
    form, records, strings = struct.unpack_from(">HHH", name)
    if form != 0 or 6 + 12 * records > len(name):
        raise _Damaged("its 'name' table is cut short or of an unknown format")
    for i in range(records):
        name_id, length, offset = struct.unpack_from(">6xHHH", name, 6 + 12 * i)
        if name_id in (1, 2, 3, 4, 6) and strings + offset + length > len(name):
            raise _Damaged("a name in its 'name' table lies past the table's end")


def _check_glyphs(loca: bytes, glyf_length: int, glyf: bytes, glyphs: int, long_offsets: int) -> None:
    offsets: Sequence[int]
    if long_offsets:
        offsets = struct.unpack_from(f">{glyphs + 1}L", loca)
    else:
        offsets = [2 * o for o in struct.unpack_from(f">{glyphs + 1}H", loca)]
    if offsets[-1] > glyf_length or any(a > b for a, b in itertools.pairwise(offsets)):
        raise _Damaged("its glyph locations ('loca') point outside the glyph table ('glyf')")
    for glyph in range(glyphs):
        start, end = offsets[glyph], offsets[glyph + 1]
        if start == end:
            continue  # an empty glyph (a space)
        if end - start < 10:
            raise _Damaged(f"glyph {glyph} is cut short")
        if struct.unpack_from(">h", glyf, start)[0] >= 0:
            continue  # a simple glyph: copied into the PDF as it is
        at, flags, parts = start + 10, _MORE, 0
        while flags & _MORE:
            if at + 4 > end or parts == MOST_COMPONENTS:
                raise _Damaged(f"the composite glyph {glyph} runs past its end")
            flags, part = struct.unpack_from(">HH", glyf, at)
            if part >= glyphs:
                raise _Damaged(f"the composite glyph {glyph} is made of glyph {part}, which the font does not have")
            at += 4 + (4 if flags & _WORDS else 2)
            at += 2 if flags & _SCALE else 4 if flags & _XY_SCALE else 8 if flags & _TWO_BY_TWO else 0
            parts += 1
        if at > end:
            raise _Damaged(f"the composite glyph {glyph} runs past its end")


def _chosen_map(cmap: bytes) -> int:
    """Where the character map ReportLab will read starts (its own choice among the maps)."""
    first, second = struct.unpack_from(">HH", cmap)
    maps = second if not (second == 0 and first != 0) else first
    if 4 + 8 * maps > len(cmap):
        raise _Damaged("its character map ('cmap') is cut short")
    chosen, kind = None, 0
    for i in range(maps):
        platform, encoding, offset = struct.unpack_from(">HHL", cmap, 4 + 8 * i)
        if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
            chosen, kind = offset, 1
        elif platform == 1 and encoding == 0 and kind != 1:
            chosen, kind = offset, 2
    if chosen is None:
        raise _Damaged("it has no Unicode character map")
    return chosen


def _check_cmap(cmap: bytes) -> None:
    """The chosen character map lies inside its table and maps at most every code point once."""
    at = _chosen_map(cmap)
    if at + 8 > len(cmap):
        raise _Damaged("its character map lies past the end of its table")
    form = struct.unpack_from(">H", cmap, at)[0]
    if form in (8, 10, 12, 13):
        length = struct.unpack_from(">L", cmap, at + 4)[0]
    else:
        length = struct.unpack_from(">H", cmap, at + 2)[0]
    if at + length > len(cmap):
        raise _Damaged("its character map lies past the end of its table")
    body = cmap[at : at + length]
    if form == 4:
        segments = struct.unpack_from(">H", body, 6)[0] // 2
        if 16 + 8 * segments > length:
            raise _Damaged("its character map is cut short")
        ends = struct.unpack_from(f">{segments}H", body, 14)
        starts = struct.unpack_from(f">{segments}H", body, 16 + 2 * segments)
        characters = sum(max(0, end - start + 1) for start, end in zip(starts, ends, strict=True))
    elif form in (12, 13):
        groups = struct.unpack_from(">L", body, 12)[0]
        if 16 + 12 * groups > length:
            raise _Damaged("its character map is cut short")
        characters = 0
        for i in range(groups):
            start, end = struct.unpack_from(">LL", body, 16 + 12 * i)
            if start > end or end >= UNICODE:
                raise _Damaged("its character map names characters Unicode does not have")
            characters += end - start + 1
    elif form == 6:
        characters = struct.unpack_from(">H", body, 8)[0]
        if 10 + 2 * characters > length:
            raise _Damaged("its character map is cut short")
    elif form == 10:
        characters = struct.unpack_from(">L", body, 16)[0]
        if 20 + 2 * characters > length:
            raise _Damaged("its character map is cut short")
    elif form == 0:
        characters = 0  # at most 256 codes by design
    elif form == 2:
        raise _Damaged("its character map is a legacy double-byte one, not Unicode")
    else:
        raise _Damaged(f"its character map has a format ({form}) leaflet cannot read")
    if characters > FONT_CHARACTERS.value:
        raise _TooMany(
            f"maps {characters:,} characters; the most a font may map is "
            f"{FONT_CHARACTERS} (the '{FONT_CHARACTERS.name}' limit)"
        )
