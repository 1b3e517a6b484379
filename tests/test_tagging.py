"""Tagged PDF (PDF/UA-1): the structure tree read back, as a screen reader would meet it.

Each leaflet is built and its tree read back with pikepdf: the heading outline, the lists, the
tables, the warning panel, the figures' alternative text, the links; every mark on every page is
either in the tree (marked content whose MCID the parent tree gives to an element) or an artifact,
and no page furniture (footer, page number, "(continued)") is in the tree. Poppler's
``pdfinfo -struct-text`` gives the text of the tree in reading order.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import pikepdf
import pytest

import leaflet
from leaflet import BuildOptions, LeafletError
from leaflet.text.catalogues import words as words_in

from conftest import BRANDS, FORMAT, MESO, ROOT, needs_profile

HARBOUR = BRANDS / "harbour-skin.yaml"
MESO_IN = {
    "en": MESO,
    **{lang: ROOT / "content" / f"mesotherapy-rejuvenation-{lang}.yaml" for lang in ("pl", "ar", "ur")},
}
SUN = ROOT / "tests" / "fixtures" / "rtl" / "sun-care-ar.yaml"  # short enough for a tri-fold
CEDAR = ROOT / "tests" / "fixtures" / "rtl" / "cedar-clinic.yaml"
EXAMPLE = (FORMAT / "content-example.yaml", FORMAT / "brand-example.yaml")
PAINTING = {"Tj", "TJ", "'", '"', "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do", "sh", "BI", "INLINE IMAGE"}
HEADING = re.compile(r"H(\d)")

needs_poppler = pytest.mark.skipif(
    shutil.which("pdfinfo") is None and not os.environ.get("LEAFLET_REQUIRE_POPPLER"),
    reason="Poppler's pdfinfo is not installed (apt-get install poppler-utils)",
)


@dataclass
class Node:
    role: str
    attrs: dict = field(default_factory=dict)
    kids: list[Node] = field(default_factory=list)
    marks: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID)
    links: int = 0  # link or widget annotations (OBJR)
    order: list = field(default_factory=list)  # its marks and kids, in the file's order
    contents: list[str] = field(default_factory=list)  # its link annotations' /Contents

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def find(self, role: str) -> list[Node]:
        return [n for n in self.walk() if n.role == role]


@dataclass
class Tagged:
    pdf: pikepdf.Pdf
    root: Node
    texts: dict[tuple[int, int], str]  # (page, MCID) -> its text
    artifacts: list[tuple[int, str, str]]  # the text drawn as artifacts: (page, type, text)

    def text(self, node: Node) -> str:
        """The text of an element and its children, in the tree's order."""
        parts = [self.text(kid) if isinstance(kid, Node) else self.texts.get(kid, "") for kid in node.order]
        return " ".join(p for p in parts if p)


@cache
def build(content, brand, **options) -> bytes:
    return leaflet.build_files(content, brand, BuildOptions(**options))


def read_back(data: bytes) -> Tagged:
    pdf = pikepdf.open(io.BytesIO(data))
    assert pdf.Root.MarkInfo.Marked is True
    tree = pdf.Root.StructTreeRoot
    pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
    owners: dict[tuple[int, int], int] = {}  # (page, MCID) -> objgen of the element the parent tree names
    for key, value in _number_tree(tree.ParentTree):
        if isinstance(value, pikepdf.Array):
            for mcid, element in enumerate(value):
                owners[key, mcid] = element.objgen
    assert int(tree.ParentTreeNextKey) > max((k for k, _ in _number_tree(tree.ParentTree)), default=-1)

    def node(element) -> Node:
        found = Node(str(element.S)[1:], {k: str(v) for k, v in element.items() if k in ("/Alt", "/Lang")})
        if "/A" in element:
            found.attrs["/Scope"] = str(element.A.Scope)
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
        page = pages.get(element.Pg.objgen) if "/Pg" in element else None
        for kid in kids:
            if isinstance(kid, int):
                found.marks.append((page, kid))
                found.order.append(found.marks[-1])
            elif kid.get("/Type") == "/MCR":
                found.marks.append((pages[kid.Pg.objgen], int(kid.MCID)))
                found.order.append(found.marks[-1])
            elif kid.get("/Type") == "/OBJR":
                annotation = kid.Obj  # a link, or a form field's widget (the consent form)
                assert (annotation.Subtype, found.role) in (("/Link", "Link"), ("/Widget", "Form"))
                assert int(annotation.StructParent) >= len(pdf.pages)
                assert str(
                    annotation.Contents if found.role == "Link" else annotation.get("/TU", found.attrs.get("/Alt"))
                )
                found.links += 1
                found.contents.append(str(annotation.get("/Contents", "")))
            else:
                assert kid.P.objgen == element.objgen, "a child's /P is its parent"
                found.kids.append(node(kid))
                found.order.append(found.kids[-1])
        for mark in found.marks:
            assert owners.get(mark) == element.objgen, f"the parent tree gives MCID {mark} to its element"
        return found

    root = node(tree.K)
    texts, artifacts = _marked_texts(pdf)
    assert set(texts) == set(owners), "every MCID drawn is in the tree, and every one in the tree is drawn"
    return Tagged(pdf, root, texts, artifacts)


