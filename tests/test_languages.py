"""Leaflets in the languages patients read: catalogues, every script, right to left, translations."""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

import leaflet
from leaflet import batch
from leaflet.text import catalogues, phrases

from conftest import BRANDS, MESO, ROOT, catalogue_without

PL = ROOT / "content" / "mesotherapy-rejuvenation-pl.yaml"
AR = ROOT / "content" / "mesotherapy-rejuvenation-ar.yaml"
UR = ROOT / "content" / "mesotherapy-rejuvenation-ur.yaml"
HARBOUR = BRANDS / "harbour-skin.yaml"
ENGLISH_PHRASES = [
    "At a glance",
    "What to do:",
    "Warning",
    "Other side effects",
    "How often",
    "Page 1 of",
    "About this leaflet",
    "Contact us",
    "Sources",
    "Published",
    "Review by",
    "These are the prices at",
    "Side effect",
    "Treatment",
    "Scan to book",
    "Read on",
]


def text_of(pdf: bytes) -> str:
    """The PDF's text as a reader gets it, NFKC-normalised (Arabic presentation forms to letters)."""
    reader = PdfReader(io.BytesIO(pdf))
    raw = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(unicodedata.normalize("NFKC", raw).split())


@pytest.fixture(scope="module")
def polish() -> bytes:
    return leaflet.build_files(PL, HARBOUR)


@pytest.fixture(scope="module")
def arabic() -> bytes:
    return leaflet.build_files(AR, HARBOUR)


def test_polish_pdf_has_its_words_in_order_its_own_labels_and_no_english(polish):
    text = text_of(polish)
    for words in (
        "Mezoterapia to zabieg, w którym wykonuje się wiele drobnych zastrzyków.",
        "W skrócie",
        "Co robić:",
        "Ostrzeżenie",
        "O tej ulotce",
        "Kontakt",
        "To są ceny w Harbour Skin Clinic.",
        "Zakażenie wkrótce po zabiegu, w miejscach wkłucia igieł.",
        "Natychmiast zadzwoń pod 999",
        "działa też numer 112",
        "Twoja klinika",
        "To tłumaczenie czeka na sprawdzenie przez lekarza",
        "ą",
        "ę",
        "ł",
        "ń",
        "ś",
        "ź",
        "ż",
    ):
        assert words in text, words
    pages = len(PdfReader(io.BytesIO(polish)).pages)
    assert f"Strona 1 z {pages}" in text
    sources = text[text.index("Liczby w nawiasach") : text.rindex("O tej ulotce")]  # the references stay in English
    for phrase in ENGLISH_PHRASES:
        assert phrase not in text.replace(sources, ""), phrase
    assert PdfReader(io.BytesIO(polish)).trailer["/Root"]["/Lang"] == "pl"


def test_arabic_pdf_reads_back_in_logical_order_with_arabic_labels_and_no_english(arabic):
    text = text_of(arabic)
    sources = text[text.index("تشير الأرقام") : text.rindex("عن هذه النشرة")]  # the references stay in English
    assert "Treatment of extrapulmonary" in sources
    for words in (
        "الميزوثيرابي علاج يستخدم الكثير من الحقن الصغيرة جدًا",
        "باختصار",
        "ماذا تفعل",
        "تحذير",
        "آثار جانبية أخرى",
        "عن هذه النشرة",
        "اتصل بنا",
        "هذه الترجمة بانتظار المراجعة",
        "0117 496 0000",
        "Harbour Skin Clinic",
    ):
        assert words in text, words
    assert "خلطات مثلية" not in text  # read as "homosexual mixtures"; now the word for homeopathy
    for phrase in ENGLISH_PHRASES:
        assert phrase not in text.replace(sources, ""), phrase
    assert PdfReader(io.BytesIO(arabic)).trailer["/Root"]["/Lang"] == "ar"


def _used_glyphs(pdf: bytes) -> dict[str, list[int]]:
    """For each embedded TrueType subset: the glyph of every code the pages draw with it."""
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(pdf))
    codes: dict[str, set[int]] = {}
    programs: dict[str, TTFont] = {}
    for page in reader.pages:
        fonts = {name: font.get_object() for name, font in page["/Resources"]["/Font"].items()}
        current = None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = fonts[operands[0]]
            elif operator in (b"Tj", b"TJ") and current is not None:
                strings = operands[0] if operator == b"TJ" else [operands[0]]
                name = str(current["/BaseFont"])
                for item in strings:
                    if hasattr(item, "get_original_bytes"):
                        codes.setdefault(name, set()).update(item.get_original_bytes())
                descriptor = current["/FontDescriptor"].get_object()
                if name not in programs:
                    programs[name] = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
    out = {}
    for name, used in codes.items():
        program = programs[name]
        cmap, order = program["cmap"].tables[0].cmap, program.getGlyphOrder()
        out[name] = [order.index(cmap[code]) if code in cmap else 0 for code in sorted(used)]
    return out


