"""What a patient leaflet must contain and how its parts must be written (LF1xx, LF2xx, LF3xx)."""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..load import Leaflet, SourceMap
from ..load.yamlpos import DataPath
from ..wording import figure
from . import claims, jargon, readability
from .findings import Finding, at, from_problem
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
        yield at(leaflet, "LF101", ("sections",), "the leaflet has no risks section",
                 "Add a section with risks: each with a frequency, and the serious ones with an action.",
                 key=True)
    elif not any(r.serious and r.action for _, r in risks):
        index = risks[0][0]
        yield at(leaflet, "LF102", ("sections", index, "risks"),
                 "no serious risk tells the patient what to do",
                 "Mark the risks that need help fast with 'serious: true' and give each an 'action'.",
                 key=True)
    if not any(s.aftercare for s in sections):
        yield at(leaflet, "LF103", ("sections",), "the leaflet has no aftercare section",
                 "Add a section with 'aftercare:' steps: what to do and avoid afterwards, and for how long.",
                 key=True)
    if not any(s.prices or (_COSTS.search(s.heading)) for s in sections):
        yield at(leaflet, "LF104", ("sections",), "the leaflet does not say what the treatment costs",
                 "Add a section with 'prices:' (a brand file can give the clinic's own prices).", key=True)
    if not any(_CONTACT.search(text) for _, text in typed):
        yield at(leaflet, "LF105", ("sections",), "the leaflet never tells the patient how to contact the clinic",
                 "Write {{ clinic.phone }} (or {{ clinic.email }}) where the patient needs it, "
                 "for example in the aftercare or the serious risks.", key=True)
    if not leaflet.sources:
        yield at(leaflet, "LF106", ("title",), "the leaflet lists no sources",
                 "Add 'sources:' with the evidence the leaflet is based on.", key=True)


def dates(leaflet: Leaflet, today: dt.date) -> Iterator[Finding]:
    """LF111 review date passed; LF112 review more than 3 years after publication."""
    if leaflet.review_by < today:
        yield at(leaflet, "LF111", ("review_by",),
                 f"the review date {leaflet.review_by.isoformat()} has passed",
                 "Review the leaflet against current evidence, then update 'published' and 'review_by'.")
    try:
        limit = leaflet.published.replace(year=leaflet.published.year + 3)
    except ValueError:  # 29 February
        limit = leaflet.published.replace(year=leaflet.published.year + 3, day=28)
    if leaflet.review_by > limit:
        yield at(leaflet, "LF112", ("review_by",),
                 f"the review date is more than 3 years after publication ({leaflet.published.isoformat()})",
                 f"Review patient information at least every 3 years: by {limit.isoformat()} at the latest.")


def risk_details(leaflet: Leaflet) -> Iterator[Finding]:
    """LF121 a risk without a frequency band; LF122 a serious risk without an action."""
    for i, section in enumerate(leaflet.sections):
        for r, risk in enumerate(section.risks or []):
            path = ("sections", i, "risks", r)
            if risk.frequency is None:
                yield at(leaflet, "LF121", path + ("text",), "this risk has no frequency band",
                         "Add 'frequency:' (very common, common, uncommon, rare, very rare, or "
                         "'not known' when there is not enough research).", key=True)
            if risk.serious and not risk.action:
                yield at(leaflet, "LF122", path + ("text",), "this serious risk does not say what to do",
                         "Add 'action:': who to call and how fast (for example 999, A&E or NHS 111).",
                         key=True)


