"""Brand files as their authors wrote them: read, change the fields the form shows, write back.

A save edits the text in place: ruamel.yaml composes the file to find where each field's key and
value are (line, column, character), and only the characters of the fields whose value changed are
replaced, added or removed. Dumping the whole document again, even in round-trip mode, loses the
first comment, ``%YAML`` directives, ``---``/``...`` markers and a ``|+`` block's trailing lines,
and reflows flow style; editing in place keeps every other byte. A value the form leaves empty is
removed (each optional field then takes its default). Saving holds a lock on the brands folder,
refuses to overwrite a file changed since the form was opened, and replaces the file atomically,
so two saves at once never leave a half-written or mixed-up brand.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from ..load import DEFAULT_BRAND
from ..output import write_atomic

# The brand file's fields in the order the sample brand has them; new keys go in this order.
ORDER = (
    "name",
    "tagline",
    "address",
    "phone",
    "email",
    "website",
    "booking_url",
    "logo",
    "logo_alt",
    "colors",
    "fonts",
    "locale",
    "currency",
    "prices",
    "footer",
)
NESTED = {"colors": ("primary", "accent", "warning"), "fonts": ("body", "headings")}

NEW_BRAND = f"""\
# A brand file made with leaflet studio: one clinic's branding, contact details and prices.
# Paths are relative to this file. Only `name` is required; see docs/brand-file.md.
name: {DEFAULT_BRAND.name}
tagline: {DEFAULT_BRAND.tagline}
"""


class Conflict(Exception):
    """The file changed on disk after the form was opened: saving would undo someone's change."""


class Unreadable(ValueError):
    """The file is not a YAML mapping: the form could not show it, so it must not replace it."""


def _yaml() -> YAML:
    return YAML(typ="rt")  # read only: a save edits the text (see ``merged``)


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


def merged(text: str, values: dict[str, Any], price_ids: list[str] | None = None) -> str:
    """``text`` with the form's ``values`` in, and nothing else of it changed: only the fields whose
    value differs from what the form showed for ``text`` are written, each by replacing, adding or
    removing its own characters. Comments, blank lines, ``%YAML`` directives, ``---``/``...``
    markers, block scalars, flow style and the fields left alone stay byte for byte as they were,
    and a default the form showed (a colour, a font) is never written into a file that left it out.

    ``values`` holds the top-level fields, ``colors`` and ``fonts`` as dicts, and ``prices`` as
    {id: value} and {reference: {id: value}} for the prices the form shows (others are kept);
    ``price_ids``: those prices' keys, (id,) or (reference, id). An empty value removes the field."""
    from .brandform import current_values, values_from_form

    keys = list(price_ids if price_ids is not None else _price_keys(values.get("prices", {})))
    shown = _flat(values_from_form(current_values(parse(text)), keys))
    for path, value in _flat(values).items():
        if path in shown and shown[path] == value:
            continue
        if path not in shown and value in ("", None):
            continue
        text = _put(text, list(path), None if value == "" else value)
    parse(text)  # every edit leaves a mapping; a bug here must not reach the file
    return text


def _price_keys(prices: dict[str, Any]) -> list[tuple[str, ...]]:
    """The price keys ``values["prices"]`` holds: (id,) for a plain price, (reference, id) for one
    grouped under a leaflet's reference."""
    return [(ref, key) for ref, group in prices.items() if isinstance(group, dict) for key in group] + [
        (key,) for key, value in prices.items() if not isinstance(value, dict)
    ]


def _flat(values: dict[str, Any]) -> dict[tuple[str, ...], Any]:
    """Each field's value by its path in the file: ("name",), ("colors", "primary"),
    ("prices", "session"), ("prices", "LF-MESO-001", "session")."""
    flat: dict[tuple[str, ...], Any] = {}
    for key in ORDER:
        if key not in values:
            continue
        if key in NESTED:
            for sub, value in values[key].items():
                flat[(key, sub)] = value
        elif key == "prices":
            for sub, value in values[key].items():
                if isinstance(value, dict):
                    flat.update({(key, sub, item): v for item, v in value.items()})
                else:
                    flat[(key, sub)] = value
        else:
            flat[(key,)] = values[key]
    return flat


# ---------------------------------------------------------------- editing the text in place


def _compose(text: str):
    from ruamel.yaml.nodes import MappingNode

    root = YAML(typ="rt").compose(text)
    if not isinstance(root, MappingNode):
        raise Unreadable("not a YAML mapping")
    return root