def _number_tree(tree):
    if "/Nums" in tree:
        nums = list(tree.Nums)
        yield from zip((int(k) for k in nums[::2]), nums[1::2], strict=True)
    for kid in tree.get("/Kids", []):
        yield from _number_tree(kid)


def _marked_texts(pdf: pikepdf.Pdf) -> tuple[dict[tuple[int, int], str], list[tuple[int, str, str]]]:
    """Each MCID's text (through the fonts' ToUnicode maps, or a span's /ActualText where it gives
    one) and the text of each artifact as (page, its /Type, text). Every painting operator must be
    inside one or the other, and an MCID never inside an artifact or another MCID."""
    texts: dict[tuple[int, int], str] = {}
    artifacts: list[tuple[int, str, str]] = []
    for number, page in enumerate(pdf.pages):
        stack: list[tuple[str, int | None, str | None, str]] = []  # (tag, MCID, ActualText, artifact type)
        fonts = {name: _unicode_map(font) for name, font in page.Resources.get("/Font", {}).items()}
        font = None
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            owner = next((m for _, m, _, _ in reversed(stack) if m is not None), None)
            if op in ("BDC", "BMC"):
                props = operands[1] if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) else {}
                mcid = int(props.MCID) if "/MCID" in props else None
                if mcid is not None:
                    assert not any(t == "Artifact" or m is not None for t, m, _, _ in stack), (
                        f"page {number + 1}: MCID {mcid} nested in other marked content"
                    )
                    texts.setdefault((number, mcid), "")
                stack.append(
                    (
                        str(operands[0])[1:],
                        mcid,
                        str(props.ActualText) if "/ActualText" in props else None,
                        str(props.get("/Type", "/Layout"))[1:],
                    )
                )
            elif op == "EMC":
                actual = stack.pop()[2]
                if actual is not None and owner is not None and not any(a is not None for _, _, a, _ in stack):
                    texts[number, owner] += actual
            elif op == "Tf":
                font = fonts.get(str(operands[0]))
            elif op in PAINTING:
                artifact = next((kind for tag, _, _, kind in stack if tag == "Artifact"), None)
                assert owner is not None or artifact, f"page {number + 1}: '{op}' outside marked content"
                if op in ("Tj", "TJ", "'", '"') and not any(a is not None for _, _, a, _ in stack):
                    text = _decode(operands, font)
                    if owner is not None:
                        texts[number, owner] += text
                    else:
                        artifacts.append((number, artifact, text))
        assert not stack, f"page {number + 1}: marked content left open"
    return texts, artifacts


