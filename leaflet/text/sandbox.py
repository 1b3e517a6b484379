"""Sandboxed Jinja2, for leaflet text that does more than name a field: {% if %}, filters, errors.

Imported only when such text turns up (see templating.render_text): Jinja2 costs about a sixth of a
cold `leaflet build`, and almost all leaflet text only names fields.

Leaflet text fills in names and may choose between words; it never computes. The template is
checked before it runs: only the documented names (``clinic.phone`` and friends), text and number
constants, ``{% if %}``, ``==``/``!=``, ``and``/``or``/``not``, a few text filters and the
``defined`` tests. Everything else (loops, arithmetic, calls, attribute chains such as
``clinic.name.upper`` that reach Python objects) is refused, so a small file can neither run for
minutes, nor produce megabytes, nor print a Python object's address into the PDF.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..errors import TemplateFailure
from ..limits import FIELD_CHARS, HINT, TEMPLATE_DEPTH, TEMPLATE_TOKENS
from ..load.model import did_you_mean


class _NotText(Exception):
    def __init__(self, value: object):
        self.value = value


def _only_text(value: object) -> object:
    """What a {{ }} may print: text and numbers, never True, None, a field set or a Python object."""
    if isinstance(value, str) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    raise _NotText(value)


_ENV = ImmutableSandboxedEnvironment(
    undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True, finalize=_only_text
)
_ENV.globals.clear()  # range, lipsum, dict, cycler, joiner, namespace: text sees only the fields
_FILTERS = {"upper": 0, "lower": 0, "capitalize": 0, "title": 0, "trim": 0, "default": 2, "d": 2}  # most args
_TESTS = {"defined", "undefined", "none"}
_ENV.filters = {name: _ENV.filters[name] for name in _FILTERS}
_ENV.tests = {name: _ENV.tests[name] for name in _TESTS}
_LOGIC = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.If,
    nodes.CondExpr,
    nodes.Not,
    nodes.And,
    nodes.Or,
    nodes.Compare,
    nodes.Operand,
)
_AST_DEPTH = 4 * TEMPLATE_DEPTH.value  # nodes inside each other; a legitimate template needs about 15
_UNARY = {("name", "not"), ("operator", "-"), ("operator", "+")}


class _Refused(Exception):
    """The template does something leaflet text may not: the message says what."""

    def __init__(self, message: str, hint: str, needle: str = "{{"):
        self.message, self.hint, self.needle = message, hint, needle


_COMPLEX = (
    "leaflet text can only fill in names, such as {{ clinic.phone }}",
    "Remove the loop, calculation or call; to print braces literally, write {{ '{{' }}.",
)


def _too_deep() -> _Refused:
    return _Refused(
        f"the {{{{ }}}} and {{% %}} here are nested more than {TEMPLATE_DEPTH} deep "
        f"(the '{TEMPLATE_DEPTH.name}' limit)",
        f"Use fewer {{% if %}} inside each other. {HINT}",
    )


def _check_tokens(text: str) -> None:
    """Count tokens and nesting before parsing: Jinja's parser recurses once per bracket, {% if %}
    and 'not', and a few hundred of them would exhaust Python's stack."""
    count = depth = blocks = unary = 0
    previous = None
    for _, kind, value in _ENV.lex(text):
        if kind in ("data", "whitespace"):
            continue
        count += 1
        if count > TEMPLATE_TOKENS.value:
            raise _Refused(
                f"the {{{{ }}}} and {{% %}} in this text hold more than {TEMPLATE_TOKENS} "
                f"(the '{TEMPLATE_TOKENS.name}' limit)",
                f"Leaflet text only names fields and chooses between words. {HINT}",
            )
        if kind == "operator" and value in "([{":
            depth += 1
        elif kind == "operator" and value in ")]}":
            depth -= 1
        elif kind == "name" and previous == "block_begin":
            blocks += {"if": 1, "endif": -1}.get(value, 0)
        unary = unary + 1 if (kind, value) in _UNARY else 0
        if depth + blocks + unary > TEMPLATE_DEPTH.value:
            raise _too_deep()
        previous = kind


