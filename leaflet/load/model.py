"""Declared models for the YAML files, and the check that turns their data into objects.

A model lists its fields, each with the kind of value it holds (text of at most so many characters,
a date, a list of risks...). ``validate`` walks the data once, field by field, and words every
mistake for the author where it happens, at its data path: no other error vocabulary to translate.
The same declarations give the JSON Schemas that editors use (``json_schema``).

This replaced pydantic, for the command line's sake: importing pydantic and building its
validators for these models was about 80 ms of a 350 ms `leaflet build`, and its errors needed a
translation layer of their own. The rules are the same as before; ``tests/test_model.py`` holds
them to the messages users saw.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ..errors import LeafletError, Problem
from ..limits import HINT, Limit

DataPath = tuple
DATE_HINT = "Write dates as YYYY-MM-DD, for example 2026-09-01."
_REQUIRED = object()  # a field's default when it has none
BAD = object()  # what a check returns for a value it has reported


class Invalid(Exception):
    """A value's own rule is broken: the message and hint for the author, and where inside the
    value (``at``: a row, or a row and a cell) if not at the value itself."""

    def __init__(self, message: str, hint: str, at: DataPath = ()):
        super().__init__(message)
        self.message, self.hint, self.at = message, hint, tuple(at)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    import difflib  # only a file with a mistake needs it

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" — did you mean '{close[0]}'?" if close else ""


def describe(value: Any) -> str:
    """A value as a message quotes it: 'abc', 'true', a list, a set of fields."""
    if isinstance(value, dict):
        return "a set of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    text = str(value)
    return f"'{text[:60]}...'" if len(text) > 60 else f"'{text}'"


def _name(path: DataPath) -> str:
    return next((k for k in reversed(path) if isinstance(k, str)), "value")


class Found:
    """The mistakes found so far: one per place, the first found there."""

    def __init__(self):
        self.places: dict[DataPath, tuple] = {}

    def add(
        self,
        path: DataPath,
        message: str,
        hint: str,
        *,
        key: bool = False,
        shown_at: DataPath | None = None,
        own: bool = False,
    ):
        """``own``: a value's own rule is broken (Invalid), rather than its form."""
        self.places.setdefault(path, (path if shown_at is None else shown_at, message, hint, key, own))

    def problems(self, source) -> list[Problem]:
        return [source.problem(at, message, hint, key=key) for at, message, hint, key, _ in self.places.values()]


# ---------------------------------------------------------------- kinds of value


class Kind:
    """What one field (or list item) holds: ``check`` returns the value as kept, or reports it."""

    def check(self, value: Any, path: DataPath, found: Found) -> Any:
        if value is None:
            name = _name(path)
            found.add(path, f"'{name}' is empty", f"Write a value after '{name}:', or remove the line.")
            return BAD
        return self.check_value(value, path, found)

    def check_value(self, value: Any, path: DataPath, found: Found) -> Any:
        raise NotImplementedError

    def schema(self, defs: dict) -> dict:
        raise NotImplementedError


def own_rules(rules: tuple, value: Any, path: DataPath, found: Found) -> Any:
    try:
        for rule in rules:
            value = rule(value)
    except Invalid as broken:
        found.add(path + broken.at, broken.message, broken.hint, own=True)
        return BAD
    return value


def _too_many(path: DataPath, value: Any, limit: Limit, found: Found) -> None:
    text = isinstance(value, str)
    count = f"{len(value):,} {'characters' if text else 'items'}"
    found.add(
        path,
        f"'{_name(path)}' has {count}; the most it may have is {limit} (the '{limit.name}' limit)",
        ("Shorten it. " if text else "Split the leaflet in two. ") + HINT,
        key=True,
    )


class Str(Kind):
    """Text: at most ``limit`` characters, then each of ``rules`` (which may raise Invalid)."""

    def __init__(
        self,
        limit: Limit | None = None,
        *rules: Callable[[str], str],
        pattern=None,
        mismatch: tuple[str, str] | None = None,
    ):
        self.limit, self.rules, self.pattern, self.mismatch = limit, rules, pattern, mismatch

    def check_value(self, value, path, found):
        if not isinstance(value, str):
            name = _name(path)
            hint = (
                f'Put it in quotes: {name}: "{value}"'
                if isinstance(value, (int, float, bool))
                else "Write it as one piece of text."
            )
            found.add(path, f"'{name}' should be text, not {describe(value)}", hint)
            return BAD
        if self.limit is not None and len(value) > self.limit.value:
            _too_many(path, value, self.limit, found)
            return BAD
        if self.pattern is not None and not self.pattern.fullmatch(value):  # '$' alone lets 'en\n' through
            message, hint = self.mismatch
            found.add(path, message.format(value=describe(value)), hint)
            return BAD
        return own_rules(self.rules, value, path, found)

    def schema(self, defs):
        out = {"type": "string"}
        if self.limit is not None:
            out["maxLength"] = self.limit.value
        if self.pattern is not None:
            out["pattern"] = self.pattern.pattern
        return _sorted(out)


