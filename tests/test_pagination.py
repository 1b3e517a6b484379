"""Pagination as a typesetter (and a patient) checks it, in every format and size with two brands:
the layout report, phone numbers and links whole on a line, headings and lead-ins kept with what
follows, warning panels closed at a break, readable footers, booklet padding and bookmarks."""

from __future__ import annotations

import io
import re
from functools import cache

import pytest
from pypdf import PdfReader

import leaflet
from leaflet.layout import report
from leaflet.layout.options import FORMATS

from conftest import BRANDS, FORMAT, MESO

CONTENTS = {"meso": MESO, "example": FORMAT / "content-example.yaml"}
BRAND_FILES = {"harbour": BRANDS / "harbour-skin.yaml", "northfield": BRANDS / "northfield-aesthetics.yaml"}
# What does not fit, and so cannot come out clean: said here, with the reason, rather than hidden.
DOES_NOT_FIT = {
    # Six panels cannot hold the mesotherapy leaflet, nor any leaflet in large print: refused.
    ("meso", "dl-trifold", False): "refused",
    ("meso", "dl-trifold", True): "refused",
    ("example", "dl-trifold", True): "refused",
    # At 18 pt an A5 page is shorter than the second and third serious risks (an infection soon after,
    # and the slow infection weeks later, each with what to do): each is split between its
    # paragraphs (LF601). The warning panel cannot start under the risks section's introduction,
    # which leaves that page mostly empty, and "About this leaflet" ends the text a page before the
    # back cover (LF604).
    ("meso", "a5-booklet", True): {report.SPLIT_RISK, report.EMPTY_PAGE},
}


@cache
def laid_out(content: str, brand: str, fmt: str, large: bool) -> tuple[bytes, tuple]:
    lf = leaflet.load_leaflet(CONTENTS[content], str(CONTENTS[content]))
    br = leaflet.load_brand(BRAND_FILES[brand], str(BRAND_FILES[brand]))
    pdf, rep = leaflet.build_with_report(lf, br, leaflet.BuildOptions(format=fmt, large_print=large, impose=False))
    return pdf, tuple(rep.sorted())


