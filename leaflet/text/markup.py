"""The format's small markup (paragraphs, '- ' bullets, **bold**) to safe ReportLab markup.

Everything is escaped first, so '&', '<' and '>' always print as themselves; only then are our
own tags added. Characters the main font cannot draw are wrapped in the fallback font.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape, unescape  # not xml.sax.saxutils': that pulls in urllib, http and ssl (10 ms cold)
from typing import Protocol


class Fallback(Protocol):
    """Names a font for a character the main font lacks, or None; ``strong``: the character is bold.
    A fallback with ``every_char`` set is asked about every character, ASCII too."""

    def __call__(self, ch: str, strong: bool = False, /) -> str | None: ...


_SPACES = re.compile(r"[^\S\u00a0\u2007\u202f]+")  # any space but a no-break one, which stays
NBSP = "\u00a0"
# A phone number: groups of digits (six or more digits in all) joined by single spaces or hyphens,
# such as "0117 496 0000", "+44 117 496 0000" or "(020) 7946 0321".
# A number starts only where no digit and separator come just before it, so a long run of digits
# and spaces is tried from its start once, not from every digit in it: linear time.
_PHONE = re.compile(r"(?<![\w.,£$€])(?<!\d[ \u00a0-])\+?\(?\d[\d()]*(?:[ \u00a0-]\(?\d[\d()]*)+(?![\w£$€])")
# Links and email addresses: one word each, so only a line too short for the whole word can break them.
# An address starts only after a space or an "@", so a long word is not rescanned from every letter.
# Markup as characters: a tag, an entity (&amp;), or one character.
_TOKEN = re.compile(r"<[^<>]*>|&#?\w{1,8};|.", re.DOTALL)
_LINK = re.compile(r"(?:https?://|www\.)\S+|(?<![^\s@])[^\s@]+@[^\s@]+\.\w+")


@dataclass(frozen=True)
class Paragraph:
    markup: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


Block = Paragraph | Bullets


def bold(text: str, open_tag: str = "<b>", close_tag: str = "</b>") -> str:
    """``**words**`` in bold, in one pass.

    A pair opens at ``**`` before a non-space and closes at the first later ``**`` after a
    non-space, with at least one character between (what the pattern \\*\\*(?=\\S)(.+?)(?<=\\S)\\*\\*
    says of one line). That pattern, tried at every ``**``, took minutes on "**a **a **a ...": once an
    opening finds no closing, no later one can, so here the search simply stops.
    """
    out, start, n = [], 0, len(text)
    find = text.find
    opening = find("**")
    while opening >= 0:
        if opening + 2 < n and not text[opening + 2].isspace():
            closing = find("**", opening + 3)
            while closing >= 0 and text[closing - 1].isspace():
                closing = find("**", closing + 1)
            if closing < 0:
                break
            out += [text[start:opening], open_tag, text[opening + 2 : closing], close_tag]
            start = closing + 2
            opening = find("**", start)
        else:
            opening = find("**", opening + 1)
    out.append(text[start:])
    return "".join(out)


def keep_phones_whole(text: str) -> str:
    """Phone numbers with no-break spaces, so a line never ends in the middle of one."""

    def join(match: re.Match) -> str:
        number = match.group(0)
        return number.replace(" ", NBSP) if sum(ch.isdigit() for ch in number) >= 6 else number

    return _PHONE.sub(join, text)


def unbreakable(text: str) -> list[str]:
    """The phone numbers, email addresses and links in ``text`` (plain text, phones already joined
    by keep_phones_whole), each as the single word a line must hold whole."""
    words = [w.strip(".,;:!?)(") for w in re.split(r"[ \t\n]+", text)]
    return [w for w in words if NBSP in w and any(ch.isdigit() for ch in w) or _LINK.fullmatch(w)]


def inline(text: str, fallback: Fallback = lambda ch, strong=False: None) -> str:
    """One run of text as ReportLab paragraph markup: escaped, bold added, gaps in the font filled,
    phone numbers held together with no-break spaces.

    ``fallback(ch)`` names a font for a character the main font lacks, or None.
    """
    plain = keep_phones_whole(_SPACES.sub(" ", text).strip(" "))
    markup = bold(escape(plain, quote=False))
    every = getattr(fallback, "every_char", False)  # a script's font may lack even ASCII letters
    if not every and (markup.isascii() or not any(fallback(ch) for ch in set(markup) if ord(ch) > 0x7E)):
        return markup  # the main font has every character (the usual case): nothing to wrap
    out: list[str] = []
    font_open, strong = None, False
    for token in _TOKEN.findall(markup) if every else markup:
        if token[0] == "<":  # our own <b> tags: a font span never crosses one
            if font_open:
                out.append("</font>")
                font_open = None
            out.append(token)
            strong = token == "<b>"
            continue
        ch = unescape(token) if token[0] == "&" else token
        # In a script's text, a Latin word in bold is set in its own font's bold ("Harbour Skin
        # Clinic" in bold Arabic): a named face is not made bold by the <b> around it.
        face = (fallback(ch, True) if every and strong else fallback(ch)) if every or ord(ch) > 0x7E else None
        if face != font_open:
            if font_open:
                out.append("</font>")
            if face:
                out.append(f'<font face="{face}">')
            font_open = face
        out.append(token)
    if font_open:
        out.append("</font>")
    return "".join(out)


def blocks(text: str, fallback: Fallback = lambda ch, strong=False: None) -> list[Block]:
    """Split text into paragraphs (blank line) and bullet lists (lines starting with '- ')."""
    result: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        bullets: list[str] = []
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
