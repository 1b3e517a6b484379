"""Leaflet text fills in brand fields: {{ clinic.name }} and friends.

Text that only names fields is filled in here; anything more ({% if %}, filters, and every mistake)
goes to the Jinja2 sandbox (sandbox.py), whose StrictUndefined makes an unknown name an error.
Brand fields that a clinic left out read as a neutral phrase, so a three-line brand file still
gives sentences.
"""
from __future__ import annotations

import re
from typing import Any

from ..errors import LeafletError, Problem
from ..load import NOT_PRINTED, Brand, Leaflet, problem_at
from ..load.yamlpos import DataPath

# What a patient reads where the clinic has not given the field.
UNSET_BRAND_FIELDS = {
    "tagline": "",
    "address": "the address on your appointment letter",
    "phone": "the number on your appointment letter",
    "email": "the email address on your appointment letter",
    "website": "the clinic's website",
    "booking_url": "the clinic's booking page",
    "footer": "",
}
MAX_TEXT = 20_000  # characters in one field: far more than any section needs
_NAME = re.compile(r"\{\{ ?clinic\.([a-z_]+) ?\}\}")


class TemplateFailure(Exception):
    """Text that cannot be filled in: what is wrong, how to fix it, and what to point at."""

    def __init__(self, message: str, hint: str, needle: str):
        super().__init__(message)
        self.message, self.hint, self.needle = message, hint, needle


def clinic_fields(brand: Brand) -> dict[str, str]:
    fields = {"name": brand.name}
    for name, fallback in UNSET_BRAND_FIELDS.items():
        fields[name] = getattr(brand, name) or fallback
    return fields


def render_text(text: str, context: dict[str, Any]) -> str:
    """One string filled in (raises TemplateFailure)."""
    if "{" not in text:
        return text
    fields, pieces = context["clinic"], _NAME.split(text)  # literal text, name, literal text, ...
    literal, names = pieces[::2], pieces[1::2]
    if all(n in fields for n in names) and not any(
            mark in piece for piece in literal for mark in ("{{", "{%", "{#")) and not any(
            piece.endswith("{") for piece in literal[:-1]):  # "{" + "{{" would open a tag earlier
        return "".join(piece if i % 2 == 0 else str(fields[piece]) for i, piece in enumerate(pieces))
    from .sandbox import render  # anything else, and every mistake, in the sandbox
    return render(text, context)


def render_leaflet(leaflet: Leaflet, brand: Brand) -> Leaflet:
    """A copy of the leaflet with every text field rendered, or all template errors at once."""
    context = {"clinic": clinic_fields(brand)}
    problems: list[Problem] = []
    data = _render(leaflet.model_dump(), (), context, leaflet, problems)
    if problems:
        raise LeafletError(problems)
    rendered = Leaflet.model_validate(data, strict=False)
    rendered._source = leaflet._source
    return rendered


def _render(value: Any, path: DataPath, context: dict, leaflet: Leaflet, problems: list) -> Any:
    if isinstance(value, dict):
        return {k: v if k in NOT_PRINTED else _render(v, path + (k,), context, leaflet, problems)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_render(v, path + (i,), context, leaflet, problems) for i, v in enumerate(value)]
    if not isinstance(value, str):
        return value
    try:
        rendered = render_text(value, context)
    except TemplateFailure as failure:
        problems.append(problem_at(leaflet, path, failure.message, failure.hint, needle=failure.needle))
        return value
    if len(rendered) > MAX_TEXT:
        problems.append(problem_at(
            leaflet, path,
            f"this text is {len(rendered):,} characters long; the most one field may hold is {MAX_TEXT:,}",
            "Split it into several sections."))
    return rendered
