"""The content model: one leaflet, in one language (pinned by shared/format/content-example.yaml)."""
from __future__ import annotations

import datetime as dt
import math
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError
from pydantic_core.core_schema import ValidationInfo

from ..limits import AMOUNT, FIELD_CHARS, HINT, ITEMS, SECTIONS, TABLE_COLUMNS, TABLE_ROWS
from .fields import Currency, Model, PriceId, PriceValue, SourceId, Sourced, Text, web_address

Items = Field(None, min_length=1, max_length=ITEMS.value)  # a list in a section, or the summary

Frequency = Literal["very common", "common", "uncommon", "rare", "very rare", "not known"]
BLOCKS = ("risks", "aftercare", "prices", "table")


class Risk(Model):
    text: Text
    frequency: Frequency | None = None
    serious: bool = False
    action: Text | None = None


class AftercareStep(Model):
    text: Text
    duration: Text | None = None


class Price(Model):
    id: PriceId | None = Field(None, description="lets a brand set its own price, and text print it as "
                                                 "{{ prices.<id> }}")
    item: Text
    price: PriceValue
    note: Text | None = None
    source: SourceId | int | None = Field(
        None, description="where this guide price comes from: a source's id or number; printed beside "
                          "the price only when the brand does not give its own")


class Table(Model):
    columns: list[Text] = Field(min_length=1, max_length=TABLE_COLUMNS.value)
    rows: list[list[str | int | float]] = Field(min_length=1, max_length=TABLE_ROWS.value)

    @field_validator("rows")
    @classmethod
    def _rows_match_columns(cls, rows: list[list], info: ValidationInfo) -> list[list]:
        width = len(info.data.get("columns") or [])
        for index, row in enumerate(rows):
            if width and len(row) != width:
                raise PydanticCustomError(
                    "row_width", "this row has {got} but the table has {width} columns",
                    {"got": f"{len(row)} cell" + ("s" if len(row) != 1 else ""), "width": width,
                     "at": index, "hint": 'Give every row one cell per column; use "" for an empty cell.'})
            for cell, value in enumerate(row):
                if isinstance(value, float) and not math.isfinite(value) or \
                        not isinstance(value, str) and abs(value) >= AMOUNT.value:
                    raise PydanticCustomError(
                        "number_size", "a number in a table must be under {most} (the '{limit}' limit)",
                        {"most": str(AMOUNT), "limit": AMOUNT.name, "at": (index, cell),
                         "hint": f"Check it for extra digits, or write it as text in quotes. {HINT}"})
        return rows


class Section(Model):
    heading: Text
    text: Text | None = None
    risks: list[Risk] | None = Items
    aftercare: list[AftercareStep] | None = Items
    prices: list[Price] | None = Items
    table: Table | None = None

    @model_validator(mode="after")
    def _one_block(self) -> "Section":
        present = [name for name in BLOCKS if getattr(self, name) is not None]
        if len(present) > 1:
            raise PydanticCustomError(
                "one_block", "a section can hold only one of risks, aftercare, prices or table, "
                "but this one has {found}", {"found": " and ".join(present),
                                             "hint": "Split it into two sections, each with its own heading."})
        if not present and self.text is None:
            raise PydanticCustomError(
                "empty_section", "the section '{heading}' has a heading but nothing under it",
                {"heading": self.heading, "hint": "Add text (or risks, aftercare, prices or a table), "
                                                  "or remove the section."})
        return self

    @property
    def block(self) -> str | None:
        return next((name for name in BLOCKS if getattr(self, name) is not None), None)


def _day_only(value: object) -> object:
    # YAML reads "2026-09-01 10:00" as a datetime; a leaflet is dated by day only.
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_only", "give only the day, without a time",
                                  {"hint": "Write dates as YYYY-MM-DD, for example 2026-09-01."})
    return value


class Source(Model):
    """A reference that text cites as [id] (or [n], its number in the list)."""

    id: SourceId
    text: Text = Field(description="the reference as printed: who, what, when")
    url: web_address(FIELD_CHARS) | None = None
    accessed: dt.date | None = Field(None, description="when the web page was read (YYYY-MM-DD)")

    _day = field_validator("accessed", mode="before")(_day_only)


class SignOff(Model):
    """Who checked the content before it was published, and when."""

    name: Text
    role: Text = Field(description="for example: consultant dermatologist")
    date: dt.date

    _day = field_validator("date", mode="before")(_day_only)


class Checks(Model):
    """Rules of `leaflet check` switched off for this file, each with the reason why."""

    disable: dict[str, Text] = Field(default_factory=dict)


class Leaflet(Sourced):
    translation_of: Text | None = Field(
        None, description="for a translation: the content file it was translated from, relative to this file")
    source_version: Text | None = Field(
        None, description="for a translation: the source's 'version' it was translated from")
    translation_review: SignOff | None = Field(
        None, description="who checked the translation against its source, fluent in both languages; "
                          "until then the leaflet prints that it is awaiting review")
    title: Text
    subtitle: Text | None = None
    language: str = Field("en-GB", pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    reference: Text | None = None
    version: Text | None = None
    published: dt.date
    review_by: dt.date
    currency: Currency = "GBP"
    summary: list[Text] | None = Field(None, max_length=ITEMS.value)
    sections: list[Section] = Field(min_length=1, max_length=SECTIONS.value)
    sources: list[Text | Source] | None = Field(
        None, max_length=ITEMS.value,
        description="references: plain text, or id, text, url and accessed so text can cite them as [id]")
    sign_off: list[SignOff] | None = Field(
        None, max_length=ITEMS.value,
        description="who reviewed the content, their role and when: printed in 'About this leaflet'")
    checks: Checks | None = None

    @model_validator(mode="after")
    def _translation_named(self) -> "Leaflet":
        if bool(self.translation_of) != bool(self.source_version):
            given, missing = (("translation_of", "source_version") if self.translation_of
                              else ("source_version", "translation_of"))
            raise PydanticCustomError(
                "translation", "'{given}' needs '{missing}' too",
                {"given": given, "missing": missing,
                 "hint": "A translation names its source file (translation_of: its-name.yaml) and the "
                         "source's version it was translated from (source_version: \"1.1\")."})
        return self

    @field_validator("published", "review_by", mode="before")
    @classmethod
    def _plain_date(cls, value: object) -> object:
        return _day_only(value)

    @field_validator("review_by")
    @classmethod
    def _review_after_publication(cls, review_by: dt.date, info: ValidationInfo) -> dt.date:
        published = info.data.get("published")
        if published and review_by <= published:
            raise PydanticCustomError(
                "review_before_published",
                "the review date {review} must be later than the publication date {published}",
                {"review": review_by.isoformat(), "published": published.isoformat(),
                 "hint": "Check both dates: a leaflet is reviewed after it is published, "
                         "usually within 3 years."})
        return review_by
