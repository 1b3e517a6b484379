"""`leaflet preview` and `build --preview`: PNG pictures of the pages, one per page."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfReader

import leaflet
from leaflet.preview import render_pages, write_previews

from conftest import BRANDS, MESO


def test_preview_writes_one_png_per_page(cli):
    cli("preview", MESO, "--brand", BRANDS / "harbour-skin.yaml")
    assert cli.code == 0, cli.err
    pngs = cli.written()
    pages = len(PdfReader(io.BytesIO(leaflet.build_files(MESO, BRANDS / "harbour-skin.yaml"))).pages)
    assert len(pngs) == pages > 1
    assert [p.name for p in pngs] == sorted(
        f"mesotherapy-rejuvenation-harbour-skin-clinic-page-{n}.png" for n in range(1, pages + 1)
    )
    assert cli.out.split() == [
        f"output/mesotherapy-rejuvenation-harbour-skin-clinic-page-{n}.png" for n in range(1, pages + 1)
    ]
    with Image.open(pngs[0]) as image:
        assert image.format == "PNG"
        assert image.size == (827, 1170)  # A4 at 100 dpi


def test_preview_letter_at_another_resolution(cli):
    cli("preview", MESO, "--format", "letter", "--dpi", "50", "-o", "pics")
    assert cli.code == 0, cli.err
    with Image.open(cli.folder / "pics" / "mesotherapy-rejuvenation-letter-page-1.png") as image:
        assert image.size == (425, 550)


def test_the_first_page_shows_the_brand_colour(tmp_path):
    png = render_pages(leaflet.build_files(MESO, BRANDS / "harbour-skin.yaml"), dpi=30)[0]
    with Image.open(io.BytesIO(png)) as image:
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=100000)
    top = max(colours)[1]
    assert (0x0B, 0x55, 0x63) in {c for _, c in colours}  # the header band, colors.primary
    assert top == (255, 255, 255)  # mostly paper


def test_pictures_of_pages_that_no_longer_exist_are_removed(tmp_path):
    pdf = leaflet.build_files(MESO)
    target = tmp_path / "meso.pdf"
    for n in (1, 2, 30):
        (tmp_path / f"meso-page-{n}.png").write_bytes(b"old")
    (tmp_path / "meso-page-x.png").write_bytes(b"not ours")
    written = write_previews(pdf, target, dpi=30)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([p.name for p in written] + ["meso-page-x.png"])
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in written)


def test_build_with_preview_writes_the_pdf_and_its_pictures(cli):
    cli("build", MESO, "--preview")
    assert cli.code == 0, cli.err
    lines = cli.out.split()
    assert lines[0] == "output/mesotherapy-rejuvenation.pdf"
    assert lines[1] == "output/mesotherapy-rejuvenation-page-1.png"
    assert len(lines) - 1 == len(PdfReader(cli.folder / lines[0]).pages)


def test_preview_of_bad_input_is_a_located_error(cli, tmp_path):
    (tmp_path / "bad.yaml").write_text("title: [\n", encoding="utf-8")
    cli("preview", "bad.yaml")
    assert cli.code == 1
    assert cli.err.startswith("bad.yaml:")
    assert cli.written() == []
