"""Sandboxed Jinja2, for leaflet text that does more than name a field: {% if %}, filters, errors.

Imported only when such text turns up (see templating.render_text): Jinja2 costs about a sixth of a
cold `leaflet build`, and almost all leaflet text only names fields.
"""
from __future__ import annotations

import re
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ..load.validate import did_you_mean
from .templating import TemplateFailure

_ENV = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False,
                                     keep_trailing_newline=True)
# Leaflet text fills in names and may choose between words; it never computes. Anything else (loops,
# arithmetic, calls) could make a tiny file take minutes or produce megabytes, so it is refused.
_ALLOWED_NODES = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Getattr,
                  nodes.Const, nodes.If, nodes.CondExpr, nodes.Not, nodes.And, nodes.Or,
                  nodes.Compare, nodes.Operand, nodes.Filter, nodes.Test)
_ALLOWED_FILTERS = {"upper", "lower", "capitalize", "title", "trim", "default", "d"}


class TemplateTooComplex(TemplateError):
    """The text uses template features that leaflets do not allow."""


def _check_simple(text: str) -> None:
    for node in _ENV.parse(text).find_all(nodes.Node):
        if not isinstance(node, _ALLOWED_NODES) or (
                isinstance(node, nodes.Filter) and node.name not in _ALLOWED_FILTERS):
            raise TemplateTooComplex(type(node).__name__)


def render(text: str, context: dict[str, Any]) -> str:
    """The text rendered in the sandbox; a TemplateFailure says what is wrong in the author's terms."""
    try:
        _check_simple(text)
        return _ENV.from_string(text).render(context)
    except (TemplateError, SecurityError, RecursionError, OverflowError, MemoryError) as exc:
        raise _failure(exc, context) from None


def _failure(exc: BaseException, context: dict) -> TemplateFailure:
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
    return TemplateFailure(message, hint, needle)