def test_every_glyph_of_the_arabic_and_urdu_leaflets_is_in_its_font(arabic):
    for pdf, family in ((arabic, "NotoSansArabic"), (leaflet.build_files(UR, HARBOUR), "NotoNastaliqUrdu")):
        glyphs = _used_glyphs(pdf)
        assert any(family in name for name in glyphs)
        for name, used in glyphs.items():
            assert 0 not in used, f"{name} prints .notdef"


BENGALI = """\
title: মেসোথেরাপি
language: bn
published: 2026-11-25
review_by: 2027-11-25
summary:
  - ত্বকের ঠিক নিচে ভিটামিনের মিশ্রণের শত শত ছোট ইনজেকশন
sections:
  - heading: ঝুঁকি
    text: আপনার ব্যথা, কালশিটে, লালভাব ও ফোলা হতে পারে। সংক্রমণ ও অ্যালার্জি গুরুতর হতে পারে। ক্ষ জ্ঞ ত্র (MHRA) 0117 496 0000।
    risks:
      - text: অ্যালার্জির প্রতিক্রিয়া
        frequency: not known
        serious: true
        action: গলা ফুলে গেলে এখনই 999 নম্বরে ফোন করুন।
"""
GURMUKHI = BENGALI.replace("language: bn", "language: pa").replace("আপনার ব্যথা, কালশিটে", "ਤੁਹਾਨੂੰ ਦਰਦ ਹੋ ਸਕਦਾ ਹੈ। ਪਰ")
# Chinese lines break between any two characters (ReportLab's CJK wrapping), phone numbers too
# (LF602 says so): this one has none.
CHINESE = (
    BENGALI.replace("language: bn", "language: zh-Hans")
    .replace("আপনার ব্যথা, কালশিটে, লালভাব ও ফোলা হতে পারে।", "您可能会出现疼痛、瘀青、发红和肿胀。感染和过敏可能很严重。")
    .replace(" 0117 496 0000।", "。")
)


@pytest.mark.parametrize(
    "language, content, family",
    [("bn", BENGALI, "NotoSansBengali"), ("pa", GURMUKHI, "NotoSansGurmukhi"), ("zh-Hans", CHINESE, "NotoSansSC")],
)
def test_other_scripts_are_set_in_their_noto_family_with_every_glyph(tmp_path, language, content, family):
    path = tmp_path / f"leaflet-{language}.yaml"
    path.write_text(content, encoding="utf-8")
    pdf, report = leaflet.build_with_report(leaflet.load_leaflet(path))
    glyphs = _used_glyphs(pdf)
    assert any(family in name for name in glyphs), list(glyphs)
    for name, used in glyphs.items():
        assert 0 not in used, f"{name} prints .notdef"
    assert not report.notes
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == language


@pytest.mark.parametrize("content", [PL, AR, UR])
@pytest.mark.parametrize("brand", [None, HARBOUR, BRANDS / "northfield-aesthetics.yaml"])
def test_the_layout_report_finds_nothing_in_the_translations(content, brand):
    _, report = leaflet.build_with_report(leaflet.load_leaflet(content), leaflet.load_brand(brand) if brand else None)
    assert report.notes == []


def _positions(pdf: bytes, page: int = 0) -> list[tuple[str, float, float]]:
    """(text, x, y) of every run drawn on a page."""
    found: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((unicodedata.normalize("NFKC", text), cm[4] + tm[4], cm[5] + tm[5]))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return found


def test_right_to_left_pages_are_mirrored(arabic):
    """The footer's contact line and page label change sides (the pictures in the README show the rest)."""
    english = leaflet.build_files(MESO, HARBOUR)
    middle = 595.27 / 2

    def footer(pdf):
        return [(text, x) for text, x, y in _positions(pdf) if y < 80]

    assert all(x < middle for text, x in footer(english) if "Harbour" in text)
    assert any(x > middle for text, x in footer(english) if "Page 1 of" in text)
    assert all(x > middle for text, x in footer(arabic) if "Harbour" in text)
    assert any(x < middle for text, x in footer(arabic) if "صفحة" in text)


