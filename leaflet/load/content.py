"""The content model: one leaflet, in one language (pinned by examples/content-example.yaml)."""

from __future__ import annotations

import datetime as dt
import math
import re

from ..limits import AMOUNT, FIELD_CHARS, HINT, ITEMS, LANGUAGE_TAG, SECTIONS, TABLE_COLUMNS, TABLE_ROWS
from .fields import (
    BIDI_MARKS,
    JOINERS,
    ZERO_WIDTH_SPACE,
    Currency,
    PriceId,
    PriceValue,
    Sourced,
    SourceId,
    Text,
    web_address,
)
from .model import Bool, Cell, Choice, Date, DictOf, Field, Invalid, ListOf, Model, Nested, OneOf, Optional, Str, Whole

FREQUENCIES = ("very common", "common", "uncommon", "rare", "very rare", "not known")
BLOCKS = ("risks", "aftercare", "prices", "table")


def _items(kind) -> Optional:
    """A list in a section, or the summary: one item at least, if given at all."""
    return Optional(ListOf(kind, ITEMS, at_least=1))


class Risk(Model):
    text = Field(Text)
    frequency = Field(Optional(Choice(*FREQUENCIES)))
    serious = Field(Bool(), False)
    action = Field(Optional(Text))


class AftercareStep(Model):
    text = Field(Text)
    duration = Field(Optional(Text))


class Price(Model):
    id = Field(Optional(PriceId), description="lets a brand set its own price, and text print it as {{ prices.<id> }}")
    item = Field(Text)
    price = Field(PriceValue)
    note = Field(Optional(Text))
    source = Field(
        Optional(
            OneOf(
                {str: SourceId, int: Whole()},
                ("{value} cannot be a source", "Write a source's id, such as nhs-fillers, or its number in the list."),
            )
        ),
        description="where this guide price comes from: a source's id or number; printed beside "
        "the price only when the brand does not give its own",
    )


def _rows_match_columns(rows: list[list], earlier: dict) -> list[list]:
    width = len(earlier.get("columns") or [])
    for index, row in enumerate(rows):
        if width and len(row) != width:
            cells = f"{len(row)} cell" + ("s" if len(row) != 1 else "")
            raise Invalid(
                f"this row has {cells} but the table has {width} columns",
                'Give every row one cell per column; use "" for an empty cell.',
                (index,),
            )
        for cell, value in enumerate(row):
            if (
                isinstance(value, float)
                and not math.isfinite(value)
                or not isinstance(value, str)
                and abs(value) >= AMOUNT.value
            ):
                raise Invalid(
                    f"a number in a table must be under {AMOUNT} (the '{AMOUNT.name}' limit)",
                    f"Check it for extra digits, or write it as text in quotes. {HINT}",
                    (index, cell),
                )
    return rows


class Table(Model):
    columns = Field(ListOf(Text, TABLE_COLUMNS, at_least=1))
    rows = Field(ListOf(ListOf(Cell()), TABLE_ROWS, at_least=1), rule=_rows_match_columns)


class Section(Model):
    heading = Field(Text)
    text = Field(Optional(Text))
    risks = Field(_items(Nested(Risk)))
    aftercare = Field(_items(Nested(AftercareStep)))
    prices = Field(_items(Nested(Price)))
    table = Field(Optional(Nested(Table)))

    def after(self) -> None:
        present = [name for name in BLOCKS if getattr(self, name) is not None]
        if len(present) > 1:
            raise Invalid(
                "a section can hold only one of risks, aftercare, prices or table, "
                f"but this one has {' and '.join(present)}",
                "Split it into two sections, each with its own heading.",
            )
        if not present and self.text is None:
            raise Invalid(
                f"the section '{self.heading}' has a heading but nothing under it",
                "Add text (or risks, aftercare, prices or a table), or remove the section.",
            )

    @property
    def block(self) -> str | None:
        return next((name for name in BLOCKS if getattr(self, name) is not None), None)


class Source(Model):
    """A reference that text cites as [id] (or [n], its number in the list)."""

    id = Field(SourceId)
    text = Field(Text, description="the reference as printed: who, what, when")
    url = Field(Optional(web_address(FIELD_CHARS)))
    accessed = Field(Optional(Date()), description="when the web page was read (YYYY-MM-DD)")


SIGN_OFF_KINDS = ("editorial", "clinical")


class SignOff(Model):
    """Who checked the content before it was published, and when."""

    name = Field(Text)
    role = Field(Text, description="for example: consultant dermatologist")
    date = Field(Date())
    kind = Field(
        Optional(Choice(*SIGN_OFF_KINDS)),
        description=(
            "editorial (facts checked against the sources) or clinical (a clinician reviewed the advice). "
            "Left out, the check counts as editorial: only 'kind: clinical' lets the leaflet print without "
            "its 'not yet reviewed by a clinician' notice"
        ),
    )


