"""Print formats as a clinic and a print shop check them: paper sizes, every word present, fonts
embedded, booklet page order, the tri-fold's measured refusal, large print, bleed, crop marks, CMYK."""

from __future__ import annotations

import io
import re

import pytest
import yaml
from pypdf import PdfReader
from reportlab.lib.units import mm

import leaflet
from leaflet.layout.formats import trifold_story
from leaflet.layout.formats.booklet import saddle_stitch
from leaflet.layout.formats.trifold import BOTTOM, TrifoldDoc

from conftest import BRANDS, FORMAT, MESO, needs_profile, pdf_fonts, pdf_text, squash

MM = 72 / 25.4
A4_LANDSCAPE = (841.89, 595.28)
SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0), "a5-booklet": A4_LANDSCAPE, "dl-trifold": A4_LANDSCAPE}
EXAMPLE = (FORMAT / "content-example.yaml", FORMAT / "brand-example.yaml")


def build(content=MESO, brand=None, **options) -> bytes:
    return leaflet.build_files(content, brand, leaflet.BuildOptions(**options))


def sizes(pdf: bytes) -> set[tuple[float, float]]:
    return {
        (round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
        for p in PdfReader(io.BytesIO(pdf)).pages
    }


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


@pytest.fixture(scope="module")
def a4_text() -> str:
    return pdf_text(io.BytesIO(build()))


@pytest.mark.parametrize("fmt, impose", [("letter", True), ("a5-booklet", True), ("a5-booklet", False)])
def test_mesotherapy_in_each_page_format_has_every_word_and_font(a4_text, fmt, impose):
    pdf = build(format=fmt, impose=impose)
    expected = SIZES[fmt] if impose else (419.53, 595.28)
    assert sizes(pdf) == {expected}
    assert words(a4_text) <= words(pdf_text(io.BytesIO(pdf)))  # nothing lost (page numbers aside)
    fonts = pdf_fonts(io.BytesIO(pdf))
    assert fonts and all(fonts.values())


@pytest.mark.parametrize("fmt", sorted(SIZES))
def test_format_example_builds_in_every_format(fmt):
    pdf = build(*EXAMPLE, format=fmt)
    assert sizes(pdf) == {SIZES[fmt]}
    text = pdf_text(io.BytesIO(pdf))
    for shown in (
        "Microneedling for acne scars",
        "Needle depths",
        "£450 to £500",
        "Review by",
        "EX-001",
        "Example Society of Dermatology",
        "12 Quay Street",
    ):
        assert shown in text
    assert all(pdf_fonts(io.BytesIO(pdf)).values())


def test_trifold_is_two_sides_with_contact_and_dates_on_the_back():
    reader = PdfReader(io.BytesIO(build(*EXAMPLE, format="dl-trifold")))
    assert len(reader.pages) == 2
    outside = squash(reader.pages[0].extract_text())
    assert "Contact us" in outside and "Review by" in outside
    assert "Scan to book" not in outside  # an information leaflet (the brand's purpose): no booking code


def test_mesotherapy_trifold_is_refused_with_a_measured_message(cli):
    cli("build", MESO, "--format", "dl-trifold")
    assert cli.code == 1 and cli.written() == []
    message = re.search(
        r"does not fit a DL tri-fold at 12 pt: it needs about ([\d.]+) panels "
        r"of text and a tri-fold has 4",
        cli.err,
    )
    assert message and float(message.group(1)) > 4
    assert "Cut about" in cli.err and re.search(r"Longest sections: .*'Risks and side effects' \(", cli.err)
    assert re.search(r"mesotherapy-rejuvenation\.yaml:\d+:\d+: ", cli.err)


def test_a_too_long_leaflet_is_refused_for_the_trifold_and_nothing_is_written(cli, tmp_path):
    long = tmp_path / "long.yaml"
    long.write_text(
        "title: Long\npublished: 2026-01-01\nreview_by: 2027-01-01\nsections:\n"
        + "".join(f"  - heading: Part {n}\n    text: {'Short words in a long text. ' * 60}\n" for n in range(8))
    )
    cli("build", long, "--format", "dl-trifold")
    assert cli.code == 1 and "does not fit a DL tri-fold" in cli.err and cli.written() == []


def test_large_print_does_not_fit_the_trifold_and_says_so(cli):
    cli("build", *[str(p) for p in EXAMPLE[:1]], "--format", "dl-trifold", "--large-print")
    assert cli.code == 1 and "in large print at 18 pt" in cli.err


def _balanced_trifold(monkeypatch, content, brand, **options) -> TrifoldDoc:
    """The tri-fold document of a build, its foot set by balancing (for trial layouts of our own)."""
    found = []
    balance = TrifoldDoc.balance

    def keep(doc, story):
        found.append(doc)
        balance(doc, story)

    monkeypatch.setattr(TrifoldDoc, "balance", keep)
    build(content, brand, format="dl-trifold", **options)
    return found[0]


def _last_sections(tmp_path, count: int):
    """The mesotherapy leaflet's last sections alone, with its sources: short enough for a tri-fold."""
    data = yaml.safe_load(MESO.read_text(encoding="utf-8"))
    data["sections"] = data["sections"][-count:]
    data["summary"] = data["summary"][:4]  # the cover holds the not-yet-reviewed notice and 4 points
    text = yaml.safe_dump(data["sections"], allow_unicode=True)  # the sources these sections cite, then
    cited = [s for s in data["sources"] if s["id"] in text]  # others, up to 8 in all, in their order
    others = [s for s in data["sources"] if s not in cited][: 8 - len(cited)]
    data["sources"] = [s for s in data["sources"] if s in cited or s in others]
    path = tmp_path / "last-sections.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("case", ["example", "sources", "sources at 13 pt"])
def test_the_trifold_trials_lay_out_one_story_as_new_stories_would(monkeypatch, tmp_path, case):
    """Balancing lays one story out again and again, at one foot height after another, then for
    real: each layout must come out as a new story's would. The trials here run out of order and
    back: the text just fits at the foot balancing chose and is just too long one step higher,
    whatever was laid out before; then the real layout is the same, byte for byte. The cases: the
    example (a warning panel, steps, a price table whose caption stays with it), sources (numbered
    items, which ReportLab breaks itself, web addresses split over lines), and text below the
    large-print minimum (every trial has something to report)."""
    content, brand, options = {
        "example": (*EXAMPLE, {}),
        "sources": (_last_sections(tmp_path, 3), BRANDS / "harbour-skin.yaml", {}),
        "sources at 13 pt": (_last_sections(tmp_path, 3), None, {"body_size": 13.0}),
    }[case]
    doc = _balanced_trifold(monkeypatch, content, brand, **options)
    step = (doc.text_frame_height - 40 * mm) / 64  # balancing's finest step
    feet = [foot for foot in (doc.foot + n * step for n in (1, 0, -3, 6, 1, 0, -9, 20)) if foot >= BOTTOM]

    def new_story():
        return trifold_story(doc.styled, doc.text_width)[2]

    def real_layout(story) -> bytes:
        buffer = io.BytesIO()
        real = TrifoldDoc(buffer, doc.styled, doc.printing, doc.report.min_size, **doc.meta)
        real._templates(doc.foot)
        real.build(list(story))
        return buffer.getvalue()

    story = new_story()
    again = [doc.room_left(story, foot) for foot in feet]  # None where the text does not fit
    assert again == [doc.room_left(new_story(), foot) for foot in feet]
    assert real_layout(story) == real_layout(new_story())
    if options:  # 13 pt is under the 16 pt minimum that a size of one's own must keep
        assert doc.foot == BOTTOM and all(room is None for room in again)
    else:
        assert doc.foot > BOTTOM and again[0] is None and again[1] is not None


def _page_numbers_by_half(page) -> tuple[int | None, int | None]:
    """The "Page N of M" printed on the left and the right half of an imposed sheet."""
    halves: dict[int, int] = {}
    middle = float(page.mediabox.width) / 2

    def visit(text, cm, tm, font, size):
        found = re.search(r"Page (\d+) of", text)
        if found:
            x = cm[4] + tm[4] * cm[0]
            halves[0 if x < middle else 1] = int(found.group(1))

    page.extract_text(visitor_text=visit)
    return halves.get(0), halves.get(1)


def test_booklet_sheets_are_in_saddle_stitch_order():
    reader = PdfReader(io.BytesIO(build(format="a5-booklet")))
    pages = len(PdfReader(io.BytesIO(build(format="a5-booklet", impose=False))).pages)
    printed = [_page_numbers_by_half(p) for p in reader.pages]
    expected = [tuple(None if i is None else i + 1 for i in side) for side in saddle_stitch(pages)]
    assert printed == expected
    assert printed[0][1] == 1 and printed[0][0] == pages  # the cover, and the back cover
    assert len(reader.pages) % 2 == 0 and len(reader.pages) * 2 % 4 == 0


@pytest.mark.parametrize(
    "pages, sides",
    [
        (1, [(None, 1), (None, None)]),
        (4, [(4, 1), (2, 3)]),
        (8, [(8, 1), (2, 7), (6, 3), (4, 5)]),
        (6, [(6, 1), (2, None), (None, 3), (4, 5)]),
    ],
)
def test_saddle_stitch_order_pads_before_the_back_cover(pages, sides):
    assert [tuple(None if i is None else i + 1 for i in s) for s in saddle_stitch(pages)] == sides


def _text_sizes(pdf: bytes, above: float) -> list[tuple[float, str]]:
    """(font size, text) of every run drawn higher than ``above`` points from the page foot."""
    runs = []
    for page in PdfReader(io.BytesIO(pdf)).pages:

        def visit(text, cm, tm, font, size):
            y = cm[5] + tm[5] * cm[3]
            if text.strip() and y > above:
                runs.append((round(size * tm[3] * cm[3], 2), text.strip()))

        page.extract_text(visitor_text=visit)
    return runs


def test_large_print_body_text_is_at_least_16_pt():
    runs = _text_sizes(build(large_print=True), above=150)  # the footer lies below
    assert runs and min(size for size, _ in runs) >= 16, sorted(runs)[:5]
    assert min(size for size, _ in _text_sizes(build(large_print=True), above=0)) >= 12


def test_normal_print_body_text_is_at_least_12_pt():
    runs = _text_sizes(build(), above=100)
    assert min(size for size, _ in runs) >= 12


def test_bleed_sets_trim_and_bleed_boxes_3mm_apart_and_bands_reach_the_bleed():
    pdf = build(*EXAMPLE, bleed=3)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
    for t, b in zip((trim.left, trim.bottom), (bleed.left, bleed.bottom), strict=True):
        assert float(t) - float(b) == pytest.approx(3 * MM, abs=0.01)
    for t, b in zip((trim.right, trim.top), (bleed.right, bleed.top), strict=True):
        assert float(b) - float(t) == pytest.approx(3 * MM, abs=0.01)
    assert (float(media.width), float(media.height)) == pytest.approx((595.28 + 6 * MM, 841.89 + 6 * MM), abs=0.01)
    # The header band: a filled rectangle from the left bleed edge to the right one, up to the top bleed.
    content = page.get_contents().get_data().decode("latin-1")
    rects = [
        tuple(map(float, m.groups())) for m in re.finditer(r"(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re f", content)
    ]
    b = 3 * MM
    assert any(
        x == pytest.approx(-b, abs=0.01)
        and w == pytest.approx(595.28 + 2 * b, abs=0.01)
        and y + h == pytest.approx(841.89 + b, abs=0.01)
        for x, y, w, h in rects
    )


def test_crop_marks_sit_outside_the_bleed():
    pdf = build(*EXAMPLE, bleed=3, crop_marks=True)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert float(page.mediabox.width) > float(page.bleedbox.width) > float(page.trimbox.width)


@needs_profile
def test_cmyk_output_has_no_rgb_colours_or_images():
    pdf = build(*EXAMPLE, cmyk=True, bleed=3, crop_marks=True)
    for page in PdfReader(io.BytesIO(pdf)).pages:
        content = page.get_contents().get_data().decode("latin-1")
        assert not re.search(r"\b(rg|RG)\b", content)
        assert re.search(r"\bk\b", content)
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject["/Subtype"] == "/Image":
                assert xobject["/ColorSpace"] == "/DeviceCMYK"
            else:  # a form: the booking QR code, drawn once and placed
                drawn = xobject.get_data().decode("latin-1")
                assert not re.search(r"\b(rg|RG)\b", drawn) and re.search(r"\bk\b", drawn)


@needs_profile
def test_the_same_print_options_give_the_same_bytes():
    assert build(format="a5-booklet", bleed=3, crop_marks=True, cmyk=True) == build(
        format="a5-booklet", bleed=3, crop_marks=True, cmyk=True
    )


def test_large_print_booklet_splits_a_risk_taller_than_an_a5_page_instead_of_failing():
    text = pdf_text(io.BytesIO(build(format="a5-booklet", impose=False, large_print=True)))
    assert "Warning: get help quickly" in text and "Call 999 or go to A&E" in text


_MEASURES = ("_width", "_height", "_hmax", "_rowHeights", "_rowpositions", "_colWidths", "_colpositions")


def _cells_table(kind, widths):
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph

    style = getSampleStyleSheet()["BodyText"]
    # A cell spanning rows: only then does ReportLab stop measuring rows past the room offered.
    return kind(
        [[Paragraph(f"Row {i}: " + "several words " * (3 + 5 * i), style), Paragraph("£20", style)] for i in range(6)],
        colWidths=widths,
        style=[("SPAN", (1, 0), (1, 1))],
    )


@pytest.mark.parametrize("widths", [[240, 60], ["80%", "20%"]])
def test_a_table_asked_its_size_again_measures_as_reportlab_would(widths):
    """A table remembers its measure (a tri-fold's trials ask for it again and again). Asked at
    another width, or with less room than its height (ReportLab then stops measuring rows early),
    it must measure, and split, exactly as ReportLab's own table asked the same questions."""
    from reportlab.platypus import Table

    from leaflet.layout.blocks import FlowTable

    ours, reportlabs = _cells_table(FlowTable, widths), _cells_table(Table, widths)
    for width, room in [(300, 1000), (200, 1000), (300, 60), (300, 1000), (300, 1000), (200, 40), (300, 2000)]:
        assert ours.wrap(width, room) == reportlabs.wrap(width, room)
        assert [getattr(ours, m) for m in _MEASURES] == [getattr(reportlabs, m) for m in _MEASURES]
        assert [p.wrap(width, room) for p in ours.split(width, room)] == [
            p.wrap(width, room) for p in reportlabs.split(width, room)
        ]
