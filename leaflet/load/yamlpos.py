"""Safe YAML loading that remembers the file, line and column of every value.

PyYAML's composer gives nodes with positions; we build plain Python data from them ourselves so
that every value's path (``("sections", 2, "risks", 0, "text")``) maps back to where it was typed.
Aliases, custom tags, duplicate keys and absurd nesting are refused with a message, never a crash.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from pathlib import Path
from typing import Any, Protocol

import yaml

from ..errors import LeafletError, Problem, describe_char
from ..limits import FIELD_CHARS, FILE_BYTES, HINT, NUMBER_CHARS, YAML_DEPTH, YAML_VALUES
from .files import FileProblem, read_limited

_LIBYAML = getattr(yaml, "CSafeLoader", None)

Key = str | int
DataPath = tuple[Key, ...]

# Control characters (but tab, line feed and carriage return) and lone surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

# Numbers YAML 1.1 reads in ways no author means: 1:30 is 90 (minutes and seconds), 0x10 is 16,
# 010 is 8 (octal), 0b11 is 3.
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_RADIX = re.compile(r"^[-+]?0(?:x[0-9a-fA-F_]+|o?[0-7_]+|b[01_]+)$")
_RADIX_NAMES = {"x": "hexadecimal", "b": "binary"}


class _Mark(Protocol):
    """Where a node or event starts: PyYAML's Mark, or libyaml's (the stubs name two classes)."""

    line: int
    column: int


_EXAMPLES = "the examples in examples/ (docs/content-format.md and docs/brand-file.md explain every field)"

_ALLOWED_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


@dataclass
class SourceMap:
    """Where each value of one YAML file came from, by its path in the data. With no file (an
    object made in code) a problem names the data path instead: "sections.2.heading: ..."."""

    file: str | None
    lines: list[str] = field(default_factory=list)
    values: dict[DataPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[DataPath, tuple[int, int]] = field(default_factory=dict)
    # Paths of block scalars (| or >), whose text starts on the line after the indicator.
    blocks: set[DataPath] = field(default_factory=set)
    path: str | None = None  # the file as read (``file`` is how messages name it)

    def locate(self, path: DataPath, *, key: bool = False) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that exists in the file."""
        table = self.keys if key else self.values
        for n in range(len(path), -1, -1):
            if path[:n] in table:
                return table[path[:n]]
            if path[:n] in self.values:
                return self.values[path[:n]]
        return (1, 1)

    def find(self, path: DataPath, needle: str) -> tuple[int, int]:
        """Where ``needle`` is first typed in the value at ``path`` (which may span lines)."""
        return self.search(*self.locate(path), needle)

    def search(
        self, line: int, col: int, needle: str, *, within: int = 200, ignore_case: bool = False
    ) -> tuple[int, int]:
        """Where ``needle`` is first typed from (line, col) on, up to ``within`` lines further;
        (line, col) itself if it is not there."""
        if ignore_case:
            needle = needle.lower()
        for n in range(line - 1, min(len(self.lines), line + within)):
            text = self.lines[n].lower() if ignore_case else self.lines[n]
            found = text.find(needle, col - 1 if n == line - 1 else 0)
            if found >= 0:
                return n + 1, found + 1
        return line, col

    def first_on_a_line(self, needle: str, line: int, col: int, within: int) -> tuple[int, int] | None:
        """Where ``needle`` (text of one line) is first typed from (line, col) on, up to ``within``
        lines further, as ``search`` finds it; None if it is not there. The lines are searched as
        one text: the lint looks for every sentence it reports on, and those before it."""
        if line > len(self.lines):
            return None
        text, starts = self._text
        found = text.find(
            needle,
            starts[line - 1] + min(col - 1, len(self.lines[line - 1])),
            starts[min(len(self.lines), line + within)],
        )
        if found < 0:
            return None
        n = bisect.bisect_right(starts, found) - 1
        return n + 1, found - starts[n] + 1

    @cached_property
    def _text(self) -> tuple[str, list[int]]:
        """The lines as one text, and where each starts in it."""
        return "\n".join(self.lines), list(accumulate((len(line) + 1 for line in self.lines), initial=0))

    def problem(
        self, path: DataPath, message: str, hint: str | None = None, *, key: bool = False, needle: str | None = None
    ) -> Problem:
        """A problem at ``path``; with ``needle``, at the exact place that text was typed."""
        if self.file is None:
            where = ".".join(map(str, path))
            return Problem(f"{where}: {message}" if where else message, hint=hint)
        line, col = self.find(path, needle) if needle else self.locate(path, key=key)
        return Problem(message, self.file, line, col, hint)


def _fail(file: str | None, mark: _Mark | None, message: str, hint: str | None = None) -> LeafletError:
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return LeafletError(Problem(message, file, line, col, hint))


