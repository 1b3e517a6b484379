"""Reading a filled consent form back (``leaflet consent --read``): which leaflet and version it
belongs to, which risks and choices were ticked, the answers, and whether it was signed and dated.

The form carries what it was made from in hidden read-only fields, and every tick box the words it
stands for in its tooltip (form.py lists the names), so a form is read without its content file.
A signature counts when its field is signed (a digital signature, /V), or when a drawn mark (an ink
or stamp annotation, as tablet apps add) lies on the signature box.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import LeafletError, Problem, printable
from ..limits import CONSENT_FORM_BYTES
from ..load.files import FileProblem, read_limited

_NUMBERED = re.compile(r"^(risk|choice|declaration|question)_(\d+|none)(?:_discussed)?$")


@dataclass
class Tick:
    text: str
    ticked: bool
    initials: str = ""


@dataclass
class Person:
    signed: bool = False
    name: str = ""
    date: str = ""


@dataclass
class Reading:
    file: str
    reference: str
    version: str
    title: str
    language: str
    published: str
    source_version: str = ""  # a translation: the version of the original it was made from
    source_now: str = ""  # and the original's version when the form was made
    given_date: str = ""
    risks: list[Tick] = field(default_factory=list)
    choices: list[Tick] = field(default_factory=list)
    questions: list[tuple[str, str]] = field(default_factory=list)  # (question, "yes" | "no" | "")
    declarations: list[Tick] = field(default_factory=list)
    products: str = ""
    treated_by: str = ""
    patient: Person = field(default_factory=Person)
    practitioner: Person = field(default_factory=Person)
    withdrawn: Person = field(default_factory=Person)

    @property
    def missing(self) -> list[str]:
        """Every required item left blank, in plain words, in the form's order."""
        out = [] if self.given_date else ["the date the leaflet was given"]
        out += [
            f"risk {n} not ticked as talked about: {_short(t.text)}"
            for n, t in enumerate(self.risks, 1)
            if not t.ticked
        ]
        out += [f"choice not ticked as talked about: {t.text}" for t in self.choices if not t.ticked]
        out += [f"question not answered: {q}" for q, answer in self.questions if not answer]
        out += [f"declaration not ticked: {t.text}" for t in self.declarations if not t.ticked]
        for who, person in (("patient", self.patient), ("practitioner", self.practitioner)):
            out += [
                f"the {who}'s {part}"
                for part, given in (("signature", person.signed), ("name", person.name), ("date", person.date))
                if not given
            ]
        return out

    @property
    def withdrawn_consent(self) -> bool:
        return bool(self.withdrawn.signed or self.withdrawn.date)

    @property
    def complete(self) -> bool:
        """Consent in force: nothing required is missing, and it was not withdrawn."""
        return not self.missing and not self.withdrawn_consent

    def as_json(self) -> str:
        data = asdict(self)
        data["questions"] = [{"text": q, "answer": a or None} for q, a in self.questions]
        data.update(missing=self.missing, withdrawn=self.withdrawn_consent, complete=self.complete)
        data["withdrawn_by"] = data.pop("withdrawn")
        return json.dumps(data, indent=2, ensure_ascii=False)

    def text(self) -> str:
        def mark(ticked: bool) -> str:
            return "[x]" if ticked else "[ ]"

        made = f"leaflet {self.reference or self.title} version {self.version or '(none)'}"
        lines = [
            f'{printable(self.file)}: consent form for {made} ({self.language}), "{self.title}", '
            f"published {self.published}"
        ]
        if self.source_version:
            moved = (
                f"; the original was version {self.source_now} when the form was made"
                if self.source_now and self.source_now != self.source_version
                else ""
            )
            lines.append(f"  a translation of version {self.source_version} of the original{moved}")
        lines.append(f"  leaflet given on: {self.given_date or '(not filled in)'}")
        lines.append(f"  risks talked about: {sum(t.ticked for t in self.risks)} of {len(self.risks)}")
        lines += [
            f"    {mark(t.ticked)} {t.text}" + (f" (initials {t.initials})" if t.initials else "") for t in self.risks
        ]
        lines.append(f"  other choices talked about: {sum(t.ticked for t in self.choices)} of {len(self.choices)}")
        lines += [f"    {mark(t.ticked)} {t.text}" for t in self.choices]
        lines += [f"  question: {q} {a or '(not answered)'}" for q, a in self.questions]
        lines.append(f"  declarations ticked: {sum(t.ticked for t in self.declarations)} of {len(self.declarations)}")
        for who, person in (("patient", self.patient), ("practitioner", self.practitioner)):
            lines.append(
                f"  {who}: {'signed' if person.signed else 'NOT signed'}, name "
                f"{person.name or '(none)'}, date {person.date or '(none)'}"
            )
        if self.withdrawn_consent:
            lines.append(f"  CONSENT WITHDRAWN on {self.withdrawn.date or '(no date)'}")
        if self.missing:
            lines.append(f"  incomplete: {len(self.missing)} required item(s) missing:")
            lines += [f"    - {item}" for item in self.missing]
        elif not self.withdrawn_consent:
            lines.append("  complete: signed, dated and every item ticked")
        return "\n".join(printable(line) for line in lines)