def _check_tree(tree: nodes.Template, names: dict[str, Any]) -> None:
    """Only what the module docstring lists; walked without recursion, depth counted."""
    stack: list[tuple[nodes.Node, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > _AST_DEPTH:
            raise _too_deep()
        if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
            _check_name(f"{node.node.name}.{node.attr}", names)
            continue
        if isinstance(node, nodes.Name):
            _check_name(node.name, names)
        elif isinstance(node, (nodes.Filter, nodes.Test)):
            allowed = (
                _FILTERS.get(node.name) if isinstance(node, nodes.Filter) else (0 if node.name in _TESTS else None)
            )
            if (
                allowed is None
                or len(node.args) > allowed
                or node.kwargs
                or node.dyn_args
                or node.dyn_kwargs
                or not all(isinstance(arg, nodes.Const) for arg in node.args)
            ):
                raise _Refused(*_COMPLEX)
        elif isinstance(node, nodes.Const):
            if not isinstance(node.value, (str, int, float, bool, type(None))):
                raise _Refused(*_COMPLEX)
        elif isinstance(node, nodes.Operand):
            if node.op not in ("eq", "ne"):
                raise _Refused(
                    "leaflet text can compare only with == and !=",
                    "Write {% if clinic.phone == '...' %}, or {% if clinic.phone %} to test that a field is there.",
                )
        elif not isinstance(node, _LOGIC):
            raise _Refused(*_COMPLEX)
        stack += [(child, depth + 1) for child in node.iter_child_nodes()]


def _check_name(name: str, names: dict[str, Any]) -> None:
    known = [f"{space}.{field}" for space, fields in names.items() for field in fields]
    if name not in known:
        raise _Refused(
            f"unknown name '{name}'{did_you_mean(name, known)}",
            "Names you can use: " + ", ".join("{{ " + n + " }}" for n in known) + ".",
            name,
        )


def render(text: str, context: dict[str, Any]) -> str:
    """The text rendered in the sandbox; a TemplateFailure says what is wrong in the author's terms."""
    try:
        _check_tokens(text)
        tree = _ENV.parse(text)
        _check_tree(tree, context)
        out, size = [], 0
        for piece in _ENV.from_string(tree).generate(context):
            size += len(piece)
            if size > FIELD_CHARS.value:
                raise _Refused(
                    f"this text is over {FIELD_CHARS} once it is filled in (the '{FIELD_CHARS.name}' limit)",
                    f"Split it into several sections. {HINT}",
                )
            out.append(piece)
        return "".join(out)
    except _Refused as refused:
        raise TemplateFailure(refused.message, refused.hint, refused.needle) from None
    except _NotText as not_text:
        kind = {bool: "true or false", type(None): "nothing", dict: "a set of names"}.get(
            type(not_text.value), "something that is not text"
        )
        raise TemplateFailure(
            f"a {{{{ ... }}}} in this text gives {kind}, not words to print",
            "Put a name such as {{ clinic.phone }} inside {{ }}, or a test inside {% if %}.",
            "{{",
        ) from None
    except TemplateSyntaxError as exc:
        raise TemplateFailure(
            f"the {{{{ ... }}}} in this text is not written correctly: {exc.message}",
            "Write names as {{ clinic.phone }}; to print '{{' literally, write {{ '{{' }}.",
            "{{",
        ) from None
    except RecursionError:  # the token check keeps the parser well inside the stack; this is the net
        deep = _too_deep()
        raise TemplateFailure(deep.message, deep.hint, deep.needle) from None
    except (TemplateError, ArithmeticError, TypeError, ValueError, LookupError) as exc:
        # Within the checked subset, what is left: a filter given a value it cannot take.
        raise TemplateFailure(
            f"this text could not be filled in: {_plain(exc)}",
            "Check the {{ }} and {% %} in this text against docs/content-format.md ('Brand names in text').",
            "{{",
        ) from None


def _plain(exc: BaseException) -> str:
    return re.sub(r"\s+", " ", str(exc))[:120] or type(exc).__name__