def _unicode_map(font) -> dict[int, str]:
    cmap = font.get("/ToUnicode")
    if cmap is None:
        return {}
    found = {}
    data = cmap.read_bytes().decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):  # <>: a dot of a letter
            found[int(code, 16)] = bytes.fromhex(uni).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            base = int(uni, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                found[code] = chr(base + offset)
    return found


def _decode(operands, font) -> str:
    strings = operands[0] if isinstance(operands[0], pikepdf.Array) else [operands[-1]]
    out = []
    for item in strings:
        if isinstance(item, pikepdf.String):
            raw = bytes(item)
            out.append("".join((font or {}).get(b, chr(b)) for b in raw))
    return "".join(out)


def outline(tagged: Tagged) -> list[tuple[int, str]]:
    """The headings, in reading order, as (level, text)."""
    return [
        (int(HEADING.fullmatch(n.role).group(1)), tagged.text(n))
        for n in tagged.root.walk()
        if HEADING.fullmatch(n.role)
    ]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


_IGNORED = dict.fromkeys(map(ord, "\u034f\u061c"))  # a glyph that stands for nothing (reportlab_private.NOTHING)


def _key(text: str) -> str:
    """A text's letters, whatever order they were drawn in and whatever presentation forms (right
    to left text is drawn in visual order)."""
    return "".join(sorted(unicodedata.normalize("NFKC", _squash(text)).translate(_IGNORED)))


# Scripts whose text reads back in order from the glyphs alone. Right to left, words are drawn in
# visual order (each Arabic letter read back through ToUnicode, each Urdu word through its span's
# /ActualText: test_accessible_pdf.py), so only their letters are compared.
IN_ORDER = ("en", "pl")
LETTERS = ("en", "pl", "ar", "ur")


def _start(text: str, length: int = 15) -> str:
    """The start of a text as printed: before any {{placeholder}} or [citation], without ** marks."""
    return _squash(re.split(r"\{\{|\[", text.replace("**", ""))[0])[:length]


def check_common(tagged: Tagged, words, paged: bool = True) -> None:
    """What every tagged leaflet must have, whatever its format and language."""
    root = tagged.root
    assert root.role == "Document"
    levels = [level for level, _ in outline(tagged)]
    assert levels[0] == 1 and levels.count(1) == 1, "one H1, the title, first"
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), f"no heading level skipped: {levels}"
    for section in root.kids:
        if section.role == "Sect":
            assert section.kids[0].role == "H2", "each section starts with its heading"
    # Lists: every item a label and a body; tables: header cells with a scope, rows of cells.
    for lst in root.find("L"):
        assert lst.kids and all(i.role == "LI" for i in lst.kids)
        for item in lst.kids:
            assert [k.role for k in item.kids] in (["Lbl", "LBody"], ["LBody"])
    for table in root.find("Table"):
        assert [k.role for k in table.kids] == ["THead", "TBody"]
        head, body = table.kids
        widths = {len(row.kids) for row in head.kids + body.kids}
        assert len(widths) == 1, "every row has every column"
        assert all(c.role == "TH" and c.attrs["/Scope"] == "/Column" for row in head.kids for c in row.kids)
        assert all(c.role == "TD" for row in body.kids for c in row.kids)
    # Figures say what they are.
    figures = root.find("Figure")
    assert all(f.attrs.get("/Alt") for f in figures)
    # Page furniture is never read out: not the footer, not the page numbers, not "(continued)".
    everything = _squash(tagged.text(root))
    for furniture in (
        words.PAGE_OF.format(page=1, pages=len(tagged.pdf.pages)),
        words.WARNING_CONTINUED,
        words.AT_A_GLANCE_CONTINUED,
    ):
        assert _squash(furniture) not in everything
    if paged:  # every page's number is drawn, as page furniture (Arabic and Urdu numbers in Latin digits)
        total = len(tagged.pdf.pages)
        for number in range(total):
            furniture = "".join(
                text for page, kind, text in tagged.artifacts if page == number and kind == "Pagination"
            )
            assert str(number + 1) in furniture and str(total) in furniture


def warning_panels(tagged: Tagged) -> list[Node]:
    return tagged.root.find("Warning")


MESO_CASES = [
    pytest.param(lang, fmt, large, False, id=f"{lang}-{fmt}{'-large' if large else ''}")
    for lang in MESO_IN
    for fmt in ("a4", "letter", "a5-booklet")
    for large in (False, True)
] + [pytest.param(lang, "a4", False, True, id=f"{lang}-a4-pdfx", marks=needs_profile) for lang in ("en", "ar")]


