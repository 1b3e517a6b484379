"""Layout draws, it does not read: the fonts, the logo and the output profile are read and checked
before layout (leaflet/load/media.py) and given to it as data; what cannot be used is an error at
the brand line that names it, and layout places no error itself."""

from __future__ import annotations

import builtins
import io
import os
import pathlib

import pytest

import leaflet
from leaflet.layout import lay_out
from leaflet.layout.options import LayoutOptions
from leaflet.load.media import read_media
from leaflet.text.scripts import script_of

from conftest import BRANDS, FORMAT, MESO, needs_profile


def _no_files(monkeypatch):
    def refused(*args, **kwargs):
        raise AssertionError(f"layout opened a file: {args[:1]}")

    for owner, name in (
        (builtins, "open"),
        (io, "open"),
        (os, "open"),
        (os, "stat"),
        (pathlib.Path, "open"),
        (pathlib.Path, "read_bytes"),
        (pathlib.Path, "stat"),
    ):
        monkeypatch.setattr(owner, name, refused)


@needs_profile
@pytest.mark.parametrize(
    "content, brand, options",
    [
        (MESO, BRANDS / "harbour-skin.yaml", LayoutOptions(format="a5-booklet", pdfx=True)),  # SVG logo, profile
        (FORMAT / "content-example.yaml", FORMAT / "brand-example.yaml", LayoutOptions(cmyk=True)),  # PNG logo
        (MESO.with_name("mesotherapy-rejuvenation-ur.yaml"), BRANDS / "northfield-aesthetics.yaml", LayoutOptions()),
    ],
)
def test_layout_opens_no_file(monkeypatch, content, brand, options):
    lf, br = leaflet.load_leaflet(content), leaflet.load_brand(brand)
    prepared = leaflet.prepare(lf, br)
    media = read_media(
        br, script_of(lf.language).family, cmyk=options.cmyk or options.pdfx, icc_profile=options.icc_profile
    )
    media.fonts.family("DejaVu Sans")  # the fallback family, which layout asks for character by character
    expected = leaflet.build(options=options, prepared=prepared)
    with monkeypatch.context() as patched:
        _no_files(patched)
        pdf, _ = lay_out(prepared, options, media)
    assert pdf == expected


def test_layout_imports_no_error_wording_and_opens_nothing_itself():
    """No module of layout/ imports load's error wording (problem_at, FileProblem) or reads files."""
    import re

    root = pathlib.Path(leaflet.__file__).parent / "layout"
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        names = r"(problem_at|FileProblem|read_logo|read_font|load_profile|read_limited)"
        assert not re.search(rf"^from .*import .*\b{names}\b|\b{names}\(", text, re.MULTILINE), path
        text = text.replace("Image.open(io.BytesIO", "")  # decoding bytes already read
        assert not re.search(r"\bopen\(|os\.stat|read_bytes|read_text|glob\(", text), path


def test_a_leaflets_own_fallback_fonts_are_the_only_ones_read_late(tmp_path):
    """Fonts.family reads only leaflet's own shipped families on demand; any other was read (and
    checked) before layout or not at all."""
    media = read_media(leaflet.Brand(name="x"))
    assert media.fonts.family("DejaVu Sans").regular.data[:4] in (b"\x00\x01\x00\x00", b"true")
    (tmp_path / "Own-Regular.ttf").write_bytes(media.fonts.family("DejaVu Sans").regular.data)
    with pytest.raises(RuntimeError, match="not read before layout"):
        media.fonts.family(str(tmp_path))


def test_a_logo_that_cannot_be_used_is_an_error_at_the_brand_line_before_layout(cli, tmp_path):
    brand = tmp_path / "brand.yaml"
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    brand.write_text("name: Clinic\nlogo: logo.png\n", encoding="utf-8")
    cli("build", MESO, "--brand", brand, "-o", tmp_path / "out.pdf")
    assert cli.code == 1 and "brand.yaml:2:" in cli.err and "Traceback" not in cli.err
    assert not (tmp_path / "out.pdf").exists()
