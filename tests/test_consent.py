"""`leaflet consent`: the consent form made from the leaflet's own content, filled in, and read back."""

from __future__ import annotations

import io
import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

import leaflet
from leaflet.consent import consent_pdf
from leaflet.consent.form import uncited

from conftest import BRANDS, FORMAT, MESO, ROOT, catalogue_without, pdf_fonts

PL = ROOT / "content" / "mesotherapy-rejuvenation-pl.yaml"
AR = ROOT / "content" / "mesotherapy-rejuvenation-ar.yaml"
HARBOUR = BRANDS / "harbour-skin.yaml"
LANGUAGES = {"en": MESO, "pl": PL, "ar": AR}
FIXED = {
    "leaflet_reference",
    "leaflet_version",
    "leaflet_title",
    "leaflet_language",
    "leaflet_published",
    "leaflet_given_date",
    "choice_1_discussed",
    "choice_none_discussed",
    "clinic_products",
    "clinic_treated_by",
    "patient_signature",
    "patient_name",
    "patient_date",
    "practitioner_signature",
    "practitioner_name",
    "practitioner_date",
    "withdrawn_signature",
    "withdrawn_date",
}


def text_of(pdf) -> str:
    reader = PdfReader(pdf if isinstance(pdf, (str, Path)) else io.BytesIO(pdf))
    raw = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(unicodedata.normalize("NFKC", raw).split())


def risks_of(path: Path) -> list[tuple[str, bool]]:
    """Every risk of the leaflet as printed (without its citations), serious ones first."""
    prepared = leaflet.prepare(leaflet.load_leaflet(path), leaflet.load_brand(HARBOUR))
    risks = [r for s in prepared.leaflet.sections for r in s.risks or []]
    ordered = [r for r in risks if r.serious] + [r for r in risks if not r.serious]
    return [(uncited(r.text, prepared.words.CLINIC_ADVICE), r.serious) for r in ordered]


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> dict[str, Path]:
    """The form of the mesotherapy leaflet in English, Polish and Arabic, made by the command."""
    from leaflet.cli import main

    folder = tmp_path_factory.mktemp("forms")
    out = {}
    for language, content in LANGUAGES.items():
        out[language] = folder / f"{language}.pdf"
        assert main(["consent", str(content), "--brand", str(HARBOUR), "-o", str(out[language])]) == 0
    return out


def widgets(path: Path) -> dict[str, tuple[int, list[float], dict]]:
    """Every field's widget: its page, its box, the annotation."""
    found = {}
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            name = annot.get("/T") or annot.get("/Parent", {}).get("/T")
            found.setdefault(f"{name}", (page.page_number, [float(v) for v in annot["/Rect"]], annot))
    return found


def fill(
    source: Path, target: Path, leave_out: tuple[str, ...] = (), withdrawn: bool = False, ink: bool = False
) -> Path:
    """Fill the form as a tablet app would, with pypdf: every box ticked, names, dates, signatures
    (a signed signature field; or with ``ink``, a mark drawn on the patient's signature box)."""
    reader = PdfReader(source)
    writer = PdfWriter(clone_from=reader)
    names = list(reader.get_fields())
    values = {n: "/Yes" for n in names if n.endswith("_discussed") or n.startswith("declaration_")}
    values.update({n: "/no" for n in names if re.fullmatch(r"question_\d+", n)})
    values.update(
        {
            "patient_name": "Jan Kowalski",
            "patient_date": "2026-12-02",
            "leaflet_given_date": "2026-11-28",
            "practitioner_name": "Dr A. Nowak",
            "practitioner_date": "2026-12-02",
            "risk_1_initials": "AN",
        }
    )
    if withdrawn:
        values["withdrawn_date"] = "2026-12-03"
    for name in leave_out:
        values.pop(name, None)
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    signed = (
        {"patient_signature", "practitioner_signature"} - set(leave_out) - ({"patient_signature"} if ink else set())
    )
    for page in writer.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/T") in signed:
                annot[NameObject("/V")] = DictionaryObject({NameObject("/Type"): NameObject("/Sig")})
            if ink and annot.get("/T") == "patient_signature":
                x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                mark = DictionaryObject(
                    {
                        NameObject("/Type"): NameObject("/Annot"),
                        NameObject("/Subtype"): NameObject("/Ink"),
                        NameObject("/Rect"): ArrayObject(
                            [FloatObject(x0 + 10), FloatObject(y0 + 5), FloatObject(x0 + 120), FloatObject(y1 - 5)]
                        ),
                        NameObject("/InkList"): ArrayObject(
                            [
                                ArrayObject(
                                    [
                                        FloatObject(x0 + 10),
                                        FloatObject(y0 + 5),
                                        FloatObject(x0 + 120),
                                        FloatObject(y1 - 5),
                                    ]
                                )
                            ]
                        ),
                    }
                )
                page[NameObject("/Annots")].append(writer._add_object(mark))
    with open(target, "wb") as handle:
        writer.write(handle)
    return target