def test_html_companion_says_its_language_and_direction():
    from leaflet.html import render_html

    page = render_html(leaflet.load_leaflet(AR), leaflet.load_brand(HARBOUR))
    assert '<html lang="ar" dir="rtl">' in page and "باختصار" in page and "At a glance" not in page
    assert '<html lang="pl" dir="ltr">' in render_html(leaflet.load_leaflet(PL))


def test_every_catalogue_translates_every_phrase_with_the_same_placeholders():
    assert set(catalogues.folders()) >= {"en", "pl", "ro", "pt", "es", "ar", "ur", "bn", "pa_Guru", "zh_Hans"}
    for folder in catalogues.folders():
        table = catalogues.compiled(folder)._catalog
        for msgid in phrases.msgids():
            assert table.get(msgid), (folder, msgid)
            assert re.findall(r"\{\w+\}", msgid) == re.findall(r"\{\w+\}", table[msgid]) or sorted(
                re.findall(r"\{\w+\}", msgid)
            ) == sorted(re.findall(r"\{\w+\}", table[msgid])), (folder, msgid)


def _without_tool_version(pot: bytes) -> bytes:
    """A template without Babel's "Generated-By" header line, which names the installed version."""
    return b"\n".join(line for line in pot.split(b"\n") if not line.startswith(b'"Generated-By:'))


def test_the_committed_template_is_the_phrases_of_the_code():
    committed = (catalogues.LOCALE_DIR / "leaflet.pot").read_bytes()
    assert _without_tool_version(committed) == _without_tool_version(catalogues.template())
    assert b"msgid" in committed and committed.count(b"msgid") > 50


@pytest.mark.parametrize(
    "tag, folder",
    [
        ("pl-PL", "pl"),
        ("pt-BR", "pt"),
        ("zh", "zh_Hans"),
        ("zh-CN", "zh_Hans"),
        ("pa", "pa_Guru"),
        ("pa-Arab", None),
        ("zh-TW", None),
        ("so", None),
    ],
)
def test_a_language_tag_finds_its_catalogue_by_language_and_script(tag, folder):
    assert catalogues.folder_for(tag) == folder


def _check(cli, path) -> str:
    cli("check", path)
    return cli.out


def test_a_language_without_a_catalogue_is_a_finding_not_silent_english(cli, tmp_path):
    path = tmp_path / "somali.yaml"
    path.write_text(MESO.read_text(encoding="utf-8").replace("language: en-GB", "language: so"), encoding="utf-8")
    out = _check(cli, path)
    assert re.search(r"somali\.yaml:\d+:\d+: LF701 warning: there is no catalogue for the language 'so'", out)


def test_a_phrase_missing_from_a_catalogue_is_a_finding(cli, tmp_path, monkeypatch):
    with catalogue_without(monkeypatch, tmp_path, "pl", "W skrócie"):
        out = _check(cli, PL)
        assert "LF702 warning: the 'pl' catalogue has no translation of 1 of the leaflet's own phrases" in out
        assert '"At a glance"' in out


