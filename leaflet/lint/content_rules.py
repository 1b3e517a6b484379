"""What a patient leaflet must contain and how its parts must be written (LF1xx, LF2xx, LF3xx)."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from ..load import Leaflet, SourceMap
from ..load.yamlpos import DataPath
from ..message_numbers import figure
from . import claims, jargon, readability
from .findings import Finding, at, from_problem
from .patterns import where_either
from .readability import FLESCH_TARGET, NO_TEXT, Score
from .text import Locator, Sentence, prose, sentences_of

_COSTS = re.compile(r"\b(?:cost|costs|price|prices|fee|fees|pay|paying)\b", re.IGNORECASE)
_CONTACT = re.compile(r"\{\{-?\s*clinic\.(?:phone|email|website|booking_url|address)\b")


def required(leaflet: Leaflet, typed: list[tuple[DataPath, str]]) -> Iterator[Finding]:
    """LF101-LF106: risks with a serious one to act on, aftercare, costs, contact, sources.

    ``typed`` is the text as typed (text_fields of the leaflet before {{ clinic.* }} is filled
    in), to see whether the author tells the patient how to reach the clinic.
    """
    sections = leaflet.sections
    risks = [(i, r) for i, s in enumerate(sections) for r in (s.risks or [])]
    if not risks:
        yield at(
            leaflet,
            "LF101",
            ("sections",),
            "the leaflet has no risks section",
            "Add a section with risks: each with a frequency, and the serious ones with an action.",
            key=True,
        )
    elif not any(r.serious and r.action for _, r in risks):
        index = risks[0][0]
        yield at(
            leaflet,
            "LF102",
            ("sections", index, "risks"),
            "no serious risk tells the patient what to do",
            "Mark the risks that need help fast with 'serious: true' and give each an 'action'.",
            key=True,
        )
    if not any(s.aftercare for s in sections):
        yield at(
            leaflet,
            "LF103",
            ("sections",),
            "the leaflet has no aftercare section",
            "Add a section with 'aftercare:' steps: what to do and avoid afterwards, and for how long.",
            key=True,
        )
    if not any(s.prices or (_COSTS.search(s.heading)) for s in sections):
        yield at(
            leaflet,
            "LF104",
            ("sections",),
            "the leaflet does not say what the treatment costs",
            "Add a section with 'prices:' (a brand file can give the clinic's own prices).",
            key=True,
        )
    if not any(_CONTACT.search(text) for _, text in typed):
        yield at(
            leaflet,
            "LF105",
            ("sections",),
            "the leaflet never tells the patient how to contact the clinic",
            "Write {{ clinic.phone }} (or {{ clinic.email }}) where the patient needs it, "
            "for example in the aftercare or the serious risks.",
            key=True,
        )
    if not leaflet.sources:
        yield at(
            leaflet,
            "LF106",
            ("title",),
            "the leaflet lists no sources",
            "Add 'sources:' with the evidence the leaflet is based on.",
            key=True,
        )


def dates(leaflet: Leaflet, today: dt.date) -> Iterator[Finding]:
    """LF111 review date passed; LF112 review more than 3 years after publication."""
    if leaflet.review_by < today:
        yield at(
            leaflet,
            "LF111",
            ("review_by",),
            f"the review date {leaflet.review_by.isoformat()} has passed",
            "Review the leaflet against current evidence, then update 'published' and 'review_by'.",
        )
    try:
        limit = leaflet.published.replace(year=leaflet.published.year + 3)
    except ValueError:  # 29 February
        limit = leaflet.published.replace(year=leaflet.published.year + 3, day=28)
    if leaflet.review_by > limit:
        yield at(
            leaflet,
            "LF112",
            ("review_by",),
            f"the review date is more than 3 years after publication ({leaflet.published.isoformat()})",
            f"Review patient information at least every 3 years: by {limit.isoformat()} at the latest.",
        )


def risk_details(leaflet: Leaflet) -> Iterator[Finding]:
    """LF121 a risk without a frequency band; LF122 a serious risk without an action."""
    for i, section in enumerate(leaflet.sections):
        for r, risk in enumerate(section.risks or []):
            path = ("sections", i, "risks", r)
            if risk.frequency is None:
                yield at(
                    leaflet,
                    "LF121",
                    path + ("text",),
                    "this risk has no frequency band",
                    "Add 'frequency:' (very common, common, uncommon, rare, very rare, or "
                    "'not known' when there is not enough research).",
                    key=True,
                )
            if risk.serious and not risk.action:
                yield at(
                    leaflet,
                    "LF122",
                    path + ("text",),
                    "this serious risk does not say what to do",
                    "Add 'action:': who to call and how fast (for example 999, A&E or NHS 111).",
                    key=True,
                )


@dataclass
class Prose:
    """An English leaflet's running prose (text.prose) as its rules read it, read once: each
    field's sentences, the Flesch counts of each section, and which sentences can hold jargon or a
    claim, from one scan of them all."""

    paths: set[DataPath]  # every field of prose, with sentences or not
    # (path, its sentences' texts, whether one has too many words or a very long word)
    fields: list[tuple[DataPath, list[str], bool]]
    sections: dict[int | None, Score]  # None: the summary
    jargon: set[int]  # the sentences (numbered through the fields) that can hold a term
    claim: bool  # whether some sentence can hold a claim


# The jargon and the claims, looked for in one scan of the prose (words.py).
_TERM_OR_CLAIM = where_either(jargon.ANY_TERM, claims.ANY_CLAIM)


def read_prose(leaflet: Leaflet) -> Prose:
    """Only the sentences' texts are kept, not their words: fewer objects alive at once, and fewer
    garbage collections on the way."""
    found = Prose(set(), [], {}, set(), False)
    for index, path, text in prose(leaflet):
        found.paths.add(path)
        sentences = sentences_of(text, path)
        if sentences:
            found.sections[index] = found.sections.get(index, NO_TEXT) + readability.score(sentences)
            found.fields.append((path, [s.text for s in sentences], readability.any_too_long(sentences)))
    found.jargon, found.claim = _terms_and_claims([text for _, texts, _ in found.fields for text in texts])
    return found


def _terms_and_claims(sentences: list[str]) -> tuple[set[int], bool]:
    """Which of these sentences can hold a term (their numbers), and whether one can hold a claim.
    Joined by spaces, each sentence's words start at the same places (a space is neither a letter
    nor a hyphen, like the start and end of a sentence), as long as lower case keeps every
    character in its place; else every sentence is to be looked at."""
    text = " ".join(sentences)
    low = text.lower()
    if len(low) != len(text):
        return set(range(len(sentences))), True
    ends = list(accumulate(len(s) + 1 for s in sentences))  # where each sentence's space is
    terms, claim = set(), False
    match = _TERM_OR_CLAIM.search(low)
    while match:
        start = match.start()
        if jargon.ANY_TERM.where.match(low, start):
            terms.add(bisect.bisect_right(ends, start))
        claim = claim or claims.ANY_CLAIM.where.match(low, start) is not None
        match = _TERM_OR_CLAIM.search(low, start + 1)
    return terms, claim


def readable(leaflet: Leaflet, report, read: Prose | None) -> Iterator[Finding]:
    """LF201-LF205: Flesch Reading Ease overall and per section, long sentences and words, jargon.
    ``read``: the leaflet's prose as read_prose reads it (None for a leaflet not in English).

    Flesch's formula, the syllable counts behind the long-word rule and the jargon list are
    English: a leaflet in another language gets the sentence-length rule only (LF203), for
    languages that put spaces between words, and no Flesch score."""
    if not english(leaflet):
        report.readability = "sentence length only (Flesch Reading Ease is an English formula)"
        yield from _sentence_lengths(leaflet)
        return
    assert read is not None  # read_prose reads every English leaflet
    source = leaflet._source
    per_section = read.sections
    # The treatment's own name (in the title) is a word the patient needs, however long.
    named = {w.lower() for w in Sentence((), leaflet.title).words}
    first = 0
    for path, texts, too_long in read.fields:
        numbers = range(first, first + len(texts))
        first += len(texts)
        if not too_long and read.jargon.isdisjoint(numbers):
            continue  # nothing in this field to report
        locator = Locator(source, path)
        for number, text in zip(numbers, texts, strict=True):
            sentence = Sentence(path, text)
            words = sentence.words
            terms = jargon.jargon_in(sentence.text) if number in read.jargon else []
            long = readability.long_words(sentence)
            if long:
                named_here = named | {typed.lower() for typed, _, _ in terms}
                long = list(dict.fromkeys(w for w in long if w.lower() not in named_here))
            if len(words) <= readability.MAX_SENTENCE_WORDS and not long and not terms:
                locator.passed(sentence.text)
                continue
            line, col = locator.find(sentence.text)
            if len(words) > readability.MAX_SENTENCE_WORDS:
                yield _too_long(leaflet, line, col, sentence, len(words))
            for word in long:
                yield _here(
                    leaflet,
                    "LF204",
                    line,
                    col,
                    sentence,
                    f"'{word}' is a very long word",
                    "Use a shorter, everyday word, or explain it in the same sentence.",
                    needle=word,
                )
            for typed, usual, plain in terms:
                yield _here(
                    leaflet,
                    "LF205",
                    line,
                    col,
                    sentence,
                    f"'{typed}' is medical jargon",
                    f"Write \"{plain}\" instead, or explain '{usual}' in the same sentence.",
                    needle=typed,
                )
    total = sum(per_section.values(), NO_TEXT)
    report.flesch = round(total.flesch, 1)
    report.sections = {leaflet.sections[i].heading: round(s.flesch, 1) for i, s in per_section.items() if i is not None}
    if total.words and total.flesch < FLESCH_TARGET:
        yield at(
            leaflet,
            "LF201",
            ("title",),
            f"the leaflet's Flesch Reading Ease is {figure(total.flesch, FLESCH_TARGET)} "
            f"(the target is {FLESCH_TARGET:.0f} or more)",
            "Use shorter sentences and everyday words; the sections below 60 are listed too.",
        )
    for index, s in per_section.items():
        if index is not None and s.words >= 30 and s.flesch < FLESCH_TARGET:
            yield at(
                leaflet,
                "LF202",
                ("sections", index, "heading"),
                f"the section '{leaflet.sections[index].heading}' has a Flesch Reading Ease of "
                f"{figure(s.flesch, FLESCH_TARGET)} (the target is {FLESCH_TARGET:.0f} or more)",
                "Use shorter sentences (about 15 words) and words of one or two syllables.",
            )


def english(leaflet: Leaflet) -> bool:
    return leaflet.language.lower().split("-")[0] == "en"


def _sentence_lengths(leaflet: Leaflet) -> Iterator[Finding]:
    """LF203 in any language whose words are separated by spaces (not Chinese, Japanese or Thai)."""
    from ..text.scripts import script_of

    if script_of(leaflet.language).cjk:
        return
    source = leaflet._source
    for _, path, text in prose(leaflet):
        locator = Locator(source, path)
        for sentence in sentences_of(text, path, any_language=True):
            words = sentence.words_any
            if len(words) <= readability.MAX_SENTENCE_WORDS:
                continue
            line, col = locator.find(sentence.text)
            yield _too_long(leaflet, line, col, sentence, len(words))


def forbidden_claims(
    leaflet: Leaflet, texts: list[tuple[DataPath, str]], extra: Sequence[tuple] = (), read: Prose | None = None
) -> Iterator[Finding]:
    """LF301 forbidden claims, LF302 time-limited offers, LF303 'non-invasive' for an injection.
    ``texts``: the leaflet's text_fields; ``read``: its prose as read_prose read it. The patterns
    are English: a leaflet in another language is checked in the brand's fields only."""
    if (
        read is not None
        and not read.claim
        and not claims.may_claim_in(
            [text for path, text in texts if path not in read.paths] + [text for _, _, text in extra]
        )
    ):
        return  # no sentence of the prose or of any other field can hold a claim (most leaflets)
    fields = [(leaflet, path, text) for path, text in (texts if english(leaflet) else [])]
    fields += list(extra)
    every = claims.FIELD_BREAK.join(text for _, _, text in fields)
    if not claims.may_claim(every):  # most leaflets make no claim at all: one scan of all their text
        return
    injection = any(claims.mentions_injection(text) for model, _, text in fields if model is leaflet)
    for model, path, text in fields:
        if not claims.may_claim(text):
            continue
        locator = Locator(getattr(model, "_source", None), path)
        for sentence in (s.text for s in sentences_of(text, path)):
            for claim, typed in claims.claims_in(sentence):
                if claim is claims.NON_INVASIVE:  # only a claim about a treatment given with needles
                    if not (injection and model is leaflet):
                        continue
                    message = f"'{typed}' {claim.why}"
                else:
                    message = f"'{typed}': {claim.why}"
                line, col = locator.find(sentence)
                yield _located(model, claim.code, path, line, col, typed, message, claim.hint)


def _quote(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _here(leaflet, code, line, col, sentence: Sentence, message, hint, needle: str | None = None) -> Finding:
    return _located(leaflet, code, sentence.path, line, col, needle, message, hint)


def _too_long(leaflet, line, col, sentence: Sentence, count: int) -> Finding:
    """LF203: one finding, worded once, for the English rule and the any-language rule."""
    return _here(
        leaflet,
        "LF203",
        line,
        col,
        sentence,
        f'this sentence has {count} words (more than {readability.MAX_SENTENCE_WORDS}): "{_quote(sentence.text)}"',
        "Split it into two or three shorter sentences.",
    )


def _located(model, code, path, line, col, needle, message, hint) -> Finding:
    source = getattr(model, "_source", None)
    if source is None:  # an object made in code: the data path says where, as problem_at words it
        return from_problem(code, SourceMap(None).problem(path, message, hint))
    if needle:
        line, col = source.search(line, col, needle, within=3, ignore_case=True)
    return Finding(code, message, source.file, line, col, hint)
