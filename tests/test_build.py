"""What a clinic or an author checks in a built leaflet: the words, the paper, the fonts, the files."""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

import leaflet
from leaflet.layout import paragraphs

from conftest import BRANDS, FORMAT, HAS_PROFILE, MESO, ROOT, pdf_fonts, pdf_text

A4 = (595.28, 841.89)
LETTER = (612, 792)


@pytest.fixture(scope="module")
def meso_pdf() -> bytes:
    return leaflet.build_files(MESO)


@pytest.fixture(scope="module")
def example_pdf() -> bytes:
    return leaflet.build_files(FORMAT / "content-example.yaml", FORMAT / "brand-example.yaml")


def page_size(pdf: bytes, index: int = 0) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(pdf)).pages[index].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def test_readme_first_command_writes_the_mesotherapy_leaflet(cli):
    cli("build", MESO)
    assert cli.code == 0, cli.err
    out = cli.folder / "output" / "mesotherapy-rejuvenation.pdf"
    assert cli.out.strip() == "output/mesotherapy-rejuvenation.pdf"
    assert out.read_bytes().startswith(b"%PDF-")
    assert cli.written() == [out]


@pytest.mark.parametrize(
    "args, code, out, err",
    [
        (["build", MESO], 0, "output/mesotherapy-rejuvenation.pdf\n", ""),
        (["build", "missing.yaml"], 1, "", "missing.yaml: file not found\n"),
        (["build", "--format", "a3", MESO], 2, "", "invalid choice: 'a3'"),
        (["--version"], 0, "leaflet 0.1.0\n", ""),
    ],
)
def test_the_command_exits_with_its_code_and_says_everything_through_a_pipe(tmp_path, args, code, out, err):
    """`leaflet` leaves by os._exit (cli.run): nothing it prints may be lost on the way out."""
    run = subprocess.run(
        [sys.executable, "-m", "leaflet", *map(str, args)], cwd=tmp_path, capture_output=True, text=True
    )
    assert (run.returncode, run.stdout) == (code, out) and err in run.stderr
    assert (tmp_path / "output" / "mesotherapy-rejuvenation.pdf").exists() == (code == 0 and args[0] == "build")


@pytest.mark.parametrize(
    "fact",
    [
        "1950s",
        "Europe",
        "0.01 mL",
        "fibroblasts",
        "collagen",
        "vitamin C",
        "hyaluronic acid",
        "plant extracts",
        "homeopathic",
        "little good proof",
        "control group",
        "Nappage",
        "Papule",
        "Point by point",
        "2 to 3 times deeper",
        "8 hours",
        "at least 48 hours",
        "£200",
        "£1,000 to £2,000",
        "bruising",
        "swelling",
        "allergic reaction",
        "infection",
        "abscesses",
        "fever",
        "scars",
        "not approved for injection",
        "CE mark",
        "Society of Mesotherapy",
        "cost much less than a course of injections",
        "No treatment",
        "Questions to ask before you decide",
        "999",
        # what the article left out, from the sources found for version 1.2
        "On average it started 3 weeks after treatment",
        "about 10 weeks",
        "Tell the doctor you had mesotherapy",
        "Call 999 now",
        "Lie down. Use an adrenaline pen",
        "also call NHS 111 now",
        "against the law",
        "even during a session",
        "cooling-off period",
        "It may not work for you at all",
        # the rarer risks and when each can start, from the sources found for version 1.3
        "When problems can start",
        "Within minutes",
        "Weeks or months later",
        "not normal healing",
        "Death of skin or tissue (necrosis)",
        "Lumps under the skin (granulomas)",
        "hives",
        "A cold sore",
        "Darker marks on the skin",
        "6 sessions made no difference",
        "allergy medicine",
        "can be an infection",
    ],
)
def test_mesotherapy_leaflet_states_each_fact_of_the_article(meso_pdf, fact):
    assert fact in pdf_text(io.BytesIO(meso_pdf))


