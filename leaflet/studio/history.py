"""Earlier versions of each brand file, so a save can always be undone.

Before a save or a restore replaces a brand file, its bytes are kept in ``history/<brand>/`` beside
it, named by the moment they were replaced (UTC, to the microsecond): ``20261207T191502123456Z.yaml``.
The last ``KEEP`` are kept. Restoring writes a version's bytes back exactly (after keeping the file
it replaces, so a restore can be undone too). Call these while holding ``brandfile.locked``.

Who saved each version is recorded in ``saves.json`` in the same folder: for every save, restore
and rename made in the studio, the sha256 of the bytes it wrote, who made it (see ``app.saved_by``)
and when. A version's saver is the last record of its bytes made before it was replaced; bytes
the studio did not write (a text editor, a copy) have none, and the page says so.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import LeafletError
from ..output import write_atomic
from .folders import NotFound

FOLDER = "history"
KEEP = 20
STAMP = re.compile(r"(\d{8}T\d{12})Z\.yaml")


LOG = "saves.json"
LOG_ENTRIES = 200  # records kept in saves.json (ten for each version kept)
LOG_BYTES = 256 * 1024


def _words(moment: datetime) -> str:
    return moment.strftime("%-d %B %Y, %H:%M:%S UTC")


@dataclass(frozen=True)
class Saved:
    """Who wrote a version of a brand file in the studio, when, and how (saved, restored, renamed)."""

    by: str
    at: datetime
    how: str = "saved"

    @property
    def when(self) -> str:
        return _words(self.at)


@dataclass(frozen=True)
class Version:
    name: str  # its file name: what a restore request names
    replaced: datetime  # when a save or restore replaced it (UTC)
    path: Path
    saved: Saved | None = None  # who wrote it, if the studio did

    @property
    def when(self) -> str:
        return _words(self.replaced)


def folder(brand: Path) -> Path:
    return brand.parent / FOLDER / brand.stem


def versions(brand: Path) -> list[Version]:
    """The kept versions of ``brand``, newest first, each with who saved it (if the studio did)."""
    where = folder(brand)
    if not where.is_dir() or where.is_symlink():
        return []
    log = _log(where)
    found = []
    for path in where.iterdir():
        match = STAMP.fullmatch(path.name)
        if match and path.is_file() and not path.is_symlink():
            when = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
            found.append(Version(path.name, when, path, _saver(log, path.read_bytes(), when)))
    return sorted(found, key=lambda v: v.name, reverse=True)


def current(brand: Path) -> Saved | None:
    """Who wrote the brand file as it is now, if the studio did."""
    try:
        data = brand.read_bytes()
    except OSError:
        return None
    return _saver(_log(folder(brand)), data, None)


def record(brand: Path, by: str, how: str = "saved") -> None:
    """Record that ``by`` just wrote ``brand`` (its bytes as they are now)."""
    where = folder(brand)
    if where.is_symlink():
        return
    log = _log(where)
    log.append(
        {
            "sha256": hashlib.sha256(brand.read_bytes()).hexdigest(),
            "by": by[:200],
            "how": how,
            "at": datetime.now(UTC).isoformat(),
        }
    )
    try:
        write_atomic(json.dumps(log[-LOG_ENTRIES:], ensure_ascii=False, indent=0).encode("utf-8"), where / LOG)
    except LeafletError:
        pass  # the save itself is done; only its author is not recorded


def _log(where: Path) -> list[dict]:
    """The records of ``saves.json`` that are well formed (a damaged file is read as empty)."""
    path = where / LOG
    try:
        if path.is_symlink() or path.stat().st_size > LOG_BYTES:
            return []
        items = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return []
    keys = {"sha256", "by", "how", "at"}
    return (
        [
            item
            for item in items
            if isinstance(item, dict) and set(item) == keys and all(isinstance(item[k], str) for k in keys)
        ]
        if isinstance(items, list)
        else []
    )


def _saver(log: list[dict], data: bytes, before: datetime | None) -> Saved | None:
    digest = hashlib.sha256(data).hexdigest()
    found = None
    for item in log:
        try:
            at = datetime.fromisoformat(item["at"])
        except ValueError:
            continue
        if item["sha256"] == digest and at.tzinfo is not None and (before is None or at <= before):
            found = Saved(item["by"], at, item["how"])
    return found


def keep(brand: Path) -> None:
    """Keep the file as it is now (if it exists) as a version, and forget all but the last KEEP."""
    try:
        data = brand.read_bytes()
    except FileNotFoundError:
        return
    where = folder(brand)
    if where.is_symlink():
        raise OSError(f"{where} is a symbolic link")
    now = datetime.now(UTC)
    name = now.strftime("%Y%m%dT%H%M%S%fZ.yaml")
    write_atomic(data, where / name)
    for old in versions(brand)[KEEP:]:
        old.path.unlink()


def restore(brand: Path, name: str) -> bytes:
    """Put version ``name`` back in place of ``brand`` (keeping the current file first); its bytes."""
    chosen = next((v for v in versions(brand) if v.name == name), None)
    if chosen is None:
        raise NotFound(name)
    data = chosen.path.read_bytes()
    keep(brand)
    write_atomic(data, brand)
    return data


def deleted(brands: Path) -> list[tuple[str, Version]]:
    """(brand file name without .yaml, its newest version) of every brand with versions kept but no
    file: deleted brands, which can be brought back."""
    from .folders import NAME

    root = brands / FOLDER
    if not root.is_dir() or root.is_symlink():
        return []
    found = []
    for where in sorted(root.iterdir()):
        if NAME.fullmatch(where.name) and where.is_dir() and not (brands / f"{where.name}.yaml").exists():
            kept = versions(brands / f"{where.name}.yaml")
            if kept:
                found.append((where.name, kept[0]))
    return found