class Number(Kind):
    """A number, kept as a float (a whole number is a number too; true and false are not)."""

    def __init__(self, *rules: Callable[[float], float]):
        self.rules = rules

    def check_value(self, value, path, found):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            found.add(
                path,
                f"'{_name(path)}' should be a number, not {describe(value)}",
                "Write digits only, for example 200.",
            )
            return BAD
        return own_rules(self.rules, float(value), path, found)

    def schema(self, defs):
        return {"type": "number"}


class Bool(Kind):
    def check_value(self, value, path, found):
        if not isinstance(value, bool):
            name = _name(path)
            found.add(
                path,
                f"'{name}' should be true or false, not {describe(value)}",
                f"Write '{name}: true' or '{name}: false'.",
            )
            return BAD
        return value

    def schema(self, defs):
        return {"type": "boolean"}


class Date(Kind):
    """A day (YAML reads 2026-09-01 as one); a time of day is refused: a leaflet is dated by day."""

    def check_value(self, value, path, found):
        if isinstance(value, dt.datetime):
            found.add(path, "give only the day, without a time", DATE_HINT)
            return BAD
        if not isinstance(value, dt.date):
            found.add(path, f"'{_name(path)}' should be a date, not {describe(value)}", DATE_HINT)
            return BAD
        return value

    def schema(self, defs):
        return {"format": "date", "type": "string"}


class Choice(Kind):
    """One of a few words."""

    def __init__(self, *choices: str):
        self.choices = choices

    def check_value(self, value, path, found):
        if value not in self.choices or not isinstance(value, str):
            found.add(
                path,
                f"{describe(value)} is not a {_name(path)}{did_you_mean(str(value), self.choices)}",
                "Use one of: " + ", ".join(self.choices) + ".",
            )
            return BAD
        return value

    def schema(self, defs):
        return {"enum": list(self.choices), "type": "string"}


class Optional(Kind):
    """The kind, or nothing (``field: null``, or the field left out)."""

    def __init__(self, kind: Kind):
        self.kind = kind

    def check(self, value, path, found):
        return None if value is None else self.kind.check(value, path, found)

    def schema(self, defs):
        inner = self.kind.schema(defs)
        return {"anyOf": [*inner["anyOf"], {"type": "null"}] if list(inner) == ["anyOf"] else [inner, {"type": "null"}]}


class ListOf(Kind):
    def __init__(self, item: Kind, limit: Limit | None = None, *, at_least: int = 0):
        self.item, self.limit, self.at_least = item, limit, at_least

    def check_value(self, value, path, found):
        if not isinstance(value, list):
            found.add(
                path,
                f"'{_name(path)}' should be a list, not {describe(value)}",
                "Write each item on its own line, starting with '- '.",
            )
            return BAD
        if self.limit is not None and len(value) > self.limit.value:
            _too_many(path, value, self.limit, found)
            return BAD
        if len(value) < self.at_least:
            found.add(
                path,
                f"'{_name(path)}' needs at least one item",
                "Add an item on a line starting with '- ', or remove the field.",
            )
            return BAD
        items = [self.item.check(item, path + (i,), found) for i, item in enumerate(value)]
        return BAD if any(item is BAD for item in items) else items

    def schema(self, defs):
        out = {"items": self.item.schema(defs), "type": "array"}
        if self.limit is not None:
            out["maxItems"] = self.limit.value
        if self.at_least:
            out["minItems"] = self.at_least
        return _sorted(out)


class DictOf(Kind):
    """Named values: text keys, each value of one kind."""

    def __init__(self, value: Kind, limit: Limit | None = None):
        self.value, self.limit = value, limit

    def check_value(self, value, path, found):
        if not isinstance(value, dict):
            found.add(
                path,
                f"'{_name(path)}' should be a set of fields, not {describe(value)}",
                "Write each field on its own line as 'name: value', indented under it.",
            )
            return BAD
        if self.limit is not None and len(value) > self.limit.value:
            _too_many(path, value, self.limit, found)
            return BAD
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                found.add(
                    path + (key,), f"the name '{key}' should be text", f'Put it in quotes: "{key}": ...', key=True
                )
                out = BAD
            else:
                checked = self.value.check(item, path + (key,), found)
                if out is not BAD:
                    out = BAD if checked is BAD else {**out, key: checked}
        return out

    def schema(self, defs):
        out = {"additionalProperties": self.value.schema(defs), "type": "object"}
        if self.limit is not None:
            out["maxProperties"] = self.limit.value
        return _sorted(out)