def readable(leaflet: Leaflet, report) -> Iterator[Finding]:
    """LF201-LF205: Flesch Reading Ease overall and per section, long sentences and words, jargon.

    Flesch's formula, the syllable counts behind the long-word rule and the jargon list are
    English: a leaflet in another language gets the sentence-length rule only (LF203), for
    languages that put spaces between words, and no Flesch score."""
    if not english(leaflet):
        report.readability = "sentence length only (Flesch Reading Ease is an English formula)"
        yield from _sentence_lengths(leaflet)
        return
    source = leaflet._source
    per_section: dict[int | None, Score] = {}
    # The treatment's own name (in the title) is a word the patient needs, however long.
    named = {w.lower() for w in Sentence((), leaflet.title).words}
    fields = [(index, sentences) for index, path, text in prose(leaflet) if (sentences := sentences_of(text, path))]
    with_terms = jargon.in_which([s.text for _, sentences in fields for s in sentences])  # by their number
    first = 0
    for index, sentences in fields:
        per_section[index] = per_section.get(index, NO_TEXT) + readability.score(sentences)
        numbers = range(first, first + len(sentences))
        first += len(sentences)
        if with_terms.isdisjoint(numbers) and not readability.any_too_long(sentences):
            continue  # nothing in this field to report
        locator = Locator(source, sentences[0].path)
        for number, sentence in zip(numbers, sentences):
            words = sentence.words
            terms = jargon.jargon_in(sentence.text) if number in with_terms else []
            long = readability.long_words(sentence)
            if long:
                named_here = named | {typed.lower() for typed, _, _ in terms}
                long = dict.fromkeys(w for w in long if w.lower() not in named_here)
            if len(words) <= readability.MAX_SENTENCE_WORDS and not long and not terms:
                locator.passed(sentence.text)
                continue
            line, col = locator.find(sentence.text)
            if len(words) > readability.MAX_SENTENCE_WORDS:
                yield _here(leaflet, "LF203", line, col, sentence,
                            f"this sentence has {len(words)} words (more than {readability.MAX_SENTENCE_WORDS}): "
                            f"\"{_quote(sentence.text)}\"", "Split it into two or three shorter sentences.")
            for word in long:
                yield _here(leaflet, "LF204", line, col, sentence, f"'{word}' is a very long word",
                            "Use a shorter, everyday word, or explain it in the same sentence.", needle=word)
            for typed, usual, plain in terms:
                yield _here(leaflet, "LF205", line, col, sentence, f"'{typed}' is medical jargon",
                            f"Write \"{plain}\" instead, or explain '{usual}' in the same sentence.", needle=typed)
    total = sum(per_section.values(), NO_TEXT)
    report.flesch = round(total.flesch, 1)
    report.sections = {leaflet.sections[i].heading: round(s.flesch, 1)
                       for i, s in per_section.items() if i is not None}
    if total.words and total.flesch < FLESCH_TARGET:
        yield at(leaflet, "LF201", ("title",),
                 f"the leaflet's Flesch Reading Ease is {figure(total.flesch, FLESCH_TARGET)} "
                 f"(the target is {FLESCH_TARGET:.0f} or more)",
                 "Use shorter sentences and everyday words; the sections below 60 are listed too.")
    for index, s in per_section.items():
        if index is not None and s.words >= 30 and s.flesch < FLESCH_TARGET:
            yield at(leaflet, "LF202", ("sections", index, "heading"),
                     f"the section '{leaflet.sections[index].heading}' has a Flesch Reading Ease of "
                     f"{figure(s.flesch, FLESCH_TARGET)} (the target is {FLESCH_TARGET:.0f} or more)",
                     "Use shorter sentences (about 15 words) and words of one or two syllables.")


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
            yield _here(leaflet, "LF203", line, col, sentence,
                        f"this sentence has {len(words)} words (more than {readability.MAX_SENTENCE_WORDS}): "
                        f"\"{_quote(sentence.text)}\"", "Split it into two or three shorter sentences.")


def forbidden_claims(leaflet: Leaflet, texts: list[tuple[DataPath, str]],
                     extra: list[tuple] = ()) -> Iterator[Finding]:
    """LF301 forbidden claims, LF302 time-limited offers, LF303 'non-invasive' for an injection.
    ``texts``: the leaflet's text_fields. The patterns are English: a leaflet in another language is
    checked in the brand's fields only."""
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


def _located(model, code, path, line, col, needle, message, hint) -> Finding:
    source = getattr(model, "_source", None)
    if source is None:  # an object made in code: the data path says where, as problem_at words it
        return from_problem(code, SourceMap(None).problem(path, message, hint))
    if needle:
        line, col = source.search(line, col, needle, within=3, ignore_case=True)
    return Finding(code, message, source.file, line, col, hint)
