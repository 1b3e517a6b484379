"""What a consent form holds, settled from the prepared leaflet before layout: the leaflet it
belongs to, every risk in the leaflet's own words (serious ones first), the other choices, the time
to decide, the questions and declarations, and the names of its fillable fields.

Field names are the form's interface with clinic systems, so they never depend on the language or
the wording: ``risk_3_discussed`` is the third risk on the form, and each field's tooltip (``/TU``)
holds the words it stands for. Names use no dots (a dot in a PDF field name means a parent field).

    leaflet_reference, leaflet_version, leaflet_title, leaflet_language, leaflet_published,
    leaflet_source_version, leaflet_source_now          read-only, hidden: what the form was made from
    leaflet_given_date                                  the date the leaflet was given
    risk_<n>_discussed, risk_<n>_initials               every risk, n from 1
    choice_<n>_discussed, choice_none_discussed         the alternatives, then no treatment
    question_<n>                                        yes-or-no (radio buttons: /yes, /no)
    clinic_products, clinic_treated_by                  filled in by the clinic (from the brand when it says)
    declaration_<n>                                     the patient's declarations
    patient_signature, patient_name, patient_date       (signature fields are /FT /Sig)
    practitioner_signature, practitioner_name, practitioner_date
    withdrawn_signature, withdrawn_date                 consent withdrawn
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import LeafletError
from ..load.files import FileProblem
from ..text.money import long_date
from ..text.prepare import Prepared

FORM_VERSION = "1"  # of the field names above; kept in the PDF's keywords


@dataclass(frozen=True)
class Item:
    """One line to tick: its words, and the field that holds the tick."""

    text: str
    field: str
    serious: bool = False


@dataclass(frozen=True)
class ConsentForm:
    prepared: Prepared
    leaflet_line: str  # "I have been given leaflet LF-MESO-001 version 1.1, published on ..."
    translation_lines: tuple[str, ...]  # which version a translation is of, and whether its source moved on
    risks: tuple[Item, ...]
    choices: tuple[Item, ...]  # the alternatives, then "no treatment"
    cooling_off: str | None
    questions: tuple[Item, ...]
    declarations: tuple[Item, ...]
    hidden: tuple[tuple[str, str], ...]  # (field, value): what the form was made from

    @property
    def words(self):
        return self.prepared.words


# A citation as text/citations.py prints it: "[2]", "[1, 3]", "[clinic advice]", "[2; clinic advice]".
_DIGITS = r"\d+(?:,\u00a0\d+)*"


def uncited(text: str, clinic_label: str) -> str:
    """The text without its citations: a form has no list of sources for "[2]" to point to."""
    label = re.escape(clinic_label.replace(" ", "\u00a0"))
    pattern = rf"[ \t\u00a0]*\[(?:{_DIGITS}(?:;\u00a0{label})?|{label})\]"
    return re.sub(pattern, "", text).strip()


def source_version_now(prepared: Prepared) -> str | None:
    """For a translation: its source's version today (None when unreadable or not a translation)."""
    leaflet = prepared.leaflet
    if not leaflet.translation_of:
        return None
    from ..lint.language_rules import load_source

    try:
        return load_source(leaflet).version
    except (LeafletError, FileProblem):
        return None


def consent_form(prepared: Prepared) -> ConsentForm:
    lf, words = prepared.leaflet, prepared.words
    clean = lambda text: uncited(text, words.CLINIC_ADVICE)  # noqa: E731
    published = long_date(lf.published, prepared.locale)
    if lf.reference and lf.version:
        line = words.CONSENT_LEAFLET.format(reference=lf.reference, version=lf.version, date=published)
    else:
        title = " ".join(p for p in (lf.title, lf.reference, lf.version) if p)
        line = words.CONSENT_LEAFLET_UNNUMBERED.format(title=title, date=published)
    translation: list[str] = []
    now = source_version_now(prepared)
    if lf.source_version:
        translation.append(words.CONSENT_TRANSLATED.format(version=lf.source_version))
        if now and now != lf.source_version:
            translation.append(words.CONSENT_STALE.format(current=now, version=lf.source_version))
    extra = lf.consent
    risks = [r for s in lf.sections for r in s.risks or []] + list(extra.risks or [] if extra else [])
    ordered = [r for r in risks if r.serious] + [r for r in risks if not r.serious]
    choices = [clean(a) for a in (extra.alternatives or [] if extra else [])] + [words.CONSENT_NO_TREATMENT]
    hidden = [
        ("leaflet_reference", lf.reference or ""),
        ("leaflet_version", lf.version or ""),
        ("leaflet_title", lf.title),
        ("leaflet_language", lf.language),
        ("leaflet_published", lf.published.isoformat()),
    ]
    if lf.source_version:
        hidden += [("leaflet_source_version", lf.source_version), ("leaflet_source_now", now or "")]
    return ConsentForm(
        prepared=prepared,
        leaflet_line=line,
        translation_lines=tuple(translation),
        risks=tuple(Item(clean(r.text), f"risk_{n}_discussed", r.serious) for n, r in enumerate(ordered, 1)),
        choices=tuple(Item(text, f"choice_{n}_discussed") for n, text in enumerate(choices[:-1], 1))
        + (Item(choices[-1], "choice_none_discussed"),),
        cooling_off=clean(extra.cooling_off) if extra and extra.cooling_off else None,
        questions=tuple(
            Item(clean(q), f"question_{n}") for n, q in enumerate(extra.questions or [] if extra else [], 1)
        ),
        declarations=tuple(
            Item(clean(d), f"declaration_{n}")
            for n, d in enumerate(
                # the content's own before the last of the form's ("I agree to have this treatment.")
                list(words.CONSENT_DECLARATIONS[:-1])
                + list(extra.declarations or [] if extra else [])
                + list(words.CONSENT_DECLARATIONS[-1:]),
                1,
            )
        ),
        hidden=tuple(hidden),
    )
