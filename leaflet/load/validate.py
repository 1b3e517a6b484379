"""Turn pydantic's validation errors into plain-language problems at file:line:col."""
from __future__ import annotations

import difflib
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from ..limits import BRAND_FIELDS, FIELD_CHARS, HINT, ITEMS, SECTIONS, TABLE_COLUMNS, TABLE_ROWS, Limit
from .yamlpos import DataPath, SourceMap


DATE_HINT = "Write dates as YYYY-MM-DD, for example 2026-09-01."


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" — did you mean '{close[0]}'?" if close else ""


def _model_at(model: type[BaseModel], path: DataPath) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``path``, if any."""
    current: Any = model
    for key in path:
        if isinstance(key, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or key not in current.model_fields:
            return None
        current = _inner_model(current.model_fields[key].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _data_path(loc: tuple, data: Any) -> DataPath:
    """The part of pydantic's location that names real data (it adds union member names)."""
    path: list = []
    for key in loc:
        if isinstance(data, dict) and key in data:
            data = data[key]
        elif isinstance(data, list) and isinstance(key, int) and key < len(data):
            data = data[key]
        elif isinstance(data, dict) and isinstance(key, str) and len(path) == len(loc) - 1:
            path.append(key)  # a missing or unknown field: keep its name
            break
        else:
            break
        path.append(key)
    return tuple(path)


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a set of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    text = str(value)
    return f"'{text[:60]}...'" if len(text) > 60 else f"'{text}'"


def _limit_of(path: DataPath, value: Any) -> Limit:
    """The limit that a too-long text or list at ``path`` broke, to name it in the message."""
    name = next((k for k in reversed(path) if isinstance(k, str)), "")
    if isinstance(value, str):
        return BRAND_FIELDS.get(name, FIELD_CHARS) if len(path) == 1 else FIELD_CHARS
    return {"sections": SECTIONS, "rows": TABLE_ROWS, "columns": TABLE_COLUMNS}.get(name, ITEMS)


class _InCode:
    """Where a model made in code went wrong: no file, so the message names the field's path."""

    def problem(self, path: DataPath, message: str, hint: str | None = None, **_) -> Problem:
        where = ".".join(map(str, path))
        return Problem(f"{where}: {message}" if where else message, hint=hint)


def problems_from(exc: ValidationError, data: dict, source: SourceMap | None,
                  model: type[BaseModel]) -> list[Problem]:
    """One problem per place; where a union reports several, our own (worded) error wins.
    Without a source (a model made in code) each message starts with the field's path."""
    source = source or _InCode()
    best: dict[DataPath, dict] = {}
    for err in _meant_branch(exc.errors(include_url=False), data):
        path = _data_path(err["loc"], data)
        if path not in best or ("hint" in err.get("ctx", {}) and "hint" not in best[path].get("ctx", {})):
            best[path] = err
    return [_problem(err, path, source, model) for path, err in best.items()]


def _meant_branch(errors: list[dict], data: Any) -> list[dict]:
    """For a value that may be text or a set of fields (a source: "..." or {id: ..., text: ...}),
    the errors of the form the author meant: the fields' when they wrote a mapping (with the
    model's name, which pydantic puts in the location, taken out), the text's otherwise."""
    def model_tag(loc: tuple) -> int | None:  # field names are lower case; model names are not
        return next((i for i, key in enumerate(loc) if isinstance(key, str) and key[:1].isupper()), None)

    def value_at(loc: tuple) -> Any:
        value = data
        for key in loc:
            try:
                value = value[key]
            except (KeyError, IndexError, TypeError):
                return None
        return value

    mapped = {err["loc"][:i] for err in errors if (i := model_tag(err["loc"])) is not None
              and isinstance(value_at(err["loc"][:i]), dict)}
    kept = []
    for err in errors:
        i = model_tag(err["loc"])
        if i is not None:
            if err["loc"][:i] in mapped:
                kept.append({**err, "loc": err["loc"][:i] + err["loc"][i + 1:]})
        elif not any(err["loc"][:len(prefix)] == prefix and len(err["loc"]) > len(prefix) for prefix in mapped):
            kept.append(err)
    return kept


