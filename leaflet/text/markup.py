"""The format's small markup (paragraphs, '- ' bullets, **bold**) to safe ReportLab markup.

Everything is escaped first, so '&', '<' and '>' always print as themselves; only then are our
own tags added. Characters the main font cannot draw are wrapped in the fallback font.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape  # not xml.sax.saxutils': that pulls in urllib, http and ssl (10 ms cold)
from typing import Callable

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


@dataclass(frozen=True)
class Paragraph:
    markup: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


Block = Paragraph | Bullets


def inline(text: str, fallback: Callable[[str], str | None] = lambda ch: None) -> str:
    """One run of text as ReportLab paragraph markup: escaped, bold added, gaps in the font filled.

    ``fallback(ch)`` names a font for a character the main font lacks, or None.
    """
    markup = _BOLD.sub(r"<b>\1</b>", escape(" ".join(text.split()), quote=False))
    out: list[str] = []
    font_open = None
    for ch in markup:
        face = fallback(ch) if ord(ch) > 0x7E else None
        if face != font_open:
            if font_open:
                out.append("</font>")
            if face:
                out.append(f'<font face="{face}">')
            font_open = face
        out.append(ch)
    if font_open:
        out.append("</font>")
    return "".join(out)


def blocks(text: str, fallback: Callable[[str], str | None] = lambda ch: None) -> list[Block]:
    """Split text into paragraphs (blank line) and bullet lists (lines starting with '- ')."""
    result: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines, bullets = [], []
        for line in chunk.splitlines():
            stripped = line.strip()
            if stripped.startswith("- "):
                if lines:
                    result.append(Paragraph(inline(" ".join(lines), fallback)))
                    lines = []
                bullets.append(stripped[2:])
            elif bullets and stripped and line[:1].isspace():
                bullets[-1] += " " + stripped  # an indented line continues the bullet above
            else:
                if bullets:
                    result.append(Bullets(tuple(inline(b, fallback) for b in bullets)))
                    bullets = []
                lines.append(stripped)
        if lines:
            result.append(Paragraph(inline(" ".join(lines), fallback)))
        if bullets:
            result.append(Bullets(tuple(inline(b, fallback) for b in bullets)))
    return result
