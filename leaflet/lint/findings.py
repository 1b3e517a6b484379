"""A finding: one rule broken at one place, printed like a compiler's diagnostic."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from ..errors import Problem
from ..load import problem_at
from ..load.yamlpos import DataPath
from .codes import RULES, SEVERITIES


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    file: str | None = None
    line: int | None = None
    col: int | None = None
    hint: str | None = None

    @property
    def severity(self) -> str:
        return RULES[self.code].severity

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line, self.col) if p is not None)
        text = f"{self.code} {self.severity}: {self.message}"
        text = f"{where}: {text}" if where else text
        return f"{text}\n    {self.hint}" if self.hint else text

    def as_dict(self) -> dict:
        return {**asdict(self), "severity": self.severity}

    def sort_key(self) -> tuple:
        return (SEVERITIES.index(self.severity), self.file or "", self.line or 0, self.col or 0, self.code)


def at(model, code: str, path: DataPath, message: str, hint: str, *,
       needle: str | None = None, key: bool = False) -> Finding:
    """A finding at ``path`` of a loaded Leaflet or Brand (or without a place for objects made in code)."""
    return from_problem(code, problem_at(model, path, message, hint, needle=needle, key=key))


def from_problem(code: str, problem: Problem) -> Finding:
    return Finding(code, problem.message, problem.file, problem.line, problem.col, problem.hint)