def _short(text: str, most: int = 70) -> str:
    return text if len(text) <= most else text[:most].rsplit(" ", 1)[0] + " ..."


def read_file(path: Path) -> Reading:
    try:
        data = read_limited(path, CONSENT_FORM_BYTES, f"the filled form '{path}'")
    except FileProblem as exc:
        raise LeafletError(Problem(str(exc), str(path), hint=exc.hint)) from None
    return read_form(data, str(path))


def _text(value) -> str:
    return str(value).strip() if value is not None else ""


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def read_form(data: bytes, name: str = "form.pdf") -> Reading:
    """Raises LeafletError for a file that is no PDF, or no consent form made by leaflet."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # its repairs of a damaged file are not the user's business
    try:
        reader = PdfReader(io.BytesIO(data))
        # a damaged name may come back as bytes: every name as text, the first of each kept
        fields: dict[str, Any] = {}
        for key, found in (reader.get_fields() or {}).items():
            fields.setdefault(key if isinstance(key, str) else bytes(key).decode("latin-1"), found)
        widgets, marks = {}, []
        for page in reader.pages:
            for annot in page.get("/Annots") or []:
                annot = annot.get_object()
                rect = [float(v) for v in annot.get("/Rect", [0, 0, 0, 0])]
                if len(rect) != 4:  # a damaged annotation: it marks nothing
                    continue
                if annot.get("/Subtype") in ("/Ink", "/Stamp"):
                    marks.append((page.page_number, rect))
                elif annot.get("/T") is not None:
                    widgets[str(annot["/T"])] = (page.page_number, rect)
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError, OSError, RecursionError) as exc:
        # a damaged or hostile file: pypdf's own errors, or what its parser trips on
        raise LeafletError(
            Problem(
                f"this file cannot be read as a PDF ({exc})", name, hint="Give the filled consent form as a PDF file."
            )
        ) from None
    finally:
        logger.setLevel(level)
    if "leaflet_reference" not in fields or "patient_signature" not in fields:
        raise LeafletError(
            Problem(
                "this PDF is not a consent form made by `leaflet consent`",
                name,
                hint="Give the filled form that `leaflet consent` wrote (its fields must be kept).",
            )
        )

    def value(key: str) -> str:
        found = fields.get(key)
        return _text(found.get("/V")) if found is not None else ""

    def ticked(key: str) -> bool:
        found = fields.get(key)
        return found is not None and _text(found.get("/V")) not in ("", "/Off", "Off")

    def tooltip(key: str) -> str:
        return _text(fields[key].get("/TU")) if key in fields else ""

    def signed(key: str) -> bool:
        found = fields.get(key)
        if found is not None and found.get("/V") is not None:
            return True
        place = widgets.get(key)
        return place is not None and any(p == place[0] and _overlaps(r, place[1]) for p, r in marks)

    def numbered(kind: str) -> list[str]:
        keys = [(k, m) for k in fields if (m := _NUMBERED.match(k)) and m.group(1) == kind and m.group(2) != "none"]
        return [k for k, _ in sorted(keys, key=lambda key: int(key[1].group(2)))]

    reading = Reading(
        name,
        value("leaflet_reference"),
        value("leaflet_version"),
        value("leaflet_title"),
        value("leaflet_language"),
        value("leaflet_published"),
        value("leaflet_source_version"),
        value("leaflet_source_now"),
        value("leaflet_given_date"),
    )
    reading.risks = [Tick(tooltip(k), ticked(k), value(k.replace("_discussed", "_initials"))) for k in numbered("risk")]
    reading.choices = [
        Tick(tooltip(k), ticked(k)) for k in numbered("choice") + ["choice_none_discussed"] if k in fields
    ]
    reading.questions = [(tooltip(k), value(k).lstrip("/") if value(k) != "/Off" else "") for k in numbered("question")]
    reading.declarations = [Tick(tooltip(k), ticked(k)) for k in numbered("declaration")]
    reading.products, reading.treated_by = value("clinic_products"), value("clinic_treated_by")
    for who in ("patient", "practitioner"):
        setattr(reading, who, Person(signed(f"{who}_signature"), value(f"{who}_name"), value(f"{who}_date")))
    reading.withdrawn = Person(signed("withdrawn_signature"), "", value("withdrawn_date"))
    return reading
