"""What a PDF/UA-1 reader and a screen reader get from a leaflet beyond its tags: metadata that
names the document and claims PDF/UA-1 (with PDF/X-4 too), its language, its tab order, and the
real letters behind every shaped glyph (no private-use characters), in logical order."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import unicodedata

import pikepdf
import pytest
import yaml
from pypdf import PdfReader

import leaflet

from conftest import BRANDS, FORMAT, MESO, ROOT, needs_profile

AR = ROOT / "content" / "mesotherapy-rejuvenation-ar.yaml"
HARBOUR = BRANDS / "harbour-skin.yaml"
DC, PDFUAID, PDFXID = (
    "http://purl.org/dc/elements/1.1/",
    "http://www.aiim.org/pdfua/ns/id/",
    "http://www.npes.org/pdfx/ns/id/",
)


def build(content=MESO, brand=HARBOUR, **options) -> bytes:
    return leaflet.build_files(content, brand, leaflet.BuildOptions(**options))


@pytest.mark.parametrize(
    "content, fmt",
    [(MESO, "a4"), (MESO, "a5-booklet"), (AR, "letter"), (FORMAT / "content-example.yaml", "dl-trifold")],
)  # meso needs more room
def test_metadata_names_the_leaflet_claims_pdf_ua_1_and_gives_its_language(content, fmt):
    source = leaflet.load_leaflet(content)
    pdf = pikepdf.open(io.BytesIO(build(content, format=fmt, **({"impose": False} if fmt == "a5-booklet" else {}))))
    xmp = pdf.open_metadata()
    assert xmp[f"{{{DC}}}title"] == source.title == str(pdf.docinfo["/Title"])
    assert xmp[f"{{{PDFUAID}}}part"] == "1"
    assert xmp[f"{{{DC}}}language"] == {source.language}
    assert pdf.Root.Lang == source.language
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True  # the title bar shows the title, not a file name
    assert f"{{{PDFXID}}}GTS_PDFXVersion" not in xmp
    assert pdf.Root.Metadata.read_raw_bytes().startswith(b"<?xpacket")  # not compressed: readable as it is


def test_the_imposed_booklet_sheets_claim_no_pdf_ua():
    """A print-shop file, untagged (its pages are not in reading order): its metadata names it, and
    claims nothing it is not."""
    pdf = pikepdf.open(io.BytesIO(build(format="a5-booklet")))
    xmp = pdf.open_metadata()
    assert xmp[f"{{{DC}}}title"] == "Mesotherapy for skin rejuvenation" and f"{{{PDFUAID}}}part" not in xmp


def test_pages_with_links_tab_in_structure_order():
    pdf = pikepdf.open(io.BytesIO(build()))
    linked = [page for page in pdf.pages if page.obj.get("/Annots")]
    assert linked, "the mesotherapy leaflet's sources have links"
    assert all(page.obj.Tabs == "/S" for page in linked)
    assert all("/Tabs" not in page.obj for page in pdf.pages if not page.obj.get("/Annots"))


@needs_profile
@pytest.mark.parametrize("fmt", ["a4", "a5-booklet"])
def test_pdfx_files_claim_pdf_x4_and_pdf_ua_1_in_one_packet(fmt):
    pdf = pikepdf.open(
        io.BytesIO(
            build(FORMAT / "content-example.yaml", FORMAT / "brand-example.yaml", format=fmt, pdfx=True, impose=False)
        )
    )  # the booklet's reader pages
    xmp = pdf.open_metadata()
    assert xmp[f"{{{PDFXID}}}GTS_PDFXVersion"] == "PDF/X-4" and xmp[f"{{{PDFUAID}}}part"] == "1"
    assert xmp[f"{{{DC}}}title"] == "Microneedling for acne scars"
    assert pdf.Root.Lang == "en-GB" and pdf.Root.ViewerPreferences.DisplayDocTitle is True


# ---------------------------------------------------------------- real text behind shaped glyphs

UR = ROOT / "content" / "mesotherapy-rejuvenation-ur.yaml"
PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")


@pytest.fixture(scope="module")
def scripts(tmp_path_factory) -> dict[str, tuple[str, bytes]]:
    """The source text and the PDF of a leaflet in each shaped script: Arabic, Urdu (Nastaliq),
    Bengali and Punjabi (Gurmukhi)."""
    from test_languages import BENGALI, GURMUKHI

    folder = tmp_path_factory.mktemp("scripts")
    made = {}
    for language, source in (("ar", AR), ("ur", UR), ("bn", BENGALI), ("pa", GURMUKHI)):
        if isinstance(source, str):
            path = folder / f"leaflet-{language}.yaml"
            path.write_text(source, encoding="utf-8")
            source = path
        made[language] = (printed_text(source), build(source))
    return made


def printed_text(path) -> str:
    """The text of a content file that the leaflet prints (not its consent form's)."""

    def texts(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for key, item in value.items():
                if key != "consent":
                    yield from texts(item)
        elif isinstance(value, list):
            for item in value:
                yield from texts(item)

    return "\n".join(texts(yaml.safe_load(path.read_text(encoding="utf-8"))))


# A glyph that stands for nothing of its own (a cluster's dot or mark) maps to a default-ignorable
# character (reportlab_private.NOTHING): invisible, and ignored by readers, as here.
IGNORED = re.compile("[\u034f\u061c]")


def pypdf_text(pdf: bytes) -> str:
    return unicodedata.normalize(  # ignored first: a grapheme joiner keeps marks from being put in order
        "NFKC", IGNORED.sub("", " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))
    )


def pdftotext(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "leaflet.pdf"
    path.write_bytes(pdf)
    return unicodedata.normalize(
        "NFKC",
        subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
        .stdout.replace("\u034f", "")
        .replace("\u061c", ""),
    )


def words(source: str, script: str, shortest: int = 3) -> set[str]:
    """The words of a text in one script (letters and marks, ``shortest`` or more), as NFKC writes them."""
    found = re.findall(rf"[{script}]+", unicodedata.normalize("NFKC", source))
    return {
        w
        for word in found
        for w in re.split(
            r"[^\w\u0600-\u06ff\u0980-\u09ff\u0a00-\u0a7f]|[\d_\u060c\u061b"
            r"\u061f\u06d4\u0964\u0965]",
            word,
        )
        if len(w) >= shortest
    }


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("language", ["ar", "ur", "bn", "pa"])
def test_no_text_copies_out_as_private_use_characters(scripts, language, tmp_path):
    pdf = scripts[language][1]
    assert not PRIVATE_USE.findall(pypdf_text(pdf))
    if shutil.which("pdftotext") or os.environ.get("LEAFLET_REQUIRE_POPPLER"):
        assert not PRIVATE_USE.findall(pdftotext(pdf, tmp_path))


@pytest.mark.parametrize(
    "language, letters, reader",
    [
        ("ar", "\u0600-\u06ff", "pypdf"),
        ("bn", "\u0980-\u09ff", "pypdf"),
        ("pa", "\u0a00-\u0a7f", "pypdf"),
        ("bn", "\u0980-\u09ff", "pdftotext"),
        ("pa", "\u0a00-\u0a7f", "pdftotext"),
    ],
)
def test_every_word_reads_back_in_logical_order(scripts, language, letters, reader, tmp_path):
    """Letters in the order they are typed, whatever order the glyphs are drawn in (a Bengali vowel
    sign drawn before its consonant, Arabic drawn right to left); readers may put spaces inside a
    word where a mark sits apart, so spaces are not compared."""
    source, pdf = scripts[language]
    if reader == "pdftotext" and not (shutil.which("pdftotext") or os.environ.get("LEAFLET_REQUIRE_POPPLER")):
        pytest.skip("poppler-utils is not installed (.ci/run installs it)")
    text = squashed(pypdf_text(pdf) if reader == "pypdf" else pdftotext(pdf, tmp_path))
    expected = words(source, letters)
    assert expected and not [w for w in expected if w not in text]


def test_arabic_reads_back_in_logical_order_with_pdftotext(scripts, tmp_path):
    if not (shutil.which("pdftotext") or os.environ.get("LEAFLET_REQUIRE_POPPLER")):
        pytest.skip("poppler-utils is not installed (.ci/run installs it)")
    text = pdftotext(scripts["ar"][1], tmp_path)
    for phrase in ("الميزوثيرابي لتجديد شباب البشرة", "معلومات للمرضى", "لم يراجع هذه النشرة أي طبيب أو ممرض"):
        assert phrase in text, phrase


def marked_spans(pdf: bytes) -> list[dict]:
    """The properties of every /Span marked-content sequence on the pages, in drawing order."""
    found = []
    for page in pikepdf.open(io.BytesIO(pdf)).pages:
        for operands, operator in pikepdf.parse_content_stream(page):
            if operator == pikepdf.Operator("BDC") and operands[0] == "/Span":
                found.append({str(k)[1:]: str(v) for k, v in operands[1].items()})
    return found


def test_every_nastaliq_word_carries_its_letters_in_logical_order(scripts):
    """Nastaliq's letters climb off the line, so a reader going by the glyphs' places scatters them:
    each word carries its own text (/ActualText), as typed. (poppler's pdftotext reverses a
    right-to-left /ActualText: see docs/accessibility.md.)"""
    source, pdf = scripts["ur"]
    actual = [span["ActualText"] for span in marked_spans(pdf) if "ActualText" in span]
    assert len(actual) > 1000 and not [text for text in actual if PRIVATE_USE.search(text)]
    assert words(source, "\u0600-\u06ff", 1) <= words(" ".join(actual), "\u0600-\u06ff", 1)  # every word, as typed
    assert {"جلد", "میسو", "تھراپی", "مریضوں", "معلومات"} <= set(actual)


@pytest.mark.parametrize("language", ["ar", "ur"])
def test_latin_words_in_another_script_say_their_language(scripts, language):
    spans = marked_spans(scripts[language][1])
    latin = [span for span in spans if span.get("Lang") == "en-GB"]
    assert latin and all("ActualText" not in span or re.search("[A-Za-z]", span["ActualText"]) for span in latin)
    assert all(span.get("Lang") in (None, "en-GB") for span in spans)


def test_left_to_right_latin_leaflets_have_no_spans():
    """Glyphs that are their own letters need nothing more: an English leaflet is drawn as before."""
    assert marked_spans(build()) == []


# ---------------------------------------------------------------- the pdfua checker

PDFUA_CASES = (
    [
        pytest.param(content, options, id=f"{content.stem}-{name}")
        for content in (MESO, ROOT / "content" / "mesotherapy-rejuvenation-pl.yaml", AR, UR)
        for name, options in (
            ("a4", {}),
            ("letter", {"format": "letter"}),
            ("a5-booklet", {"format": "a5-booklet", "impose": False}),
            ("large-print", {"large_print": True}),
        )
    ]
    + [pytest.param(content, {"pdfx": True}, id=f"{content.stem}-pdfx", marks=needs_profile) for content in (MESO, AR)]
    + [
        pytest.param(FORMAT / "content-example.yaml", {"format": "dl-trifold"}, id="example-dl-trifold"),
        pytest.param(
            ROOT / "tests" / "fixtures" / "rtl" / "sun-care-ar.yaml",
            {"format": "dl-trifold", "brand": ROOT / "tests" / "fixtures" / "rtl" / "cedar-clinic.yaml"},
            id="sun-care-ar-dl-trifold",
        ),
    ]
)


@pytest.mark.parametrize("content, options", PDFUA_CASES)
def test_the_pdfua_checker_finds_nothing(content, options, tmp_path):
    """pdfua checks 16 of PDF/UA-1's 106 machine-checkable rules (structure tree, MarkInfo, tagged
    content, /Lang, title, figures' /Alt, tables, links, the XMP claim): none may fail, not even as
    a warning. The rest need veraPDF or PAC (docs/accessibility.md)."""
    from pdfua import validate

    path = tmp_path / "leaflet.pdf"
    path.write_bytes(build(content, **{"brand": HARBOUR, **options}))
    report = validate(str(path))
    assert [(f.rule_id, f.severity.name, f.message) for f in report.findings] == []
    assert report.exit_code == 0
    # pdfua 0.1.3's empty-heading rule (UA-14-001) stops on any heading whose /K is an array (it asks
    # an array for '/is_integer'), so it never runs here; test_tagging.py reads every heading's text.
    assert [(o.rule_id, "is_integer" in o.skipped_reason) for o in report.skipped] == [("UA-14-001", True)]
    assert len(report.outcomes) == 12


# ---------------------------------------------------------------- PDF/UA-1 7.21.7: every glyph has text


def used_codes(pdf: pikepdf.Pdf):
    """(font name, its ToUnicode map or None, code) for every character code shown on every page."""
    from test_tagging import _unicode_map

    for page in pdf.pages:
        fonts = {name: font for name, font in page.Resources.get("/Font", {}).items()}
        font = None
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "Tf":
                font = fonts[str(operands[0])]
                maps = _unicode_map(font) if "/ToUnicode" in font else None
            elif op in ("Tj", "TJ", "'", '"'):
                strings = operands[0] if isinstance(operands[0], pikepdf.Array) else [operands[-1]]
                for item in strings:
                    if isinstance(item, pikepdf.String):
                        for code in bytes(item):
                            yield str(font.BaseFont), maps, code


@pytest.mark.parametrize("language", ["ar", "ur", "bn", "pa"])
def test_every_glyph_drawn_maps_to_a_unicode_value(scripts, language):
    """ISO 14289-1, 7.21.7 (veraPDF rule 7.21.7-1): every character code shown maps to Unicode: a
    ToUnicode entry that is not empty and not U+0000, U+FEFF or U+FFFE. A glyph that is part of a
    cluster whose letters its first glyph gives (a dot, a mark, a piece of a Nastaliq stroke) maps
    to COMBINING GRAPHEME JOINER (left to right) or ARABIC LETTER MARK, which readers ignore."""
    pdf = pikepdf.open(io.BytesIO(scripts[language][1]))
    unmapped, invisible, shown = set(), 0, 0
    for font, maps, code in used_codes(pdf):
        shown += 1
        value = None if maps is None else maps.get(code)
        if not value or {"\x00", "\ufeff", "\ufffe"} & set(value):
            unmapped.add((font, code))
        invisible += value in ("\u034f", "\u061c")
    assert shown > 1000 and unmapped == set()
    assert invisible, "the leaflet has glyphs that stand for nothing of their own"


def test_every_glyph_of_an_english_leaflet_maps_to_a_unicode_value():
    pdf = pikepdf.open(io.BytesIO(build()))
    assert {(font, code) for font, maps, code in used_codes(pdf) if not (maps or {}).get(code)} == set()
