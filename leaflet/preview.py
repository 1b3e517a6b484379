"""Pictures of the pages: PNG images of a built PDF (pypdfium2), so a person or a test can look
without a PDF viewer. ``<name>.pdf`` gives ``<name>-page-1.png``, ``<name>-page-2.png``, ..."""
from __future__ import annotations

import io
import re
from pathlib import Path

from .output import write_atomic

DPI = 100  # an A4 page is 827 x 1169 pixels: readable, and small enough to look at many


def render_pages(pdf: bytes, dpi: float = DPI) -> list[bytes]:
    """Each page of ``pdf`` as PNG bytes, in order."""
    import pypdfium2 as pdfium  # only the preview needs it: keep `leaflet build` quick to start

    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            try:
                image = page.render(scale=dpi / 72).to_pil()
            finally:
                page.close()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=False)
            pages.append(buffer.getvalue())
        return pages
    finally:
        document.close()


def preview_path(pdf_path: Path, page: int) -> Path:
    pdf_path = Path(pdf_path)
    return pdf_path.with_name(f"{pdf_path.stem}-page-{page}.png")


def write_previews(pdf: bytes, pdf_path: Path, dpi: float = DPI) -> list[Path]:
    """Write one PNG per page beside ``pdf_path`` (atomically), and remove pictures of pages that
    an earlier, longer version had, so the PNGs always match the page count."""
    pages = render_pages(pdf, dpi)
    written = [write_atomic(png, preview_path(pdf_path, n)) for n, png in enumerate(pages, 1)]
    pdf_path = Path(pdf_path)
    pattern = re.compile(rf"{re.escape(pdf_path.stem)}-page-(\d+)\.png")
    if pdf_path.parent.is_dir():
        for old in pdf_path.parent.iterdir():
            match = pattern.fullmatch(old.name)
            if match and int(match.group(1)) > len(pages):
                old.unlink(missing_ok=True)
    return written