def _pair(mapping, key: str):
    for index, (k, v) in enumerate(mapping.value):
        if getattr(k, "value", None) == key:
            return index, k, v
    return None


def _put(text: str, path: list[str], value: Any) -> str:
    """``text`` with the field at ``path`` (its keys, outermost first) set to ``value`` (None: removed)."""
    return _put_at(text, _compose(text), path, value, ORDER)


def _put_at(text: str, mapping, path: list[str], value: Any, order: tuple[str, ...]) -> str:
    from ruamel.yaml.nodes import MappingNode

    head, rest = path[0], path[1:]
    if not rest:
        return _put_in(text, mapping, head, value, order)
    found = _pair(mapping, head)
    inner_order = NESTED.get(head, ()) if order is ORDER else ()
    if found and isinstance(found[2], MappingNode):
        inner = found[2]
        if value is None and _only(inner, rest):
            return _put_in(text, mapping, head, None, order)  # its last field: the whole group goes
        return _put_at(text, inner, rest, value, inner_order)
    if value is None:
        return text
    for key in reversed(rest):  # no group yet (or not a mapping): a new one
        value = {key: value}
    return _put_in(text, mapping, head, value, order)


def _only(mapping, path: list[str]) -> bool:
    """Whether the field at ``path`` is all ``mapping`` holds (so removing it removes the group)."""
    from ruamel.yaml.nodes import MappingNode

    found = _pair(mapping, path[0])
    if found is None or len(mapping.value) != 1:
        return False
    return len(path) == 1 or (isinstance(found[2], MappingNode) and _only(found[2], path[1:]))


def _put_in(text: str, mapping, key: str, value: Any, order: tuple[str, ...]) -> str:
    flow = bool(mapping.flow_style)
    found = _pair(mapping, key)
    if found is not None:
        index, key_node, value_node = found
        if value is None and len(mapping.value) == 1 and mapping.start_mark.index == _compose(text).start_mark.index:
            value = ""  # the file's last field: kept, empty, so the file stays a set of fields the check explains
        elif value is None:
            return _remove(text, mapping, index, flow)
        return _replace(text, key_node, value_node, value, flow)
    if value is None:
        return text
    rank = order.index(key) if key in order else len(order)
    before = [
        i
        for i, (k, _) in enumerate(mapping.value)
        if getattr(k, "value", None) in order and order.index(k.value) < rank
    ]
    after = before[-1] if before else None
    return _insert(text, mapping, after, key, value, flow)


