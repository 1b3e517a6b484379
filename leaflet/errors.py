"""The one error type users see: what is wrong, where, and how to fix it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One mistake in an input file, at a 1-based line and column when known."""

    message: str
    file: str | None = None
    line: int | None = None
    col: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line, self.col) if p is not None)
        text = f"{where}: {self.message}" if where else self.message
        return f"{text}\n    {self.hint}" if self.hint else text


class LeafletError(Exception):
    """Bad input: one or more problems, each already worded for the person who wrote the file."""

    def __init__(self, problems: Problem | list[Problem]):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
