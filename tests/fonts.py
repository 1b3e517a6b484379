"""Damaged and hostile TrueType fonts for the hostile tests, made from a font shipped with leaflet:
its bytes changed where a damaged download or a crafted file would differ (struct), or rebuilt with
fontTools for a font that is whole but lies about who it is."""

from __future__ import annotations

import io
import struct
from functools import cache

from conftest import ROOT

SHIPPED = ROOT / "fonts" / "AtkinsonHyperlegible" / "AtkinsonHyperlegible-Regular.ttf"
FONT = SHIPPED.read_bytes()


def tables(data: bytes) -> dict[str, tuple[int, int, int]]:
    """Each table's (offset, length, where its directory record is)."""
    count = struct.unpack_from(">H", data, 4)[0]
    found = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sLLL", data, 12 + 16 * i)
        found[tag.decode("latin-1")] = (offset, length, 12 + 16 * i)
    return found


def _patched(*changes: tuple[int, str, int]) -> bytes:
    data = bytearray(FONT)
    for at, form, value in changes:
        struct.pack_into(form, data, at, value)
    return bytes(data)


def _loca_past_glyf() -> bytes:
    """The last glyphs' locations point far past the end of the glyph table (short offsets)."""
    offset, length, _ = tables(FONT)["loca"]
    return _patched(*((offset + length - 2 * i, ">H", 0xFFFF) for i in range(1, 40)))


def _composite_of_missing_glyph() -> bytes:
    """'Â' (a composite) made of glyph 65,000, which the font does not have."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(FONT))
    glyph = font.getGlyphID("Acircumflex")
    loca, glyf = tables(FONT)["loca"][0], tables(FONT)["glyf"][0]
    start = 2 * struct.unpack_from(">H", FONT, loca + 2 * glyph)[0]
    return _patched((glyf + start + 12, ">H", 65_000))


def _cmap_of_millions() -> bytes:
    """Every segment of the character map made to cover all 65,536 codes: millions of characters,
    each of which the font's loader would visit."""
    cmap = tables(FONT)["cmap"][0]
    data = bytearray(FONT)
    count = struct.unpack_from(">H", data, cmap + 2)[0]
    for i in range(count):
        at = cmap + struct.unpack_from(">L", data, cmap + 4 + 8 * i + 4)[0]
        segments = struct.unpack_from(">H", data, at + 6)[0] // 2
        for n in range(segments):
            struct.pack_into(">H", data, at + 14 + 2 * n, 0xFFFF)  # end
            struct.pack_into(">H", data, at + 16 + 2 * segments + 2 * n, 0)  # start
    return bytes(data)


@cache
def damaged(kind: str) -> bytes:
    """A font damaged in one way (see DAMAGE)."""
    found = tables(FONT)
    if kind == "cut-at-two-thirds":
        return FONT[: len(FONT) * 2 // 3]
    if kind == "glyf-past-the-end":
        return _patched((found["glyf"][2] + 8, ">L", len(FONT) - 64))
    if kind == "loca-past-glyf":
        return _loca_past_glyf()
    if kind == "zero-glyphs":
        return _patched((found["maxp"][0] + 4, ">H", 0))
    if kind == "units-per-em-65535":
        return _patched((found["head"][0] + 18, ">H", 65535))
    if kind == "units-per-em-0":
        return _patched((found["head"][0] + 18, ">H", 0))
    if kind == "composite-of-missing-glyph":
        return _composite_of_missing_glyph()
    if kind == "cmap-of-millions":
        return _cmap_of_millions()
    if kind == "no-glyf-table":
        return _patched((found["glyf"][2], ">4s", b"zzzz"))
    raise ValueError(kind)


# kind -> what the message says
DAMAGE = {
    "cut-at-two-thirds": "lies past the end of the file",
    "glyf-past-the-end": "its 'glyf' table lies past the end of the file",
    "loca-past-glyf": "glyph locations ('loca') point outside the glyph table",
    "zero-glyphs": "it has no glyphs",
    "units-per-em-65535": "it has 65,535 units per em",
    "units-per-em-0": "it has 0 units per em",
    "composite-of-missing-glyph": "is made of glyph 65000, which the font does not have",
    "cmap-of-millions": "the 'font characters' limit",
    "no-glyf-table": "it has no 'glyf' table",
}


@cache
def colliding() -> bytes:
    """A whole, working font that calls itself AtkinsonHyperlegible-Regular (the shipped font's
    internal name) but draws every vowel as an 'x'."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(FONT))
    glyf, cmap = font["glyf"], font.getBestCmap()
    for vowel in "aeiouAEIOU":
        glyf[cmap[ord(vowel)]] = glyf[cmap[ord("x")]]
    names = {record.nameID: record.toUnicode() for record in font["name"].names}
    assert names[6] == "AtkinsonHyperlegible-Regular", names
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