@pytest.mark.parametrize("lang, fmt, large, pdfx", MESO_CASES)
def test_the_mesotherapy_leaflet_reads_as_a_structure(lang, fmt, large, pdfx):
    options = dict(format=fmt, large_print=large, pdfx=pdfx)
    if fmt == "a5-booklet":
        options["impose"] = False  # the reader pages; the imposed sheets are a print-shop file
    source = leaflet.load_leaflet(MESO_IN[lang])
    tagged = read_back(build(MESO_IN[lang], HARBOUR, **options))
    words = words_in(source.language)
    check_common(tagged, words)
    root = tagged.root

    headings = outline(tagged)
    sects = [s for s in root.kids if s.role == "Sect"]
    assert len(sects) == len([h for h in headings if h[0] == 2]) >= len(source.sections) + 4
    if lang in LETTERS:  # the title, then every section's heading, in order
        assert _key(headings[0][1]) == _key(source.title)
        section_headings = [_key(t) for level, t in headings if level == 2]
        expected = [_key(s.heading) for s in source.sections]
        assert [h for h in section_headings if h in expected] == expected, "every section, in order"

    # The serious risks: one Warning element, its first child its heading, every serious risk in it,
    # however many pages it runs over.
    (panel,) = warning_panels(tagged)
    assert panel.kids[0].role == "H3" and all(k.role == "P" for k in panel.kids[1:])
    serious = [r for s in source.sections for r in s.risks or [] if r.serious]
    assert len(panel.kids) == 1 + 3 * len(serious)  # each risk: what it is, how often, what to do
    if lang in IN_ORDER:
        assert _squash(words.WARNING_LABEL) in _squash(tagged.text(panel.kids[0]))
        panel_text = _squash(tagged.text(panel))
        for risk in serious:
            assert _start(risk.text, 20) in panel_text
    # The risks table and the price table: rows of cells under a header row.
    tables = root.find("Table")
    others = [r for s in source.sections for r in s.risks or [] if not r.serious]
    risk_table = next(t for t in tables if len(t.kids[1].kids) == len(others))
    assert len(risk_table.kids[0].kids[0].kids) == 2
    # the risks, the prices, and the content's own tables (set as stacked rows where too narrow)
    assert 2 <= len(tables) <= 2 + len([s for s in source.sections if s.table])
    if lang in IN_ORDER:
        assert any(_squash(words.PRICE_COLUMNS[0]) in _squash(tagged.text(t.kids[0])) for t in tables)
    # Aftercare: a numbered list, each step's number its label and its duration in its body.
    steps = next(s.aftercare for s in source.sections if s.aftercare)
    lists = [
        lst
        for lst in root.find("L")
        if len(lst.kids) == len(steps)
        and all(_squash(tagged.text(i.kids[0])) == str(n) for n, i in enumerate(lst.kids, 1))
    ]
    assert lists, "the aftercare steps are a numbered list"
    for item, step in zip(lists[0].kids, steps, strict=True):
        body = item.kids[1]
        # the step, and how long: its own paragraph, so the two are not read as one run of words
        pieces = body.marks + [m for p in body.kids if p.role == "P" for m in p.marks]
        assert len(pieces) == 1 + bool(step.duration)
        if lang in IN_ORDER:
            assert _start(step.text) in _squash(tagged.text(body))
            if step.duration:
                assert _squash(step.duration) in _squash(tagged.text(body))
    # The logo, with the clinic's name.
    assert [f.attrs["/Alt"] for f in root.find("Figure")] == ["Harbour Skin Clinic logo"]
    # Sources: a numbered list, each web address a link whose annotation is in the tree.
    assert sum(n.links for n in root.find("Link")) >= len([s for s in source.sources if s.url])
    # one Link for an address, however many lines (and so annotations) it is broken over
    assert any(n.links > 1 for n in root.find("Link")), "an address broken over lines is one Link"
    # Each Link holds its address's words as well (PDF/UA-1 7.18.5): a reader hears which words
    # are the link; in its item, after the source's words.
    for link in root.find("Link"):
        words = "".join(_squash(tagged.texts[m]) for m in link.marks)
        assert link.links and words, f"{link} has its words and its annotations"
        assert all(_squash(tagged.texts[m]) in c for m in link.marks for c in link.contents)
    for body in root.find("LBody"):
        links = [k for k in body.kids if k.role == "Link"]
        if links and lang in IN_ORDER:
            assert _squash(tagged.text(body)).endswith(_squash(tagged.text(links[-1])))
            assert len(_squash(tagged.text(body))) > len(_squash(tagged.text(links[-1])))