# ---------------------------------------------------------------- the form


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_form_names_the_leaflet_and_lists_every_risk_in_its_own_words(forms, language):
    reader = PdfReader(forms[language])
    fields = reader.get_fields()
    assert fields["leaflet_reference"]["/V"] == "LF-MESO-001" and fields["leaflet_version"]["/V"] == "1.3"
    assert fields["leaflet_language"]["/V"] == {"en": "en-GB"}.get(language, language)
    risks = risks_of(LANGUAGES[language])
    assert len(risks) == 14 and all(serious for _, serious in risks[:4])  # serious ones first
    for n, (text, _) in enumerate(risks, 1):
        assert fields[f"risk_{n}_discussed"]["/TU"] == text  # the words the tick stands for
        assert f"risk_{n}_initials" in fields
    questions = {f"question_{n}" for n in range(1, 7)}
    declarations = {f"declaration_{n}" for n in range(1, 5)}
    expected = (
        FIXED
        | questions
        | declarations
        | {f"risk_{n}_{part}" for n in range(1, 15) for part in ("discussed", "initials")}
    )
    if language != "en":
        expected |= {"leaflet_source_version", "leaflet_source_now"}
    assert set(fields) == expected
    assert fields["patient_signature"]["/FT"] == "/Sig" and fields["risk_1_discussed"]["/FT"] == "/Btn"
    assert reader.trailer["/Root"]["/Lang"] == {"en": "en-GB"}.get(language, language)
    assert all(pdf_fonts(forms[language]).values())  # the page text's fonts are all embedded


def test_the_english_form_reads_as_the_leaflet_says_it(forms):
    text = text_of(forms["en"])
    for words in (
        "Consent form",
        "Mesotherapy for skin rejuvenation",
        "Harbour Skin Clinic",
        "I have been given leaflet LF-MESO-001 version 1.3, published on 7 December 2026.",
        "Risks we talked about",
        "Serious: A severe allergic reaction. It can start within minutes.",
        "No change in your skin at all",
        "No treatment at all",
        "Skin creams with vitamin C",
        "You do not have to decide on the day.",
        "Are you pregnant, trying to get pregnant",
        "I agree to have this treatment.",
        "If you change your mind",
        "Page 1 of",
    ):
        assert words in text, words
    assert "[1]" not in text and "clinic advice" not in text  # no citations: the form has no sources list
    for text_, _ in risks_of(MESO):
        assert " ".join(text_.split()[:8]) in text


def test_the_polish_form_is_in_polish_with_no_english_labels(forms):
    text = text_of(forms["pl"])
    for words in (
        "Formularz zgody",
        "Otrzymałem/otrzymałam ulotkę LF-MESO-001 w wersji 1.3",
        "Ryzyka, o których rozmawialiśmy",
        "Brak jakiegokolwiek zabiegu",
        "Czy masz mniej niż 18 lat?",
        "Ulotka i ten formularz są tłumaczeniem wersji 1.3 oryginalnej ulotki.",
        "Podpis",
        "Siniaki",
    ):
        assert words in text, words
    for english in ("Consent form", "Risks we talked about", "Signature", "Talked about", "No treatment"):
        assert english not in text, english


