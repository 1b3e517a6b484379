"""A finding: one rule broken at one place, printed like a compiler's diagnostic."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..errors import Problem, printable
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
        return str(Problem(f"{self.code} {self.severity}: {self.message}", self.file, self.line, self.col, self.hint))

    def as_dict(self) -> dict:
        """For JSON: text from the files escaped as in the terminal (JSON leaves C1 controls raw)."""
        return {
            **{k: printable(v) if isinstance(v, str) else v for k, v in asdict(self).items()},
            "severity": self.severity,
        }

    def sort_key(self) -> tuple:
        return (SEVERITIES.index(self.severity), self.file or "", self.line or 0, self.col or 0, self.code)


def at(
    model, code: str, path: DataPath, message: str, hint: str, *, needle: str | None = None, key: bool = False
) -> Finding:
    """A finding at ``path`` of a loaded Leaflet or Brand (or without a place for objects made in code)."""
    return from_problem(code, problem_at(model, path, message, hint, needle=needle, key=key))


def untranslated(leaflet, code: str, folder: str, missing: list[str], whose: str) -> Finding:
    """A finding at the leaflet's language: ``folder``'s catalogue lacks ``missing`` of ``whose`` phrases."""
    shown = ", ".join(f'"{m}"' for m in missing[:3]) + (" ..." if len(missing) > 3 else "")
    return at(
        leaflet,
        code,
        ("language",),
        f"the '{folder}' catalogue has no translation of {len(missing)} of {whose} phrases, "
        f"which will print in English: {shown}",
        f"Translate them in leaflet/locale/{folder}/LC_MESSAGES/leaflet.po (an entry marked "
        "fuzzy counts as untranslated).",
    )


def from_problem(code: str, problem: Problem) -> Finding:
    return Finding(code, problem.message, problem.file, problem.line, problem.col, problem.hint)
