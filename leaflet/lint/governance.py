"""Honest governance and information, not advertising.

LF108 no clinical sign-off (the leaflet prints that no clinician has reviewed it; `--release`
refuses it), LF109 text that says a clinician checked it when none signed it off, LF304 a
prescription-only medicine named beside a booking link, prices or an offer (CAP Code 12.12),
LF305 a regulator named as approving the treatment, LF306 a registration line that reads as if the
regulator oversees the treatment, LF307 booking wording in an information leaflet, LF402 markup
the format does not support (it prints literally), LF505 a leaflet about an injectable with a brand
that gives none of the clinic facts a patient needs.

The phrases are read in the leaflet's language and in English (lint/phrases.py: one table per
language); a sentence that takes the words back ("not yet reviewed by a clinician") is not a claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..load import Brand, Leaflet
from ..load.fields import Sourced
from ..load.yamlpos import DataPath
from .findings import Finding, at
from .phrases import Phrases, phrases_for

RELEASE_BLOCKERS = frozenset({"LF108"})  # warnings that `check --release` and `build --release` refuse

MARKUP = re.compile(
    r"</?(?:b|i|u|em|strong|br|p|span|font|sup|sub|a|h[1-6])(?:\s[^<>]{0,200})?/?>"
    r"|&(?:[A-Za-z]{2,10}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});",
    re.IGNORECASE,
)
_RECORD = {"sign_off", "translation_review", "sources"}  # the record of who checked it, and references


def _claims(tables: tuple[Phrases, ...], kind: str, text: str) -> list[re.Match]:
    """Matches of the ``kind`` pattern (a Phrases field) in ``text`` that no negation takes back, by any
    of the tables; where two tables find the same words, once."""
    found: dict[tuple[int, int], re.Match] = {}
    for table in tables:
        for match in table.affirmed(getattr(table, kind), text):
            found.setdefault(match.span(), match)
    return [found[span] for span in sorted(found)]


def _found(tables: tuple[Phrases, ...], kind: str, text: str) -> list[re.Match]:
    """Every match of the ``kind`` pattern by any of the tables, negated or not, in order."""
    found: dict[tuple[int, int], re.Match] = {}
    for table in tables:
        for match in getattr(table, kind).finditer(text):
            found.setdefault(match.span(), match)
    return [found[span] for span in sorted(found)]


def _fields(leaflet: Leaflet, typed, brand: Brand | None, brand_fields) -> list[tuple[Sourced, DataPath, str]]:
    """(model, path, text) for the leaflet's text as typed and the brand's printed fields."""
    out: list[tuple[Sourced, DataPath, str]] = [
        (leaflet, path, text) for path, text in typed if path[:1] and path[0] not in _RECORD
    ]
    if brand is not None:
        out += [(brand, path, text) for path, text in brand_fields if path[:1] != ("practitioners",)]
    return out


def about_injectable(leaflet: Leaflet, typed) -> bool:
    tables = phrases_for(leaflet.language)
    return any(
        table.injectable.search(text) for path, text in typed if path[:1] and path[0] not in _RECORD for table in tables
    )


def clinical_sign_off(leaflet: Leaflet) -> Iterator[Finding]:
    """LF108: no sign-off of kind 'clinical'."""
    if leaflet.clinically_reviewed:
        return
    unkind = [who for who in leaflet.sign_off or [] if who.kind is None]
    hint = (
        "When a clinician has reviewed it, add them under 'sign_off:' with 'kind: clinical'. "
        "`leaflet check --release` and `leaflet build --release` refuse a leaflet until then."
    )
    if unkind:
        hint = (
            "A sign-off without 'kind:' counts as editorial. If a clinician gave it, add 'kind: clinical'; "
            "if not, add 'kind: editorial'. "
        ) + hint
    yield at(
        leaflet,
        "LF108",
        ("sign_off",) if leaflet.sign_off else ("title",),
        "no clinician has signed this leaflet off: it prints 'Not yet reviewed by a clinician' on its first "
        "page and under 'About this leaflet'",
        hint,
        key=True,
    )


def claimed_checks(leaflet: Leaflet, fields, phrases: Sequence[tuple[str, str]] = ()) -> Iterator[Finding]:
    """LF109: text that says a clinician checked the leaflet, with no clinical sign-off.
    ``phrases``: (catalogue file, phrase) the leaflet prints around the content."""
    if leaflet.clinically_reviewed:
        return
    hint = (
        "Remove the claim, or, once a clinician has really reviewed the leaflet, record it under "
        "'sign_off:' with 'kind: clinical'."
    )
    tables = phrases_for(leaflet.language)
    for model, path, text in fields:
        for match in _claims(tables, "clinical_check", text):
            yield at(
                model,
                "LF109",
                path,
                f"'{match.group(0)}' says the leaflet was clinically checked, but no clinician has signed it off",
                hint,
                needle=match.group(0),
            )
    for file, phrase in phrases:
        for match in _claims(tables, "clinical_check", phrase):
            yield Finding(
                "LF109",
                f'the leaflet\'s own words "{phrase[:60]}" say it was clinically checked '
                "('{}'), but no clinician has signed it off".format(match.group(0)),
                file,
                hint=hint,
            )


def advertising(leaflet: Leaflet, brand: Brand | None, fields, injectable: bool) -> Iterator[Finding]:
    """LF304-LF307: prescription-only medicines promoted, regulators misquoted, booking wording."""
    tables = phrases_for(leaflet.language)
    promotion = brand is not None and brand.promotion
    priced = any(section.prices for section in leaflet.sections) or bool(brand and brand.prices)
    booking = bool(promotion and brand and brand.booking_url) or any(
        _found(tables, "booking", text) for _, _, text in fields
    )
    offer = any(_found(tables, "offer", text) for _, _, text in fields)
    selling = [what for what, yes in (("a booking link", booking), ("prices", priced), ("an offer", offer)) if yes]
    for model, path, text in fields:
        for match in _found(tables, "medicines", text) if selling else ():
            yield at(
                model,
                "LF304",
                path,
                f"'{match.group(0)}' is a prescription-only medicine, and the leaflet "
                f"also has {' and '.join(selling)}: that promotes it to the public (CAP Code rule 12.12)",
                'Name the consultation, not the medicine ("a consultation about lines and wrinkles"), or '
                "leave out the prices, offers and booking link.",
                needle=match.group(0),
            )
        if injectable:
            for match in _claims(tables, "approved", text):
                yield at(
                    model,
                    "LF305",
                    path,
                    f"'{match.group(0)}' reads as if the regulator approved this "
                    "treatment; regulators register clinics and professionals, they do not approve a "
                    "cosmetic injection",
                    "Say what is registered, and with whom: put practitioners and "
                    "their register numbers under 'practitioners:' in the brand file.",
                    needle=match.group(0),
                )
            for match in _claims(tables, "registered", text):
                yield at(
                    model,
                    "LF306",
                    path,
                    f"'{match.group(0)}' in a leaflet about an injectable treatment "
                    "reads as if the regulator oversees this treatment",
                    "Say what the registration covers, "
                    "or leave it out of the leaflet; a practitioner's own register goes under "
                    "'practitioners:' in the brand file.",
                    needle=match.group(0),
                )
        if not promotion:
            for match in _found(tables, "booking", text):
                yield at(
                    model,
                    "LF307",
                    path,
                    f"'{match.group(0)}' asks the reader to book, but the leaflet is "
                    "for information (the brand's purpose)",
                    "Leave booking out of an information leaflet, "
                    "or set 'purpose: promotion' in the brand file for a marketing leaflet.",
                    needle=match.group(0),
                )


def literal_markup(fields) -> Iterator[Finding]:
    """LF402: HTML tags or entities, which the format prints as typed."""
    for model, path, text in fields:
        for match in MARKUP.finditer(text):
            yield at(
                model,
                "LF402",
                path,
                f"'{match.group(0)}' would print as typed: the format has no HTML",
                "Write **two stars** around words for bold, and characters as themselves (& not &amp;); "
                "there is no italic (it is harder to read).",
                needle=match.group(0),
            )


def clinic_facts(leaflet: Leaflet, brand: Brand | None, injectable: bool) -> Iterator[Finding]:
    """LF505: a leaflet about an injectable, with a brand that says nothing of who treats patients."""
    if brand is not None and injectable and not brand.clinic_facts:
        yield at(
            brand,
            "LF505",
            ("name",),
            "the brand gives none of the clinic facts a patient needs before an injectable treatment",
            "Add 'practitioners:' (name, profession, register, number), 'products:', "
            "'insurance:', 'complaints:', 'out_of_hours:' and 'interpreters:' to the brand file; they print "
            "in a 'Your clinic' box.",
        )
