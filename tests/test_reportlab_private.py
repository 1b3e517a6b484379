"""ReportLab contained: leaflet changes nothing of ReportLab for the rest of the process, and each
use of ReportLab's insides (leaflet/layout/reportlab_private.py) is checked here on its own, so a
ReportLab upgrade fails the test that names what changed."""

from __future__ import annotations

import io
import re
import threading
import zlib
from pathlib import Path

import pytest
import reportlab
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, SimpleDocTemplate, Spacer, Table
from reportlab.platypus import paragraph as rl_paragraph

import leaflet
from leaflet.layout import reportlab_private as rl

from conftest import BRANDS, MESO

ROOT = Path(__file__).resolve().parent.parent
FONT = next((ROOT / "fonts" / "AtkinsonHyperlegible").glob("*Regular*.ttf"))
REPLACED = [
    (ttfonts, "SUBSETN"),
    (pdfdoc, "PDFZCompress"),
    (pdfdoc, "pdfdocEnc"),
    (rl_paragraph, "shapeFragWord"),
    (ttfonts.TTFontFile, "makeSubset"),
]


def _attributes() -> dict:
    return {(getattr(owner, "__name__", owner), name): getattr(owner, name) for owner, name in REPLACED}


def _others_pdf() -> bytes:
    """Another program's ReportLab document: a TrueType font (subset, tagged), text, compression."""
    if "OtherAtkinson" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(ttfonts.TTFont("OtherAtkinson", str(FONT)))
    style = getSampleStyleSheet()["BodyText"].clone("other", fontName="OtherAtkinson")
    buffer = io.BytesIO()
    text = "A clinic's own report, 2026: caf\u00e9 \u2014 \u00a312"
    SimpleDocTemplate(buffer, invariant=1).build([Paragraph(text, style)])
    return buffer.getvalue()


def test_the_installed_reportlab_is_the_release_leaflet_was_tested_with():
    """Every reliance below was written against this release: an upgrade must be checked (and
    TESTED moved) on purpose."""
    assert rl.version_tested(), f"ReportLab {reportlab.Version}; leaflet's reliances are tested with {rl.TESTED}.x"
    assert rl.version_tested("5.1.3") and not rl.version_tested("5.2.0")


_UNCHANGED = """
import pkgutil, importlib, sys
from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.platypus import paragraph
from reportlab.pdfgen import canvas, textobject
from reportlab.platypus import tables, frames, doctemplate
modules = [pdfdoc, ttfonts, paragraph, canvas, textobject, tables, frames, doctemplate]
def snapshot():
    found = {(m.__name__, k): v for m in modules for k, v in vars(m).items()}
    for m in modules:
        for k, v in vars(m).items():
            if isinstance(v, type):
                found.update({(m.__name__, k, a): b for a, b in vars(v).items()})
    return found
before = snapshot()
import leaflet
for info in pkgutil.walk_packages(leaflet.__path__, "leaflet."):
    if ".studio" not in info.name and not info.name.endswith("__main__"):
        importlib.import_module(info.name)
assert snapshot() == before, "importing leaflet changed ReportLab"
leaflet.build_files(sys.argv[1], sys.argv[2])
leaflet.build_files(sys.argv[3])
# what ReportLab itself sets as it first lays out (copy's __slotnames__, KeepTogether's own imports)
own = {("KeepTogether", "FrameBreak"), ("KeepTogether", "NullActionFlowable")}
changed = sorted(str(k) for k, v in snapshot().items() if before.get(k, object()) is not v
                 and not k[-1].startswith("__") and k[1:] not in own)
assert not changed, changed
print("unchanged", len(before))
"""


