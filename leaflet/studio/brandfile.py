"""Brand files as their authors wrote them: read, change the fields the form shows, write back.

ruamel.yaml's round-trip mode keeps every comment, the key order, the quoting and anything the form
does not show; only the values the studio changes are touched. A value the form leaves empty is
removed (each optional field then takes its default). Saving holds a lock on the brands folder,
refuses to overwrite a file changed since the form was opened, and replaces the file atomically,
so two saves at once never leave a half-written or mixed-up brand.
"""
from __future__ import annotations

import fcntl
import hashlib
import io
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString, SingleQuotedScalarString

from ..load import DEFAULT_BRAND
from ..output import write_atomic

# The brand file's fields in the order the sample brand has them; new keys go in this order.
ORDER = ("name", "tagline", "address", "phone", "email", "website", "booking_url", "logo",
         "colors", "fonts", "locale", "currency", "prices", "footer")
NESTED = {"colors": ("primary", "accent", "warning"), "fonts": ("body", "headings")}

NEW_BRAND = f"""\
# A brand file made with leaflet studio: one clinic's branding, contact details and prices.
# Paths are relative to this file. Only `name` is required; see "The brand file" in the README.
name: {DEFAULT_BRAND.name}
tagline: {DEFAULT_BRAND.tagline}
"""


class Conflict(Exception):
    """The file changed on disk after the form was opened: saving would undo someone's change."""


class Unreadable(ValueError):
    """The file is not a YAML mapping: the form could not show it, so it must not replace it."""


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long footer line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read(path: Path) -> str:
    """A brand file's text; Unreadable if it is not UTF-8 (the loader then says where)."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise Unreadable("not UTF-8") from None
    except IsADirectoryError:
        raise Unreadable("a folder") from None


def parse(text: str) -> CommentedMap:
    """The round-trip document; Unreadable for a file that is not YAML or not a set of fields."""
    try:
        doc = _yaml().load(text)
    except YAMLError:
        doc = None
    if not isinstance(doc, CommentedMap):
        raise Unreadable("not a YAML mapping")
    return doc


def merged(text: str, values: dict[str, Any]) -> str:
    """``text`` with the form's ``values`` in. ``values`` holds the top-level fields, ``colors`` and
    ``fonts`` as dicts, and ``prices`` as {id: value} for the ids the form shows (others are kept)."""
    doc = parse(text)
    for key in ORDER:
        if key not in values:
            continue
        if key in NESTED or key == "prices":
            inner = doc.get(key)
            if not isinstance(inner, CommentedMap):
                inner = CommentedMap()
            order = NESTED.get(key) or tuple(values[key])
            for sub, value in values[key].items():
                _set(inner, sub, value, order)
            _set(doc, key, inner if len(inner) else None, ORDER)
        else:
            _set(doc, key, values[key], ORDER)
    out = io.StringIO()
    _yaml().dump(doc, out)
    return out.getvalue()


def _set(mapping: CommentedMap, key: str, value: Any, order: tuple[str, ...]) -> None:
    if value is None or value == "":
        mapping.pop(key, None)
        return
    if key in mapping:
        mapping[key] = _styled(value, mapping[key])
        return
    # After the last key that comes before it in the usual order (unknown keys keep their place).
    rank = order.index(key) if key in order else len(order)
    keys = list(mapping)
    before = [k for k in keys if k in order and order.index(k) < rank]
    mapping.insert(keys.index(before[-1]) + 1 if before else 0, key, _styled(value, None))


def _styled(value: Any, old: Any) -> Any:
    """The new value written the way the old one was (quotes, block text, flow lists)."""
    if isinstance(value, list):
        seq = CommentedSeq(value)
        seq.fa.set_flow_style()
        return seq
    if not isinstance(value, str):
        return value
    if "\n" in value:
        return LiteralScalarString(value.rstrip("\n") + "\n")
    if isinstance(old, (DoubleQuotedScalarString, SingleQuotedScalarString)):
        return type(old)(value)
    if value.startswith("#"):
        return DoubleQuotedScalarString(value)  # colours, as the README writes them
    return value


def field_lines(text: str) -> list[tuple[int, str | None]]:
    """(1-based line, field) for every key of the file, in order: ``name``, ``colors.primary``,
    ``prices.session``; None for a key that is not one of the form's fields. A problem reported at
    a line belongs to the last key at or before it."""
    try:
        doc = _yaml().load(text)
    except YAMLError:
        return []
    if not isinstance(doc, CommentedMap):
        return []
    found: list[tuple[int, str | None]] = []
    for key in doc:
        line = doc.lc.key(key)[0] + 1
        inner = doc[key]
        if key in NESTED or key == "prices":
            found.append((line, None))
            if isinstance(inner, CommentedMap):
                for sub in inner:
                    known = key == "prices" or sub in NESTED[key]
                    found.append((inner.lc.key(sub)[0] + 1, f"{key}.{sub}" if known else None))
        else:
            found.append((line, key if key in ORDER else None))
    return sorted(found, key=lambda item: item[0])


def field_at(lines: list[tuple[int, str | None]], line: int | None) -> str | None:
    field = None
    for start, name in lines:
        if line is None or start > line:
            break
        field = name
    return field


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on the folder itself (flock on its descriptor): every studio process and
    thread saving into it takes turns, and no lock file is left behind."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def save(path: Path, text: str, expected: str | None) -> None:
    """Write ``text`` over ``path`` unless the file changed since it read as ``expected``
    (its fingerprint; None for a new file, which must not exist yet). Hold ``locked`` around it."""
    try:
        current = fingerprint(read(path))
    except FileNotFoundError:
        current = None
    if current != expected:
        raise Conflict(path.name)
    write_atomic(text.encode("utf-8"), path)
