"""Writing the PDF: all or nothing, so a failed build never leaves a half-written file."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .errors import LeafletError, Problem


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "leaflet"


def default_output(content: Path, brand_name: str | None = None, folder: Path = Path("output")) -> Path:
    """output/<content>.pdf, or output/<content>-<brand>.pdf for a named brand."""
    stem = content.stem + (f"-{slug(brand_name)}" if brand_name else "")
    return folder / f"{stem}.pdf"


def write_atomic(data: bytes, path: Path) -> Path:
    """Write beside the target, then rename over it: readers see the old file or the new one."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        raise LeafletError(Problem(f"cannot write the PDF: {exc.strerror or exc}", str(path),
                                   hint="Check that the folder exists and you may write to it.")) from None
    return path