class OneOf(Kind):
    """One of several kinds, chosen by what was written (text, a number, a list, a set of fields):
    a mistake is reported in the terms of the kind the author meant, or, when the value is none of
    them, with ``wrong`` (a message with {value}, and its hint)."""

    def __init__(self, kinds: dict[type | tuple, Kind], wrong: tuple[str, str] | None = None):
        self.kinds, self.wrong = kinds, wrong

    def check_value(self, value, path, found):
        if not isinstance(value, bool):
            for types, kind in self.kinds.items():
                if isinstance(value, types):
                    return kind.check_value(value, path, found)
        message, hint = self.wrong
        found.add(path, message.format(value=describe(value)), hint)
        return BAD

    def schema(self, defs):
        return {"anyOf": [kind.schema(defs) for kind in self.kinds.values()]}


class Worded(Kind):
    """A kind whose every mistake of form is one message (a price: "'abc' is not a price"); the
    kind's own rules (a negative price, a range the wrong way round) keep their words."""

    def __init__(self, kind: Kind, message: str, hint: str):
        self.kind, self.message, self.hint = kind, message, hint

    def check_value(self, value, path, found):
        inner = Found()
        checked = self.kind.check_value(value, path, inner)
        for place, (at, message, hint, key, own) in inner.places.items():
            if own:
                found.add(place, message, hint, key=key, shown_at=at, own=True)
            else:
                found.add(path, self.message.format(value=describe(value)), self.hint)
        return checked

    def schema(self, defs):
        return self.kind.schema(defs)


class Cell(Kind):
    """A table cell: text or a number."""

    def check_value(self, value, path, found):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            found.add(path, f"{describe(value)} cannot be a table cell", "A cell holds text or a number.")
            return BAD
        return value

    def schema(self, defs):
        return {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "number"}]}


class Whole(Kind):
    """A whole number (a source's number in the list)."""

    def check_value(self, value, path, found):
        if isinstance(value, bool) or not isinstance(value, int):
            found.add(
                path, f"'{_name(path)}' should be a number, not {describe(value)}", "Write digits only, for example 2."
            )
            return BAD
        return value

    def schema(self, defs):
        return {"type": "integer"}


class Nested(Kind):
    def __init__(self, model: type[Model]):
        self.model = model

    def check_value(self, value, path, found):
        return self.model._check(value, path, found)

    def schema(self, defs):
        name = self.model.__name__
        if name not in defs:
            defs[name] = None  # taken, for a model that refers to itself
            defs[name] = self.model._schema(defs)
        return {"$ref": f"#/$defs/{name}"}


# ---------------------------------------------------------------- models


class Field:
    """One field of a model: its kind, its default (none: the field is required) and what it is for.
    ``rule`` checks the value against the fields before it (a review date after publication)."""

    def __init__(
        self,
        kind: Kind,
        default: Any = _REQUIRED,
        *,
        description: str | None = None,
        factory: Callable[[], Any] | None = None,
        rule: Callable[[Any, dict], Any] | None = None,
    ):
        if default is _REQUIRED and factory is None and isinstance(kind, Optional):
            default = None
        self.kind, self.default, self.factory, self.description, self.rule = kind, default, factory, description, rule

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED and self.factory is None

    if TYPE_CHECKING:
        # For the type checker only: a Field is taken off its class when the class is made, and a record's
        # value is whatever its kind kept (Kind.check returns Any), not the Field.
        def __get__(self, record: object, owner: type | None = None) -> Any: ...


