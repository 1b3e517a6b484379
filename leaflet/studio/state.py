"""What one studio remembers between requests and restarts, in its own hidden folder.

``<brands>/.leaflet-studio/`` holds the brand last printed or downloaded from the print page and the
cached results of checking each leaflet (see ``checks.py``). It is the studio's, not the
browser's: a cookie would be shared with every other app on the same host name (cookies ignore
ports), which could plant one and so choose the clinic a receptionist prints for. Here only a form
the studio signed (CSRF, same Origin) changes it, every worker process of one studio shares it, and
what it names is looked up again in the brands folder before it is used. The folder's name starts
with a dot, so the studio never lists it as a brand or a logo.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import LeafletError
from ..output import write_atomic
from .folders import NAME, Folders, NotFound

FOLDER = ".leaflet-studio"
LAST_BRAND = "last-brand.txt"


def folder(brands: Path) -> Path:
    return brands / FOLDER


def last_brand(folders: Folders) -> str:
    """The brand file (name without .yaml) last printed or downloaded, if it is still there; else ""."""
    try:
        text = (folder(folders.brands) / LAST_BRAND).read_text("ascii", errors="replace").strip()[:120]
        return folders.brand(text).stem if NAME.fullmatch(text) else ""
    except (OSError, NotFound):
        return ""


def remember_brand(folders: Folders, stem: str) -> None:
    """Remember ``stem`` (a brand file the request named, already found in the folder)."""
    where = folder(folders.brands)
    try:
        if where.is_symlink():
            return
        where.mkdir(exist_ok=True)
        write_atomic(f"{stem}\n".encode("ascii"), where / LAST_BRAND)
    except (OSError, LeafletError):
        pass  # a read-only brands folder: printing still works, the next print page just asks