def test_the_arabic_form_puts_the_tick_boxes_on_the_right(forms):
    width = float(PdfReader(forms["ar"]).pages[0].mediabox.width)
    arabic, english = widgets(forms["ar"]), widgets(forms["en"])
    for name in ("risk_1_discussed", "risk_3_discussed", "choice_none_discussed", "declaration_4"):
        assert arabic[name][1][0] > width / 2 > english[name][1][2], name
    assert arabic["risk_1_initials"][1][2] < width / 2 < english["risk_1_initials"][1][0]
    assert PdfReader(forms["ar"]).trailer["/Root"]["/ViewerPreferences"]["/Direction"] == "/R2L"
    text = text_of(forms["ar"])
    assert "نموذج الموافقة" in text and "المخاطر التي تحدثنا عنها" in text and "LF-MESO-001" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_form_is_tagged_like_the_leaflet_each_field_a_form_element_holding_its_widget(forms, language, tmp_path):
    """PDF/UA-1 as the leaflet has it: the structure a screen reader follows (headings, the risks
    as a table under column headers, the lines to tick as lists), every visible field a Form
    element holding its widget (/OBJR, /StructParent) and named in plain words (/TU), the boxes to
    write in and the page furniture artifacts, and the document's language, title and tab order."""
    from pdfua import validate
    from test_accessible_pdf import DC, PDFUAID
    from test_tagging import _number_tree, check_common, outline, read_back

    data = forms[language].read_bytes()
    source = leaflet.load_leaflet(LANGUAGES[language])
    words = leaflet.prepare(source, leaflet.load_brand(HARBOUR)).words
    tagged = read_back(data)
    check_common(tagged, words)
    pdf = tagged.pdf
    headings = outline(tagged)
    assert headings[0] == (1, words.CONSENT_TITLE) or language == "ar"  # Arabic reads back by its letters
    assert [level for level, _ in headings].count(2) == len([s for s in tagged.root.kids if s.role == "Sect"]) >= 5
    # Each visible widget is in the Form element its /StructParent names, and only there.
    parents = dict(_number_tree(pdf.Root.StructTreeRoot.ParentTree))
    forms_in_tree = [n for n in tagged.root.walk() if n.role == "Form"]
    visible = []
    for page in pdf.pages:
        # tab through a page's fields in reading order (right to left too, not by their boxes)
        assert page.obj.get("/Tabs") == ("/S" if page.obj.get("/Annots") else None)
        for annot in page.obj.get("/Annots", []):
            if int(annot.get("/F", 0)) & 2:  # hidden: what the form was made from, for clinic systems
                assert "/StructParent" not in annot
                continue
            visible.append(annot)
            element = parents[int(annot.StructParent)]
            assert element.S == "/Form" and [k.Obj.objgen for k in element.K] == [annot.objgen]
            named = annot.get("/TU") or annot.Parent.TU  # a radio button's words are its group's
            assert str(named).strip() and "_" not in str(named)
    assert len(visible) == len(forms_in_tree) == sum(n.links for n in forms_in_tree)
    fields = {str(a.get("/T") or a.Parent.T) for a in visible}
    assert {"risk_1_discussed", "risk_1_initials", "patient_signature", "withdrawn_date"} <= fields
    # The risks: a table, one row per risk under a header row of three columns, whatever pages it
    # runs over; the choices and declarations: lists whose labels are tick boxes.
    risks = risks_of(LANGUAGES[language])
    (table,) = tagged.root.find("Table")
    head, body = table.kids
    assert len(head.kids) == 1 and len(head.kids[0].kids) == 3 and len(body.kids) == len(risks)
    for row, (text, _) in zip(body.kids, risks, strict=True):
        tick, words_cell, initials = row.kids
        assert [k.role for k in tick.kids] == ["Form"] and [k.role for k in initials.kids] == ["Form"]
        if language != "ar":
            assert squashed(text) in squashed(tagged.text(words_cell))
    lists = tagged.root.find("L")
    assert len(lists) >= 2 and all(item.kids[0].kids[0].role == "Form" for lst in lists for item in lst.kids)
    # What the leaflet's metadata says, the form says too.
    xmp = pdf.open_metadata()
    assert xmp[f"{{{PDFUAID}}}part"] == "1" and xmp[f"{{{DC}}}language"] == {source.language}
    assert pdf.Root.Lang == source.language and pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert str(pdf.docinfo["/Title"]) == f"{words.CONSENT_TITLE}: {source.title}" == xmp[f"{{{DC}}}title"]
    report = validate(str(forms[language]))
    assert [(f.rule_id, f.severity.name, f.message) for f in report.findings] == [] and report.exit_code == 0


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("language, fmt", [("en", "letter"), ("ar", "letter"), ("ar", "a4"), ("pl", "letter")])
def test_page_one_leaves_no_hole_before_the_risks(language, fmt):
    """The risks' heading and lead-in start on page 1 where they fit, the table under them or at
    the top of page 2; keeping all three together left a fifth of page 1 empty."""
    prepared = leaflet.prepare(leaflet.load_leaflet(LANGUAGES[language]), leaflet.load_brand(HARBOUR))
    pdf = PdfReader(io.BytesIO(consent_pdf(prepared=prepared, options=leaflet.BuildOptions(format=fmt))))
    first = " ".join(unicodedata.normalize("NFKC", pdf.pages[0].extract_text()).split())
    assert prepared.words.CONSENT_RISKS in first


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("options", [{}, {"format": "letter"}, {"large_print": True}], ids=["a4", "letter", "large"])
def test_every_page_has_something_to_fill_in_none_is_blank_and_short_lists_stay_whole(language, options):
    """A signature block kept whole moves on without its trailing space (it fitted but for that
    space), and that space never makes a page of its own; the other choices and the declarations
    are each read on one page."""
    pdf = PdfReader(
        io.BytesIO(
            consent_pdf(
                leaflet.load_leaflet(LANGUAGES[language]), leaflet.load_brand(HARBOUR), leaflet.BuildOptions(**options)
            )
        )
    )
    assert all(page.get("/Annots") for page in pdf.pages)
    pages: dict[str, set[int]] = {}
    for page in pdf.pages:
        for annot in page["/Annots"]:
            name = str(annot.get_object().get("/T", ""))
            for group in ("choice_", "declaration_"):
                if name.startswith(group):
                    pages.setdefault(group, set()).add(page.page_number)
    assert [len(found) for found in pages.values()] == [1, 1]


