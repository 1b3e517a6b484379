"""What a print shop's preflight checks: bleed under crop marks, solid black overprinting text, one
colour conversion for band and logo through the ICC profile, PDF/X-4 read back, and files that
are told apart by their IDs and font tags."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

import leaflet
from leaflet.layout.icc import rgb_to_cmyk
from leaflet.load.profile import load_profile

from conftest import BRANDS, FORMAT, LOGO_PNG, MESO, needs_profile

MM = 72 / 25.4
HARBOUR = BRANDS / "harbour-skin.yaml"


def build(content=MESO, brand=HARBOUR, **options) -> bytes:
    return leaflet.build_files(content, brand, leaflet.BuildOptions(**options))


def test_crop_marks_alone_add_a_3mm_bleed_and_say_so(cli):
    cli("build", FORMAT / "content-example.yaml", "--crop-marks", "-o", "marks.pdf")
    assert cli.code == 0 and "adding a 3 mm bleed" in cli.err
    page = PdfReader(cli.folder / "marks.pdf").pages[0]
    assert float(page.trimbox.left) - float(page.bleedbox.left) == pytest.approx(3 * MM, abs=0.01)
    cli("build", FORMAT / "content-example.yaml", "--crop-marks", "--bleed", "0", "-o", "none.pdf")
    assert cli.code == 0 and "bleed" not in cli.err
    page = PdfReader(cli.folder / "none.pdf").pages[0]
    assert float(page.trimbox.left) == pytest.approx(float(page.bleedbox.left))


def text_colours(reader: PdfReader, page) -> list[tuple[float, tuple, bool]]:
    """(size, fill colour operands and operator, overprint on) for every piece of text drawn."""
    states = page["/Resources"].get("/ExtGState", {})
    found, stack = [], []
    fill, size, overprint = ((), ""), 0.0, False
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        op = op.decode()
        if op == "q":
            stack.append((fill, overprint))
        elif op == "Q":
            fill, overprint = stack.pop()
        elif op in ("k", "rg", "g"):
            fill = (tuple(round(float(v), 4) for v in operands), op)
        elif op == "gs":
            overprint = bool(states[operands[0]].get_object().get("/op", overprint))
        elif op == "Tf":
            size = float(operands[1])
        elif op in ("Tj", "TJ", "'", '"'):
            found.append((size, fill, overprint))
    return found


@needs_profile
def test_cmyk_text_is_solid_black_ink_and_overprints():
    reader = PdfReader(io.BytesIO(build(cmyk=True)))
    small = [(size, fill, op) for page in reader.pages for size, fill, op in text_colours(reader, page) if size < 16]
    assert small
    bad = [t for t in small if t[1] != ((0, 0, 0, 1), "k") and t[1] != ((0, 0, 0, 0), "k")]
    assert not bad, bad[:5]  # black, or white on the band (which never overprints)
    black = [t for t in small if t[1] == ((0, 0, 0, 1), "k")]
    assert all(op for _, _, op in black)
    assert not any(op for _, fill, op in small if fill == ((0, 0, 0, 0), "k"))


@needs_profile
def test_the_band_and_the_logo_print_the_brand_colour_with_the_same_inks(tmp_path):
    shutil.copy(LOGO_PNG, tmp_path / "logo.png")  # a bitmap drawn in the brand's primary colour
    brand = tmp_path / "brand.yaml"
    brand.write_text(HARBOUR.read_text().replace("harbour-skin-logo.svg", "logo.png"))
    reader = PdfReader(io.BytesIO(build(brand=brand, cmyk=True)))
    page = reader.pages[0]
    content = page.get_contents().get_data().decode("latin-1")
    band = re.search(r"([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) k\s+n?\s*-?[\d.]+ -?[\d.]+ [\d.]+ [\d.]+ re f", content)
    band = tuple(float(v) for v in band.groups())
    logo = next(
        x.get_object() for x in page["/Resources"]["/XObject"].values() if x.get_object()["/Subtype"] == "/Image"
    )
    assert logo["/ColorSpace"] == "/DeviceCMYK"
    data = logo.get_data()
    pixels = Counter(data[i : i + 4] for i in range(0, len(data), 4))
    main = next(p for p, _ in pixels.most_common() if p != b"\0\0\0\0")  # the commonest inked pixel
    assert tuple(round(v / 255, 2) for v in main) == tuple(round(v, 2) for v in band)
    expected = rgb_to_cmyk(load_profile(None), (0x0B, 0x55, 0x63))  # colors.primary, through the profile
    assert band == pytest.approx(expected, abs=0.005) and band[3] > 0.1  # not the formula's K


def test_a_profile_that_is_not_cmyk_is_refused_at_its_path(cli, tmp_path):
    from PIL import ImageCms

    rgb = tmp_path / "srgb.icc"
    rgb.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    cli("build", MESO, "--cmyk", "--icc-profile", rgb)
    assert cli.code == 1 and f"{rgb}: the ICC profile is a RGB" in cli.err and "CMYK output" in cli.err
    assert [p for p in cli.written() if p.suffix == ".pdf"] == []
    cli("build", MESO, "--pdfx", "--icc-profile", tmp_path / "missing.icc")
    assert cli.code == 1 and "cannot read the ICC profile" in cli.err


XMP = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


@needs_profile
@pytest.mark.parametrize("fmt", ["a4", "a5-booklet", "dl-trifold"])
def test_pdfx_is_pdf_x4_with_an_output_intent_and_matching_metadata(fmt):
    content = FORMAT / "content-example.yaml"
    pdf = build(content, FORMAT / "brand-example.yaml", format=fmt, pdfx=True)
    assert pdf.startswith(b"%PDF-1.6")
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"]
    icc = intent["/DestOutputProfile"].get_object()
    assert icc["/N"] == 4 and icc.get_data() == load_profile(None).data
    xmp = ET.fromstring(root["/Metadata"].get_object().get_data().split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0])
    get = lambda path: xmp.find(f".//{path}", XMP).text  # noqa: E731
    assert get("pdfxid:GTS_PDFXVersion") == "PDF/X-4"
    assert get("pdf:Trapped") == "False" and reader.trailer["/Info"]["/Trapped"] == "/False"
    assert get("xmp:CreateDate") == "2026-09-01T00:00:00Z"  # the leaflet's publication date
    assert reader.trailer["/Info"]["/CreationDate"].startswith("D:20260901000000")
    assert get("dc:title/rdf:Alt/rdf:li") == reader.metadata.title == "Microneedling for acne scars"
    assert get("xmpMM:DocumentID").startswith("uuid:") and get("xmpMM:RenditionClass") == "default"
    assert len(reader.trailer["/ID"]) == 2
    for page in reader.pages:
        media, bleed, trim = page.mediabox, page.bleedbox, page.trimbox
        assert float(media.left) <= float(bleed.left) < float(trim.left) < float(trim.right) < float(bleed.right)
        content = page.get_contents().get_data().decode("latin-1")
        assert not re.search(r"\b(rg|RG)\b", content)  # nothing RGB beside a CMYK output intent
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor


@needs_profile
@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript is not installed (.ci/run installs it)")
def test_ghostscript_reads_the_pdfx_file_without_an_error_and_finds_ink_on_every_page(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(build(pdfx=True, format="a5-booklet"))
    run = subprocess.run(
        ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dPDFSTOPONERROR", "-sDEVICE=inkcov", "-o", "-", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0 and "Error" not in run.stdout + run.stderr, run.stderr
    coverage = [line.split() for line in run.stdout.splitlines() if line.strip().endswith("OK")]
    assert len(coverage) == len(PdfReader(path).pages)
    assert all(float(c[3]) > 0 for c in coverage)  # black ink (the text) on every sheet


def subset_tags(pdf: bytes) -> set[str]:
    return {
        str(font.get_object()["/BaseFont"]).split("+")[0]
        for page in PdfReader(io.BytesIO(pdf)).pages
        for font in page["/Resources"]["/Font"].values()
    }


def test_each_file_has_its_own_document_id_and_font_tags_and_the_same_inputs_the_same_bytes():
    meso, example = build(), build(FORMAT / "content-example.yaml", FORMAT / "brand-example.yaml")
    ids = [PdfReader(io.BytesIO(pdf)).trailer["/ID"][0] for pdf in (meso, example)]
    assert ids[0] != ids[1]
    assert subset_tags(meso).isdisjoint(subset_tags(example)) and "/AAAAAA" not in subset_tags(meso)
    assert build() == meso


def test_cmyk_with_no_profile_anywhere_says_what_to_do_and_writes_nothing(cli, monkeypatch):
    from leaflet.load import profile as icc

    monkeypatch.setattr(icc, "SYSTEM_PROFILES", ())
    cli("build", MESO, "--cmyk")
    assert cli.code == 1 and "needs an ICC output profile" in cli.err and "--icc-profile" in cli.err
    assert cli.written() == []