def _last_end(node) -> int:
    """Where a value's own characters end (a block collection's end mark reaches past the
    comments that follow it, which belong to the next field)."""
    if isinstance(node.value, list) and node.value and not node.flow_style:
        last = node.value[-1]
        return _last_end(last[1] if isinstance(last, tuple) else last)
    return node.end_mark.index


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """Just past the newline ending the line ``index`` is on (or already just past one)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _remove(text: str, mapping, index: int, flow: bool) -> str:
    key_node, value_node = mapping.value[index]
    if flow:
        start, end = key_node.start_mark.index, value_node.end_mark.index
        if index + 1 < len(mapping.value):
            end = mapping.value[index + 1][0].start_mark.index
        elif index > 0:
            start = mapping.value[index - 1][1].end_mark.index
        return text[:start] + text[end:]
    start = _line_start(text, key_node.start_mark.index)
    return text[:start] + text[_line_end(text, _last_end(value_node)) :]


def _replace(text: str, key_node, value_node, value: Any, flow: bool) -> str:
    start, end = value_node.start_mark.index, _last_end(value_node)
    style = getattr(value_node, "style", None)
    rendered = _render(value, style, flow, key_node.start_mark.column + 2)
    block = rendered.startswith("|")
    if style in ("|", ">"):  # the old value is a block of lines: its header line may have a comment
        header_end = text.index("\n", start)
        indicator = text[start:header_end].split("#", 1)[0].rstrip()
        comment = text[start + len(indicator) : header_end]
        comment = " " * (len(indicator) - 1) + comment if comment.strip().startswith("#") else ""
        if block:
            head, body = rendered.split("\n", 1)
            return text[:start] + head + comment + "\n" + body + text[end:]
        return text[:start] + rendered + comment + "\n" + text[end:]
    if (isinstance(value_node.value, list) and not value_node.flow_style) or (
        value_node.value in ("", None) and style is None and start == end
    ):
        # A block list or mapping below the key, or nothing at all: the new value goes after the
        # key's colon, and the old lines below (if any) go.
        colon = text.index(":", key_node.end_mark.index) + 1
        stop = _line_end(text, end) if value_node.value not in ("", None) else _line_end(text, colon)
        line_rest = text[colon : _line_end(text, colon)].strip()
        comment = f" {line_rest}" if line_rest.startswith("#") else ""
        if block:
            head, body = rendered.split("\n", 1)
            return text[:colon] + " " + head + comment + "\n" + body + text[stop:]
        return text[:colon] + " " + rendered + comment + "\n" + text[stop:]
    line_end = _line_end(text, end)
    rest = text[end:line_end]
    if block:  # a block of lines ends its line: the comment after the old value moves up to it
        comment = rest.strip()
        head, body = rendered.split("\n", 1)
        return text[:start] + head + (f" {comment}" if comment.startswith("#") else "") + "\n" + body + text[line_end:]
    padding = len(rest) - len(rest.lstrip(" \t"))
    if rest.lstrip(" \t").startswith("#") and padding:  # keep the comment in its column
        column = end - _line_start(text, end) + padding
        new_end = start - _line_start(text, start) + len(rendered)
        return text[:start] + rendered + " " * max(1, column - new_end) + text[end + padding :]
    return text[:start] + rendered + text[end:]


def _insert(text: str, mapping, after: int | None, key: str, value: Any, flow: bool) -> str:
    if flow:
        pair = f"{key}: {_render(value, None, True, 0)}"
        if after is not None:
            at = mapping.value[after][1].end_mark.index
            return text[:at] + ", " + pair + text[at:]
        if mapping.value:
            at = mapping.value[0][0].start_mark.index
            return text[:at] + pair + ", " + text[at:]
        at = mapping.start_mark.index + 1
        return text[:at] + pair + text[at:]
    indent = mapping.value[0][0].start_mark.column if mapping.value else 0
    line = _block_pair(key, value, indent)
    if after is not None:
        at = _line_end(text, _last_end(mapping.value[after][1]))
    else:
        at = _line_start(text, mapping.value[0][0].start_mark.index)
    if at == len(text) and text and not text.endswith("\n"):
        line = "\n" + line
    return text[:at] + line + text[at:]


def _block_pair(key: str, value: Any, indent: int) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        return f"{pad}{key}:\n" + "".join(_block_pair(k, v, indent + 2) for k, v in value.items())
    rendered = _render(value, None, False, indent + 2)
    return f"{pad}{key}: {rendered}" + ("" if rendered.endswith("\n") else "\n")


def _render(value: Any, old_style: str | None, flow: bool, indent: int) -> str:
    """``value`` as YAML text, in the old value's quoting where it had one."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_render(v, None, True, 0)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_render(v, None, True, 0) for v in value) + "]"
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        value = str(value)
    if not isinstance(value, str):
        return repr(value)
    escaped = _UNWRITABLE.search(value) is not None
    if "\n" in value and not flow and not escaped and value == value.strip(" ") and "\r" not in value:
        return "|\n" + "".join(f"{' ' * indent}{line}\n" if line else "\n" for line in value.split("\n"))
    if old_style == "'" and "\n" not in value and not escaped:
        return "'" + value.replace("'", "''") + "'"
    if old_style != '"' and not escaped and _plain(value):
        return value
    return _UNWRITABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


# What may not appear as itself in a YAML file (PyYAML's printable set), and the line breaks that
# would fold inside quotes: written as escapes in a double-quoted value.
_UNWRITABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x85\u2028\u2029\ufeff]"
)


def _plain(value: str) -> bool:
    """Whether ``value`` reads back as the same text unquoted, in a block and in a flow mapping,
    to PyYAML (which loads brands) and to ruamel.yaml (which edits them)."""
    import yaml as pyyaml

    if not value or value != value.strip() or "\n" in value:
        return False
    for document in (f"k: {value}\n", f"{{k: {value}}}\n"):
        try:  # ruamel.yaml reads YAML 1.2 unless the file says %YAML 1.1, where "y" is true
            if (
                pyyaml.safe_load(document) != {"k": value}
                or YAML(typ="safe").load(document) != {"k": value}
                or YAML(typ="safe").load("%YAML 1.1\n---\n" + document) != {"k": value}
            ):
                return False
        except Exception:  # anything the parsers do not take back as this text
            return False
    return True


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
                    group = inner[sub]
                    if key == "prices" and isinstance(group, CommentedMap):  # under a leaflet's reference
                        found += [(group.lc.key(item)[0] + 1, f"prices.{sub}.{item}") for item in group]
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
    from . import history

    history.keep(path)  # the file as it was, so this save can be undone
    write_atomic(text.encode("utf-8"), path)