def read_text(path: Path, display: str) -> str:
    """The file's text as UTF-8, or an error that says what is wrong with it."""
    try:
        raw = read_limited(path, FILE_BYTES, "this")
    except FileProblem as exc:
        message = "file not found" if str(exc) == "this does not exist" else str(exc)
        raise LeafletError(Problem(message, display, hint=exc.hint)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LeafletError(
            Problem(
                f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be read)",
                display,
                line,
                col,
                hint='Save the file as UTF-8 in your editor ("Save with encoding: UTF-8").',
            )
        ) from None


def load_yaml(path: Path, display: str | None = None) -> tuple[dict[str, Any], SourceMap]:
    """Load a YAML mapping safely, with positions. Raises LeafletError on any problem."""
    display = display or str(path)
    text = read_text(path, display)
    empty = LeafletError(Problem("the file is empty", display, 1, 1, hint=f"Start from {_EXAMPLES}."))
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise empty
    try:
        root = _compose(text, display)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, display, text.count("\n") + 1) from None
    except yaml.YAMLError as exc:
        raise LeafletError(
            Problem(f"this is not valid YAML: {exc}", display, hint=f"Check the file against {_EXAMPLES}.")
        ) from None
    if root is None:
        raise empty
    source = SourceMap(display, text.splitlines(), path=str(path))
    data = _Builder(source).build(root, ())
    if not isinstance(data, dict):
        raise _fail(
            display,
            root.start_mark,
            f"the file should be a set of fields (such as 'title: ...'), not a {_kind(data)}",
            f"Start from {_EXAMPLES}.",
        )
    return data, source


def _compose(text: str, file: str) -> yaml.Node | None:
    """The node tree, read by libyaml (PyYAML's C parser, twenty times faster) where installed.
    A file it refuses is read again by the pure-Python parser, whose complaints are clearer.
    None: the stream holds no document (libyaml reads a byte order mark after a comment so)."""
    if _LIBYAML is not None:
        try:
            _check_shape(text, file, _LIBYAML)
            return yaml.compose(text, Loader=_LIBYAML)
        except yaml.YAMLError:
            pass
    _check_shape(text, file, yaml.SafeLoader)
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _syntax_error(exc: yaml.MarkedYAMLError, file: str, last_line: int) -> LeafletError:
    """PyYAML's complaint in plain words, at the place the author has to look."""
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    hint = (
        "Check the indentation, and put text containing ': ' or starting with a special "
        "character (such as * & ! { [ % @ `) in quotes."
    )
    if "'\\t'" in problem or "\t" in problem:
        message, hint = "a tab is used for indentation", "YAML needs spaces: replace the tab with spaces."
    elif exc.context_mark and (
        "end of stream" in problem
        or "stream end" in problem
        or context.startswith(("while parsing a flow", "while scanning a quoted"))
    ):
        # Something opened here was never closed: the opening is where the author must look.
        mark = exc.context_mark
        opener = {
            "while scanning a quoted scalar": "this quoted text is never closed",
            "while parsing a flow sequence": "this [ list is never closed, or a ',' is missing",
            "while parsing a flow mapping": "this { mapping is never closed, or a ',' is missing",
        }
        message = opener.get(context, f"this is not valid YAML: {context}, {problem}")
        hint = 'Close it on the same line (with the matching " ] or }), or put the text in quotes.'
    else:
        message = f"this is not valid YAML: {f'{context}, ' if problem.startswith('but ') else ''}{problem}"
    line = min(mark.line + 1, last_line) if mark else 1
    col = mark.column + 1 if mark and mark.line + 1 <= last_line else 1
    return LeafletError(Problem(message, file, line, col, hint))


def _check_shape(text: str, file: str, loader: type) -> None:
    """Refuse aliases, deep nesting and too many values from the event stream, before anything
    recursive or large is built.

    Aliases let a few lines expand to billions of values (the "billion laughs"); nesting deeper
    than any leaflet needs would exhaust Python's stack in the composer; a 5 MB file of tiny
    values would take minutes and gigabytes to turn into sections.
    """
    depth = values = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            raise _fail(
                file,
                event.start_mark,
                "YAML aliases (*name) are not supported in leaflet files",
                "Write the value out in full where it is needed.",
            )
        if isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            values += 1
            if values > YAML_VALUES.value:
                raise _fail(
                    file,
                    event.start_mark,
                    f"the file has more than {YAML_VALUES} (the '{YAML_VALUES.name}' limit)",
                    f"Split it into several leaflets. {HINT}",
                )
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > YAML_DEPTH.value:
                raise _fail(
                    file,
                    event.start_mark,
                    "the file is nested too deeply to be a leaflet",
                    f"Use at most {YAML_DEPTH.value} levels of lists and fields inside each other.",
                )
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _check_scalar(text: str, file: str | None, mark: _Mark) -> None:
    """Text that can be printed and echoed safely: not absurdly long, no control characters.

    YAML escapes ("\\x1b", "\\0", "\\a") can put characters in a value that would reach the PDF
    and the HTML, or send escape sequences to the terminal of whoever runs `leaflet check`.
    """
    if len(text) > FIELD_CHARS.value:
        raise _fail(
            file,
            mark,
            f"this text is {len(text):,} characters long; the most one field may hold "
            f"is {FIELD_CHARS} (the '{FIELD_CHARS.name}' limit)",
            f"Split it into several sections. {HINT}",
        )
    bad = _CONTROL.search(text)
    if bad:
        raise _fail(
            file,
            mark,
            f"this text contains {describe_char(bad.group())}, which cannot be printed",
            "Remove it (it often comes from copying text, or from an escape such as \\x1b in double quotes).",
        )