@pytest.mark.parametrize(
    "content, brand, large",
    [
        pytest.param(*EXAMPLE, False, id="example"),
        pytest.param(SUN, CEDAR, False, id="arabic"),
        pytest.param(SUN, CEDAR, True, id="arabic-large"),
    ],
)
def test_a_trifold_reads_in_panel_order(content, brand, large):
    """Cover, flap, the inside panels, then the back: the order a reader opens it, not the sheet's."""
    source = leaflet.load_leaflet(content)
    try:
        data = build(content, brand, format="dl-trifold", large_print=large)
    except LeafletError as exc:
        pytest.skip(f"does not fit: {exc}")
    tagged = read_back(data)
    words = words_in(source.language)
    check_common(tagged, words, paged=False)
    headings = [_key(t) for _, t in outline(tagged)]
    assert headings[0] == _key(source.title)
    order = [_key(s.heading) for s in source.sections] + [_key(words.CONTACT), _key(words.ABOUT)]
    assert [h for h in headings if h in order] == order, "sections, then the back panel's contact and dates"


def test_the_booking_qr_code_is_a_figure_named_by_its_link(tmp_path):
    """A promotional leaflet's booking QR code: a Figure whose alternative text is the link it encodes."""
    brand = tmp_path / "brand.yaml"
    text = HARBOUR.read_text("utf-8")
    assert "purpose: information" in text
    brand.write_text(text.replace("purpose: information", "purpose: promotion"), "utf-8")
    (tmp_path / "harbour-skin-logo.svg").write_bytes((BRANDS / "harbour-skin-logo.svg").read_bytes())
    brand_data = leaflet.load_brand(brand)
    tagged = read_back(leaflet.build(leaflet.load_leaflet(MESO), brand_data))
    alts = [f.attrs["/Alt"] for f in tagged.root.find("Figure")]
    assert alts == ["Harbour Skin Clinic logo", brand_data.booking_url]


def test_the_imposed_booklet_is_not_tagged_and_its_reader_pages_are():
    imposed = pikepdf.open(io.BytesIO(build(MESO, HARBOUR, format="a5-booklet")))
    assert "/StructTreeRoot" not in imposed.Root and "/MarkInfo" not in imposed.Root
    for page in imposed.pages:
        assert b"BDC" not in page.Contents.read_bytes()
    assert read_back(build(MESO, HARBOUR, format="a5-booklet", impose=False)).root.find("H1")


def _tag_one_paragraph(text: str, style, width: float) -> Tagged:
    """A page with one paragraph (paragraphs.Para) on it, tagged, its links made as the leaflet's
    canvas makes them (print_canvas.py), read back."""
    from reportlab.pdfgen.canvas import Canvas

    from leaflet.layout import reportlab_private as rl
    from leaflet.layout import tagging
    from leaflet.layout.paragraphs import Para

    class Linking(Canvas):
        def linkURL(self, url, rect, relative=0, thickness=0, color=None, dashArray=None, kind="URI", **kw):
            entries = tagging.link_entries(self, tagging.link_contents(url, kind))
            super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **entries, **kw)
            tagging.link_made(self, entries)

    out = io.BytesIO()
    with rl.drawing():
        canvas = Linking(out, invariant=1)
        canvas.tagger = tagging.Tagger()
        para = Para(text, style)
        para.wrap(width, 200)
        para.drawOn(canvas, 50, 600)
        canvas.showPage()
        tagging.finish(canvas)
        canvas.save()
    return read_back(out.getvalue())


def test_a_link_in_mid_sentence_is_read_between_the_words_around_it():
    """The paragraph's words before a link, the link's words (its own Link, holding the annotation
    of each line it is broken over), then the paragraph's words after it, in that order."""
    from reportlab.lib.styles import ParagraphStyle

    style = ParagraphStyle("linked", fontName="Helvetica", fontSize=12, leading=15)
    address = "www.nhs.uk/conditions/hives"
    text = f'Ask us, or read <a href="https://{address}/">{address}</a> before you book.'
    tagged = _tag_one_paragraph(text, style, 150)  # the address broken over two lines
    [p] = tagged.root.find("P")
    [link] = p.kids
    assert [type(k) for k in p.order] == [tuple, Node, tuple]
    assert _squash(tagged.texts[p.order[0]]) == "Askus,orread"
    assert _squash(tagged.text(link)) == address
    assert _squash(tagged.texts[p.order[2]]) == "beforeyoubook."
    assert link.links == 2 and link.contents == [f"{address}/"] * 2