@pytest.mark.parametrize(
    "part",
    [
        "Who should not have it",
        "Your consultation, and time to decide",
        "When will I see results?",
        "If you are not happy",
        "This leaflet in other formats",
        "How this leaflet was made",
        "Yellow Card",
        "Reviewed by Leaflet project editors, an editorial check of every fact against the sources, not a "
        "clinical review, on 7 December 2026.",
        "Not yet reviewed by a clinician.",
    ],
)
def test_mesotherapy_leaflet_has_the_parts_a_good_leaflet_has(meso_pdf, part):
    assert part in pdf_text(io.BytesIO(meso_pdf))


def test_mesotherapy_leaflet_cites_a_source_for_every_claim_and_invents_no_frequency():
    content = leaflet.load_leaflet(MESO)
    risks = [r for s in content.sections for r in s.risks or []]
    assert risks and all(r.frequency == "not known" for r in risks)  # no cited source gives a figure
    assert all("[" in r.text for r in risks) and all("[" in r.action for r in risks if r.action)
    assert all("[" in step.text for s in content.sections for step in s.aftercare or [])
    assert "Society of Mesotherapy" not in " ".join(str(s) for s in content.sources)  # only mentioned
    text = pdf_text(io.BytesIO(leaflet.build_files(MESO))).replace("\u00a0", " ")
    assert "CE marked and licensed" not in text  # a medicine is licensed; a device is marked
    assert "the MHRA decides if a medicine gets a licence" in text and "UKCA or CE mark" in text


def test_mesotherapy_leaflet_is_dated_referenced_and_numbered(meso_pdf):
    text = pdf_text(io.BytesIO(meso_pdf))
    pages = len(PdfReader(io.BytesIO(meso_pdf)).pages)
    # In "About this leaflet": the footers carry the clinic's phone and the page number only.
    assert "Published: 7 December 2026" in text and "Review by: 7 December 2027" in text
    assert "Ref: LF-MESO-001" in text and "Version: 1.3" in text
    for n in range(1, pages + 1):
        assert f"Page {n} of {pages}" in text


def test_mesotherapy_leaflet_is_a4_with_every_font_embedded(meso_pdf):
    assert all(page_size(meso_pdf, i) == A4 for i in range(len(PdfReader(io.BytesIO(meso_pdf)).pages)))
    fonts = pdf_fonts(io.BytesIO(meso_pdf))
    assert fonts and all(fonts.values()), fonts
    assert all("AtkinsonHyperlegible" in name for name in fonts)


@pytest.mark.parametrize("fmt", ["a4", "a5-booklet"])
def test_a_brand_with_an_svg_logo_and_a_booking_link_embeds_every_font_it_names(fmt):
    """Every font a PDF names is embedded, even one nothing is set in: ReportLab's drawing renderer
    named Helvetica (unembedded) for the SVG logo, and print-shop preflight refuses that."""
    pdf = leaflet.build_files(MESO, BRANDS / "harbour-skin.yaml", leaflet.BuildOptions(format=fmt))
    fonts = pdf_fonts(io.BytesIO(pdf))
    for page in PdfReader(io.BytesIO(pdf)).pages:  # and inside forms: the logo, the QR code
        for xobject in page["/Resources"].get("/XObject", {}).values():
            for font in xobject.get_object().get("/Resources", {}).get("/Font", {}).values():
                fonts[font.get_object()["/BaseFont"]] = (
                    "/FontDescriptor" in font.get_object() or "/DescendantFonts" in font.get_object()
                )
    assert fonts and all(fonts.values()), fonts


def test_pdf_metadata_names_title_clinic_language_and_outline(example_pdf):
    reader = PdfReader(io.BytesIO(example_pdf))
    assert reader.metadata.title == "Microneedling for acne scars"
    assert reader.metadata.author == "Harbour Skin Clinic"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a PDF boolean)
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[:3] == ["Microneedling for acne scars", "What is microneedling?", "Risks and side effects"]
    assert "Contact us" in outline