class Checks(Model):
    """Rules of `leaflet check` switched off for this file, each with the reason why."""

    disable = Field(DictOf(Text), factory=dict)


class Consent(Model):
    """What the consent form adds to the leaflet (``leaflet consent``): the choices besides this
    treatment, the time to decide, and the form's own declarations, questions and risks."""

    alternatives = Field(
        _items(Text), description="other treatments the leaflet names; the form adds 'no treatment' itself"
    )
    cooling_off = Field(Optional(Text), description="how long the patient has to decide, in plain words")
    declarations = Field(_items(Text), description="statements the patient ticks, besides the form's own")
    questions = Field(_items(Text), description="yes-or-no questions for the patient, such as 'Are you pregnant?'")
    risks = Field(_items(Nested(Risk)), description="risks to talk about that the leaflet does not list")


# A BCP 47 language tag (RFC 5646): an ISO 639 language, then optional script, region, variants, extensions and
# private use, in that order. It goes into the PDF's /Lang and the page's lang="...", unescaped.
_BCP47 = re.compile(
    r"^[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}(?:-[A-Za-z]{4})?"
    r"(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?$"
)


def _review_after_publication(review_by: dt.date, earlier: dict) -> dt.date:
    published = earlier.get("published")
    if published and review_by <= published:
        raise Invalid(
            f"the review date {review_by.isoformat()} must be later than the publication date {published.isoformat()}",
            "Check both dates: a leaflet is reviewed after it is published, usually within 3 years.",
        )
    return review_by


# Languages written right to left (by their own tag, or their script's), where a bidirectional mark
# may be needed to keep a line in order; and languages written without spaces between words, whose
# text may mark where a line can break with a zero-width space.
_RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi"}
_RTL_SCRIPTS = {"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"}
_UNSPACED = {"th", "lo", "km", "my", "bo", "dz"}

_SOURCE = (
    "{value} cannot be a source",
    "Write the reference as text (in quotes if it starts with a number), or as "
    "fields: id, text, and url and accessed if it is a web page.",
)


class Leaflet(Sourced):
    translation_of = Field(
        Optional(Text), description="for a translation: the content file it was translated from, relative to this file"
    )
    source_version = Field(
        Optional(Text), description="for a translation: the source's 'version' it was translated from"
    )
    translation_review = Field(
        Optional(Nested(SignOff)),
        description=(
            "who checked the translation against its source, fluent in both languages; "
            "until then the leaflet prints that it is awaiting review"
        ),
    )
    title = Field(Text)
    subtitle = Field(Optional(Text))
    language = Field(
        Str(
            LANGUAGE_TAG,
            pattern=_BCP47,
            mismatch=("{value} is not a language tag", "Use a BCP 47 tag such as en-GB, en-US, fr or cy."),
        ),
        "en-GB",
    )
    reference = Field(Optional(Text))
    version = Field(Optional(Text))
    published = Field(Date())
    review_by = Field(Date(), rule=_review_after_publication)
    currency = Field(Currency, "GBP")
    summary = Field(Optional(ListOf(Text, ITEMS)))
    sections = Field(ListOf(Nested(Section), SECTIONS, at_least=1))
    sources = Field(
        Optional(ListOf(OneOf({str: Text, (dict, Source): Nested(Source)}, _SOURCE), ITEMS)),
        description="references: plain text, or id, text, url and accessed so text can cite them as [id]",
    )
    sign_off = Field(
        Optional(ListOf(Nested(SignOff), ITEMS)),
        description="who reviewed the content, their role and when: printed in 'About this leaflet'",
    )
    checks = Field(Optional(Nested(Checks)))
    consent = Field(
        Optional(Nested(Consent)),
        description="what the consent form (leaflet consent) adds: "
        "alternatives, time to decide, declarations, "
        "questions and risks",
    )

    def format_allowed(self) -> str:
        subtags = self.language.lower().split("-")
        rtl = subtags[0] in _RTL_LANGUAGES or bool(_RTL_SCRIPTS & set(subtags[1:2]))
        return JOINERS + (BIDI_MARKS if rtl else "") + (ZERO_WIDTH_SPACE if subtags[0] in _UNSPACED else "")

    @property
    def clinically_reviewed(self) -> bool:
        """A clinician has signed the content off (a sign-off of kind 'clinical')."""
        return any(who.kind == "clinical" for who in self.sign_off or [])

    def after(self) -> None:
        if bool(self.translation_of) != bool(self.source_version):
            given, missing = (
                ("translation_of", "source_version") if self.translation_of else ("source_version", "translation_of")
            )
            raise Invalid(
                f"'{given}' needs '{missing}' too",
                "A translation names its source file (translation_of: its-name.yaml) and the "
                'source\'s version it was translated from (source_version: "1.1").',
            )
