"""Sandboxed Jinja2 over every piece of leaflet text: {{ clinic.name }} and friends.

The sandbox refuses unsafe expressions; StrictUndefined makes an unknown name an error. Brand fields
that a clinic left out read as a neutral phrase, so a three-line brand file still gives sentences.
"""
from __future__ import annotations

import re
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ..errors import LeafletError, Problem
from ..load import NOT_PRINTED, Brand, Leaflet, problem_at
from ..load.validate import did_you_mean
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

_ENV = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False,
                                     keep_trailing_newline=True)
# Leaflet text fills in names and may choose between words; it never computes. Anything else (loops,
# arithmetic, calls) could make a tiny file take minutes or produce megabytes, so it is refused.
_ALLOWED_NODES = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Getattr,
                  nodes.Const, nodes.If, nodes.CondExpr, nodes.Not, nodes.And, nodes.Or,
                  nodes.Compare, nodes.Operand, nodes.Filter, nodes.Test)
_ALLOWED_FILTERS = {"upper", "lower", "capitalize", "title", "trim", "default", "d"}
MAX_TEXT = 20_000  # characters in one field: far more than any section needs


class TemplateTooComplex(TemplateError):
    """The text uses template features that leaflets do not allow."""


def _check_simple(text: str) -> None:
    for node in _ENV.parse(text).find_all(nodes.Node):
        if not isinstance(node, _ALLOWED_NODES) or (
                isinstance(node, nodes.Filter) and node.name not in _ALLOWED_FILTERS):
            raise TemplateTooComplex(type(node).__name__)


def clinic_fields(brand: Brand) -> dict[str, str]:
    fields = {"name": brand.name}
    for name, fallback in UNSET_BRAND_FIELDS.items():
        fields[name] = getattr(brand, name) or fallback
    return fields


def render_text(text: str, context: dict[str, Any]) -> str:
    """One string through the sandbox (raises Jinja's own errors)."""
    if "{" not in text:
        return text
    _check_simple(text)
    return _ENV.from_string(text).render(context)


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
        if len(rendered) > MAX_TEXT:
            problems.append(problem_at(
                leaflet, path,
                f"this text is {len(rendered):,} characters long; the most one field may hold is {MAX_TEXT:,}",
                "Split it into several sections."))
        return rendered
    except (TemplateError, SecurityError, RecursionError, OverflowError, MemoryError) as exc:
        problems.append(_problem(exc, path, context, leaflet))
        return value


def _problem(exc: BaseException, path: DataPath, context: dict, leaflet: Leaflet) -> Problem:
    names = [f"clinic.{n}" for n in context["clinic"]]
    hint = "Names you can use: " + ", ".join("{{ %s }}" % n for n in names) + "."
    needle = "{{"
    if isinstance(exc, UndefinedError):
        missing = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", str(exc))
        word = next((g for g in missing.groups() if g), "?") if missing else "?"
        needle = f"clinic.{word}" if "attribute" in str(exc) else word
        message = f"unknown name '{needle}'{did_you_mean(needle, names)}"
    elif isinstance(exc, (SecurityError, TemplateTooComplex)):
        message = "leaflet text can only fill in names, such as {{ clinic.phone }}"
        hint = "Remove the loop, calculation or call; to print braces literally, write {{ '{{' }}."
    elif isinstance(exc, TemplateSyntaxError):
        message = f"the {{{{ ... }}}} in this text is not written correctly: {exc.message}"
        hint = "Write names as {{ clinic.phone }}; to print '{{' literally, write {{ '{{' }}."
    else:
        message = f"this text could not be filled in: {exc}"
    return problem_at(leaflet, path, message, hint, needle=needle)