def test_importing_and_building_leaflet_leaves_reportlab_as_it_was():
    """Every attribute of ReportLab's modules and classes that leaflet touches, and their neighbours,
    the same object after importing every module of leaflet and after building leaflets (one in
    Arabic: shaping and bidi), in a fresh process."""
    import subprocess
    import sys

    found = subprocess.run(
        [
            sys.executable,
            "-c",
            _UNCHANGED,
            str(MESO),
            str(BRANDS / "harbour-skin.yaml"),
            str(ROOT / "content" / "mesotherapy-rejuvenation-ar.yaml"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert found.returncode == 0 and found.stdout.startswith("unchanged"), found.stderr[-2000:]


def test_reportlab_is_given_back_after_an_error_while_drawing():
    before = _attributes()
    others = _others_pdf()
    with pytest.raises(RuntimeError), rl.drawing():
        assert _attributes() != before
        raise RuntimeError
    assert _attributes() == before
    assert _others_pdf() == others


def test_another_document_made_while_leaflet_draws_is_reportlabs_own():
    """A clinic's own report made in another thread while a leaflet is being drawn: ReportLab's
    bytes (its compression, its subset tags), not leaflet's."""
    expected = _others_pdf()
    entered, leave = threading.Event(), threading.Event()

    def leaflet_drawing():
        with rl.drawing():
            entered.set()
            leave.wait(30)

    thread = threading.Thread(target=leaflet_drawing)
    thread.start()
    try:
        assert entered.wait(30)
        assert _attributes() != {}  # stand-ins in place for the other thread...
        assert pdfdoc.PDFZCompress is rl._FLATE
        assert _others_pdf() == expected  # ...which act as ReportLab's own outside leaflet's drawing
    finally:
        leave.set()
        thread.join()
    assert pdfdoc.PDFZCompress is not rl._FLATE

    built: list[bytes] = []  # and while a whole leaflet is built in another thread
    worker = threading.Thread(target=lambda: built.append(leaflet.build_files(MESO, BRANDS / "harbour-skin.yaml")))
    worker.start()
    others = 0
    while worker.is_alive() or not others:
        assert _others_pdf() == expected
        others += 1
    worker.join()
    assert built and built[0].startswith(b"%PDF")


def test_drawing_is_reentrant_and_shared_by_threads():
    before = _attributes()
    with rl.drawing():
        inside = _attributes()
        with rl.drawing():
            assert _attributes() == inside
        assert _attributes() == inside and rl.is_drawing()
    assert _attributes() == before and not rl.is_drawing()
    barrier = threading.Barrier(4)

    def draw():
        with rl.drawing():
            barrier.wait(30)

    threads = [threading.Thread(target=draw) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _attributes() == before


# ---------------------------------------------------------------- each reliance on its own


def _leaflet_font_pdf(seed: bytes | None = None) -> bytes:
    """A page in one of leaflet's fonts, drawn the way leaflet draws."""
    name = "LFtest-regular"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(rl.ShapedFont(name, io.BytesIO(FONT.read_bytes())))
    buffer = io.BytesIO()
    with rl.drawing():
        canvas = Canvas(buffer, invariant=1)
        canvas.setFont(name, 12)
        canvas.drawString(72, 720, "Hello leaflet")
        canvas.showPage()
        if seed is None:
            canvas.save()
        else:
            with rl.subset_tags_from(seed):
                canvas.save()
    return buffer.getvalue()


def test_subset_tags_come_from_the_seed_while_leaflet_draws():
    """ttfonts.SUBSETN, looked up by name as each subset is written."""
    assert b"/BaseFont /AAAAAA+" in _leaflet_font_pdf()  # ReportLab's own (invariant)
    first, second = _leaflet_font_pdf(b"one"), _leaflet_font_pdf(b"two")
    tags = [re.search(rb"/BaseFont /([A-Z]{6})\+", pdf).group(1) for pdf in (first, second)]
    assert b"AAAAAA" not in tags and tags[0] != tags[1]


def test_streams_are_compressed_at_leaflets_level_while_it_draws():
    """pdfdoc.PDFZCompress, looked up by name for each page, font and form stream."""
    pdf = _leaflet_font_pdf()
    streams = list(re.finditer(rb"/Filter \[ /FlateDecode \][^>]*/Length (\d+)[^>]*>>\s*stream\r?\n", pdf))
    assert len(streams) >= 2  # the font program, its character map
    for match in streams:
        raw = pdf[match.end() : match.end() + int(match.group(1))]
        assert zlib.compress(zlib.decompress(raw), rl.ZLIB_LEVEL) == raw


def test_font_subsets_are_made_as_reportlab_makes_them_and_compressed_once():
    """TTFontFace.makeSubset (ShapedFont's faces make theirs through _FontPrograms): each subset
    exactly ReportLab's, the oldest dropped past the limit, with its compressed copy."""
    font = ttfonts.TTFontFile(str(FONT))
    programs = rl._FontPrograms(size=2)
    for glyphs in ([65, 66, 67], [68, 69], [65, 66, 67], [70], [68, 69], [69, 68]):
        assert programs.subset(font, glyphs) == ttfonts.TTFontFile.makeSubset(font, glyphs)
    assert [glyphs for _, glyphs in programs.made] == [(68, 69), (69, 68)]
    assert set(programs.flated) == {id(p) for p in programs.made.values()}

    shaped = rl.ShapedFont("LFtest-subsets", io.BytesIO(FONT.read_bytes()))
    assert isinstance(shaped.face, ttfonts.TTFontFace)
    program = shaped.face.makeSubset([72, 105])
    assert rl._FONT_PROGRAMS.made[(shaped.face, (72, 105))] is program
    with rl.drawing():
        flated = pdfdoc.PDFZCompress.encode(program)
        assert flated == zlib.compress(program, rl.ZLIB_LEVEL)
        assert pdfdoc.PDFZCompress.encode(program) is flated  # compressed once
        assert pdfdoc.PDFZCompress.encode(bytes(bytearray(program))) is not flated  # a copy: not kept
    assert b"/FontFile2" in _leaflet_font_pdf()  # ReportLab asks the face for its subset by this name


def test_pdf_syntax_is_encoded_as_reportlab_encodes_it():
    """pdfdoc.pdfdocEnc: ASCII encoded directly while leaflet draws: the same bytes, or the same
    refusal, for every ASCII character (PDFDocEncoding has no 0x18-0x1F) and the rest."""

    def encoded(encode, text):
        try:
            return encode(text)
        except UnicodeError as exc:
            return type(exc)

    original = pdfdoc.pdfdocEnc
    with rl.drawing():
        assert pdfdoc.pdfdocEnc is rl._pdfdoc_bytes
        for text in [chr(n) for n in range(128)] + [
            "/Helvetica-Bold",
            "0 0 595.2756 841.8898",
            "BT /F1+0 14 Tf (Call 0117 496 0000) Tj ET",
            "Caf\u00e9 \u00e0 la cr\u00e8me",
            "\u2022 \u00a3250",
            "\u0645\u0631\u062d\u0628\u0627",
            "tab\there\x19",
            b"\x00\xff",
        ]:
            assert encoded(rl._pdfdoc_bytes, text) == encoded(original, text), repr(text)


def test_words_are_shaped_by_leaflets_shaper_while_it_draws():
    """paragraph.shapeFragWord, called by name for every word of a paragraph that shapes."""
    seen = []
    from leaflet.layout import shaping

    rl.shape_words_with(lambda w, features, force: seen.append(w) or rl.reportlab_shape_word(w, features, force))
    try:
        _leaflet_font_pdf()  # registers the font
        style = getSampleStyleSheet()["BodyText"].clone("shaped", shaping=1, fontName="LFtest-regular")
        Paragraph("two words", style).wrap(200, 100)
        assert not seen  # not drawing: ReportLab's own
        with rl.drawing():
            Paragraph("two words", style).wrap(200, 100)
        assert seen
    finally:
        rl.shape_words_with(shaping.shape_word)


def test_shaped_fonts_number_unencoded_glyphs_from_the_font_alone():
    """TTFont.hbFont sets hbAddPrivate on each call; TTFont.__addPrivate, face._pdfScale, hmetrics."""
    font = rl.ShapedFont(
        "LFtest-private", io.BytesIO((ROOT / "fonts" / "NotoSansArabic").glob("*Regular*.ttf").__next__().read_bytes())
    )
    font.hbFont(12)
    assert font.hbAddPrivate == font._private_code
    assert callable(font._TTFont__addPrivate)
    gid = next(g for g in range(font.face.numGlyphs) if g not in font.face.glyphToChar)
    code = font._private_code("x", gid, 0)
    assert 0xE000 <= code < 0xF900 and font.face.charToGlyph[code] == gid
    assert font.face.charWidths[code] == font.face._pdfScale(font.face.hmetrics[gid][0])


def test_shaped_glyphs_get_a_code_for_their_text_and_the_tounicode_map_says_it():
    """TTFontFace glyphToChar, charToGlyph, charWidths; TTFont.state (subsets), getSubsetInternalName
    and addObjects, which registers each subset's font under 'BasicFonts' with a ToUnicode stream
    whose content can be replaced before the file is written."""
    data = next((ROOT / "fonts" / "NotoSansArabic").glob("*Regular*.ttf")).read_bytes()
    font = rl.ShapedFont("LFtest-codes", io.BytesIO(data))
    pdfmetrics.registerFont(font)
    alef = font.face.charToGlyph[ord("\u0627")]
    assert font.code_for(alef, "\u0627") == 0x627  # a letter's own glyph keeps its code
    form = next(g for g in range(font.face.numGlyphs) if g not in font.face.glyphToChar)
    code, dot = font.code_for(form, "\u0628"), font.code_for(form, "")
    assert rl.TEXT_CODES <= code != dot and font.code_for(form, "\u0628") == code
    assert font.code_texts[code] == "\u0628" and font.code_texts[dot] == ""
    assert font.face.charToGlyph[code] == form and font.face.charWidths[code] == font.face.charWidths[dot]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.setFont("LFtest-codes", 12)
    canvas.drawString(10, 10, "\u0627" + chr(code) + chr(dot))
    canvas.save()
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(buffer.getvalue()))
    font_object = next(f for f in pdf.pages[0].Resources.Font.values() if "/ToUnicode" in f)
    cmap = font_object.ToUnicode.read_bytes().decode()
    assert "<FEFF" not in cmap and re.search(r"<[0-9A-F]{2}> <0627>", cmap) and re.search(r"<[0-9A-F]{2}> <0628>", cmap)
    assert re.search(r"<[0-9A-F]{2}> <034F>", cmap) and not re.search(r"<[0-9A-F]{2}> <>", cmap)  # the dot


def test_each_shaped_run_is_formatted_inside_the_span_its_properties_give():
    """PDFTextObject._formatText formats each run of text as PDF; ShapedStr's shape data and its
    slices; ReportLab draws trailing spaces as glyphs of the run."""
    data = next((ROOT / "fonts" / "NotoSansArabic").glob("*Regular*.ttf")).read_bytes()
    if "LFtest-span" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(rl.ShapedFont("LFtest-span", io.BytesIO(data)))

    class Spanned(rl.TextObject):
        def run_properties(self, run, font):
            return f"/ActualText ({'rtl' if run.rtl else 'ltr'} {len(run)})"

    text = Spanned(Canvas(io.BytesIO()), 0, 100)
    text.setFont("LFtest-span", 12)
    shape = [ttfonts.ShapeData(i, 500, 0, 0, 0, 500) for i in range(3)]
    run = rl.ShapedRun("\u0627\u0628 ", shape, True)
    assert (run + " ").rtl and run[:2].rtl and len(run[:2].__shapeData__) == 2
    drawn = text._formatText(run)
    assert drawn.startswith("/Span <</ActualText (rtl 2)>> BDC ") and re.search(r" EMC .*\( \) Tj$", drawn)


def test_pages_with_links_tab_in_structure_order_and_the_language_is_read_back():
    """Canvas.showPage hands each page object to _setAnnotations; PDFPage writes the keys its
    __NoDefault__ lists; the catalog's Lang is a PDFString."""
    buffer = io.BytesIO()
    canvas = type("Tabbed", (rl.TabbedPages,), {})(buffer, invariant=1, lang="ur")
    canvas.linkURL("https://example.org", (10, 10, 50, 20))
    canvas.showPage()
    canvas.drawString(10, 10, "no link")
    canvas.showPage()
    assert rl.document_language(rl.pdf_document(canvas)) == "ur"
    canvas.save()
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(buffer.getvalue()))
    first, second = pdf.pages
    assert first.obj.Tabs == "/S" and "/Tabs" not in second.obj


def test_word_spaces_are_reportlabs():
    """paragraph._wsc: the characters line breaking splits words at."""
    assert " " in rl.WORD_SPACES and "\u00a0" not in rl.WORD_SPACES


def test_text_rise_is_set_right():
    """PDFTextObject's _code, _y and _rise, as TextObject.setRise sets them."""
    text = rl.TextObject(Canvas(io.BytesIO()), 0, 100)
    text.setRise(2)
    text.setRise(3)
    assert text._code[-1] == "3 Ts" and sum(c.endswith(" Ts") for c in text._code) == 1
    assert text._y == 97
    text.setRise(0)
    assert text._y == 100


def test_image_names_are_reportlabs_digest():
    """lib.utils._digester names an image or drawing by its bytes."""
    assert rl.digest(b"logo") == rl.digest(b"logo") != rl.digest(b"other")
    assert re.fullmatch(r"[0-9a-f]+", rl.digest(b"logo"))


def _doc_with_frames(story, record=None):
    seen = {}

    class Doc(BaseDocTemplate):
        def handle_frameEnd(self, resume=0):
            seen.setdefault("frames", []).append(
                (
                    rl.frame_used(self.frame),
                    rl.frame_room(self.frame),
                    rl.frame_height(self.frame),
                    rl.frame_size(self.frame),
                )
            )
            super().handle_frameEnd(resume)

        def afterFlowable(self, flowable):
            seen.setdefault("postponed", []).append(rl.postponed(flowable))

    doc = Doc(io.BytesIO(), invariant=1)
    doc.addPageTemplates([PageTemplate("p", [Frame(72, 72, 200, 300, id="f")])])
    if record is not None:
        rl.record_edits(doc, record)
    doc.build(story)
    return doc, seen


def test_frames_and_flowables_as_the_layout_reads_them():
    """Frame._y, _y1, _y1p, _y2, _topPadding, _width, _height, _atTop; a flowable's _frame and
    _postponed; canvas._doctemplate; BaseDocTemplate._multiBuildEdits."""
    edits: list = []
    body = getSampleStyleSheet()["BodyText"]
    from reportlab.platypus import Flowable

    class Probe(Flowable):
        def wrap(self, availWidth, availHeight):
            seen_here.append((rl.frame_of(self), rl.doc_template(self.canv)))
            return availWidth, 10

        def draw(self):
            pass

    seen_here: list = []
    story = [Paragraph("short", body), Probe(), Spacer(10, 200), Table([["a"]] * 20)]
    doc, seen = _doc_with_frames(story, edits.append)
    used, room, height, size = seen["frames"][0]
    assert 0 < used <= 1 and 0 <= room < 300 and height == 300 and size == (200, 300)
    assert seen_here and all(frame.id == "f" and template is doc for frame, template in seen_here)
    assert seen["postponed"][-1]  # the table moved on once for lack of room
    assert rl.doc_template(doc.canv) is None  # after the build
    assert edits and all(callable(undo) for undo, *_ in edits)
    frame = Frame(0, 0, 100, 100)
    assert rl.frame_at_top(frame)
    probe = Probe()
    rl.set_frame_of(probe, frame)
    assert rl.frame_of(probe) is frame


def test_a_build_can_end_without_saving():
    """BaseDocTemplate._doSave, read by _endBuild."""
    saved = []

    class Doc(SimpleDocTemplate):
        def _endBuild(self):
            rl.end_build_unsaved(self, super()._endBuild)
            saved.append(self.canv)

    buffer = io.BytesIO()
    Doc(buffer).build([Paragraph("x", getSampleStyleSheet()["BodyText"])])
    assert saved and buffer.getvalue() == b""


def test_tables_are_measured_once_and_their_cells_wrapped_as_drawn():
    """Table._calc, _argW, _height, _hmax, _nrows, _ncols, _cellvalues, _spanCmds, _spanRects,
    _colWidths, _rowHeights, _cellStyles, _listCellGeom."""
    body = getSampleStyleSheet()["BodyText"]
    cells = [[Paragraph("one two three", body), "x"], [[Paragraph("four", body)], Paragraph("five", body)]]
    ours, theirs = rl.MeasuredTable(cells, colWidths=[60, 60]), Table(cells, colWidths=[60, 60])
    assert ours.wrap(120, 500) == theirs.wrap(120, 500)
    assert ours._measured[:2] == (120, 500)
    ours.canv = Canvas(io.BytesIO())
    wrapped = list(ours.cells_wrapped())
    assert [len(w) for w in wrapped] == [1, 1, 1] and all(hasattr(f[0], "width") for f in wrapped)
    spanned = rl.MeasuredTable(
        [["a", ""], [Paragraph("b", body), "c"]], colWidths=[60, 60], style=[("SPAN", (0, 0), (1, 0))]
    )
    spanned.wrap(120, 500)
    spanned.canv = ours.canv
    assert len(list(spanned.cells_wrapped())) == 1


def _page_pdf(draw) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, pagesize=(200, 200), initialFontName="Helvetica", pageCompression=0)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_pages_can_be_held_back_and_placed_on_sheets():
    """Canvas._startPage, the canvas's page state (_code, _formsinuse, _annotationrefs,
    _colorsUsed, _shadingUsed, _extgstate and its _c), _pagesize, _trimBox, _bleedBox, _doc._ID,
    _doc._pdfVersion, _doc._timeStamp, _initialFontName."""
    import datetime as dt

    def draw(canvas):
        assert rl.initial_font_name(canvas) == "Helvetica"
        canvas.setFillAlpha(0.5)
        canvas.drawString(10, 10, "first")
        first = rl.page_state(canvas)
        assert any("first" in line for line in rl.page_code(first))
        rl.start_page(canvas)
        assert not any("first" in line for line in rl.page_code(rl.page_state(canvas)))
        sheet = rl.new_sheet(["1 0 0 1 5 5 cm"])
        rl.place_on_sheet(sheet, first, ["q"], ["Q"])
        rl.place_on_sheet(sheet, first, ["q"], ["Q"])
        rl.restore_page(canvas, sheet)
        rl.set_media_size(canvas, (400, 200))
        rl.set_boxes(canvas, (1, 2, 3, 4), (0, 0, 5, 6))
        rl.set_file_id(canvas, b"0123456789abcdef")
        doc = rl.pdf_document(canvas)
        rl.set_pdf_version(doc, (1, 6))
        rl.set_creation_date(doc, dt.date(2026, 11, 25))

    pdf = _page_pdf(draw)
    assert pdf.startswith(b"%PDF-1.6")
    assert pdf.count(b"(first) Tj") == 2 and b"1 0 0 1 5 5 cm" in pdf
    assert b"/ca .5" in pdf  # the page's graphics state came along
    assert b"/MediaBox [ 0 0 400 200 ]" in pdf and b"/TrimBox [ 1 2 3 4 ]" in pdf and b"/BleedBox [ 0 0 5 6 ]" in pdf
    assert b"/ID \n[<30313233343536373839616263646566><30313233343536373839616263646566>]" in pdf
    assert b"D:20261125000000" in pdf


def test_annotations_can_be_added_and_found():
    """Canvas._addAnnotation, _annotationrefs, _doc.idToObject."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName

    def draw(canvas):
        rl.add_annotation(canvas, PDFDictionary(dict(Type=PDFName("Annot"), Subtype=PDFName("Widget"), T="x")))
        assert isinstance(rl.last_annotation(canvas), PDFDictionary)

    assert b"/Widget" in _page_pdf(draw)


def test_a_faces_whole_file_can_be_read_back():
    """TTFontFile._ttf_data: the consent form's fields embed the form's face whole."""
    from reportlab.pdfbase import pdfmetrics

    from leaflet.layout.fonts import register
    from leaflet.load import Brand
    from leaflet.load.media import read_fonts

    path = ROOT / "fonts" / "AtkinsonHyperlegible" / "AtkinsonHyperlegible-Regular.ttf"
    family = read_fonts(Brand(name="x")).family("Atkinson Hyperlegible")
    face = pdfmetrics.getFont(register(family).regular).face
    assert rl.font_program(face) == path.read_bytes()


def test_an_images_soft_mask_can_be_taken_off():
    """PDFImageXObject._smask (made for mask='auto' from an image with alpha)."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase.pdfdoc import PDFImageXObject

    image = PDFImageXObject("x", ImageReader(str(ROOT / "tests" / "fixtures" / "logo.png")), mask="auto")
    smask = rl.take_soft_mask(image)
    assert smask is not None and not hasattr(image, "_smask") and rl.take_soft_mask(image) is None


def test_what_tagging_needs_of_the_document_and_its_pages():
    """PDFDocument.Pages.pages, Reference and idToObjectNumberAndVersion; PDFPage.__NoDefault__;
    Canvas._annotationrefs (layout/tagging.py)."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.linkURL("https://example.org", (0, 0, 10, 10))
    annotation = rl.last_annotation_number(canvas)
    canvas.showPage()
    doc = rl.pdf_document(canvas)
    (page,) = rl.pages_written(doc)
    rl.set_page_entry(page, "StructParents", 7)
    extra = PDFDictionary({"Marked": 1})
    number = rl.object_number(doc, extra)
    assert rl.object_number(doc, extra) == number and annotation != number
    canvas.setCatalogEntry("MarkInfo", extra)
    canvas.save()
    pdf = buffer.getvalue()
    assert b"/StructParents 7" in pdf and b"/MarkInfo %d 0 R" % number in pdf
    assert b"/Subtype /Link" in pdf.split(b"\n%d 0 obj\n" % annotation)[1].split(b"endobj")[0]
    assert rl.table_size(Table([["a", "b", "c"], ["d", "e", "f"]])) == (2, 3)


@pytest.mark.parametrize("bullet, rtl", [("\u2022", False), ("10.", False), ("10.", True)])
def test_a_bullet_drawn_apart_lands_where_reportlab_draws_it(bullet, rtl):
    """paragraph._drawBullet, rl_config.paraFontSizeHeightOffset, Paragraph._offsets and
    _wrapWidths: the lines drawn without their bullet and the bullet drawn after them give the
    same marks, in the same places, as ReportLab's drawPara with the bullet."""
    from reportlab.lib.enums import TA_RIGHT

    style = getSampleStyleSheet()["BodyText"].clone(
        "item", leftIndent=14, bulletIndent=2, **({"wordWrap": "RTL", "alignment": TA_RIGHT} if rtl else {})
    )

    def draw(apart: bool) -> list[str]:
        para = Paragraph(
            "A list item long enough to need two lines in a narrow column of text.", style, bulletText=bullet
        )
        canvas = Canvas(io.BytesIO(), invariant=1)
        para.wrapOn(canvas, 150, 500)
        para.canv = canvas
        start = len(canvas._code)
        if apart:
            with rl.without_bullet(para):
                para.drawPara()
            assert para.bulletText == bullet and "_offsets" not in para.__dict__
            rl.draw_bullet(para)
        else:
            para.drawPara()
        return canvas._code[start:]

    def texts(code: list[str]) -> list[str]:  # each text object, where it starts and moves to included
        return sorted(line for line in code if line.startswith("BT"))

    together, apart = draw(False), draw(True)
    assert texts(apart) == texts(together) and len(texts(together)) == 2


@pytest.mark.parametrize("markup", ["plain words " * 12, "words in <b>bold</b> and not " * 6])
def test_each_paragraph_line_ends_with_one_text_out_that_starts_the_next(markup):
    """Paragraph.drawPara draws each line (of plain words, or of fragments) ending with one
    ``_textOut(text, TStar)``, TStar true, through the text object its beginText gives."""
    ends: list[str] = []

    class Counting(rl.TextObject):
        def _textOut(self, text, TStar=0):
            if TStar:
                ends.append(text)
            super()._textOut(text, TStar)

    class Para(Paragraph):
        def beginText(self, x, y):
            return Counting(self.canv, x, y)

    para = Para(markup, getSampleStyleSheet()["Normal"])
    para.wrap(120, 1000)
    canvas = Canvas(io.BytesIO())
    para.drawOn(canvas, 0, 0)
    lines = para.blPara.lines
    assert len(lines) > 2 and len(ends) == len(lines) and all(ends)


def test_a_space_ends_each_line_the_paragraph_says_ends_between_words():
    """TextObject.line_ends: a space glyph after the line's last text, before its T*."""
    text = rl.TextObject(Canvas(io.BytesIO()), 0, 100)
    text.setFont("Helvetica", 12)
    text.line_ends = iter([True, False, True])
    for line in ("one", "two-", "three ", "four"):
        text._textOut(line, 1)
    assert [c for c in text._code if "T*" in c][-4:] == ["( ) Tj T*", "(two-) Tj T*", "(three ) Tj T*", "(four) Tj T*"]
    assert "(one) Tj" in text._code


def test_a_paragraph_draws_each_fragment_with_one_text_out_in_line_order():
    """Paragraph.drawPara draws each text fragment of a line with one ``_textOut``, in the line's
    order, a link's fragments included (paragraphs._link_targets counts on it: the link's words
    are marked between two of them); TextObject.before_run is called before each."""
    from leaflet.layout.paragraphs import _link_targets

    drawn: list[tuple[str, bool]] = []

    class Para(Paragraph):
        def beginText(self, x, y):
            text = rl.TextObject(self.canv, x, y)
            text.before_run = lambda _, line_end: drawn.append(("", line_end))
            return text

    markup = 'see <b>this</b> or <a href="https://example.org/a/b">example.org/a/b</a> and then more words ' * 3
    para = Para(markup, getSampleStyleSheet()["Normal"])
    para.wrap(120, 1000)
    para.drawOn(Canvas(io.BytesIO()), 0, 0)
    lines = para.blPara.lines
    assert len(drawn) == len(list(_link_targets(lines))) == sum(len(line.words) for line in lines)
    assert sum(end for _, end in drawn) == len(lines) > 2
    assert any(_link_targets(lines)) and "example.org/a/b" in set(_link_targets(lines))