def test_a_link_inside_a_right_to_left_line_is_read_in_its_place():
    """An address inside an Arabic line: the line is drawn in visual order (the words after the
    address, on its left, first), but the paragraph reads the words before it, the Link, then the
    words after it."""
    from leaflet.layout.fonts import font_set
    from leaflet.layout.styles import make_styles
    from leaflet.load.brand import Brand
    from leaflet.load.media import read_fonts
    from leaflet.text.scripts import script_of

    brand, script = Brand(name="x"), script_of("ar")
    styles = make_styles(brand, font_set(read_fonts(brand), brand, script), script=script)
    text = 'اقرأ <a href="https://www.nhs.uk/hives/">www.nhs.uk/hives</a> قبل الحجز.'
    tagged = _tag_one_paragraph(text, styles.body, 400)
    [p] = tagged.root.find("P")
    [link] = p.kids
    assert [type(k) for k in p.order] == [tuple, Node, tuple]
    # each piece's letters as drawn (visual order: see test_accessible_pdf for the words' own order)
    assert _squash(tagged.texts[p.order[0]]) == "اقرأ"[::-1]
    assert _squash(tagged.text(link)) == "www.nhs.uk/hives"
    assert _squash(tagged.texts[p.order[2]]) == "قبل الحجز."[::-1].replace(" ", "")
    assert link.links == 1


def test_a_paragraph_split_over_two_pages_is_one_element():
    tagged = read_back(build(MESO, HARBOUR))
    split = [n for n in tagged.root.walk() if n.role == "P" and len({page for page, _ in n.marks}) > 1]
    assert split, "the mesotherapy leaflet has a paragraph running over a page"


def test_a_table_row_split_over_two_pages_is_one_row(tmp_path):
    """A row taller than what is left of a page runs on: still one row of the tree, its header not
    read again on the next page."""
    long_cell = " ".join(["Bruising may last a week or two and is nothing to worry about."] * 30)
    content = tmp_path / "c.yaml"
    base = FORMAT.joinpath("content-example.yaml").read_text("utf-8")
    content.write_text(base, "utf-8")
    source = leaflet.load_leaflet(content)
    table_section = next((i for i, s in enumerate(source.sections) if s.table), None)
    if table_section is None:
        pytest.skip("the example has no table")
    import yaml

    data = yaml.safe_load(base)
    data["sections"][table_section]["table"]["rows"][0][-1] = long_cell + " " + long_cell
    content.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    source = leaflet.load_leaflet(content)
    tagged = read_back(leaflet.build(source, leaflet.load_brand(EXAMPLE[1]), BuildOptions(large_print=True)))
    column = source.sections[table_section].table.columns[0]
    (table,) = [t for t in tagged.root.find("Table") if _squash(column) in _squash(tagged.text(t.kids[0]))]
    assert len(table.kids[1].kids) == len(source.sections[table_section].table.rows)
    row = table.kids[1].kids[0]
    pages = {page for cell in row.kids for n in cell.walk() for page, _ in n.marks}
    assert len(pages) >= 2, "the first row runs over pages and is one TR"
    assert len(table.kids[0].kids) == 1, "the repeated header is not read twice"


def test_tagged_output_is_byte_identical_for_the_same_inputs():
    first = leaflet.build_files(MESO, HARBOUR, BuildOptions())
    leaflet.build_files(MESO_IN["ar"], HARBOUR, BuildOptions())  # something else in between
    assert leaflet.build_files(MESO, HARBOUR, BuildOptions()) == first


@needs_poppler
def test_poppler_reads_the_leaflet_in_order():
    """`pdfinfo -struct-text`: the title, the sections in order, the warning inside its section,
    and no footer or page number anywhere."""
    data = build(MESO, HARBOUR)
    source = leaflet.load_leaflet(MESO)
    words = words_in(source.language)
    out = subprocess.run(["pdfinfo", "-struct-text", "-"], input=data, capture_output=True, timeout=120)
    if out.returncode:  # older Poppler cannot read a PDF from stdin
        path = ROOT / "output" / "_struct_text_test.pdf"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        try:
            out = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, timeout=120)
        finally:
            path.unlink()
    text = out.stdout.decode("utf-8")
    assert "Document" in text.splitlines()[0]
    flat = _squash(" ".join(re.findall(r'"(.*)"', text)))
    positions = [flat.find(_squash(s.heading)) for s in source.sections]
    assert -1 not in positions and positions == sorted(positions)
    assert flat.find(_squash(source.title)) < positions[0]
    assert _squash(words.PAGE_OF.format(page=2, pages=len(pikepdf.open(io.BytesIO(data)).pages))) not in flat
    assert "Artifact" not in text


