"""Claims that advertising (CAP Code) and patient-information rules forbid for cosmetic treatments.

Each pattern is case-insensitive and takes the usual variants (hyphens, spaces, plurals). A claim
that is negated in the same sentence ("no treatment is risk-free", "we cannot guarantee results")
is an honest statement, not a claim, and is allowed where the rule says so.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..text.citations import printed_marks
from .patterns import Patterns, any_in, find
from .text import plain


@dataclass(frozen=True)
class Claim:
    code: str
    words: str  # a regular expression: the claim's words and their usual variants
    why: str
    hint: str
    negatable: bool = True


_BALANCE = "Describe what patients really experience, with the risks beside it."
CLAIMS = (
    Claim(
        "LF301",
        r"risk[\s-]*free|(?:no|zero) risks?",
        "no treatment is free of risk",
        "Say what the risks are and how often they happen.",
    ),
    Claim(
        "LF301",
        r"pain[\s-]*less(?:ly)?|pain[\s-]*free|(?:no|zero|without(?: any)?) pain|"
        r"(?:does not|doesn't|won't|will not|never) hurt",
        "injections can hurt; promising no pain is misleading",
        'Say how it usually feels, for example "you may feel the needles".',
    ),
    Claim(
        "LF301",
        r"guarantee[ds]?(?: results?| outcomes?)?|results? (?:are |is )?guaranteed|"
        r"(?:promised|assured) results?",
        "results cannot be guaranteed",
        "Say what results are likely, and how good the evidence is.",
    ),
    Claim(
        "LF301",
        r"100\s?%\s?safe|100 per\s?cent safe|(?:completely|totally|perfectly|absolutely|"
        r"entirely) safe",
        "no treatment is completely safe",
        "Say what the risks are and how often they happen.",
    ),
    Claim(
        "LF301",
        r"(?:no|zero|without(?: any)?) side[\s-]*effects?|side[\s-]*effect[\s-]*free",
        "every treatment can have side effects",
        "List the side effects and how often they happen.",
    ),
    Claim(
        "LF301",
        r"(?:no|zero|without(?: any)?) downtime|downtime[\s-]*free",
        "recovery time varies and cannot be promised away",
        'Say how long recovery usually takes, for example "redness for 1 to 3 days".',
    ),
    Claim(
        "LF301",
        r"permanent(?:ly)?|last(?:s|ing)? (?:forever|for ever|a lifetime)|lifelong results?",
        "skin keeps ageing; effects are not permanent",
        "Say how long the effects usually last.",
    ),
    Claim(
        "LF302",
        r"limited[\s-]*time(?: offers?| only)?|offers? ends?|ends? (?:soon|today|tonight)|"
        r"(?:today|this week|this month|this weekend) only|book (?:now|today)|"
        r"last chance|while (?:stocks|spaces|places) last|only \d+ (?:places|slots|spaces) left|"
        r"\d+\s?% off|half[\s-]price|special offers?|discount(?:ed)? (?:ends?|until)|"
        r"(?:buy|book) (?:one|1),? get",
        "a time-limited offer pressures patients into a medical decision",
        "Remove the offer: patients must have time to decide (a cooling-off period).",
        negatable=False,
    ),
)
NON_INVASIVE = Claim(
    "LF303",
    r"non[\s-]*invasive|minimally[\s-]*invasive|needle[\s-]*free",
    "describes a treatment given with needles",
    "An injection breaks the skin: describe it as an injection, and say what that means for the patient.",
    negatable=False,
)
_RULES = CLAIMS + (NON_INVASIVE,)
ANY_CLAIM = Patterns([rule.words for rule in _RULES])  # one scan of each sentence for them all (patterns.py)
_INJECTION = re.compile(r"inject|needle|microneedl|syringe|cannula", re.IGNORECASE)
_NOT = re.compile(r"\b(?:not|never)\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|can't|nobody|none|nothing|without|isn't|aren't)\b", re.IGNORECASE)


FIELD_BREAK = "\n\0\n"  # between fields scanned as one text: no claim or citation mark spans it


def may_claim(text: str) -> bool:
    """Whether any sentence of a field's text (as its sentences are made: text.sentences_of) can hold
    a claim: each sentence is a piece of the field's plain text between spaces, so a claim in one is
    a match here. Most fields have none, and are never split into sentences; fields joined by
    FIELD_BREAK are asked all at once."""
    return any_in(ANY_CLAIM, plain(text))


def may_claim_in(texts: list[str]) -> bool:
    """Whether a sentence of these fields (as text.sentences_of makes them) can hold a claim, and
    not only the fields' plain text (may_claim): the plain text holds each sentence between
    spaces, unless a printed citation there runs over a line break (from one paragraph, list item
    or field to the next) or lower case moves a character; then perhaps."""
    joined = FIELD_BREAK.join(texts)
    if any("\n" in mark.group(0) for mark in printed_marks(joined)):
        return True
    text = plain(joined)
    return len(text.lower()) != len(text) or any_in(ANY_CLAIM, text)


def claims_in(sentence: str) -> list[tuple[Claim, str]]:
    """(rule, the words as typed) for every forbidden claim in one sentence, rule by rule; 'non-invasive'
    (LF303) is among them, for the caller to keep when the treatment is an injection.

    Whether a negation comes before each claim is read from positions found once per sentence, and
    only in a sentence with a claim: searching the text before every claim again was quadratic on
    "no pain no pain no pain ...".
    """
    matches = find(ANY_CLAIM, sentence)
    if not matches:
        return []
    negations = [m.end() for m in _NEGATION.finditer(sentence)]
    nots = [m.end() for m in _NOT.finditer(sentence)]
    dots = [i for i, ch in enumerate(sentence) if ch == "."]
    found = []
    for index, start, typed in matches:
        claim = _RULES[index]
        own_negation = typed.lower().split()[0] in ("no", "zero", "without")
        if claim.negatable and not own_negation and negations and negations[0] <= start:
            continue
        if claim.negatable and own_negation and _not_since_last_full_stop(nots, dots, start):
            continue
        found.append((claim, typed))
    return found


def _not_since_last_full_stop(nots: list[int], dots: list[int], start: int) -> bool:
    """A 'not' or 'never' before ``start`` with no full stop between them ("we do not promise no pain")."""
    last_not = bisect.bisect_right(nots, start) - 1
    if last_not < 0:
        return False
    last_dot = bisect.bisect_left(dots, start) - 1
    return last_dot < 0 or dots[last_dot] < nots[last_not]


def mentions_injection(text: str) -> bool:
    return _INJECTION.search(text) is not None
