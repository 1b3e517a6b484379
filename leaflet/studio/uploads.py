"""Logo uploads: into the brands folder, checked by the library before they get a name there.

The upload is copied, at most the 'logo file' limit of it (``leaflet/limits.py``), to a hidden
temporary file inside the brands folder and checked there by ``leaflet.load.assets.read_logo``, the
same check every build makes (a real PNG, JPEG or SVG; its size; its pixel count read from the
header before anything is decoded; nothing an SVG may not contain or refer to). Only then
is it renamed to ``<brand>-logo-<first 8 hex digits of its sha256>.<png|jpg|svg>``: a new logo never
replaces a file another brand may be using, and uploading the same picture twice gives one file.
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
SLUG_CHARACTERS = 60  # of the brand's name in the logo's: the whole name stays one the studio lists
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
        raise UploadError(f"'{Path(original).name or 'the file'}' is not a PNG, JPEG or SVG file",
                          "Choose the logo as a .png (best, keeps transparency), .jpg or .svg file.")
    digest, size = hashlib.sha256(), 0
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            while chunk := await upload.read(_CHUNK):
                size += len(chunk)
                if size > LOGO_BYTES.value:
                    raise UploadError(f"the logo is larger than {LOGO_BYTES} (the '{LOGO_BYTES.name}' limit)",
                                      "Export it smaller: 300 ppi at the printed 58 x 20 mm is about "
                                      "690 x 240 pixels, well under 1 MB.")
                digest.update(chunk)
                handle.write(chunk)
        if size == 0:
            raise UploadError("the file is empty", "Choose the logo file again.")
        try:
            read_logo(tmp)
        except FileProblem as exc:
            raise UploadError(str(exc).replace(Path(tmp).name, Path(original).name), exc.hint) from None
        name = f"{brand_slug[:SLUG_CHARACTERS].rstrip('-')}-logo-{digest.hexdigest()[:8]}{suffix}"
        if os.path.lexists(folder / name) and not (folder / name).is_file():
            raise UploadError(f"something that is not a logo file is already called '{name}' in the brands folder",
                              "Ask whoever looks after the brands folder to move it, then upload again.")
        os.chmod(tmp, 0o644)
        os.replace(tmp, folder / name)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return Uploaded(name, resolution(folder / name))


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