def _problem(err: dict, path: DataPath, source: SourceMap, model: type[BaseModel]) -> Problem:
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx", {})
    if "hint" in ctx:  # our own validators word their message and say how to fix it
        at = ctx.get("at", ())
        at = tuple(at) if isinstance(at, (tuple, list)) else (at,)
        return source.problem(path + at, err["msg"], ctx["hint"])
    name = next((k for k in reversed(path) if isinstance(k, str)), "value")
    union = len(err["loc"]) > len(path) and kind not in ("missing", "extra_forbidden")
    if value is None and kind not in ("missing", "extra_forbidden"):
        return source.problem(path, f"'{name}' is empty",
                              f"Write a value after '{name}:', or remove the line.")
    if kind == "missing":
        return source.problem(path[:-1], f"the required field '{path[-1]}' is missing",
                              f"Add a line '{path[-1]}: ...' here.")
    if kind == "extra_forbidden":
        allowed = list((_model_at(model, path[:-1]) or model).model_fields)
        return source.problem(path, f"unknown field '{path[-1]}'{did_you_mean(path[-1], allowed)}",
                              "Fields allowed here: " + ", ".join(allowed) + ".", key=True)
    if (union and name in ("price", "prices")) or name == "price" or "prices" in path[:1]:
        return source.problem(path, f"{_describe(value)} is not a price",
                              "Write a number such as 200, or a range such as [1000, 2000], "
                              "without a currency sign.")
    if union and "rows" in path:
        return source.problem(path, f"{_describe(value)} cannot be a table cell",
                              "A cell holds text or a number.")
    if path[:1] == ("sources",) and len(path) == 2 and kind in ("string_type", "model_type"):
        return source.problem(path, f"{_describe(value)} cannot be a source",
                              "Write the reference as text (in quotes if it starts with a number), or as "
                              "fields: id, text, and url and accessed if it is a web page.")
    if kind == "string_type":
        hint = (f"Put it in quotes: {name}: \"{value}\"" if isinstance(value, (int, float, bool))
                else "Write it as one piece of text.")
        return source.problem(path, f"'{name}' should be text, not {_describe(value)}", hint)
    if kind.startswith("date") or kind == "date_only":
        return source.problem(path, f"'{name}' should be a date, not {_describe(value)}", DATE_HINT)
    if kind == "literal_error":
        choices = [a for a in err["ctx"]["expected"].replace("'", "").replace(" or ", ", ").split(", ")]
        return source.problem(path, f"{_describe(value)} is not a {name}{did_you_mean(str(value), choices)}",
                              "Use one of: " + ", ".join(choices) + ".")
    if kind == "list_type":
        return source.problem(path, f"'{name}' should be a list, not {_describe(value)}",
                              "Write each item on its own line, starting with '- '.")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return source.problem(path, f"'{name}' should be a set of fields, not {_describe(value)}",
                              "Write each field on its own line as 'name: value', indented under it.")
    if kind == "bool_type":
        return source.problem(path, f"'{name}' should be true or false, not {_describe(value)}",
                              f"Write '{name}: true' or '{name}: false'.")
    if kind in ("float_type", "int_type", "float_parsing"):
        return source.problem(path, f"'{name}' should be a number, not {_describe(value)}",
                              "Write digits only, for example 200.")
    if kind in ("too_long", "string_too_long"):
        limit = _limit_of(path, value)
        count = f"{len(value):,} {'characters' if isinstance(value, str) else 'items'}"
        return source.problem(path, f"'{name}' has {count}; the most it may have is {limit} "
                                    f"(the '{limit.name}' limit)",
                              ("Shorten it. " if isinstance(value, str) else "Split the leaflet in two. ") + HINT,
                              key=True)
    if kind == "too_short":
        return source.problem(path, f"'{name}' needs at least one item",
                              "Add an item on a line starting with '- ', or remove the field.")
    if kind == "string_pattern_mismatch" and name == "language":
        return source.problem(path, f"{_describe(value)} is not a language tag",
                              "Use a BCP 47 tag such as en-GB, en-US, fr or cy.")
    return source.problem(path, err["msg"][0].lower() + err["msg"][1:] if err["msg"] else kind,
                          "Check this value against the examples in the README.")
