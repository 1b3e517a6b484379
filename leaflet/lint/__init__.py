"""`leaflet check`: the author's lint. Stable rule codes, findings at file:line:col.

    report = lint(leaflet, brand)           # a Report: findings, Flesch scores, counts
    print(report.text()); report.exit_code(strict=False)

Rules live one concern per module: ``content_rules`` (required parts, dates, risks, readability,
claims), ``readability``, ``jargon``, ``claims``, ``brand_rules``, ``tagging_rules`` (what a tagged
PDF needs) and the glyph rule (which reuses the layout's own check). A file switches a rule off with a reason::

    checks:
      disable:
        LF203: "The legal wording in the consent section is fixed."
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..load import DEFAULT_BRAND, Brand, Leaflet, text_fields
from ..message_numbers import figure, plural
from .codes import RULES
from .findings import Finding, at, from_problem
from .readability import FLESCH_TARGET

if TYPE_CHECKING:
    from ..text.prepare import Prepared

__all__ = ["Finding", "Report", "RULES", "lint"]


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    flesch: float | None = None
    sections: dict[str, float] = field(default_factory=dict)
    switched_off: dict[str, str] = field(default_factory=dict)
    readability: str | None = None  # what the readability rules could check, where not everything

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def failed(self, strict: bool = False, release: bool = False) -> bool:
        """Errors fail; with ``strict`` warnings too, except those only a release refuses (no
        clinical sign-off, LF108: a draft waiting for its clinician can be otherwise clean); with
        ``release`` those too."""
        blockers = self.blockers
        warnings = self.count("warning") - len(blockers)
        return bool(self.count("error") or (strict and warnings) or (release and blockers))

    @property
    def blockers(self) -> list[Finding]:
        """The findings that stop a release (`--release`), errors aside."""
        from .governance import RELEASE_BLOCKERS

        return [f for f in self.findings if f.code in RELEASE_BLOCKERS]

    def summary(self) -> str:
        parts = [
            plural(self.count("error"), "error"),
            plural(self.count("warning"), "warning"),
            plural(self.count("info"), "note"),
        ]
        text = ", ".join(parts)
        if self.switched_off:
            text += f" ({plural(len(self.switched_off), 'rule')} switched off)"
        if self.flesch is not None:
            text += f"; Flesch Reading Ease {figure(self.flesch, FLESCH_TARGET)} (target {FLESCH_TARGET:.0f} or more)"
        if self.readability:
            text += f"; readability: {self.readability}"
        return text

    def as_json(self, file: str, strict: bool = False, release: bool = False) -> str:
        return json.dumps(
            {
                "file": file,
                "ok": not self.failed(strict, release),
                "strict": strict,
                "release": release,
                "summary": {
                    "errors": self.count("error"),
                    "warnings": self.count("warning"),
                    "info": self.count("info"),
                },
                "flesch_reading_ease": self.flesch,
                "sections": self.sections,
                "readability": self.readability,
                "switched_off": self.switched_off,
                "findings": [f.as_dict() for f in self.findings],
            },
            indent=2,
            ensure_ascii=False,
        )


# Brand fields as the rules for the author's prose read them: what a clinic calls itself is not
# the author's to fix, so a long clinic name never earns the content a "very long word".
NEUTRAL_CLINIC = {
    "name": "the clinic",
    "phone": "0100 000 0000",
    "email": "clinic@example.org",
    "website": "clinic.example.org",
    "address": "the clinic's address",
    "booking_url": "clinic.example.org/book",
    "tagline": None,
    "footer": None,
}


def lint(
    leaflet: Leaflet, brand: Brand | None = None, *, today: dt.date | None = None, prepared: Prepared | None = None
) -> Report:
    """Run every rule. A {{ name }}, price or citation that cannot be settled raises LeafletError,
    as in a build. ``prepared``: ``prepare(leaflet, brand)``, when a build that runs the rules
    first has made it already (the rules and the layout then read the same text, prepared once)."""
    from ..text.prepare import prepare, refilled_texts, with_texts
    from . import (
        brand_rules,
        consent_rules,
        content_rules,
        evidence,
        governance,
        language_rules,
        price_rules,
        tagging_rules,
    )

    given_brand = brand
    brand = brand or DEFAULT_BRAND
    today = today or _today()
    prepared = prepared or prepare(leaflet, brand)
    rendered = prepared.leaflet
    typed = text_fields(leaflet)  # the text as the author typed it, read by several rules
    printed = text_fields(rendered)
    neutral = refilled_texts(prepared, leaflet, brand.model_copy(update=NEUTRAL_CLINIC), typed)
    prose = with_texts(rendered, neutral)  # and its fields: those printed, these few in other words
    prose_fields = [(path, neutral.get(path, text)) for path, text in printed]
    report = Report()
    found: list[Finding] = []
    found += content_rules.required(rendered, typed)
    found += content_rules.dates(rendered, today)
    found += content_rules.risk_details(rendered)
    found += evidence.sign_off(leaflet)
    found += evidence.citations(leaflet, typed)
    found += price_rules.typed_amounts(leaflet, prepared, typed)
    found += price_rules.price_order(leaflet, given_brand, prepared)
    read = content_rules.read_prose(prose) if content_rules.english(prose) else None
    found += content_rules.readable(prose, report, read)
    brand_text = [
        (given_brand, (name,), getattr(given_brand, name))
        for name in ("name", "tagline", "footer")
        if given_brand is not None and getattr(given_brand, name)
    ]
    found += content_rules.forbidden_claims(prose, prose_fields, brand_text, read)
    brand_fields = text_fields(given_brand) if given_brand is not None else []
    governed = governance._fields(leaflet, typed, given_brand, brand_fields)
    injectable = governance.about_injectable(leaflet, typed)
    found += governance.clinical_sign_off(leaflet)
    found += governance.claimed_checks(leaflet, governed, _own_words(prepared))
    found += governance.advertising(leaflet, given_brand, governed, injectable)
    found += governance.literal_markup(governed)
    found += governance.clinic_facts(leaflet, given_brand, injectable)
    found += _glyphs(prepared, printed)
    found += language_rules.catalogue_rules(leaflet)
    found += language_rules.translation_rules(leaflet)
    found += consent_rules.consent_rules(leaflet)
    found += tagging_rules.tagging_rules(leaflet, given_brand)
    if given_brand is not None:
        found += brand_rules.contrast_rules(given_brand)
        found += brand_rules.logo_resolution(given_brand)
        found += brand_rules.footer_and_contact(given_brand)
    off, problems = _switches(leaflet)
    report.switched_off = off
    report.findings = sorted(dict.fromkeys(problems + [f for f in found if f.code not in off]), key=Finding.sort_key)
    return report


def _today() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH (the reproducible-builds convention) when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def _own_words(prepared) -> list[tuple[str, str]]:
    """(catalogue file, phrase) for the leaflet's own words about where its advice comes from, as
    its language prints them: a catalogue that claimed a clinical check would print it."""
    from ..text.catalogues import catalogue, po_path

    found = catalogue(prepared.leaflet.language)
    file = str(po_path(found.folder)) if found.folder else "leaflet/text/phrases.py"
    words = prepared.words
    return [(file, phrase) for phrase in (words.CLINIC_ADVICE_NOTE, *words.NOT_CLINICALLY_REVIEWED)]


def _glyphs(prepared, printed: list) -> list[Finding]:
    """LF401: the layout's own glyph check (layout/glyphs.py), its problems as findings.
    ``printed``: the prepared leaflet's text_fields."""
    from ..errors import FieldError
    from ..layout.fonts import font_set
    from ..layout.glyphs import check_glyphs
    from ..load import placed
    from ..load.media import read_fonts
    from ..text.scripts import script_of

    script = script_of(prepared.leaflet.language)
    # a font that cannot be used is not a missing character: it stops the check
    fonts = font_set(read_fonts(prepared.brand, script.family), prepared.brand, script)
    try:
        check_glyphs(prepared, fonts, printed)
    except FieldError as exc:
        return [from_problem("LF401", p) for p in placed(exc).problems]
    return []


def _switches(leaflet: Leaflet) -> tuple[dict[str, str], list[Finding]]:
    checks = getattr(leaflet, "checks", None)
    if checks is None:
        return {}, []
    off, problems = {}, []
    for code, reason in checks.disable.items():
        path = ("checks", "disable", code)
        if code not in RULES:
            problems.append(
                at(
                    leaflet,
                    "LF001",
                    path,
                    f"there is no rule '{code}' to switch off",
                    "Use a code that `leaflet check` prints, such as LF203.",
                    key=True,
                )
            )
        elif not reason.strip() or len(reason.split()) < 2:
            problems.append(
                at(
                    leaflet,
                    "LF002",
                    path,
                    f"'{code}' is switched off without a reason",
                    "Say why, in a few words, so the next reviewer knows.",
                    key=True,
                )
            )
        else:
            off[code] = reason
    return off, problems
