"""The prose a patient reads, as plain sentences with the place each came from.

Markup is removed (``**bold**``), each bullet is a sentence of its own, and every sentence keeps
the data path of its field, so a finding points at the line the author typed.
"""

from __future__ import annotations

import re

from ..load import Leaflet
from ..load.yamlpos import DataPath, SourceMap
from ..text.citations import without_marks

# A sentence's closing mark and the space after it (the mark stays with the sentence: see _split).
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9£$€])")
# In any language: a full stop, question or exclamation mark of any script, then a space.
_ANY_SENTENCE_END = re.compile(r"[.!?\u061f\u06d4\u0964\u3002\uff01\uff1f][\"'”’)\]»]*\s+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['’\-][A-Za-z0-9\u00C0-\u024F]+)*")
_ANY_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


class Sentence:
    """One sentence, and the data path of the field it is in."""

    __slots__ = ("path", "text", "_words")

    def __init__(self, path: DataPath, text: str):
        self.path, self.text = path, text
        self._words: list[str] | None = None

    @property
    def words(self) -> list[str]:
        if self._words is None:  # found once: the rules read the words of a sentence several times
            self._words = _WORD.findall(self.text)
        return self._words

    @property
    def words_any(self) -> list[str]:
        """Words in any script (a letter with its combining marks and vowel signs)."""
        return re.findall(r"[\w\u0300-\u036f\u0900-\u0dff\u064b-\u065f]+", self.text)


def plain(text: str) -> str:
    """The words as read: no **bold** marks, and no citations ([2], [clinic advice])."""
    return " ".join(without_marks(text).replace("**", "").split())


def sentences_of(text: str, path: DataPath, any_language: bool = False) -> list[Sentence]:
    """Paragraphs split at sentence ends; a bullet or list item is always a sentence by itself."""
    chunks: list[str] = []
    for chunk in _PARAGRAPH_BREAK.split(text.strip()):
        lines: list[str] = []
        for line in chunk.splitlines():
            stripped = line.strip()
            if stripped.startswith("- "):
                if lines:
                    chunks.append(" ".join(lines))
                    lines = []
                chunks.append(stripped[2:])
            elif chunks and stripped and line[:1].isspace() and not lines:
                chunks[-1] += " " + stripped
            else:
                lines.append(stripped)
        if lines:
            chunks.append(" ".join(lines))
    ends = _ANY_SENTENCE_END if any_language else _SENTENCE_END
    parts = [part for chunk in chunks for part in _split(plain(chunk), ends)]
    if any_language:
        return [Sentence(path, part.strip()) for part in parts if _ANY_WORD.search(part)]
    return [sentence for part in parts if (sentence := Sentence(path, part.strip())).words]  # (one with words)


def _split(text: str, ends: re.Pattern) -> list[str]:
    """``text`` cut after each closing mark that ``ends`` finds, the mark kept with its sentence. (A
    pattern that starts with the mark is found faster than one that looks behind for it.)"""
    parts, last = [], 0
    for match in ends.finditer(text):
        parts.append(text[last : match.start() + 1])
        last = match.end()
    parts.append(text[last:])
    return parts


def prose(leaflet: Leaflet) -> list[tuple[int | None, DataPath, str]]:
    """Every field of running prose: (section index or None for the summary, path, text).

    Tables and prices are reference rows rather than prose, so readability leaves them out.
    """
    found: list[tuple[int | None, DataPath, str]] = [
        (None, ("summary", i), point) for i, point in enumerate(leaflet.summary or [])
    ]
    for index, section in enumerate(leaflet.sections):
        base = ("sections", index)
        if section.text:
            found.append((index, base + ("text",), section.text))
        for r, risk in enumerate(section.risks or []):
            found.append((index, base + ("risks", r, "text"), risk.text))
            if risk.action:
                found.append((index, base + ("risks", r, "action"), risk.action))
        for a, step in enumerate(section.aftercare or []):
            found.append((index, base + ("aftercare", a, "text"), step.text))
    return found


class Locator:
    """Finds successive pieces of one field's text in the file, each after the one before.

    Searching the file is what costs, and most sentences have nothing to report: a sentence that
    does not need its place is only noted (``passed``), and searched for when a later one does.
    """

    def __init__(self, source: SourceMap | None, path: DataPath):
        self.source, self.path = source, path
        self.pos: tuple[int, int] | None = None  # the field's own place, looked up at the first find
        self._passed: list[str] = []

    def passed(self, text: str) -> None:
        self._passed.append(text)

    def find(self, text: str) -> tuple[int, int]:
        if self.pos is None:
            self.pos = self.source.locate(self.path) if self.source else (1, 1)
        if self.source is None:
            return self.pos
        for earlier in self._passed:
            self._find(earlier)
        self._passed.clear()
        return self._find(text)

    def _find(self, text: str) -> tuple[int, int]:
        assert self.source is not None and self.pos is not None  # find has looked the field up
        words = text.split(None, 5)[:5]
        for size in (5, 2, 1):  # (the first words may be wrapped onto the next line of the file)
            needle = " ".join(words[:size])
            if not needle:
                break
            found = self.source.first_on_a_line(needle, *self.pos, within=80)
            if found:
                self.pos = found
                return found
        return self.pos
