"""Shared by the studio's tests: a scratch copy of the folders, the form's CSRF token, a free port."""

from __future__ import annotations

import hashlib
import random
import re
import shutil
import socket
from pathlib import Path

from conftest import BRANDS, MESO

PORTS = range(18000, 19000)  # the studio's tests listen on 127.0.0.1 in this range only


def workspace(root: Path) -> tuple[Path, Path]:
    """content/ with the mesotherapy leaflet, content/brands/ with the Harbour brand and its logo."""
    content, brands = root / "content", root / "content" / "brands"
    brands.mkdir(parents=True)
    shutil.copy(MESO, content / MESO.name)
    shutil.copy(BRANDS / "harbour-skin.yaml", brands)
    shutil.copy(BRANDS / "harbour-skin-logo.svg", brands)
    return content, brands


def digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and its sha256: what "nothing was changed" means. The checks the
    first page keeps (studio/checks.py) are left out: opening the library page writes them."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".leaflet-studio/checks" not in p.as_posix()
    }


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def fingerprint_of(html: str) -> str:
    return re.search(r'name="fingerprint" value="([^"]*)"', html).group(1)


def free_port() -> int:
    for port in random.sample(PORTS, len(PORTS)):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18000-18999")
