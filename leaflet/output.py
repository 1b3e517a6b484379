"""Writing the PDF: all or nothing, so a failed build never leaves a half-written file."""
from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path

from .errors import LeafletError, Problem


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "leaflet"


def default_output(content: Path, brand_name: str | None = None, folder: Path = Path("output"),
                   options=None) -> Path:
    """output/<content>[-<brand>][-<format and print options>].pdf; plain A4 adds nothing."""
    parts = [Path(content).stem]
    if brand_name:
        parts.append(slug(brand_name))
    if options is not None:
        parts += [options.format] if options.format != "a4" else []
        parts += ["large-print"] if options.large_print else []
        parts += ["print"] if options.bleed or options.crop_marks or options.cmyk else []
        parts += ["pages"] if options.format == "a5-booklet" and not options.impose else []
    return Path(folder) / f"{'-'.join(parts)}.pdf"


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
            os.chmod(tmp, _mode(path))
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        raise LeafletError(Problem(f"cannot write the PDF: {exc.strerror or exc}", str(path),
                                   hint="Check that the folder exists and you may write to it.")) from None
    return path


def _mode(path: Path) -> int:
    """The permissions the file gets: those of the file it replaces, or what the umask gives a new
    file. mkstemp's own 0600 would hide the leaflet from colleagues and the print shop."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
