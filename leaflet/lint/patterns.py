"""One compiled matcher for a list of whole-word patterns (the jargon list, the forbidden claims).

The lint used to run one search per pattern over every sentence (48 of them). Now one regular
expression, every pattern as one alternation, scans the sentence for the places where some pattern
matches; most sentences have none. At each such place a second expression, a group per pattern,
says what each pattern matches there, so a match hidden inside another's ("lifelong results" and
"results guaranteed") is still seen. ``find`` keeps, for each pattern, exactly what a ``finditer``
of that pattern alone would give: its matches left to right, none overlapping.

Patterns are written in lower case and matched against the text in lower case, each character at
its place: a case-sensitive alternation lets the regular expression engine skip each alternative on
its first letter, which IGNORECASE does not. (Unlike IGNORECASE, a few non-ASCII letters that
Unicode folds onto ASCII ones, such as 'ſ' and 'İ', no longer stand for 's' and 'i'.)
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Sequence
from functools import cached_property

_START, _END = r"(?<![\w-])", r"(?![\w-])"  # whole words: no letter, digit or hyphen either side
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


class Patterns:
    """``where`` finds the places where some pattern matches, in one scan; ``each``, at one such
    place, has a group per pattern: what each matches there. ``each`` is compiled when first
    needed: most leaflets make no claim, and compiling it is most of a cold lint's time."""

    def __init__(self, patterns: Sequence[str]):
        self.patterns = tuple(patterns)
        self.where = re.compile(_START + _some(self.patterns))

    @cached_property
    def each(self) -> re.Pattern:
        # ``each`` matches (with no width) only where ``where`` does, so it is never a match at every
        # position of a text with no words in it
        groups = "".join(f"(?:(?=(?P<w{i}>{pattern}){_END}))?" for i, pattern in enumerate(self.patterns))
        each = re.compile(f"{_START}(?={_some(self.patterns)}){groups}")
        if each.groups != len(self.patterns):  # find() reads the groups by number: one per pattern
            raise ValueError("write a pattern's groups as (?:...), without capturing")
        return each


def _some(patterns: Sequence[str]) -> str:
    return f"(?:{_by_first_letter(patterns)}){_END}"


def where_either(*matchers: Patterns) -> re.Pattern:
    """One scan for the places where any of these matchers' words are (at each, ``where.match``
    says whose they are): one scan of a text costs less than one for each."""
    return re.compile(_START + _some([pattern for words in matchers for pattern in words.patterns]))


def _by_first_letter(patterns: Sequence[str]) -> str:
    """The patterns as one alternation of the same words, grouped by their first letter
    ("n(?:o risks?|o pain|on[\\s-]*invasive)|..."): at each word the engine then tries only the
    group for its letter, which makes the scan about a third quicker."""
    groups: dict[str, list[str]] = {}
    rest: list[str] = []
    for alternative in (a for pattern in patterns for a in _expanded(pattern)):
        if alternative[:1].isalnum() and alternative[1:2] not in ("?", "*", "+", "{"):
            groups.setdefault(alternative[0], []).append(alternative[1:])
        else:
            rest.append(alternative)
    return "|".join([f"{letter}(?:{'|'.join(tails)})" for letter, tails in groups.items()] + rest)


def _expanded(pattern: str) -> list[str]:
    """The pattern's alternatives, each that starts with a group of alternatives written out
    ("(?:no|zero) pain" is "no pain" and "zero pain")."""
    found = []
    for alternative in _top_level(pattern, "|"):
        inner, close = _leading_group(alternative)
        if inner is None or alternative[close + 1 : close + 2] in ("?", "*", "+", "{"):
            found.append(alternative)
        else:
            found += [a for part in _top_level(inner, "|") for a in _expanded(part + alternative[close + 1 :])]
    return found


def _leading_group(alternative: str) -> tuple[str | None, int]:
    """The inside of the (?:...) group the alternative starts with, and where that group closes."""
    if not alternative.startswith("(?:"):
        return None, -1
    close = next(i for i, c, depth in _scan(alternative) if c == ")" and depth == 1)
    return alternative[3:close], close


def _top_level(pattern: str, mark: str) -> list[str]:
    """The pattern cut at each ``mark`` outside its groups."""
    cuts = [i for i, c, depth in _scan(pattern) if c == mark and depth == 0]
    return [pattern[a + 1 : b] for a, b in zip([-1] + cuts, cuts + [len(pattern)], strict=True)]


def _scan(pattern: str) -> Iterator[tuple[int, str, int]]:
    """(position, character, groups open before it) of each character of a regular expression that
    is not escaped or in a [...] class."""
    depth, i = 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = pattern.index("]", i + 2 + (pattern[i + 1] == "^")) + 1  # ("[]" and "[^]" hold a "]")
            continue
        yield i, c, depth
        depth += {"(": 1, ")": -1}.get(c, 0)
        i += 1


def lowered(text: str) -> str:
    """The text in lower case, each character still at its place (lower() lengthens a few, such as
    'İ'; those texts have only their ASCII letters lowered)."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


def find(words: Patterns, text: str) -> list[tuple[int, int, str]]:
    """(pattern index, start, the words as typed) for every match, by pattern and then position."""
    low = lowered(text)
    found: list[tuple[int, int, str]] = []
    ends: dict[int, int] = {}
    match = words.where.search(low)
    while match:
        start = match.start()
        here = words.each.match(low, start)
        assert here is not None  # ``each`` matches wherever ``where`` does
        for index, low_typed in enumerate(here.groups()):
            if low_typed:
                if start >= ends.get(index, 0):
                    end = start + len(low_typed)
                    found.append((index, start, text[start:end]))
                    ends[index] = end
        match = words.where.search(low, start + 1)
    return sorted(found)


def any_in(words: Patterns, text: str) -> bool:
    return words.where.search(lowered(text)) is not None