def test_the_same_inputs_give_the_same_bytes_and_letter_and_large_print_differ():
    lf, brand = leaflet.load_leaflet(MESO), leaflet.load_brand(HARBOUR)
    first = consent_pdf(lf, brand)
    assert first == consent_pdf(leaflet.load_leaflet(MESO), leaflet.load_brand(HARBOUR))
    letter = PdfReader(io.BytesIO(consent_pdf(lf, brand, leaflet.BuildOptions(format="letter"))))
    assert [round(float(v)) for v in letter.pages[0].mediabox[2:]] == [612, 792]
    large = PdfReader(io.BytesIO(consent_pdf(lf, brand, leaflet.BuildOptions(large_print=True))))
    assert len(large.pages) > len(PdfReader(io.BytesIO(first)).pages)
    assert set(large.get_fields()) == set(PdfReader(io.BytesIO(first)).get_fields())


def test_the_format_example_without_a_consent_block_still_makes_a_form(cli):
    cli("consent", FORMAT / "content-example.yaml", "--brand", FORMAT / "brand-example.yaml")
    assert cli.code == 0, cli.err
    assert cli.out.strip() == "output/content-example-harbour-skin-clinic-consent.pdf"
    out = cli.folder / cli.out.strip()
    fields = PdfReader(out).get_fields()
    assert fields["leaflet_reference"]["/V"] == "EX-001" and "choice_none_discussed" in fields
    assert "LF802 warning: the consent form names no other choices" in cli.err
    assert "LF803 warning: the consent form does not say how long" in cli.err


# ---------------------------------------------------------------- filled in and read back


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_filled_form_reads_back_complete_with_every_risk_ticked(forms, language, cli, tmp_path):
    filled = fill(forms[language], tmp_path / "filled.pdf")
    cli("consent", "--read", filled, "--json")
    assert cli.code == 0, cli.out + cli.err
    data = json.loads(cli.out)
    assert (data["reference"], data["version"], data["complete"], data["missing"]) == ("LF-MESO-001", "1.3", True, [])
    assert [r["text"] for r in data["risks"]] == [text for text, _ in risks_of(LANGUAGES[language])]
    assert all(r["ticked"] for r in data["risks"]) and data["risks"][0]["initials"] == "AN"
    assert data["patient"] == {"signed": True, "name": "Jan Kowalski", "date": "2026-12-02"}
    assert [q["answer"] for q in data["questions"]] == ["no"] * 6
    cli("consent", "--read", filled)
    assert cli.code == 0 and "risks talked about: 14 of 14" in cli.out and "complete: signed, dated" in cli.out
    assert "consent form for leaflet LF-MESO-001 version 1.3" in cli.out


def test_a_missing_tick_or_signature_is_named_and_exits_1(forms, cli, tmp_path):
    filled = fill(
        forms["en"],
        tmp_path / "filled.pdf",
        leave_out=("risk_6_discussed", "practitioner_signature", "patient_date", "question_2"),
    )
    cli("consent", "--read", filled)
    assert cli.code == 1
    assert "risks talked about: 13 of 14" in cli.out and "[ ] Bruising\n" in cli.out
    for missing in (
        "risk 6 not ticked as talked about: Bruising",
        "the practitioner's signature",
        "the patient's date",
        "question not answered: Do you take medicine that thins your blood?",
    ):
        assert missing in cli.out, missing
    cli("consent", "--read", filled, "--json")
    assert cli.code == 1 and len(json.loads(cli.out)["missing"]) == 4


