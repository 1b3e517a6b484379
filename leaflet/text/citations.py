"""Citations: text names its source as [2] or [nhs-anaphylaxis], several as [1, nhs-anaphylaxis];
[clinic] marks advice that is the clinic's own rather than from a published source.

Sources are numbered in the order the content lists them; a citation prints as that number ([2]),
and [clinic] as "[clinic advice]", explained under the Sources. A bracket that cites nothing
known is a mistake when it looks like a citation (a number, or a near miss of a source's id) and
ordinary text otherwise, so "[sic]" still prints as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import LeafletError, Problem
from ..load import NOT_PRINTED, Leaflet, problem_at
from ..load.content import Source
from ..load.fields import web_href
from ..load.model import did_you_mean
from ..load.yamlpos import DataPath
from . import phrases
from .money import long_date
from .phrases import ENGLISH, Words

CLINIC = "clinic"  # [clinic]: the clinic's own advice
_BRACKET = r"\[([^\[\]\n]{1,300})\]"
_GROUP = re.compile(r"(?<![ \t])([ \t]*)" + _BRACKET)  # with the spaces before it (each run once: linear)
# The same brackets, where the spaces before them do not matter: a pattern that starts with its
# "[" is found ten times faster.
_CITATION = re.compile(_BRACKET)
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# Fields whose text is not cited: the references themselves, and the names of who signed it off.
_NOT_CITED = frozenset({"sources", "sign_off", "translation_review"})


class CitationError(Exception):
    def __init__(self, message: str, hint: str, needle: str):
        super().__init__(message)
        self.message, self.hint, self.needle = message, hint, needle


@dataclass(frozen=True)
class Cited:
    """What one bracket cites: source numbers, and whether it marks the clinic's own advice."""

    numbers: tuple[int, ...]
    clinic: bool

    def printed(self, label: str = phrases.CLINIC_ADVICE) -> str:
        """ "[1, 3]", "[clinic advice]" (``label`` in the leaflet's language): no-break spaces, so a
        citation never splits across lines."""
        parts = ",\u00a0".join(map(str, self.numbers))
        label = label.replace(" ", "\u00a0")
        if self.clinic:
            parts = f"{parts};\u00a0{label}" if parts else label
        return f"[{parts}]"


@dataclass(frozen=True)
class PrintedSource:
    number: int
    text: str
    url: str | None
    accessed: str | None  # "Read on 1 December 2026."

    @property
    def href(self) -> str | None:
        """The address a link opens (https:// added to one written without it)."""
        return web_href(self.url) if self.url else None

    @property
    def shown_url(self) -> str | None:
        """The address as a reader types it: without https:// or a final slash."""
        return re.sub(r"^https?://", "", self.url).rstrip("/") if self.url else None


class Sources:
    """The leaflet's sources, to look citations up in."""

    def __init__(self, sources: list | None, label: str = phrases.CLINIC_ADVICE):
        self.items = list(sources or [])
        self.label = label  # what [clinic] prints, in the leaflet's language
        self.ids = {s.id: n for n, s in enumerate(self.items, 1) if isinstance(s, Source)}
        self._known: dict[str, Cited | None] = {}  # each bracket's text looked up once: most repeat

    def hint(self) -> str:
        if not self.items:
            return "Add the source under 'sources:' first; write [clinic] for the clinic's own advice."
        ids = "".join(f", [{i}]" for i in list(self.ids)[:6])
        numbers = "[1]" if len(self.items) == 1 else f"[1] to [{len(self.items)}]"
        return (
            f"Cite a source by its number ({numbers}){' or id' + ids if ids else ''}; "
            "write [clinic] for the clinic's own advice."
        )

    def number(self, key: str | int) -> int | None:
        if isinstance(key, int) or key.isdigit():
            n = int(key)
            return n if 1 <= n <= len(self.items) else None
        return self.ids.get(key)

    def look_up(self, group: str) -> Cited | None:
        """What ``group`` (the text between brackets) cites; None if it is not a citation.
        Raises CitationError when it looks like one but names no source."""
        if group not in self._known:
            self._known[group] = self._look_up(group)
        return self._known[group]

    def _look_up(self, group: str) -> Cited | None:
        items = [item.strip() for item in group.split(",")]
        if not all(_KEY.fullmatch(item) for item in items):
            return None
        numbers, clinic, unknown = [], False, []
        for item in items:
            if item == CLINIC:
                clinic = True
            elif (n := self.number(item)) is not None:
                numbers.append(n)
            else:
                unknown.append(item)
        if not unknown:
            return Cited(tuple(sorted(set(numbers))), clinic)
        word = unknown[0]
        if word.isdigit():
            listed = f"lists {len(self.items)}" if self.items else "lists no sources"
            raise CitationError(f"there is no source {word} to cite: the leaflet {listed}", self.hint(), f"[{group}]")
        suggestion = did_you_mean(word, [*self.ids, CLINIC])
        id_like = self.ids and re.search(r"[-\d]", word)  # nhs-fillers, who-2024: a source's id
        if suggestion or numbers or clinic or id_like:
            raise CitationError(f"no source has the id '{word}'{suggestion}", self.hint(), f"[{group}]")
        return None  # "[sic]", "[CE]", "[see below]": ordinary text

    def cite(self, text: str) -> tuple[str, list[Cited]]:
        """The text with each citation as printed, and what it cites."""
        found: list[Cited] = []

        def replace(match: re.Match) -> str:
            cited = self.look_up(match.group(2))
            if cited is None:
                return match.group(0)
            found.append(cited)
            return ("\u00a0" if match.group(1) else "") + cited.printed(self.label)  # kept with the word before it

        return _GROUP.sub(replace, text), found