def test_same_inputs_give_byte_identical_pdfs(example_pdf):
    assert leaflet.build_files(FORMAT / "content-example.yaml", FORMAT / "brand-example.yaml") == example_pdf


REUSE_CASES = [  # content, brand, build options: every format, large print, CMYK, three logos, booking links
    (MESO, BRANDS / "harbour-skin.yaml", {}),
    (MESO, BRANDS / "harbour-skin.yaml", {"format": "letter"}),  # the same text at other widths
    (MESO, BRANDS / "northfield-aesthetics.yaml", {"format": "a5-booklet", "cmyk": HAS_PROFILE}),
    (MESO, BRANDS / "northfield-aesthetics.yaml", {}),  # the same brand in RGB (an information leaflet: no QR code)
    (MESO, None, {"large_print": True, "bleed": 3.0, "crop_marks": True}),
    (FORMAT / "content-example.yaml", FORMAT / "brand-example.yaml", {"format": "dl-trifold"}),
    (FORMAT / "content-example.yaml", ROOT / "bench" / "brand.yaml", {"format": "letter"}),  # PNG logo, QR code
]


def test_what_a_process_reuses_between_leaflets_never_changes_a_pdf(tmp_path):
    """Logos, styles, parsed text and measured lines are kept across the leaflets of a batch; each
    PDF must still be the one a fresh process makes, whatever was built before it."""

    def build(case):
        content, brand, options = case
        return leaflet.build_files(content, brand, leaflet.BuildOptions(**options))

    first = [build(case) for case in REUSE_CASES]
    kept = len(paragraphs.parsed), len(paragraphs.wrapped)
    in_process = [first, [build(case) for case in REUSE_CASES]]
    # The same leaflets again find everything stored: a batch's memory stays flat.
    assert (len(paragraphs.parsed), len(paragraphs.wrapped)) == kept
    for index, case in enumerate(REUSE_CASES):
        out = tmp_path / f"{index}.pdf"
        script = (
            "import sys, leaflet; from pathlib import Path; from test_build import REUSE_CASES;"
            "c, b, o = REUSE_CASES[int(sys.argv[1])];"
            "Path(sys.argv[2]).write_bytes(leaflet.build_files(c, b, leaflet.BuildOptions(**o)))"
        )
        subprocess.run([sys.executable, "-c", script, str(index), str(out)], check=True, cwd=Path(__file__).parent)
        fresh = out.read_bytes()
        assert in_process[0][index] == fresh and in_process[1][index] == fresh, case


def test_one_preparation_shared_by_the_lint_and_every_format_gives_the_same_pdfs():
    """`leaflet build` and `leaflet batch` prepare the text once, for the rules and each format."""
    from leaflet.lint import lint

    content = leaflet.load_leaflet(FORMAT / "content-example.yaml")
    brand = leaflet.load_brand(ROOT / "bench" / "brand.yaml")
    prepared = leaflet.prepare(content, brand)
    lint(content, brand, prepared=prepared)
    for fmt in ("a4", "letter", "a5-booklet", "dl-trifold"):
        options = leaflet.BuildOptions(format=fmt)
        assert leaflet.build(prepared=prepared, options=options) == leaflet.build(content, brand, options), fmt