def _letters(token: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", token) if c.isalpha())


def _sorted(token: str) -> str:
    return "".join(sorted(_letters(token)))


def _corpus(*texts: str) -> set[str]:
    """Every word of some texts, as its letters only."""
    return {_letters(t) for text in texts for t in re.split(r"[\s/]+", unicodedata.normalize("NFKC", text))}


def test_every_word_of_the_tree_is_a_word_of_the_leaflet(lang="en"):
    """Read as a screen reader reads the tree (each element's marked content in order, a shaped
    word as its /ActualText), every paragraph's words come with one space between them: a line
    that ends between two words ends with a space, so no two words are glued ("skinrejuvenation",
    "blood.Mesotherapy"), and a web address broken over lines stays one word."""
    tagged = read_back(build(MESO_IN[lang], HARBOUR))
    source = MESO_IN[lang].read_text("utf-8") + HARBOUR.read_text("utf-8")
    catalogue = (ROOT / "leaflet" / "locale" / lang / "LC_MESSAGES" / "leaflet.po").read_text("utf-8")
    english = (ROOT / "leaflet" / "text" / "phrases.py").read_text("utf-8")
    from babel import Locale

    months = " ".join(Locale.parse(lang).months["format"]["wide"].values())  # the dates, written out
    known = _corpus(source, catalogue, english, months)
    anagrams = {"".join(sorted(word)) for word in known}
    glued, spaced, read = [], [], 0
    for node in tagged.root.walk():
        if not node.marks:
            continue
        text = unicodedata.normalize("NFKC", "".join(tagged.texts.get(mark, "") for mark in node.marks)).strip()
        read += len(text.split())
        if "  " in text:
            spaced.append(text)
        # right to left, a word's letters are drawn (and read back through ToUnicode) in visual
        # order, a ligature's in logical order: its letters are compared
        glued += [t for t in re.split(r"[\s/]+", text) if _letters(t) not in known and _sorted(t) not in anagrams]
    assert read > 2000, "the whole leaflet is read"
    assert glued == [] and spaced == [], (glued, spaced[:3])
    addresses = [w for n in tagged.root.find("LBody") for w in tagged.text(n).split() if w.startswith("www.")]
    assert "www.nhs.uk/conditions/cosmetic-procedures/choosing-who-will-do-your-procedure" in addresses


@pytest.mark.parametrize("lang", ["ar", "ur"])
def test_right_to_left_lines_end_with_a_space_between_words(lang):
    """Right to left, words are drawn in visual order, so their text is compared letter by letter
    elsewhere; here: every line of a paragraph that another line follows ends with a space glyph
    (drawn, and mapped to U+0020), unless it ends inside a web address broken after a '/'."""
    pdf = pikepdf.open(io.BytesIO(build(MESO_IN[lang], HARBOUR)))
    ends, missing = 0, []
    for page in pdf.pages:
        fonts = {name: _unicode_map(font) for name, font in page.Resources.get("/Font", {}).items()}
        font, ended, marked, depth, last = None, None, False, 0, ""
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                marked, depth, ended, last = True, 0, None, ""
            elif op in ("BDC", "BMC"):
                depth += 1
            elif op == "EMC":
                if depth:
                    depth -= 1
                else:
                    marked = False
            elif op == "Tf":
                font = fonts.get(str(operands[0]))
            elif op in ("Tj", "TJ") and marked:
                text = _decode(operands, font)
                if text and ended is not None:  # a line after a line of the same marked content
                    ends += 1
                    if not ended.endswith((" ", "/")):
                        missing.append(ended[-20:])
                    ended = None
                last = text or last
            elif op == "T*" and marked and last:
                ended, last = last, ""
    assert ends > 150 and missing == []