def cite_leaflet(leaflet: Leaflet, words: Words = ENGLISH) -> tuple[Leaflet, set[int], bool]:
    """A copy with every citation as printed, the source numbers its text cites, and whether any
    text is the clinic's own advice. Every citation of an unknown source is reported at once,
    each at its line."""
    sources = Sources(leaflet.sources, words.CLINIC_ADVICE)
    problems: list[Problem] = []
    clinic = False
    numbers: set[int] = set()

    def walk(value: Any, path: DataPath) -> Any:
        nonlocal clinic
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                if key == "source" and item is not None:  # a price row's source: a key, not text
                    number = sources.number(item)
                    if number is None:
                        problems.append(
                            problem_at(
                                leaflet,
                                path + (key,),
                                f"no source has the id '{item}'{did_you_mean(str(item), sources.ids)}",
                                sources.hint(),
                            )
                        )
                    out[key] = number or item
                else:
                    out[key] = item if key in NOT_PRINTED or key in _NOT_CITED else walk(item, path + (key,))
            return out
        if isinstance(value, list):
            return [walk(item, path + (i,)) for i, item in enumerate(value)]
        if not isinstance(value, str):
            return value
        text, found = _cite(sources, value, path, leaflet, problems)
        clinic = clinic or any(c.clinic for c in found)
        numbers.update(n for c in found for n in c.numbers)
        return text

    data = walk(leaflet.model_dump(), ())
    if problems:
        raise LeafletError(problems)
    cited = Leaflet.model_validate(data, leaflet._source)
    cited._source = leaflet._source
    return cited, numbers, clinic


def cite_texts(leaflet: Leaflet, texts: dict[DataPath, str], words: Words = ENGLISH) -> dict[DataPath, str]:
    """Texts of ``leaflet`` (filled in) with their citations as ``cite_leaflet`` prints them there,
    and its errors."""
    sources = Sources(leaflet.sources, words.CLINIC_ADVICE)
    problems: list[Problem] = []
    cited = {
        path: text if _NOT_CITED.intersection(path) else _cite(sources, text, path, leaflet, problems)[0]
        for path, text in texts.items()
    }
    if problems:
        raise LeafletError(problems)
    return cited


def _cite(
    sources: Sources, text: str, path: DataPath, leaflet: Leaflet, problems: list[Problem]
) -> tuple[str, list[Cited]]:
    """One text with its citations as printed; a citation of an unknown source is a problem at ``path``."""
    if "[" not in text:
        return text, []
    try:
        return sources.cite(text)
    except CitationError as error:
        problems.append(problem_at(leaflet, path, error.message, error.hint, needle=error.needle))
        return text, []


def cited_in(text: str, sources: Sources) -> list[Cited]:
    """What a piece of text (as typed) cites; a citation of an unknown source counts as none."""
    if "[" not in text:
        return []
    try:
        return [cited for match in _CITATION.finditer(text) if (cited := sources.look_up(match.group(1))) is not None]
    except CitationError:
        return []


def printed_sources(leaflet: Leaflet, locale: str, words: Words = ENGLISH) -> tuple[PrintedSource, ...]:
    out = []
    for number, source in enumerate(leaflet.sources or [], 1):
        if isinstance(source, Source):
            accessed = words.ACCESSED.format(date=long_date(source.accessed, locale)) if source.accessed else None
            out.append(PrintedSource(number, source.text, source.url, accessed))
        else:
            out.append(PrintedSource(number, source, None, None))
    return tuple(out)


# A citation as printed: "[2]", "[1, 3]", "[2; clinic advice]" or "[clinic advice]" in any language.
_PRINTED_MARK = re.compile(r"\[(?:\d+(?:,\s\d+)*(?:;\s[^\[\]\d][^\[\]]{0,60})?|[^\[\]\d\s][^\[\]]{0,60})\]")


def printed_marks(text: str) -> Iterator[re.Match]:
    """The citations as printed in a text (without the space before each)."""
    return _PRINTED_MARK.finditer(text)


def without_marks(text: str) -> str:
    """Text with its printed citations taken out, each with the space before it: they are not
    words a patient reads as prose. (The space is taken here rather than by the pattern: a pattern
    that starts with its "[" is found ten times faster.)"""
    if "[" not in text:
        return text
    pieces, last = [], 0
    for match in printed_marks(text):
        start = match.start()
        if start > last and text[start - 1].isspace():
            start -= 1
        pieces.append(text[last:start])
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)
