"""The library page's check of each leaflet, kept on disk so the first page opens at once.

Checking a leaflet as `leaflet check` does means linting it and building it (the layout's own
refusals are part of the answer): about a second for a long translation on a quiet machine. The
first page lists every leaflet with its check, so it would wait for all of them. Each answer is
kept in the studio's folder (``state.py``), under a key made of everything it depends on: the
leaflet package's files (code, catalogues, fonts), every content file's bytes (a translation is
checked against its source), the leaflet's name and today's date (a review falls due). Anything
changed, and the leaflet is checked again; nothing is ever shown that was not checked against the
files as they are. `leaflet studio` also checks every leaflet as it starts (``warm_up``), before
anyone opens the page, and its first page never waits long for a check: a leaflet not checked yet
is listed as being checked (``Engine.catalogue``), and shown with its check once it is kept.

The print page keeps which formats each leaflet fits with each brand the same way (``Engine.fits``):
four builds of a long translation otherwise. These kept answers only describe leaflets (on the
first page) and offer formats (on the print page): printing and downloading check again, in
memory, so a file planted in the studio's folder can never let a leaflet through.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..errors import LeafletError
from ..output import write_atomic
from . import state
from .engine import Note, _stat
from .folders import Folders

FOLDER = "checks"
FIELDS = ("message", "hint", "where", "severity", "code")
MAX_BYTES = 1024 * 1024  # a kept answer larger than this is not one the studio wrote
KEEP = 500  # answers kept; the oldest go first (each is a few hundred bytes)


@lru_cache(maxsize=1)
def _code_key() -> str:
    """The leaflet package as installed: every file's name, size and modification time."""
    import leaflet

    root = Path(leaflet.__file__).resolve().parent
    digest = hashlib.sha256(leaflet.__version__.encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(repr(_stat(path)).encode())
    return digest.hexdigest()


class CheckCache:
    """Kept checks for the leaflets of one content folder."""

    def __init__(self, folders: Folders):
        self.folders = folders
        self._hashes: dict[tuple, str] = {}
        self._answers: dict[str, list[Note]] = {}  # also kept here: a read-only brands folder keeps none
        self._one_at_a_time = threading.Lock()

    def _file_hash(self, path: Path) -> str:
        key = _stat(path)
        if key not in self._hashes:
            self._hashes[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        return self._hashes[key]

    def key(self, path: Path, also: str = "") -> str:
        """``also``: what else the answer depends on (a brand and format, for the print page's)."""
        digest = hashlib.sha256(_code_key().encode())
        digest.update(f"\0{date.today().isoformat()}\0{path.name}\0{also}\0".encode())
        for each in self.folders.leaflets():
            digest.update(f"{each.name}\0{self._file_hash(each)}\0".encode())
        return digest.hexdigest()

    def _where(self, key: str) -> Path:
        return state.folder(self.folders.brands) / FOLDER / f"{key}.json"

    def kept(self, path: Path, also: str = "") -> list[Note] | None:
        """The kept check of ``path`` as the files are now, without checking; None if there is none."""
        try:
            key = self.key(path, also)
        except OSError:
            return None
        found = self._answers.get(key)
        return found if found is not None else _read(self._where(key))

    def get(self, path: Path, check: Callable[[], list[Note]], also: str = "") -> list[Note]:
        """The kept check of ``path``, or ``check()``'s answer, kept. One check at a time: a page
        that asks while the start-up check is on the same leaflet waits for it, then reads it."""
        try:
            key = self.key(path, also)
        except OSError:
            return check()
        where = self._where(key)
        with self._one_at_a_time:
            kept = self._answers.get(key)
            if kept is None:
                kept = _read(where)
            if kept is not None:
                return kept
            notes = check()
            self._answers[key] = notes
            while len(self._answers) > KEEP:
                self._answers.pop(next(iter(self._answers)))
            try:
                if not where.parent.parent.is_symlink() and not where.parent.is_symlink():
                    write_atomic(json.dumps([[getattr(n, f) for f in FIELDS] for n in notes]).encode(), where)
                    _forget_old(where.parent)
            except (OSError, LeafletError):
                pass  # a read-only brands folder: checked each time the studio starts
            return notes


def _read(where: Path) -> list[Note] | None:
    """A kept answer, if it is one the studio wrote (a list of notes of plain strings)."""
    try:
        if where.is_symlink() or where.stat().st_size > MAX_BYTES:
            return None
        items = json.loads(where.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(items, list):
        return None
    notes = []
    for item in items:
        if not (
            isinstance(item, list)
            and len(item) == len(FIELDS)
            and all(v is None or isinstance(v, str) for v in item)
            and isinstance(item[0], str)
        ):
            return None
        notes.append(Note(*item))
    return notes


def _forget_old(folder: Path) -> None:
    kept = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
    for old in kept[:-KEEP]:
        old.unlink(missing_ok=True)
