"""Pictures of the pages: PNG images of a built PDF (pypdfium2), so a person or a test can look
without a PDF viewer. ``<name>.pdf`` gives ``<name>-page-1.png``, ``<name>-page-2.png``, ..."""

from __future__ import annotations

import io
import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path

from .errors import LeafletError, Problem
from .output import check_outputs, write_together

DPI = 100  # an A4 page is 827 x 1169 pixels: readable, and small enough to look at many
MIN_DPI, MAX_DPI = 30, 600  # a thumbnail at most; print quality at least (A4 at 600: 35 Mpixels)


def render_pages(pdf: bytes, dpi: float = DPI, pages: list[int] | None = None) -> list[bytes]:
    """Each page of ``pdf`` as PNG bytes, in order; with ``pages`` (0-based), only those.
    The studio's live preview shows one page of a leaflet: rendering all six would triple its wait."""
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise LeafletError(
            Problem(
                f"{dpi:g} dpi is outside {MIN_DPI} to {MAX_DPI} dpi", hint=f"Use {DPI} for the screen, 300 for print."
            )
        )
    import pypdfium2 as pdfium  # only the preview needs it: keep `leaflet build` quick to start

    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(document)) if pages is None else pages:
            page = document[index]
            try:
                image = page.render(scale=dpi / 72).to_pil()
            finally:
                page.close()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=False)
            images.append(buffer.getvalue())
        return images
    finally:
        document.close()


def preview_path(pdf_path: Path, page: int) -> Path:
    pdf_path = Path(pdf_path)
    return pdf_path.with_name(f"{pdf_path.stem}-page-{page}.png")


def previews(pdf: bytes, pdf_path: Path, dpi: float = DPI) -> list[tuple[bytes, Path]]:
    """(PNG bytes, where it goes) for each page: the picture files of ``pdf`` written at ``pdf_path``."""
    return [(png, preview_path(pdf_path, n)) for n, png in enumerate(render_pages(pdf, dpi), 1)]


def remove_stale(pdf_path: Path, pages: int, keep: Sequence[str] = ()) -> None:
    """Remove pictures of pages that an earlier, longer version had, so the PNGs always match the
    page count; never a file in ``keep`` (the build's inputs)."""
    pdf_path = Path(pdf_path)
    pattern = re.compile(rf"{re.escape(pdf_path.stem)}-page-(\d+)\.png")
    kept = {os.path.realpath(k) for k in keep}
    if pdf_path.parent.is_dir():
        for old in pdf_path.parent.iterdir():
            match = pattern.fullmatch(old.name)
            # only pictures this command could have written: never a folder or a link of that name
            if (
                match
                and int(match.group(1)) > pages
                and os.path.realpath(old) not in kept
                and stat.S_ISREG(old.lstat().st_mode)
            ):
                old.unlink(missing_ok=True)


def write_previews(pdf: bytes, pdf_path: Path, dpi: float = DPI, inputs: Sequence[str] = ()) -> list[Path]:
    """Write one PNG per page beside ``pdf_path``, all together, and remove stale ones."""
    files = previews(pdf, pdf_path, dpi)
    check_outputs([path for _, path in files], inputs)
    written = write_together(files)
    remove_stale(pdf_path, len(files), inputs)
    return written
