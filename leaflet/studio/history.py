"""Earlier versions of each brand file, so a save can always be undone.

Before a save or a restore replaces a brand file, its bytes are kept in ``history/<brand>/`` beside
it, named by the moment they were replaced (UTC, to the microsecond): ``20261207T191502123456Z.yaml``.
The last ``KEEP`` are kept. Restoring writes a version's bytes back exactly (after keeping the file
it replaces, so a restore can be undone too). Call these while holding ``brandfile.locked``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..output import write_atomic
from .folders import NotFound

FOLDER = "history"
KEEP = 20
STAMP = re.compile(r"(\d{8}T\d{12})Z\.yaml")


@dataclass(frozen=True)
class Version:
    name: str  # its file name: what a restore request names
    replaced: datetime  # when a save or restore replaced it (UTC)
    path: Path

    @property
    def when(self) -> str:
        return self.replaced.strftime("%-d %B %Y, %H:%M:%S UTC")


def folder(brand: Path) -> Path:
    return brand.parent / FOLDER / brand.stem


def versions(brand: Path) -> list[Version]:
    """The kept versions of ``brand``, newest first."""
    where = folder(brand)
    if not where.is_dir() or where.is_symlink():
        return []
    found = []
    for path in where.iterdir():
        match = STAMP.fullmatch(path.name)
        if match and path.is_file() and not path.is_symlink():
            when = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
            found.append(Version(path.name, when, path))
    return sorted(found, key=lambda v: v.name, reverse=True)


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
