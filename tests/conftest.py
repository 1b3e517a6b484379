"""Shared helpers: run the command line in-process, read PDFs as a user would."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from leaflet.cli import main
from leaflet.load.profile import default_profile_path

# The review-date rule compares with today: the suite runs as of the day the leaflets were written,
# so it gives the same answer next year (tests of a passed review date set their own day).
os.environ.setdefault("SOURCE_DATE_EPOCH", "1795996800")  # 2026-11-30

ROOT = Path(__file__).resolve().parent.parent
# The pinned format examples (content, brand and its logo), kept in the repository so a clone stands alone.
FORMAT = ROOT / "examples"
MESO = ROOT / "content" / "mesotherapy-rejuvenation.yaml"
BRANDS = ROOT / "content" / "brands"
LOGO_PNG = ROOT / "tests" / "fixtures" / "logo.png"  # a 600 x 200 bitmap logo (the sample brands' is an SVG)


# CMYK needs an ICC output profile: Ghostscript's, from Debian (.ci/run installs it).
HAS_PROFILE = default_profile_path() is not None
needs_profile = pytest.mark.skipif(not HAS_PROFILE, reason="no CMYK ICC profile: apt-get install libgs-common")


def pdf_text(source) -> str:
    """All the text of a PDF, whitespace folded, as a reader (or pdftotext) would get it."""
    reader = PdfReader(source)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def pdf_fonts(source) -> dict[str, bool]:
    """Every font used on any page, and whether it is embedded."""
    fonts = {}
    for page in PdfReader(source).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            fonts[font["/BaseFont"]] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


def squash(text: str) -> str:
    return " ".join(text.split())


class Cli:
    """Runs `leaflet ...` in a scratch folder and keeps what it said."""

    def __init__(self, folder: Path, capsys):
        self.folder, self.capsys = folder, capsys
        self.code: int | None = None
        self.out = self.err = ""

    def __call__(self, *args: str | Path) -> Cli:
        try:
            self.code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse's own exit for misuse
            self.code = exc.code
        captured = self.capsys.readouterr()
        self.out, self.err = captured.out, captured.err
        return self

    def written(self) -> list[Path]:
        return sorted(p for p in self.folder.rglob("*") if p.is_file() and p.suffix != ".yaml")


@pytest.fixture
def cli(tmp_path, capsys, monkeypatch) -> Cli:
    monkeypatch.chdir(tmp_path)
    return Cli(tmp_path, capsys)


def first_line_matches(err: str, file: str, line: int) -> bool:
    return re.match(rf"^{re.escape(file)}:{line}:\d+: ", err) is not None


@contextlib.contextmanager
def catalogue_without(monkeypatch, tmp_path: Path, folder: str, msgstr: str):
    """The shipped catalogues, copied, with ``folder``'s translation ``msgstr`` emptied: as if a
    translator had not done that phrase yet. The catalogue caches are cleared on the way in and out."""
    from leaflet.text import catalogues

    locale = tmp_path / "locale"
    shutil.copytree(catalogues.LOCALE_DIR, locale)
    po = locale / folder / "LC_MESSAGES" / "leaflet.po"
    po.write_text(po.read_text(encoding="utf-8").replace(f'msgstr "{msgstr}"', 'msgstr ""'), encoding="utf-8")
    monkeypatch.setattr(catalogues, "LOCALE_DIR", locale)
    caches = (catalogues.compiled, catalogues.catalogue, catalogues.words)
    for cached in caches:
        cached.cache_clear()
    try:
        yield
    finally:
        for cached in caches:
            cached.cache_clear()