def test_a_signature_drawn_on_the_box_counts_and_withdrawn_consent_is_not_in_force(forms, cli, tmp_path):
    cli("consent", "--read", fill(forms["en"], tmp_path / "ink.pdf", ink=True), "--json")
    assert cli.code == 0 and json.loads(cli.out)["patient"]["signed"] is True
    cli("consent", "--read", fill(forms["en"], tmp_path / "withdrawn.pdf", withdrawn=True))
    assert cli.code == 1 and "CONSENT WITHDRAWN on 2026-12-03" in cli.out
    cli("consent", "--read", forms["en"])  # as printed: nothing filled in
    assert cli.code == 1 and "the patient's signature" in cli.out and "risks talked about: 0 of 14" in cli.out


def test_reading_what_is_no_consent_form_says_so(cli, tmp_path):
    leaflet_pdf = tmp_path / "leaflet.pdf"
    leaflet_pdf.write_bytes(leaflet.build_files(MESO))
    cli("consent", "--read", leaflet_pdf)
    assert cli.code == 1 and "is not a consent form made by `leaflet consent`" in cli.err and cli.out == ""
    (tmp_path / "notes.pdf").write_text("not a pdf")
    cli("consent", "--read", tmp_path / "notes.pdf")
    assert cli.code == 1 and "cannot be read as a PDF" in cli.err and "Traceback" not in cli.err
    whole = consent_pdf(leaflet.load_leaflet(MESO))
    for cut in (0.2, 0.5, 0.9):  # a form cut short in transfer
        (tmp_path / "cut.pdf").write_bytes(whole[: int(len(whole) * cut)])
        cli("consent", "--read", tmp_path / "cut.pdf")
        assert cli.code == 1 and "internal error" not in cli.err and "Traceback" not in cli.err, cli.err
    cli("consent", "--read", tmp_path / "missing.pdf")
    assert cli.code == 1 and "does not exist" in cli.err
    cli("consent", MESO, "--read", leaflet_pdf)
    assert cli.code == 2
    cli("consent")
    assert cli.code == 2 and "give the content file" in cli.err


def every_font(path: Path) -> dict[str, bool]:
    """Every font anywhere in the file (pages, fields' appearances, the form's /DR), and whether it
    is embedded: what `pdffonts` checks, and more."""
    reader = PdfReader(path)
    fonts: dict[str, bool] = {}
    seen: set[int] = set()
    todo = [reader.trailer["/Root"]]
    while todo:
        item = todo.pop()
        if hasattr(item, "idnum"):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            if item.get("/Type") == "/Font" and item.get("/Subtype") != "/Type0":
                descriptor = item.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor is not None else {}
                fonts[str(item.get("/BaseFont"))] = any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                )
            todo += [v for k, v in item.items() if k not in ("/Parent", "/P")]
        elif isinstance(item, ArrayObject):
            todo += list(item)
    return fonts


