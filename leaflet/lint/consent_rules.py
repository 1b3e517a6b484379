"""Whether a leaflet makes a good consent form (LF8xx, ``leaflet consent``): the patient signs that
every serious risk, the other choices and the time to decide were talked about, so the content
must give them, and the form's own words must be in the leaflet's language."""

from __future__ import annotations

from collections.abc import Iterator

from ..load import Leaflet
from ..text import phrases
from ..text.catalogues import catalogue
from .findings import Finding, at, untranslated

CONSENT_HINT = "Add it under 'consent:' at the end of the content file (see docs/consent.md)."


def consent_phrases() -> set[str]:
    out: set[str] = set()
    for name in phrases.CONSENT_NAMES:
        value = getattr(phrases, name)
        out.update([value] if isinstance(value, str) else value)
    return out


def consent_rules(leaflet: Leaflet, making_form: bool = False) -> Iterator[Finding]:
    """LF801 a form's serious risk with no action; LF802 no alternatives; LF803 no time to decide;
    LF804 the form's own phrases missing from the language's catalogue.

    LF802 and LF803 concern a leaflet meant to make a form: one with a ``consent:`` block, or any
    leaflet ``leaflet consent`` is making a form of (``making_form``); a leaflet only built and
    handed out is not asked for them."""
    block = leaflet.consent
    where = ("consent",) if block is not None else ("title",)
    asked = block is not None or making_form
    for r, risk in enumerate(block.risks or [] if block else []):
        if risk.serious and not risk.action:
            yield at(
                leaflet,
                "LF801",
                ("consent", "risks", r, "text"),
                "this serious risk does not say what to do",
                "Add 'action:': who to call and how fast (for example 999, A&E or NHS 111).",
                key=True,
            )
    if asked and (block is None or not block.alternatives):
        yield at(
            leaflet,
            "LF802",
            where,
            "the consent form names no other choices besides this treatment",
            "List the other treatments the leaflet describes under 'alternatives:' (the form adds "
            f"'no treatment' itself). {CONSENT_HINT}",
            key=True,
        )
    if asked and (block is None or not block.cooling_off):
        yield at(
            leaflet,
            "LF803",
            where,
            "the consent form does not say how long the patient has to decide",
            f"Say it under 'cooling_off:', for example: You do not have to decide on the day. {CONSENT_HINT}",
            key=True,
        )
    found = catalogue(leaflet.language)
    if found.folder is not None and not found.english:
        missing = [m for m in found.missing if m in consent_phrases()]
        if missing:
            yield untranslated(leaflet, "LF804", found.folder, missing, "the consent form's")