def _translation_pair(tmp_path: Path, source_edit=lambda s: s, translation_edit=lambda s: s) -> Path:
    shutil.copy(MESO, tmp_path / "mesotherapy-rejuvenation.yaml")
    (tmp_path / "mesotherapy-rejuvenation.yaml").write_text(
        source_edit(MESO.read_text(encoding="utf-8")), encoding="utf-8"
    )
    path = tmp_path / "mesotherapy-rejuvenation-pl.yaml"
    path.write_text(translation_edit(PL.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def test_a_translation_awaiting_review_says_so_and_is_a_note(cli, tmp_path, polish):
    out = _check(cli, _translation_pair(tmp_path))
    assert "LF705 info: this translation has not been reviewed" in out and cli.code == 0
    assert "Przetłumaczono z oryginalnej ulotki, wersja 1.3." in text_of(polish)


def test_a_reviewed_translation_prints_who_reviewed_it(tmp_path):
    path = _translation_pair(
        tmp_path,
        translation_edit=lambda s: s.replace(
            'source_version: "1.3"\n',
            'source_version: "1.3"\n'
            "translation_review: {name: Dr A. Nowak, role: lekarz dermatolog, date: 2026-11-28}\n",
        ),
    )
    text = text_of(leaflet.build_files(path))
    assert "Sprawdzone przez: Dr A. Nowak, lekarz dermatolog, dnia 28 listopada 2026." in text
    assert "czeka na sprawdzenie" not in text


def test_a_stale_translation_is_flagged_at_its_source_version(cli, tmp_path):
    path = _translation_pair(tmp_path, source_edit=lambda s: s.replace('version: "1.3"', 'version: "1.4"'))
    out = _check(cli, path)
    line = next(
        n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if row.startswith("source_version")
    )
    assert re.search(
        rf":{line}:\d+: LF703 warning: the source is now version 1.4, but this translation was made "
        r"from version 1.3: it is stale",
        out,
    )


def test_a_translation_whose_structure_differs_is_flagged(cli, tmp_path):
    def drop_a_risk(text: str) -> str:
        start = text.index("      - text: Siniaki")
        end = text.index("      - text: Zaczerwienienie")
        return text[:start] + text[end:]

    def rename_a_price(text: str) -> str:
        return text.replace("id: course", "id: full_course").replace("{{ prices.course }}", "{{ prices.full_course }}")

    out = _check(cli, _translation_pair(tmp_path, translation_edit=lambda s: rename_a_price(drop_a_risk(s))))
    assert "LF704 warning: the risks of section 8 differ from the source's" in out
    assert "LF704 warning: the price ids of section 11 are ['session', 'full_course']" in out


def test_a_translation_of_a_file_that_is_not_there_is_an_error(cli, tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(
        PL.read_text(encoding="utf-8").replace(
            "translation_of: mesotherapy-rejuvenation.yaml", "translation_of: ../elsewhere.yaml"
        ),
        encoding="utf-8",
    )
    out = _check(cli, path)
    assert "LF706 error: the source '../elsewhere.yaml' cannot be read" in out and cli.code == 1


def test_translation_of_needs_source_version(cli, tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(PL.read_text(encoding="utf-8").replace('source_version: "1.3"\n', ""), encoding="utf-8")
    cli("check", path)
    assert cli.code == 1 and "'translation_of' needs 'source_version' too" in cli.err


def test_batch_builds_every_language_and_names_carry_it(tmp_path):
    romanian = tmp_path / "leaflet.yaml"
    romanian.write_text(MESO.read_text(encoding="utf-8").replace("language: en-GB", "language: ro"), encoding="utf-8")
    jobs = batch.plan(batch.expand([ROOT / "content", romanian], "content"), [HARBOUR], ["a4"], tmp_path / "out")
    keys = sorted(job.key for job in jobs)
    assert keys == [
        "harbour-skin/leaflet-ro-a4.pdf",
        "harbour-skin/mesotherapy-rejuvenation-a4.pdf",
        "harbour-skin/mesotherapy-rejuvenation-ar-a4.pdf",
        "harbour-skin/mesotherapy-rejuvenation-pl-a4.pdf",
        "harbour-skin/mesotherapy-rejuvenation-ur-a4.pdf",
    ]


def test_build_names_a_leaflet_in_another_language_after_it(cli, tmp_path):
    romanian = tmp_path / "leaflet.yaml"
    romanian.write_text(MESO.read_text(encoding="utf-8").replace("language: en-GB", "language: ro"), encoding="utf-8")
    cli("build", romanian)
    assert cli.code == 0 and (cli.folder / "output" / "leaflet-ro.pdf").is_file()
    assert "Pe scurt" in text_of((cli.folder / "output" / "leaflet-ro.pdf").read_bytes())


def test_readability_in_other_languages_is_sentence_length_only(cli, tmp_path):
    path = tmp_path / "long.yaml"
    long_sentence = " ".join(["słowo"] * 30) + "."
    path.write_text(
        PL.read_text(encoding="utf-8")
        .replace("Nie ma jednego przepisu.", long_sentence)
        .replace("translation_of: mesotherapy-rejuvenation.yaml\n", "")
        .replace('source_version: "1.3"\n', ""),
        encoding="utf-8",
    )
    out = _check(cli, path)
    assert "LF203 warning: this sentence has 30 words" in out
    assert "Flesch Reading Ease is an English formula" in out and not re.search(r"LF20[1245]", out)


def test_same_inputs_same_bytes_in_arabic(arabic):
    assert leaflet.build_files(AR, HARBOUR) == arabic


def test_a_currency_symbol_keeps_its_written_order_in_right_to_left_text():
    """Arabic writes pounds 'UK£'; the bidirectional algorithm alone set it '£UK' (the '£' at the
    end is neutral and takes the paragraph's right-to-left direction)."""
    from bidi.algorithm import get_display

    from leaflet.text.money import money, price_text

    for text in (money(190, "GBP", "ar"), price_text([1100, 1700], "GBP", "ar", "إلى")):
        shown = get_display(text, base_dir="R")
        assert "UK£" in shown and "£UK" not in shown, shown
    assert money(190, "GBP", "en_GB") == "£190"