class Model:
    """Closed, read-only records: an unknown field is an error, and nothing changes once made.

    ``Model(field=value, ...)`` in code is checked as a file is, and raises LeafletError worded
    with the field's path. Subclasses declare ``name = Field(kind, default)``; ``after`` checks
    the whole record once every field is right (a section with two blocks).
    """

    fields: dict[str, Field] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        own = {name: value for name, value in vars(cls).items() if isinstance(value, Field)}
        for name in own:
            delattr(cls, name)
        cls.fields = {**cls.fields, **own}

    def __init__(self, **values: Any):
        from .yamlpos import SourceMap

        found = Found()
        made = type(self)._check(values, (), found)
        if made is BAD:
            raise LeafletError(found.problems(SourceMap(None)))
        self.__dict__.update(made.__dict__)

    def after(self) -> None:
        """Checks of the whole record (raise Invalid); by default none."""

    @classmethod
    def _check(cls, data: Any, path: DataPath, found: Found) -> Any:
        if isinstance(data, cls):
            return data
        if not isinstance(data, dict):
            found.add(
                path,
                f"'{_name(path)}' should be a set of fields, not {describe(data)}",
                "Write each field on its own line as 'name: value', indented under it.",
            )
            return BAD
        values: dict[str, Any] = {}
        bad = False
        for name, field in cls.fields.items():
            where = path + (name,)
            if name in data:
                value = field.kind.check(data[name], where, found)
                if value is not BAD and field.rule is not None:
                    try:
                        value = field.rule(value, {k: v for k, v in values.items() if v is not BAD})
                    except Invalid as broken:
                        found.add(where + broken.at, broken.message, broken.hint, own=True)
                        value = BAD
                bad = bad or value is BAD
                values[name] = value
            elif field.required:
                found.add(
                    where, f"the required field '{name}' is missing", f"Add a line '{name}: ...' here.", shown_at=path
                )
                bad = True
            else:
                values[name] = field.factory() if field.factory else field.default
        for key in data:
            if key not in cls.fields:
                allowed = list(cls.fields)
                found.add(
                    path + (key,),
                    f"unknown field '{key}'{did_you_mean(str(key), allowed)}",
                    "Fields allowed here: " + ", ".join(allowed) + ".",
                    key=True,
                )
                bad = True
        if bad:
            return BAD
        made = cls._make(values)
        try:
            made.after()
        except Invalid as broken:
            found.add(path + broken.at, broken.message, broken.hint, own=True)
            return BAD
        return made

    @classmethod
    def _make(cls, values: dict) -> Model:
        made = cls.__new__(cls)
        made.__dict__.update(values)
        return made

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.fields:
            raise AttributeError(f"{type(self).__name__} is read-only: use model_copy(update={{...}})")
        object.__setattr__(self, name, value)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and all(getattr(self, n) == getattr(other, n) for n in self.fields)

    # Unhashable: read-only, but its lists are not. (Assigning None is Python's way; mypy wants a method.)
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in self.fields) + ")"

    # The names pydantic gave these, which integrators' code and ours already use.
    @classmethod
    def model_validate(cls, data: Any, source=None):
        """``data`` checked and made into this model; LeafletError at the file's lines with ``source``
        (a SourceMap), else at the fields' paths."""
        from .yamlpos import SourceMap

        found = Found()
        made = cls._check(data, (), found)
        if made is BAD:
            raise LeafletError(found.problems(source or SourceMap(None)))
        return made

    def model_copy(self, update: dict | None = None):
        """A copy with ``update``'s fields replaced, as they are (not checked again)."""
        copy = type(self).__new__(type(self))
        copy.__dict__.update(self.__dict__)
        copy.__dict__.update(update or {})
        return copy

    def model_dump(self) -> dict:
        """Plain data: every field, records as dicts."""
        return {name: _dump(getattr(self, name)) for name in self.fields}

    def model_dump_json(self) -> str:
        return json.dumps(self.model_dump(), default=str, ensure_ascii=False)

    @classmethod
    def _schema(cls, defs: dict) -> dict:
        properties, required = {}, []
        for name, field in cls.fields.items():
            prop = field.kind.schema(defs)
            reference = isinstance(field.kind, Nested) or (
                isinstance(field.kind, Optional) and isinstance(field.kind.kind, Nested)
            )
            if not reference:
                prop["title"] = name.replace("_", " ").title()
            if field.required:
                required.append(name)
            elif field.factory is None:
                prop["default"] = _dump(field.default)
            if field.description:
                prop["description"] = field.description
            properties[name] = _sorted(prop)
        out = {"additionalProperties": False, "properties": properties, "title": cls.__name__, "type": "object"}
        if required:
            out["required"] = required
        if "__doc__" in vars(cls) and cls.__doc__:
            import inspect

            out["description"] = inspect.cleandoc(cls.__doc__)
        return _sorted(out)


def _dump(value: Any) -> Any:
    if isinstance(value, Model):
        return value.model_dump()
    if isinstance(value, list):
        return [_dump(item) for item in value]
    if isinstance(value, dict):
        return {key: _dump(item) for key, item in value.items()}
    return value


def _sorted(schema: dict) -> dict:
    return dict(sorted(schema.items()))


def json_schema(model: type[Model]) -> dict:
    """The model as a JSON Schema (2020-12), its nested records under $defs."""
    defs: dict = {}
    schema = model._schema(defs)
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return _sorted(schema)
