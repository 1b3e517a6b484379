"""Logo uploads: into the brands folder, checked by the library before they get a name there.

The upload is copied, at most the 'logo file' limit of it (``leaflet/limits.py``), to a hidden
temporary file inside the brands folder and checked there by ``leaflet.load.assets.read_logo``, the
same check every build makes (a real PNG, JPEG or SVG; its size; its pixel count read from the
header before anything is decoded; nothing an SVG may not contain or refer to). Only then is it
given its name: the uploaded file's own name made safe (``Harbour Logo (final).PNG`` becomes
``harbour-logo-final.png``; ``<brand>-logo`` when nothing of it is left), with ``-2``, ``-3``...
added when another picture has that name: a new logo never replaces a file another brand may be
using, and uploading the same picture under the same name twice gives one file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..limits import LOGO_BYTES
from ..load.assets import read_logo
from ..load.files import FileProblem

SUFFIXES = {".png": ".png", ".jpg": ".jpg", ".jpeg": ".jpg", ".svg": ".svg"}
SLUG_CHARACTERS = 60  # of a logo's name: the whole name stays one the studio lists
TRIES = 50  # names tried: "logo.png", "logo-2.png" ... "logo-50.png"
_CHUNK = 64 * 1024


class UploadError(ValueError):
    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Uploaded:
    name: str  # the file name in the brands folder, as the brand file's `logo:` gives it
    resolution: str  # the printed ppi, in words


async def save_logo(upload, folder: Path, brand_slug: str) -> Uploaded:
    """Check and keep an uploaded logo (a Starlette UploadFile)."""
    original = upload.filename or ""
    suffix = SUFFIXES.get(Path(original).suffix.lower())
    if suffix is None:
        raise UploadError(
            f"'{Path(original).name or 'the file'}' is not a PNG, JPEG or SVG file",
            "Choose the logo as a .png (best, keeps transparency), .jpg or .svg file.",
        )
    digest, size = hashlib.sha256(), 0
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            while chunk := await upload.read(_CHUNK):
                size += len(chunk)
                if size > LOGO_BYTES.value:
                    raise UploadError(
                        f"the logo is larger than {LOGO_BYTES} (the '{LOGO_BYTES.name}' limit)",
                        "Export it smaller: 300 ppi at the printed 58 x 20 mm is about "
                        "690 x 240 pixels, well under 1 MB.",
                    )
                digest.update(chunk)
                handle.write(chunk)
        if size == 0:
            raise UploadError("the file is empty", "Choose the logo file again.")
        try:
            read_logo(tmp)
        except FileProblem as exc:
            raise UploadError(str(exc).replace(Path(tmp).name, Path(original).name), exc.hint) from None
        name = _free_name(folder, _readable(Path(original).stem, brand_slug), suffix, digest.hexdigest())
        if name is None:
            raise UploadError(
                "there are already many logos with this name in the brands folder",
                "Rename the file to say what it is, such as 'harbour-logo-2027.png', and upload it again.",
            )
        if os.path.lexists(folder / name) and not (folder / name).is_file():
            raise UploadError(
                f"something that is not a logo file is already called '{name}' in the brands folder",
                "Ask whoever looks after the brands folder to move it, then upload again.",
            )
        os.chmod(tmp, 0o644)
        os.replace(tmp, folder / name)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return Uploaded(name, resolution(folder / name))


def _readable(stem: str, brand_slug: str) -> str:
    """The uploaded file's name as a safe, short file name: letters, digits and dashes."""
    from ..output import slug

    name = slug(stem)[:SLUG_CHARACTERS].strip("-") if any(c.isalnum() for c in stem) else ""
    return name or f"{brand_slug[:SLUG_CHARACTERS].rstrip('-')}-logo"


def _free_name(folder: Path, base: str, suffix: str, sha256: str) -> str | None:
    """``base`` + suffix, or the first of ``base-2``, ``base-3``... that is free or already holds
    these very bytes (the same upload again). None after ``TRIES``."""
    for n in range(1, TRIES + 1):
        name = f"{base}{'' if n == 1 else f'-{n}'}{suffix}"
        path = folder / name
        if not os.path.lexists(path):
            return name
        try:
            if path.is_file() and not path.is_symlink() and hashlib.sha256(path.read_bytes()).hexdigest() == sha256:
                return name
        except OSError:
            continue
        if not path.is_file():
            return name  # reported as in the way, rather than quietly named around
    return None


def resolution(path: Path) -> str:
    """How sharp the logo prints, in words: its ppi at the size the layout gives it ("" for a file
    the library's logo check refuses: the brand's check says why)."""
    from ..lint.brand_rules import MIN_PPI, logo_ppi

    try:
        if read_logo(path).kind == "SVG":
            return "A vector logo: sharp at any size."
    except FileProblem:
        return ""
    measured = logo_ppi(str(path))
    if measured is None:
        return ""
    ppi, (width, height), (w_mm, h_mm) = measured
    verdict = "sharp in print" if ppi >= MIN_PPI else f"under {MIN_PPI} ppi, so it may look blurred"
    return f"{width} x {height} pixels, printed {w_mm:.0f} x {h_mm:.0f} mm: {ppi:.0f} ppi, {verdict}."