@pytest.mark.parametrize("language, name", [("ar", "أحمد الخطيب"), ("en", "Jan Kowalski")])
def test_a_name_typed_in_the_forms_language_has_glyphs_and_starts_where_its_script_does(
    forms, language, name, tmp_path
):
    """Filled with pypdf (which makes the fields' appearances from their /DA fonts): the name
    field's font is embedded and has every letter of a name in the form's language, so what is
    typed prints (Arabic into a Latin face printed nothing); right to left it starts at the right
    (/Q 2), and it prints there."""
    from fontTools.ttLib import TTFont

    reader = PdfReader(forms[language])
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        writer.update_page_form_field_values(page, {"patient_name": name, "patient_date": "2026-12-02"})
    writer.set_need_appearances_writer(True)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    page, box, field = widgets(filled)["patient_name"]
    assert int(field.get("/Q", 0)) == (2 if language == "ar" else 0)
    key = str(field["/DA"]).split()[0]
    font = reader.trailer["/Root"]["/AcroForm"]["/DR"]["/Font"][key].get_object()
    program = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]["/FontFile2"].get_data()
    cmap = TTFont(io.BytesIO(program)).getBestCmap()
    assert all(ord(ch) in cmap for ch in name + "0123456789-" if not ch.isspace())
    if shutil.which("pdftoppm") is None:
        return
    import subprocess

    from PIL import Image

    subprocess.run(
        ["pdftoppm", "-r", "72", "-png", "-f", str(page + 1), "-l", str(page + 1), str(filled), str(tmp_path / "p")],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    image = Image.open(png).convert("L")
    height = image.height
    x0, y0, x1, y1 = box
    inked = [
        x
        for x in range(round(x0), round(x1))
        for y in range(round(height - y1) + 2, round(height - y0) - 3)  # above the line to write on
        if image.getpixel((x, y)) < 128
    ]
    assert inked, "the name prints"
    middle = (x0 + x1) / 2
    assert (min(inked) > middle) if language == "ar" else (max(inked) < middle)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_font_of_the_form_and_of_its_filled_fields_is_embedded(forms, language, tmp_path):
    filled = fill(forms[language], tmp_path / "filled.pdf")
    for path in (forms[language], filled):
        fonts = every_font(path)
        assert fonts and all(fonts.values()), fonts
        assert not any(name in font for font in fonts for name in ("Helvetica", "ZapfDingbats")), fonts
        if shutil.which("pdffonts"):
            import subprocess

            listed = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
            rows = listed.splitlines()[2:]
            assert rows and all(row.split()[-5] == "yes" for row in rows), listed
    found = widgets(filled)
    name_field = found["patient_name"][2]
    font = name_field["/AP"]["/N"]["/Resources"]["/Font"]
    assert [f.get_object()["/Subtype"] for f in font.values()] == ["/Type0"]  # the form's own face, whole
    tick = found["risk_1_discussed"][2]
    assert tick["/AS"] == "/Yes" and "/DA" not in tick and "/MK" not in tick  # a drawn tick, no font


def test_the_clinic_lines_come_filled_in_from_the_brand_and_stay_editable(forms, cli, tmp_path):
    fields = PdfReader(forms["pl"]).get_fields()
    brand = leaflet.load_brand(HARBOUR)
    assert fields["clinic_products"]["/V"] == brand.products.strip()
    assert fields["clinic_treated_by"]["/V"] == "Dr Sam Example, doctor\nAlex Example, nurse prescriber"
    for name in ("clinic_products", "clinic_treated_by"):
        assert not int(fields[name].get("/Ff", 0)) & 1  # not read-only
        shown = widgets(forms["pl"])[name][2]["/AP"]["/N"].get_data()
        assert shown.count(b"Tj") == 2  # drawn on two lines, so the printed form shows it too
    cli("consent", "--read", forms["en"], "--json")
    data = json.loads(cli.out)
    assert data["products"] == brand.products.strip() and data["treated_by"].startswith("Dr Sam Example, doctor")
    reader = PdfReader(forms["en"])
    writer = PdfWriter(clone_from=reader)
    writer.update_page_form_field_values(None, {"clinic_treated_by": "Alex Example"}, auto_regenerate=False)
    writer.write(tmp_path / "changed.pdf")
    cli("consent", "--read", tmp_path / "changed.pdf", "--json")
    assert json.loads(cli.out)["treated_by"] == "Alex Example"
    plain = PdfReader(io.BytesIO(consent_pdf(leaflet.load_leaflet(MESO)))).get_fields()
    assert (plain["clinic_products"].get("/V"), plain["clinic_treated_by"].get("/V")) == ("", "")


@pytest.mark.parametrize(
    "options",
    [
        dict(format="letter", large_print=True),
        dict(format="a4"),
        dict(format="a4", large_print=True),
        dict(format="letter"),
    ],
    ids=["letter-large", "a4", "a4-large", "letter"],
)
@pytest.mark.parametrize("language", ["en", "pl"])
def test_every_risk_starts_on_the_page_of_its_tick_box_and_only_a_long_one_runs_on(options, language):
    """Page 1 (and each page) is filled with risks: a long risk that does not fit runs on between its
    lines, at least three lines with its box and initials, at least two after; short ones move whole.
    On every page: the parts ReportLab splits a table into know their risks too."""
    content = LANGUAGES[language]
    pdf = consent_pdf(leaflet.load_leaflet(content), leaflet.load_brand(HARBOUR), leaflet.BuildOptions(**options))
    reader = PdfReader(io.BytesIO(pdf))
    pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    boxes = {}
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            boxes[str(annot.get("/T"))] = page.page_number
    split = []
    for n, (text, _) in enumerate(risks_of(content), 1):
        words = text.split()
        page = boxes[f"risk_{n}_discussed"]
        assert boxes[f"risk_{n}_initials"] == page
        assert " ".join(words[:4]) in pages[page], (n, page)
        if " ".join(words[-3:]) not in pages[page]:
            split.append(n)
            assert len(words) > 30 and " ".join(words[-3:]) in pages[page + 1]
    if options == dict(format="letter", large_print=True):
        # English: the slow infection, ten lines: three on page 2, the rest on page 3. Polish: death
        # of the skin at the foot of page 3, an allergic reaction at the foot of page 4
        assert split == {"en": [3], "pl": [4, 10]}[language]
    assert pdf == consent_pdf(
        leaflet.load_leaflet(content), leaflet.load_brand(HARBOUR), leaflet.BuildOptions(**options)
    )


# ---------------------------------------------------------------- translations


def test_a_form_from_a_translation_whose_source_moved_on_says_which_version_it_is(cli, tmp_path):
    (tmp_path / MESO.name).write_text(
        MESO.read_text(encoding="utf-8").replace('version: "1.3"', 'version: "1.4"'), encoding="utf-8"
    )
    shutil.copy(PL, tmp_path / PL.name)
    cli("consent", tmp_path / PL.name, "--brand", HARBOUR, "-o", tmp_path / "form.pdf")
    assert cli.code == 0 and "LF703 warning: the source is now version 1.4" in cli.err
    text = text_of(tmp_path / "form.pdf")
    assert "tłumaczeniem wersji 1.3 oryginalnej ulotki" in text
    assert "Oryginalna ulotka ma teraz wersję 1.4. Zapytaj, co się zmieniło od wersji 1.3." in text
    fields = PdfReader(tmp_path / "form.pdf").get_fields()
    assert (fields["leaflet_source_version"]["/V"], fields["leaflet_source_now"]["/V"]) == ("1.3", "1.4")
    cli("consent", "--read", fill(tmp_path / "form.pdf", tmp_path / "filled.pdf"))
    assert "a translation of version 1.3 of the original; the original was version 1.4" in cli.out


# ---------------------------------------------------------------- the consent block and the lint


def test_a_consent_block_adds_declarations_questions_and_risks(tmp_path):
    path = tmp_path / "meso.yaml"
    path.write_text(
        MESO.read_text(encoding="utf-8")
        + """\
  declarations:
    - I agree to photos of my face for my records only.
  risks:
    - text: Your skin may look uneven for a few days
      frequency: not known
""",
        encoding="utf-8",
    )
    reader = PdfReader(io.BytesIO(consent_pdf(leaflet.load_leaflet(path), leaflet.load_brand(HARBOUR))))
    fields = reader.get_fields()
    assert fields["risk_15_discussed"]["/TU"] == "Your skin may look uneven for a few days"
    assert fields["declaration_4"]["/TU"] == "I agree to photos of my face for my records only."
    assert fields["declaration_5"]["/TU"] == "I agree to have this treatment."  # the form's own last


def test_a_mistake_in_the_consent_block_is_located(cli, tmp_path):
    path = tmp_path / "meso.yaml"
    text = MESO.read_text(encoding="utf-8").replace("  questions:\n", "  questions: yes\n  question:\n")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  questions: yes") + 1
    cli("consent", path, "-o", tmp_path / "form.pdf")
    assert cli.code == 1 and not (tmp_path / "form.pdf").exists()
    assert re.search(rf"meso\.yaml:{line}:\d+: 'questions' should be a list", cli.err), cli.err
    assert "'question'" in cli.err and "did you mean 'questions'" in cli.err


def test_the_lint_checks_the_leaflet_makes_a_good_form(cli, tmp_path):
    path = tmp_path / "meso.yaml"
    text = MESO.read_text(encoding="utf-8")
    text = (
        text[: text.index("\nconsent:")]
        + """
consent:
  risks:
    - text: Your skin may scar
      frequency: not known
      serious: true
"""
    )
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    cli("check", path)
    assert re.search(
        rf":{lines.index('consent:') + 1}:1: LF802 warning: the consent form names no other choices", cli.out
    ), cli.out
    assert f":{lines.index('consent:') + 1}:1: LF803 warning" in cli.out
    assert re.search(
        rf":{lines.index('    - text: Your skin may scar') + 1}:\d+: LF801 warning: this serious risk "
        "does not say what to do",
        cli.out,
    )
    cli("check", MESO, "--strict")
    assert cli.code == 0 and "LF80" not in cli.out


def test_a_catalogue_missing_form_phrases_is_lf804_not_lf702(cli, tmp_path, monkeypatch):
    with catalogue_without(monkeypatch, tmp_path, "pl", "Formularz zgody"):
        cli("check", PL)
        assert "LF804 warning: the 'pl' catalogue has no translation of 1 of the consent form's phrases" in cli.out
        assert '"Consent form"' in cli.out and "LF702" not in cli.out


# ---------------------------------------------------------------- output and batch


def test_the_default_output_is_named_after_the_leaflet_and_never_overwrites_an_input(cli, tmp_path):
    shutil.copy(PL, tmp_path / PL.name)
    shutil.copy(MESO, tmp_path / MESO.name)
    cli("consent", tmp_path / PL.name, "--brand", HARBOUR)
    assert cli.code == 0 and cli.out.strip() == "output/mesotherapy-rejuvenation-pl-harbour-skin-clinic-consent.pdf"
    before = (tmp_path / PL.name).read_bytes()
    cli("consent", tmp_path / PL.name, "-o", tmp_path / PL.name)
    assert cli.code == 2 and "one of this build's own inputs" in cli.err
    assert (tmp_path / PL.name).read_bytes() == before


def test_batch_makes_the_forms_too(cli, tmp_path):
    cli("batch", MESO, AR, "--brand", HARBOUR, "--consent", "--format", "a4", "letter", "-o", tmp_path / "out")
    assert cli.code == 0, cli.err
    folder = tmp_path / "out" / "harbour-skin"
    made = sorted(p.name for p in folder.glob("*.pdf"))
    assert made == [
        "mesotherapy-rejuvenation-a4-consent.pdf",
        "mesotherapy-rejuvenation-a4.pdf",
        "mesotherapy-rejuvenation-ar-a4-consent.pdf",
        "mesotherapy-rejuvenation-ar-a4.pdf",
        "mesotherapy-rejuvenation-ar-letter-consent.pdf",
        "mesotherapy-rejuvenation-ar-letter.pdf",
        "mesotherapy-rejuvenation-letter-consent.pdf",
        "mesotherapy-rejuvenation-letter.pdf",
    ]
    form = (folder / "mesotherapy-rejuvenation-ar-a4-consent.pdf").read_bytes()
    assert form == consent_pdf(leaflet.load_leaflet(AR), leaflet.load_brand(HARBOUR))
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert "harbour-skin/mesotherapy-rejuvenation-a4-consent.pdf" in json.dumps(manifest)
    cli("batch", MESO, AR, "--brand", HARBOUR, "--consent", "--format", "a4", "letter", "-o", tmp_path / "out")
    assert cli.code == 0 and "8 skipped" in cli.out


def test_a_translation_that_drops_a_question_of_the_form_is_flagged(cli, tmp_path):
    shutil.copy(MESO, tmp_path / MESO.name)
    text = PL.read_text(encoding="utf-8").replace("    - Czy masz mniej niż 18 lat?\n", "")
    (tmp_path / PL.name).write_text(text, encoding="utf-8")
    cli("check", tmp_path / PL.name)
    line = text.splitlines().index("  questions:") + 2  # at the list, which starts on the next line
    assert re.search(rf":{line}:\d+: LF704 warning: the consent form's questions: 5 here, 6 in the source", cli.out)


# ---------------------------------------------------------------- the studio


def test_the_studio_prints_the_consent_form_of_the_chosen_leaflet_and_brand(tmp_path, monkeypatch):
    from starlette.testclient import TestClient

    from leaflet.studio import printing
    from leaflet.studio.app import create_app

    from studio_helpers import csrf_of, workspace

    content, brands = workspace(tmp_path)
    shutil.copy(AR, content)
    sent = {}

    def submit(pdf, printer, copies, options, title):
        sent.update(pdf=pdf, printer=printer, options=options, title=title)
        return "desk-7"

    monkeypatch.setattr(printing, "submit", submit)
    monkeypatch.setattr(printing, "printers", lambda: printing.Printers(True, ("desk",), "desk"))
    local = "http://127.0.0.1:8765"  # a form from the studio's own page says so in its Origin
    with TestClient(create_app(content, brands), base_url=local, headers={"Origin": local}) as client:
        query = {"leaflet": "mesotherapy-rejuvenation-ar", "brand": "harbour-skin", "format": "a5-booklet"}
        page = client.get("/print", params=query)
        assert "Print the leaflet" in page.text and "Print the consent form" in page.text
        done = client.post(
            "/print",
            data={
                **query,
                "csrf": csrf_of(page.text),
                "copies": "1",
                "printer": "desk",
                "document": "consent",
                "confirm_unreviewed": "yes",
            },
        )
    assert done.status_code == 200 and "The consent form: Job" in done.text and "desk-7" in done.text
    assert sent["pdf"] == consent_pdf(
        leaflet.load_leaflet(content / AR.name), leaflet.load_brand(brands / HARBOUR.name)
    )
    assert sent["options"].format == "a4" and printing.job_options(sent["options"])["media"] == "A4"
    assert sent["title"].endswith("(mesotherapy-rejuvenation-ar-harbour-skin-clinic-consent.pdf)")
