"""The error types: what users see (what is wrong, where, and how to fix it), and the text layer's own."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SHOWN = 20  # problems printed at once: past that, the first ones are what the author fixes next

# What a message must never pass raw to a terminal: control characters (escape sequences start with
# ESC or CSI), the bidirectional overrides that can reorder what a line seems to say, and lone
# surrogates. Names and text from the files are echoed in messages, so messages escape them.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with every character that a terminal would act on written as an escape (\\x1b)."""
    return _UNSAFE.sub(lambda m: repr(m.group())[1:-1] if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def describe_char(ch: str) -> str:
    """'the control character U+001B (ESCAPE)': a character named so any reader can find it."""
    name = unicodedata.name(ch, "") or {"\x1b": "ESCAPE", "\x00": "NULL", "\x07": "BELL"}.get(ch, "")
    kind = "the control character" if unicodedata.category(ch) == "Cc" else "the character"
    return f"{kind} U+{ord(ch):04X}" + (f" ({name})" if name else "")


@dataclass(frozen=True)
class Problem:
    """One mistake in an input file, at a 1-based line and column when known."""

    message: str
    file: str | None = None
    line: int | None = None
    col: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = ":".join(printable(str(p)) for p in (self.file, self.line, self.col) if p is not None)
        message = printable(self.message)
        text = f"{where}: {message}" if where else message
        return f"{text}\n    {printable(self.hint)}" if self.hint else text


class LeafletError(Exception):
    """Bad input: one or more problems, each already worded for the person who wrote the file."""

    inputs: list[str]  # set (only) by make.build_to_file: the files the failed build read, which watch polls

    def __init__(self, problems: Problem | list[Problem]):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        shown = [str(p) for p in self.problems[:SHOWN]]
        if len(self.problems) > SHOWN:
            shown.append(f"... and {len(self.problems) - SHOWN:,} more problems like these")
        return "\n".join(shown)


@dataclass(frozen=True)
class AtField:
    """A mistake in one field of a loaded leaflet or brand, found by code that knows the field but
    not where it was written (layout): ``load.placed`` words it at its file:line:col."""

    model: object  # the Leaflet or Brand
    path: tuple
    message: str
    hint: str | None = None
    needle: str | None = None  # the text to point at inside the value
    key: bool = False  # point at the key, not the value


class FieldError(LeafletError):
    """Problems at fields (AtField), raised by layout. The library API places them
    (``load.placed``); uncaught, each still says what is wrong, by its field's path."""

    def __init__(self, found: AtField | list[AtField]):
        self.found = [found] if isinstance(found, AtField) else list(found)
        super().__init__([Problem(f"{'.'.join(map(str, f.path))}: {f.message}", hint=f.hint) for f in self.found])


class UsageError(LeafletError):
    """The command line asks for something that cannot be done safely (exit 2): writing over one of
    the build's own inputs, or two outputs into one file."""


class TemplateFailure(Exception):
    """Text that cannot be filled in ({{ ... }}): what is wrong, how to fix it, and what to point at.
    Raised by text/templating.py and text/sandbox.py; the first words it as a LeafletError."""

    def __init__(self, message: str, hint: str, needle: str):
        super().__init__(message)
        self.message, self.hint, self.needle = message, hint, needle