@pytest.mark.parametrize(
    "shown",
    [
        # every field of the content example ...
        "Microneedling for acne scars",
        "Information for patients",
        "EX-001",
        "Version: 1.2",
        "Published: 1 September 2026",
        "Review by: 1 September 2027",
        "A course of 3 to 6 treatments, about 4 weeks apart",
        "What is microneedling?",
        "makes new collagen",
        "acne scars",
        "fine lines",
        "Redness and a feeling like sunburn",
        "Very common: more than 1 in 10 people",
        "Common: up to 1 in 10 people",
        "Infection where the skin was treated",
        "Rare: up to 1 in 1,000 people",
        "Call Harbour Skin Clinic on 0117 496 0000 straight away",
        "Do not wear make-up",
        "24 hours",
        "Use a high-factor sun cream every day",
        "4 weeks",
        "Call us if you are worried about anything",
        "One treatment",
        "A course of 3 treatments",
        "Paid in advance",
        "Needle depths",
        "Typical needle depth",
        "Forehead",
        "0.5 mm",
        "Cheeks",
        "1.0 to 1.5 mm",
        "Example Society of Dermatology",
        # ... and of the brand example
        "Harbour Skin Clinic",
        "Skin health on the waterfront",
        "12 Quay Street",
        "Bristol BS1 4XX",
        "hello@harbourskin.example",  # not its booking link: an information leaflet (test_governance.py)
        "Registered with the Care Quality Commission. Ref 1-000000000.",
    ],
)
def test_format_example_shows_every_field(example_pdf, shown):
    assert shown in pdf_text(io.BytesIO(example_pdf))


def test_brand_prices_replace_the_contents_prices(example_pdf):
    text = pdf_text(io.BytesIO(example_pdf))
    assert "£180" in text and "£450 to £500" in text
    assert "£200" not in text and "£500 to £550" not in text


def test_letter_paper(cli):
    cli("build", MESO, "--page-size", "letter", "-o", "meso-letter.pdf")
    assert cli.code == 0, cli.err
    assert page_size((cli.folder / "meso-letter.pdf").read_bytes()) == LETTER


def test_build_with_a_brand_names_the_output_after_the_brand(cli):
    cli("build", MESO, "--brand", BRANDS / "northfield-aesthetics.yaml")
    assert cli.code == 0, cli.err
    assert cli.out.strip() == "output/mesotherapy-rejuvenation-northfield-aesthetics.pdf"


def test_check_validates_and_writes_nothing(cli):
    cli("check", FORMAT / "content-example.yaml", "--brand", FORMAT / "brand-example.yaml")
    assert cli.code == 0, cli.err
    assert cli.written() == []


def test_rebuild_replaces_an_existing_output_whole(cli):
    target = cli.folder / "out.pdf"
    target.write_bytes(b"old" * 100_000)
    cli("build", MESO, "-o", target)
    assert cli.code == 0, cli.err
    assert target.read_bytes() == leaflet.build_files(MESO)
    assert cli.written() == [target]  # no temporary file left behind


def test_a_new_pdf_is_readable_as_the_umask_allows_and_a_replaced_one_keeps_its_permissions(cli):
    old_umask = os.umask(0o022)
    try:
        assert cli("build", MESO, "-o", "new.pdf").code == 0, cli.err
        (cli.folder / "private.pdf").write_bytes(b"old")
        (cli.folder / "private.pdf").chmod(0o600)
        assert cli("build", MESO, "-o", "private.pdf").code == 0, cli.err
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((cli.folder / "new.pdf").stat().st_mode) == 0o644
    assert stat.S_IMODE((cli.folder / "private.pdf").stat().st_mode) == 0o600


def test_the_paragraph_stores_stay_bounded_and_keep_much_of_a_cycle_larger_than_they_are():
    """A leaflet or batch with more paragraphs than the stores hold goes round them in the same
    order every build: a store that forgot its oldest entry would find none of them again."""
    store = paragraphs.Store(100)
    for _ in range(3):
        found = 0
        for key in range(250):
            if store.get(key) is None:
                store.put(key, str(key))
            else:
                found += 1
                assert store.get(key) == str(key)
    assert len(store) == 100 and found >= 25