def _check_number(node: yaml.ScalarNode, file: str | None) -> None:
    """A number as written: short enough to convert, and meaning what it seems to say.

    The length is checked before conversion: a 400-digit number overflows a float. Written as a
    time, in another base or as -0.0, YAML gives a value the author did not mean to print."""
    text = node.value.strip()
    if len(text) > NUMBER_CHARS.value:
        raise _fail(
            file,
            node.start_mark,
            f"this number is {len(text):,} characters long; the most a number may have "
            f"is {NUMBER_CHARS} (the '{NUMBER_CHARS.name}' limit)",
            f"Check it for extra digits, or put it in quotes if it is text. {HINT}",
        )
    if node.style:  # quoted (with an explicit !!int or !!float tag): it says what it means
        return
    if _SEXAGESIMAL.match(text):
        value = yaml.SafeLoader("").construct_object(node)
        raise _fail(
            file,
            node.start_mark,
            f"'{text}' is read as a time in minutes and seconds, the number {value:g}",
            f'Write the number itself ({value:g}), or put the value in quotes if it is text: "{text}".',
        )
    if _RADIX.match(text):
        value = yaml.SafeLoader("").construct_object(node)
        base = _RADIX_NAMES.get(text.lstrip("+-")[1:2], "octal")
        why = " (it starts with 0)" if base == "octal" else ""
        raise _fail(
            file,
            node.start_mark,
            f"'{text}' is read as the {base} number {value:,}{why}",
            f'Write it in ordinary digits ({value}), or put it in quotes if it is a code: "{text}".',
        )


def _check_negative_zero(value: Any, text: str, file: str | None, mark: _Mark) -> None:
    if isinstance(value, float) and value == 0 and math.copysign(1.0, value) < 0:
        raise _fail(file, mark, f"'{text}' is a negative zero, which would print with a minus sign", "Write 0.")


def _kind(value: Any) -> str:
    names: dict[type, str] = {list: "list", str: "piece of text", dict: "mapping"}
    return names.get(type(value), type(value).__name__)


class _Builder:
    """Turns composed nodes into data, recording positions, refusing tags and duplicate keys."""

    def __init__(self, source: SourceMap):
        self.source = source
        self.scalars = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: DataPath) -> Any:
        file = self.source.file
        if node.tag not in _ALLOWED_TAGS:
            raise _fail(
                file,
                node.start_mark,
                f"YAML tags such as '{node.tag}' are not allowed in leaflet files",
                "Remove the tag (the word starting with '!'); if you meant text, put it in quotes.",
            )
        self.source.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            if node.style in ("|", ">"):
                self.source.blocks.add(path)
            _check_scalar(node.value, file, node.start_mark)
            if node.tag.endswith((":int", ":float")):
                _check_number(node, file)
            try:
                value = self.scalars.construct_object(node)
                _check_negative_zero(value, node.value.strip(), file, node.start_mark)
                return value
            except (yaml.YAMLError, ValueError) as exc:
                if node.tag.endswith(":timestamp"):
                    raise _fail(
                        file,
                        node.start_mark,
                        f"'{node.value}' is not a real date ({exc})",
                        "Write dates as YYYY-MM-DD, for example 2026-09-01.",
                    ) from None
                raise _fail(
                    file,
                    node.start_mark,
                    f"this value cannot be read: {exc}",
                    "Put it in quotes if it is meant as text.",
                ) from None
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag.endswith(":str")):
                raise _fail(
                    file,
                    key_node.start_mark,
                    "a field name must be a plain word such as 'title'",
                    "Check for a stray '?', a number or a list used as a field name.",
                )
            key = key_node.value
            _check_scalar(key, file, key_node.start_mark)
            if key in result:
                first = self.source.keys[path + (key,)][0]
                raise _fail(
                    file,
                    key_node.start_mark,
                    f"the field '{key}' appears twice (first on line {first})",
                    "Keep one of them.",
                )
            self.source.keys[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, path + (key,))
        return result
