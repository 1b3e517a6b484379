"""Leaflet text fills in brand fields, {{ clinic.name }} and friends, and the price table's figures,
{{ prices.session }} (see prices.py), so text and table cannot disagree.

Text that only names fields is filled in here; anything more ({% if %}, filters, and every mistake)
goes to the Jinja2 sandbox (sandbox.py), whose StrictUndefined makes an unknown name an error.
Brand fields that a clinic left out read as a neutral phrase, so a three-line brand file still
gives sentences.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import LeafletError, Problem, TemplateFailure
from ..limits import FIELD_CHARS, HINT, LEAFLET_CHARS
from ..load import NOT_PRINTED, Brand, Leaflet, problem_at, text_fields
from ..load.model import did_you_mean
from ..load.yamlpos import DataPath
from .phrases import ENGLISH, Words

_NAME = re.compile(r"\{\{ ?(clinic|prices)\.([A-Za-z_][A-Za-z0-9_]*) ?\}\}")


def clinic_fields(brand: Brand, words: Words = ENGLISH) -> dict[str, str]:
    """The brand's fields as text prints them; one the clinic left out reads as a neutral phrase
    in the leaflet's language ("the number on your appointment letter")."""
    fields = {"name": brand.name}
    for name, fallback in words.UNSET_BRAND_FIELDS.items():
        fields[name] = getattr(brand, name) or fallback
    return fields


def render_text(text: str, context: dict[str, Any]) -> str:
    """One string filled in (raises TemplateFailure)."""
    if "{" not in text:
        return text
    pieces = _NAME.split(text)  # literal text, namespace, name, literal text, ...
    literal, names = pieces[::3], list(zip(pieces[1::3], pieces[2::3], strict=True))
    if not any(mark in piece for piece in literal for mark in ("{{", "{%", "{#")) and not any(
        piece.endswith("{") for piece in literal[:-1]
    ):  # "{" + "{{" would open a tag earlier
        unknown = [f"{space}.{name}" for space, name in names if name not in context.get(space, {})]
        if unknown:  # as the sandbox would say it, for the first unknown name
            every = [f"{space}.{name}" for space, fields in context.items() for name in fields]
            raise TemplateFailure(
                f"unknown name '{unknown[0]}'{did_you_mean(unknown[0], every)}", names_hint(context), unknown[0]
            )
        values = [str(context[space][name]) for space, name in names]
        size = sum(map(len, literal)) + sum(map(len, values))
        if size > FIELD_CHARS.value:  # measured before it is made: 5 MB of {{ clinic.address }} is 100 MB
            raise TemplateFailure(
                f"this text is {size:,} characters long once it is filled in; the most one "
                f"field may hold is {FIELD_CHARS} (the '{FIELD_CHARS.name}' limit)",
                f"Split it into several sections. {HINT}",
                "{{",
            )
        return "".join(piece + value for piece, value in zip(literal, values + [""], strict=True))
    from .sandbox import render  # anything else, and every mistake, in the sandbox

    return render(text, context)


def names_hint(context: dict[str, Any]) -> str:
    names = [f"{space}.{name}" for space, fields in context.items() for name in fields]
    return "Names you can use: " + ", ".join("{{ " + n + " }}" for n in names) + "."


def render_leaflet(
    leaflet: Leaflet, brand: Brand, prices: dict[str, str] | None = None, words: Words = ENGLISH
) -> Leaflet:
    """A copy of the leaflet with every text field rendered, or all template errors at once.
    ``prices`` are the figures {{ prices.<id> }} prints (prices.PriceBook.amounts).

    The whole leaflet's text is held to LEAFLET_CHARS as it grows, so a file cannot multiply
    itself through the brand's fields into gigabytes.
    """
    context = _context(brand, prices, words)
    problems: list[Problem] = []
    budget = [LEAFLET_CHARS.value]
    data = _render(leaflet.model_dump(), (), context, leaflet, problems, budget)
    if problems:
        raise LeafletError(problems)
    rendered = Leaflet.model_validate(data, leaflet._source)  # fails only on text the brand's fields made invalid
    rendered._source = leaflet._source
    return rendered


def render_tagged(
    leaflet: Leaflet,
    brand: Brand,
    prices: dict[str, str] | None = None,
    words: Words = ENGLISH,
    fields: list[tuple[DataPath, str]] | None = None,
) -> dict[DataPath, str]:
    """The texts that ``render_leaflet`` fills in with something (those with a "{"; any other text
    prints as typed, whatever the brand), by path, each as it fills it in: the same errors, and the
    same limit on the whole leaflet's length, reached at the same text. ``fields``: the leaflet's
    text_fields, if the caller has them."""
    context = _context(brand, prices, words)
    problems: list[Problem] = []
    budget = [LEAFLET_CHARS.value]
    filled = {}
    for path, text in text_fields(leaflet) if fields is None else fields:  # what _render fills in, in its order
        if "{" in text:
            filled[path] = _render(text, path, context, leaflet, problems, budget)
        elif len(text) > budget[0]:
            _render(text, path, context, leaflet, problems, budget)  # the limit is passed here
        else:
            budget[0] -= len(text)  # (all that _render does with a text that has nothing to fill in)
    if problems:
        raise LeafletError(problems)
    return filled


def _context(brand: Brand, prices: dict[str, str] | None, words: Words) -> dict[str, dict[str, str]]:
    return {"clinic": clinic_fields(brand, words), "prices": prices or {}}


def _render(value: Any, path: DataPath, context: dict, leaflet: Leaflet, problems: list, budget: list) -> Any:
    if isinstance(value, dict):
        return {
            k: v if k in NOT_PRINTED else _render(v, path + (k,), context, leaflet, problems, budget)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_render(v, path + (i,), context, leaflet, problems, budget) for i, v in enumerate(value)]
    if not isinstance(value, str) or budget[0] < 0:
        return value
    try:
        rendered = render_text(value, context)
    except TemplateFailure as failure:
        problems.append(problem_at(leaflet, path, failure.message, failure.hint, needle=failure.needle))
        return value
    budget[0] -= len(rendered)
    if budget[0] < 0:
        problems.append(
            problem_at(
                leaflet,
                path,
                f"the leaflet's text passes {LEAFLET_CHARS} here, once the brand's fields are "
                f"filled in (the '{LEAFLET_CHARS.name}' limit)",
                f"Split it into several leaflets. {HINT}",
            )
        )
    elif not rendered.strip() and value.strip():
        problems.append(
            problem_at(
                leaflet,
                path,
                "this text is empty once the brand's fields are filled in",
                "The brand leaves the field it names empty: add that field to the brand file, or put the text "
                "inside {% if clinic.footer %}...{% endif %} (with the field's own name).",
                needle="{{",
            )
        )
    return rendered