def page_lines(pdf: bytes) -> list[list[str]]:
    """Each page's lines of text as a reader copies them (no-break spaces as spaces)."""
    return [
        [" ".join(line.replace("\u00a0", " ").split()) for line in (page.extract_text() or "").splitlines()]
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def contact_words(brand_file) -> list[str]:
    brand = leaflet.load_brand(brand_file, str(brand_file))
    links = [
        (brand.website or ""),
        (brand.booking_url or "") if brand.promotion else "",
    ]  # information: no booking link
    return [w for w in [brand.phone, brand.out_of_hours, brand.email, *(link.split("://")[-1] for link in links)] if w]


MATRIX = [(c, b, f, large) for c in CONTENTS for b in BRAND_FILES for f in FORMATS for large in (False, True)]


@pytest.mark.parametrize("content, brand, fmt, large", MATRIX)
def test_every_format_and_size_lays_out_clean_or_says_why_not(content, brand, fmt, large):
    expected = DOES_NOT_FIT.get((content, brand, fmt, large), DOES_NOT_FIT.get((content, fmt, large), set()))
    if expected == "refused":
        with pytest.raises(leaflet.LeafletError, match="does not fit a DL tri-fold"):
            laid_out(content, brand, fmt, large)
        return
    pdf, notes = laid_out(content, brand, fmt, large)
    assert {n.code for n in notes} == expected, [str(n) for n in notes]
    lines = page_lines(pdf)
    joined = " ".join(" ".join(page) for page in lines)
    for word in contact_words(BRAND_FILES[brand]):
        on_lines = sum(line.count(word) for page in lines for line in page)
        assert on_lines >= 1 and on_lines == joined.count(word), f"'{word}' broken across lines"


@pytest.mark.parametrize("fmt, large", [(f, large) for f in ("a4", "letter", "a5-booklet") for large in (False, True)])
def test_headings_and_lead_ins_never_end_a_page(fmt, large):
    pdf, _ = laid_out("meso", "harbour", fmt, large)
    headings = [s.heading for s in leaflet.load_leaflet(MESO).sections] + ["Sources", "Other side effects"]
    for number, page in enumerate(page_lines(pdf), 1):
        text = [line for line in page if not re.search(r"Page \d+ of \d+|0117 496 0000$", line)]
        for heading in headings:
            if heading in text:
                assert len(text) - text.index(heading) >= 3, f"'{heading}' without two lines under it, page {number}"
        if text:
            assert not text[-1].endswith(":"), f"page {number} ends with a lead-in: {text[-1]!r}"


def _box_edges(page) -> int:
    """Horizontal strokes drawn 3 pt wide on a page (the warning panel's border top and bottom)."""
    content = page.get_contents().get_data().decode("latin-1")
    width, edges = None, 0
    for match in re.finditer(r"([\d.]+) w|(-?[\d.]+) (-?[\d.]+) m (-?[\d.]+) (-?[\d.]+) l", content):
        if match.group(1):
            width = float(match.group(1))
        elif width == 3 and abs(float(match.group(3)) - float(match.group(5))) < 0.01:
            edges += 1
    return edges


def test_a_warning_panel_split_between_risks_is_closed_and_continued_under_its_icon():
    pdf, _ = laid_out("meso", "harbour", "a5-booklet", True)
    reader = PdfReader(io.BytesIO(pdf))
    warned = [p for p in reader.pages if "Warning" in (p.extract_text() or "")]
    assert len(warned) >= 2
    assert "Warning: get help quickly" in warned[0].extract_text()
    for page in warned[1:]:
        assert "Warning (continued)" in page.extract_text()
    for page in warned:
        assert _box_edges(page) >= 2  # top and bottom of the border on every page it is on


def test_bookmarks_point_at_the_pages_of_their_headings_in_every_format():
    for fmt in FORMATS:
        content = "example" if fmt == "dl-trifold" else "meso"
        lf = leaflet.load_leaflet(CONTENTS[content])
        pdf = leaflet.build(lf, leaflet.load_brand(BRAND_FILES["harbour"]), leaflet.BuildOptions(format=fmt))
        reader = PdfReader(io.BytesIO(pdf))
        outline = [o for o in reader.outline if not isinstance(o, list)]
        assert [o.title for o in outline][1 : len(lf.sections) + 1] == [s.heading for s in lf.sections], fmt
        for item in outline:
            page = reader.pages[reader.get_destination_page_number(item)]
            assert item.title in " ".join(page.extract_text().split()), (fmt, item.title)


def test_booklet_is_padded_with_notes_pages_and_ends_with_the_contact_details():
    for large in (False, True):
        pdf = leaflet.build_files(
            MESO, BRAND_FILES["harbour"], leaflet.BuildOptions(format="a5-booklet", large_print=large, impose=False)
        )
        pages = page_lines(pdf)
        total = len(pages)
        assert total % 4 == 0
        assert "Contact us" in pages[-1] and "About this leaflet" not in pages[-1]
        for number, page in enumerate(pages, 1):
            assert f"Page {number} of {total}" in " ".join(page)
            assert len(page) > 2, f"page {number} is blank"
        text_end = max(n for n, page in enumerate(pages) if "About this leaflet" in " ".join(page))
        for page in pages[text_end + 1 : -1]:
            assert "Your notes and questions" in page


def _runs(page) -> list[tuple[float, float, str]]:
    """(size, baseline, text) of every text run on a page."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append((round(size * tm[3] * cm[3], 2), round(cm[5] + tm[5] * cm[3], 1), text.strip()))

    page.extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize(
    "fmt, large, size", [("a4", False, 12), ("a5-booklet", False, 12), ("letter", True, 18), ("a5-booklet", True, 18)]
)
def test_footer_has_the_phone_and_page_number_at_a_readable_size_on_two_lines_at_most(fmt, large, size):
    pdf = leaflet.build_files(
        MESO, BRAND_FILES["harbour"], leaflet.BuildOptions(format=fmt, large_print=large, impose=False)
    )
    for page in PdfReader(io.BytesIO(pdf)).pages:
        runs = _runs(page)
        label = [r for r in runs if re.fullmatch(r"Page \d+ of \d+", r[2])]
        phone = [r for r in runs if "0117" in r[2] and r[1] < 110]
        assert label and label[0][0] >= size and phone and phone[0][0] >= size
        footer_lines = {round(r[1]) for r in runs if r[1] <= max(label[0][1], phone[0][1]) + 1}
        assert len(footer_lines) <= 2


def test_body_lines_on_a4_and_letter_hold_at_most_80_characters():
    for fmt in ("a4", "letter"):
        pdf = leaflet.build_files(MESO, None, leaflet.BuildOptions(format=fmt))
        lengths = []
        for page in PdfReader(io.BytesIO(pdf)).pages:
            lines: dict[float, list[str]] = {}
            for size, y, text in _runs(page):
                if size == 14:  # the body size on A4 and Letter
                    lines.setdefault(y, []).append(text)
            lengths += [len(" ".join(parts)) for parts in lines.values()]
        assert max(lengths) <= 80 and sorted(lengths)[len(lengths) * 3 // 4] >= 60, (fmt, max(lengths))


def test_a_table_too_narrow_to_read_is_set_as_stacked_rows():
    pdf, notes = laid_out("meso", "harbour", "a5-booklet", True)
    text = " ".join(" ".join(page) for page in page_lines(pdf))
    assert "How deep: Shallow, in a line" in text and "What you may notice: Lots of quick pricks" in text
    pdf, _ = laid_out("meso", "harbour", "a4", False)
    assert "How deep: Shallow" not in " ".join(" ".join(page) for page in page_lines(pdf))


def test_the_tri_fold_keeps_its_price_table_on_one_panel_and_uses_every_inside_panel():
    pdf, _ = laid_out("example", "harbour", "dl-trifold", False)
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append((text.strip(), cm[4] + tm[4] * cm[0]))

    PdfReader(io.BytesIO(pdf)).pages[1].extract_text(visitor_text=visit)
    panel = lambda x: min(2, int(x // (100 * 72 / 25.4)))  # noqa: E731  (inside panels: 100, 100, 97 mm)
    prices = {panel(x) for text, x in runs if text in ("One treatment", "A course of 3 treatments", "£180")}
    assert len(prices) == 1
    assert {panel(x) for _, x in runs} == {0, 1, 2}


def test_layout_rules_that_cannot_be_reached_from_a_file_are_reported_when_they_happen():
    """LF603 and LF606: the styles allow no lone line and no text under 12 pt, so these are drawn by hand."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import SimpleDocTemplate

    from leaflet.layout.paragraphs import Para

    class Doc(SimpleDocTemplate):
        report = report.LayoutReport(min_size=12)

    small = ParagraphStyle("small", fontSize=9, leading=11)
    piece = Para("A single line left on its own.", ParagraphStyle("body", fontSize=12, leading=15))
    piece._piece = True
    doc = Doc(io.BytesIO())
    doc.build([Para("Tiny print", small), piece])
    assert {n.code for n in Doc.report.notes} == {report.SMALL_TEXT, report.LONE_LINE}


def test_check_reports_the_layout_with_page_numbers_and_codes(cli):
    cli("check", MESO, "--format", "a5-booklet", "--large-print", "--strict")
    assert cli.code == 1
    assert re.search(
        r"mesotherapy-rejuvenation\.yaml:\d+:\d+: LF601 warning: page \d+: a serious risk is taller "
        r"than the page",
        cli.out,
    ), cli.out
    cli("check", MESO, "--format", "letter", "--large-print", "--strict")
    assert cli.code == 0, cli.out


def test_a_long_email_address_that_cannot_fit_a_line_is_reported(cli, tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text(
        "name: Long Address Clinic\nphone: 0117 496 0000\n"
        "email: appointments-and-enquiries-for-every-treatment@a-very-long-clinic-name.example\n"
    )
    cli("check", FORMAT / "content-example.yaml", "--brand", brand, "--format", "a5-booklet", "--large-print")
    assert "LF602 warning: page" in cli.out and "is broken across lines" in cli.out


def test_a_table_row_taller_than_a_page_is_split_and_reported(cli, tmp_path):
    content = tmp_path / "tall.yaml"
    content.write_text(
        "title: Tall\npublished: 2026-01-01\nreview_by: 2027-01-01\nsections:\n"
        "  - heading: A table\n    table:\n      columns: [What, Why]\n      rows:\n"
        f'        - [One, "{"A long reason in many words. " * 120}"]\n'
    )
    cli("check", content, "--format", "a5-booklet")
    assert re.search(r"tall\.yaml:5:\d+: LF605 warning: page \d+: a table row is taller than the page", cli.out)
    assert "LF603" not in cli.out  # the cell's paragraph keeps two lines at least on each side


def test_a_warning_paragraph_taller_than_a_page_is_split_between_its_lines_in_the_panel(tmp_path):
    """A serious risk whose "what to do" runs over several large-print A5 pages: each page's part is
    a closed panel that says it continues, set at the panel's full width, with no word, phone number
    or line left alone. (ReportLab's own split inside the row measured the item at the width of the
    icon's column: words broken in the middle, one line a page, 52 pages.)"""
    lines = " ".join(
        f"If the skin is hot, swollen or painful on day {day}, or you have a fever, call us." for day in range(1, 31)
    )
    content = tmp_path / "long-risk.yaml"
    content.write_text(
        (FORMAT / "content-example.yaml")
        .read_text()
        .replace("or you have a fever.\n", f"or you have a fever. {lines}\n")
    )
    lf = leaflet.load_leaflet(content, str(content))
    br = leaflet.load_brand(BRAND_FILES["harbour"], str(BRAND_FILES["harbour"]))
    pdf, rep = leaflet.build_with_report(
        lf, br, leaflet.BuildOptions(format="a5-booklet", large_print=True, impose=False)
    )
    assert not {n.code for n in rep.notes} & {report.BROKEN_CONTACT, report.LONE_LINE, report.SPLIT_ROW}, rep.sorted()
    pages = page_lines(pdf)
    assert len(pages) <= 20
    warned = [page for page in pages if any("on day" in line for line in page)]
    assert len(warned) >= 4 and all("Warning (continued)" in page for page in warned[1:])
    furniture = ("Harbour Skin Clinic · ", "Page ", "Warning (continued)", "!")  # running footer, the panel's heading
    text = " ".join(line for page in pages for line in page if not line.startswith(furniture))
    assert lines in text and "Call Harbour Skin Clinic on 0117 496 0000 straight away" in text
    assert all(sum(any(w in line for w in ("swollen", "fever", "call us")) for line in page) >= 2 for page in warned)


def test_a_row_a_page_can_hold_is_not_split_after_a_row_that_had_to_be(tmp_path):
    """After a row taller than a page runs onto the next (LF605), the rows after it are split only
    between them: the second row, shorter than a page, moves on whole instead of being cut at the
    foot of the page where the first ends (as it was while the table's rest kept ReportLab's
    splitting inside rows)."""
    content = tmp_path / "tall.yaml"
    content.write_text(
        "title: Tall\npublished: 2026-01-01\nreview_by: 2027-01-01\nsections:\n"
        "  - heading: A table\n    table:\n      columns: [What, Why]\n      rows:\n"
        f'        - [One, "{"A long reason in many words. " * 60}"]\n'
        f'        - [Two, "{"Then a shorter row. " * 31}End of two."]\n'
    )
    pdf, rep = leaflet.build_with_report(
        leaflet.load_leaflet(content, str(content)), None, leaflet.BuildOptions(format="a5-booklet", impose=False)
    )
    pages = [" ".join(page) for page in page_lines(pdf)]
    assert [n.code for n in rep.notes].count(report.SPLIT_ROW) == 1, rep.sorted()
    assert [i for i, text in enumerate(pages) if "Then a shorter row" in text or "End of two" in text] == [
        next(i for i, text in enumerate(pages) if "End of two" in text)
    ]
