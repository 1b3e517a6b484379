"""Readability: Flesch Reading Ease per section and overall, long sentences, very long words.

Flesch Reading Ease = 206.835 - 1.015 x (words per sentence) - 84.6 x (syllables per word).
60 or more is plain English (a UK reading age of about 11 to 13); patient-information guidance
asks for it. Syllables are counted with the usual English spelling rules (no dictionary).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from typing import Any

from .text import Sentence

FLESCH_TARGET = 60.0
MAX_SENTENCE_WORDS = 25
LONG_WORD_SYLLABLES = 5
LONG_WORD_LETTERS = 15

_SILENT_END = re.compile(r"(?:[^laeiouysxzh]es|[^laeiouytd]ed|[^laeiouy]e|[aeiou]le)$")


def syllables(word: str) -> int:
    """Syllables in one English word (a digit string counts as one per digit group)."""
    word = word.lower().replace("’", "'")
    if any(ch.isdigit() for ch in word):
        return max(1, len(re.findall(r"\d+", word)))
    parts = [p for p in re.split(r"[-']", word) if p]
    if len(parts) > 1:
        return sum(syllables(p) for p in parts)
    word = re.sub(r"[^a-z\u00e0-\u024f]", "", word)
    if len(word) <= 3:
        return 1
    if word.endswith("le") and len(word) > 2 and word[-3] not in "aeiouy":
        stem = word[:-2]
        return max(1, _groups(stem)) + 1
    word = _SILENT_END.sub(lambda m: m.group(0)[:2] if m.group(0).endswith("le") else m.group(0)[0], word)
    return max(1, _groups(word.lstrip("y")))


def _groups(word: str) -> int:
    return len(re.findall(r"[aeiouyàâäéèêëïîôöùûü]+", word))


@dataclass(frozen=True)
class Score:
    sentences: int
    words: int
    syllables: int

    @property
    def flesch(self) -> float:
        if not self.words or not self.sentences:
            return 100.0
        return 206.835 - 1.015 * self.words / self.sentences - 84.6 * self.syllables / self.words

    def __add__(self, other: Score) -> Score:
        return Score(self.sentences + other.sentences, self.words + other.words, self.syllables + other.syllables)


NO_TEXT = Score(0, 0, 0)


class _PerWord(dict):
    """What ``measure`` says of each word, worked out once per process: words repeat, even in text
    never seen before, and a sentence's words are then looked up in one pass (``map``, ``filter``).
    Emptied when full, so it stays bounded."""

    def __init__(self, measure: Callable[[str], Any], size: int = 20_000):
        super().__init__()
        self.measure, self.size = measure, size

    def __missing__(self, word: str) -> Any:
        if len(self) >= self.size:
            self.clear()
        value = self[word] = self.measure(word)
        return value


def _long(word: str) -> bool:
    # A word of 5 syllables has at least 7 characters (vowel groups between consonants, or parts
    # between apostrophes), so shorter words are passed over without counting.
    return (
        len(word) >= 7
        and not any(ch.isdigit() for ch in word)
        and "-" not in word
        and (_SYLLABLES[word] >= LONG_WORD_SYLLABLES or len(word) >= LONG_WORD_LETTERS)
    )


_SYLLABLES, _LONG = _PerWord(syllables), _PerWord(_long)


def score(sentences: list[Sentence]) -> Score:
    """What Flesch's formula counts in some sentences."""
    words = list(chain.from_iterable(s.words for s in sentences))
    return Score(len(sentences), len(words), sum(map(_SYLLABLES.__getitem__, words)))


def long_words(sentence: Sentence) -> list[str]:
    return list(filter(_LONG.__getitem__, sentence.words))


def any_too_long(sentences: list[Sentence]) -> bool:
    """Whether some sentence has more than MAX_SENTENCE_WORDS words or a very long word (most
    fields have none, and then need no more looking at)."""
    return max(len(s.words) for s in sentences) > MAX_SENTENCE_WORDS or any(
        map(_LONG.__getitem__, chain.from_iterable(s.words for s in sentences))
    )