def test_booking_codes_are_the_codes_reportlab_makes():
    """layout/qr.py chooses the QR code's mask faster than ReportLab's encoder: every module must
    still be ReportLab's, for links of every length (versions 1 to 13), each mask's penalty too."""
    import random
    import string

    from reportlab.graphics.barcode import qrencoder

    from leaflet.layout import qr

    chance = random.Random(14)
    links = ["https://harbourskin.example/book", "https://northfield.example/appointments?from=leaflet"] + [
        "https://" + "".join(chance.choice(string.ascii_lowercase + string.digits + "/-.?=&%") for _ in range(size))
        for size in (1, 8, 20, 30, 45, 60, 80, 100, 130, 160, 200, 250, 300)
        for _ in range(3)
    ]
    versions = set()
    for link in links:
        ours, theirs = (
            qr.QRCode(None, qrencoder.QRErrorCorrectLevel.M),
            qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M),
        )
        ours.addData(link)
        theirs.addData(link)
        ours.make()
        theirs.make()
        assert ours.modules == theirs.modules, link
        for mask in range(8):
            theirs.makeImpl(True, mask)
            rows = [sum(1 << c for c, dark in enumerate(line) if dark) for line in theirs.modules]
            assert qr._penalty(rows) == qrencoder.QRUtil.getLostPoint(theirs), (link, mask)
        versions.add(ours.version)
    assert min(versions) == 1 and max(versions) >= 10


def test_a_paragraph_split_at_a_page_foot_leaves_its_stored_lines_for_the_next_leaflet():
    """ReportLab's split adds a space to the last word of each line it splits off, in the broken
    lines themselves, which the paragraph store keeps for later leaflets: one built after a split
    drew those lines with the spaces (in a batch, 2 of 24 PDFs unlike a fresh process's). Within
    one build the spaces stay, as they always have in a fresh process."""
    from reportlab.lib.styles import ParagraphStyle

    style = ParagraphStyle("split-test", fontName="Helvetica", fontSize=12, leading=16, allowWidows=0, allowOrphans=0)
    markup = "Mesotherapy uses <b>hundreds of tiny injections</b> just under the skin. " * 6

    def lines(para):
        return [[word.text for word in line.words] for line in para.blPara.lines]

    paragraphs.new_build()
    first = paragraphs.Para(markup, style)
    first.wrap(200, 1000)
    assert first.blPara.kind == 1 and len(first.blPara.lines) > 5
    broken = lines(first)
    assert len(first.split(200, 16 * 3)) == 2  # three lines at a page foot
    same_build = paragraphs.Para(markup, style)
    same_build.wrap(200, 1000)
    assert lines(same_build) != broken  # the spaces stay for this leaflet, as in a fresh process
    paragraphs.new_build()
    next_leaflet = paragraphs.Para(markup, style)
    next_leaflet.wrap(200, 1000)
    assert lines(next_leaflet) == broken


def test_a_shaped_script_prints_the_same_bytes_whatever_the_process_shaped_before(tmp_path):
    """Glyphs with no character of their own (Nastaliq's contextual forms, ligatures) take codes
    that depend on the font alone: the Urdu leaflet built after an Urdu text whose words come in
    another order is byte for byte the one a fresh process makes (ReportLab numbers them in the
    order a process first meets them)."""
    urdu = ROOT / "content" / "mesotherapy-rejuvenation-ur.yaml"
    data = yaml.safe_load(urdu.read_text(encoding="utf-8"))
    data["sections"].reverse()
    shuffled = tmp_path / "shuffled-ur.yaml"
    shuffled.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    shutil.copy(ROOT / "content" / "mesotherapy-rejuvenation.yaml", tmp_path)  # its translation_of
    script = (
        "import sys, leaflet; from pathlib import Path;"
        "[leaflet.build_files(Path(p)) for p in sys.argv[2:-1]];"
        "Path(sys.argv[1]).write_bytes(leaflet.build_files(Path(sys.argv[-1])))"
    )
    fresh, after = tmp_path / "fresh.pdf", tmp_path / "after.pdf"
    for out, before in ((fresh, []), (after, [shuffled])):
        subprocess.run([sys.executable, "-c", script, str(out), *map(str, before), str(urdu)], check=True)
    assert fresh.read_bytes() == after.read_bytes()
