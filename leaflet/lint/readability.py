"""Readability: Flesch Reading Ease per section and overall, long sentences, very long words.

Flesch Reading Ease = 206.835 - 1.015 x (words per sentence) - 84.6 x (syllables per word).
60 or more is plain English (a UK reading age of about 11 to 13); patient-information guidance
asks for it. Syllables are counted with the usual English spelling rules (no dictionary).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import Sentence

FLESCH_TARGET = 60.0
MAX_SENTENCE_WORDS = 25
LONG_WORD_SYLLABLES = 5
LONG_WORD_LETTERS = 15

_SILENT_END = re.compile(r"(?:[^laeiouysxzh]es|[^laeiouytd]ed|[^laeiouy]e|[aeiou]le)$")


@lru_cache(maxsize=20_000)
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

    def __add__(self, other: "Score") -> "Score":
        return Score(self.sentences + other.sentences, self.words + other.words,
                     self.syllables + other.syllables)


NO_TEXT = Score(0, 0, 0)


def score(sentence: Sentence) -> Score:
    words = sentence.words
    return Score(1, len(words), sum(syllables(w) for w in words))


def long_words(sentence: Sentence) -> list[str]:
    # A word of 5 syllables has at least 7 characters (vowel groups between consonants, or parts
    # between apostrophes), so shorter words are passed over without counting.
    return [w for w in sentence.words if len(w) >= 7 and not any(ch.isdigit() for ch in w) and "-" not in w
            and (syllables(w) >= LONG_WORD_SYLLABLES or len(w) >= LONG_WORD_LETTERS)]
