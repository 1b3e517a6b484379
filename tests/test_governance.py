"""Honest governance (who signed the leaflet off, and what kind of check it was), the clinic facts a
patient needs, and information rather than advertising: the rules, the release gate and what prints."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from leaflet.lint import RULES, governance, lint
from leaflet.load import load_leaflet

from conftest import BRANDS, FORMAT, MESO, pdf_text

LINT = Path(__file__).parent / "fixtures" / "lint"
SEEDED, SEEDED_BRAND = LINT / "governance.yaml", LINT / "governance-brand.yaml"
CLEAN, CLEAN_BRAND = LINT / "governance-clean.yaml", LINT / "governance-clean-brand.yaml"

# rule -> (file, text on the line where it must be reported)
EXPECTED = {
    "LF108": (SEEDED, "sign_off:"),
    "LF109": (SEEDED, "clinically reviewed"),
    "LF304": (SEEDED, "inject Botox"),
    "LF305": (SEEDED, "MHRA approved"),
    "LF306": (SEEDED_BRAND, "footer:"),
    "LF307": (SEEDED, "Book now"),
    "LF402": (SEEDED, "<b>"),
    "LF505": (SEEDED_BRAND, "name:"),
}
GOVERNANCE_RULES = set(EXPECTED)
NOT_REVIEWED = "Not yet reviewed by a clinician."


def line_of(path: Path, needle: str) -> int:
    hits = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    assert len(hits) == 1, f"{needle!r} should be on exactly one line of {path.name}"
    return hits[0]


def test_every_new_rule_has_a_stable_code_and_a_seed():
    assert GOVERNANCE_RULES <= set(RULES)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_rule_is_reported_at_its_line(cli, code):
    cli("check", SEEDED, "--brand", SEEDED_BRAND)
    assert cli.code == 1  # LF109, LF304 and LF305 are errors
    path, needle = EXPECTED[code]
    pattern = rf"^{re.escape(str(path))}:{line_of(path, needle)}:\d+: {code} {RULES[code].severity}: .+\n    \S"
    assert re.search(pattern, cli.out, re.MULTILINE), cli.out


def test_the_same_leaflet_written_as_information_and_signed_off_triggers_none(cli):
    cli("check", CLEAN, "--brand", CLEAN_BRAND, "--strict", "--release")
    assert cli.code == 0, cli.out
    assert not set(re.findall(r"\b(LF\d{3}) ", cli.out)) & GOVERNANCE_RULES, cli.out


def _meso_copy(tmp_path: Path, kind: str | None = None, extra_text: str | None = None) -> Path:
    data = yaml.safe_load(MESO.read_text(encoding="utf-8"))
    if kind:
        data["sign_off"] = [
            {"name": "Dr A. Example", "role": "consultant dermatologist", "date": dt.date(2026, 11, 25), "kind": kind}
        ]  # not the same object: no YAML alias
    if extra_text:
        data["sections"][0]["text"] += "\n" + extra_text + "\n"
    path = tmp_path / "meso-copy.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_release_refuses_the_samples_and_passes_a_copy_a_clinician_signed(cli, tmp_path):
    for brand in ("harbour-skin.yaml", "northfield-aesthetics.yaml"):
        cli("check", MESO, "--brand", BRANDS / brand, "--release")
        assert cli.code == 1
        sign_off = line_of(MESO, "sign_off:")
        assert re.search(rf"^{re.escape(str(MESO))}:{sign_off}:\d+: LF108 warning: no clinician", cli.out, re.M)
        assert "FAILED (not ready for release" in cli.out
        cli("check", MESO, "--brand", BRANDS / brand, "--strict")  # a draft otherwise clean passes --strict
        assert cli.code == 0, cli.out
    signed = _meso_copy(tmp_path, kind="clinical")
    cli("check", signed, "--release", "--strict")
    assert cli.code == 0, cli.out
    assert "LF108" not in cli.out


def test_an_editorial_sign_off_is_not_a_clinical_one(cli, tmp_path):
    cli("check", _meso_copy(tmp_path, kind="editorial"), "--release")
    assert cli.code == 1 and "LF108" in cli.out


def test_a_copy_that_claims_a_clinical_check_without_one_fails_check(cli, tmp_path):
    claimed = _meso_copy(tmp_path, extra_text="Our doctors have checked this leaflet.")
    cli("check", claimed)
    assert cli.code == 1
    assert re.search(r"meso-copy\.yaml:\d+:\d+: LF109 error: 'doctors have checked this leaflet'", cli.out), cli.out
    cli("check", _meso_copy(tmp_path, kind="clinical", extra_text="Our doctors have checked this leaflet."))
    assert "LF109" not in cli.out  # true once a clinician has signed it off


def test_brand_text_and_the_leaflets_own_words_cannot_claim_a_clinical_check(cli, tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: Glow\nphone: 0117 496 0001\ntagline: Every leaflet clinically checked\n", encoding="utf-8")
    cli("check", MESO, "--brand", brand)
    assert cli.code == 1 and re.search(r"brand\.yaml:3:\d+: LF109 error", cli.out), cli.out
    # The words leaflet prints around the content: the old note said the clinical team "wrote and checked" it.
    old_note = (
        "[clinic advice] marks advice from the clinical team who wrote and checked this leaflet. "
        "It is not from a published source."
    )
    found = list(governance.claimed_checks(load_leaflet(MESO), [], [("leaflet/locale/en/x.po", old_note)]))
    assert [f.code for f in found] == ["LF109"] and found[0].file == "leaflet/locale/en/x.po"
    assert not list(governance.claimed_checks(load_leaflet(MESO), [], [("x", NOT_REVIEWED)]))
    # about a treatment, not the leaflet: no claim of a clinical check
    assert not list(governance.claimed_checks(load_leaflet(MESO), [], [("x", "Unless a doctor has approved it.")]))


def test_build_release_refuses_and_writes_nothing_then_builds_with_the_notice(cli, tmp_path):
    cli("build", MESO, "--release", "-o", tmp_path / "out.pdf")
    assert cli.code == 1 and not (tmp_path / "out.pdf").exists()
    assert "LF108" in cli.err and "needs a clinical sign-off" in cli.err
    cli("build", MESO, "-o", tmp_path / "out.pdf")
    assert cli.code == 0
    from pypdf import PdfReader

    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(tmp_path / "out.pdf").pages]
    assert NOT_REVIEWED in pages[0]  # on the first page
    about = pages[-1][pages[-1].index("About this leaflet") :]
    assert NOT_REVIEWED in about  # and in "About this leaflet"
    signed = _meso_copy(tmp_path, kind="clinical")
    cli("build", signed, "--release", "-o", tmp_path / "signed.pdf")
    assert cli.code == 0, cli.err
    assert NOT_REVIEWED not in pdf_text(tmp_path / "signed.pdf")


def test_old_sign_offs_without_a_kind_still_load_and_the_example_builds(cli, tmp_path):
    assert load_leaflet(MESO).sign_off[0].kind in (None, "editorial")
    cli("build", FORMAT / "content-example.yaml", "--brand", FORMAT / "brand-example.yaml", "-o", tmp_path / "e.pdf")
    assert cli.code == 0 and NOT_REVIEWED in pdf_text(tmp_path / "e.pdf")


def test_a_sign_off_kind_must_be_editorial_or_clinical(cli, tmp_path):
    data = yaml.safe_load(MESO.read_text(encoding="utf-8"))
    data["sign_off"][0]["kind"] = "clinicial"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    cli("check", bad)
    assert cli.code == 1 and "'clinicial' is not a kind — did you mean 'clinical'?" in cli.err, cli.err


FACTS_BRAND = CLEAN_BRAND


@pytest.mark.parametrize(
    "content, args",
    [
        (MESO, ["--format", "a4"]),
        (MESO, ["--format", "letter"]),
        (MESO, ["--format", "a5-booklet"]),
        (MESO, ["--format", "a4", "--large-print"]),
        (MESO, ["--format", "a5-booklet", "--large-print"]),
        # the mesotherapy leaflet is too long for a tri-fold (refused, test_formats.py): the format example fits
        (FORMAT / "content-example.yaml", ["--format", "dl-trifold"]),
    ],
)
def test_the_your_clinic_box_prints_in_every_format(cli, tmp_path, content, args):
    cli("build", content, "--brand", FACTS_BRAND, *args, "-o", tmp_path / "out.pdf")
    assert cli.code == 0, cli.err
    text = pdf_text(tmp_path / "out.pdf")
    for words in (
        "Your clinic",
        "Who treats you:",
        "Dr A. Example, doctor, General Medical Council, number 0000000",
        "When the clinic is closed:",
        "0117 496 0002",
        "Interpreters:",
    ):
        assert words in text, (words, args)


def test_the_your_clinic_box_is_in_the_html_companion_too():
    from leaflet.html import render_html
    from leaflet.load import load_brand

    html = render_html(load_leaflet(MESO), load_brand(FACTS_BRAND))
    assert '<h2 id="your-clinic">Your clinic</h2>' in html and "General Medical Council, number 0000000" in html
    assert NOT_REVIEWED in html


def test_information_leaflets_leave_out_the_booking_code_and_promotional_ones_keep_it(cli, tmp_path):
    cli("build", MESO, "--brand", BRANDS / "harbour-skin.yaml", "-o", tmp_path / "info.pdf", "--html")
    assert cli.code == 0, cli.err
    assert "Scan to book" not in pdf_text(tmp_path / "info.pdf")
    assert "Scan to book" not in (tmp_path / "info.html").read_text(encoding="utf-8")
    assert "£190" in pdf_text(tmp_path / "info.pdf")  # prices stay, as facts
    brand = yaml.safe_load((BRANDS / "harbour-skin.yaml").read_text(encoding="utf-8"))
    brand.update(purpose="promotion")
    del brand["logo"]  # a brand may only use files in its own folder
    promo = tmp_path / "promo.yaml"
    promo.write_text(yaml.safe_dump(brand, allow_unicode=True), encoding="utf-8")
    cli("build", MESO, "--brand", promo, "-o", tmp_path / "promo.pdf")
    assert cli.code == 0, cli.err
    assert "Scan to book, or go to: harbourskin.example/book" in pdf_text(tmp_path / "promo.pdf")


def test_a_prescription_only_medicine_alone_is_information(tmp_path):
    """Naming botulinum toxin is allowed in an information leaflet with no prices, booking or offer."""
    data = {
        "title": "Botulinum toxin for sweating",
        "published": dt.date(2026, 9, 1),
        "review_by": dt.date(2027, 9, 1),
        "sections": [{"heading": "What it is", "text": "Botulinum toxin is an injection into the skin."}],
    }
    path = tmp_path / "pom.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    codes = {f.code for f in lint(load_leaflet(path)).findings}
    assert "LF304" not in codes
    data["sections"].append({"heading": "Cost", "prices": [{"item": "One session", "price": 300}]})
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert "LF304" in {f.code for f in lint(load_leaflet(path)).findings}


def test_the_literal_markup_rule_leaves_ordinary_signs_alone(tmp_path):
    data = {
        "title": "A peel",
        "published": dt.date(2026, 9, 1),
        "review_by": dt.date(2027, 9, 1),
        "sections": [{"heading": "About", "text": "Wait < 2 weeks & keep it clean; R&D; a <b>bold</b> claim."}],
    }
    path = tmp_path / "peel.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    found = [f for f in lint(load_leaflet(path)).findings if f.code == "LF402"]
    assert [f.message.split("'")[1] for f in found] == ["<b>", "</b>"]


def test_release_in_json_output(cli):
    cli("check", MESO, "--release", "--output-format", "json")
    import json

    report = json.loads(cli.out)
    assert cli.code == 1 and report["ok"] is False and report["release"] is True


# The same claims in every language the project ships content in (lint/phrases.py): each rule is
# reported at its line of governance-<language>.yaml, and none of them at governance-<language>-clean.yaml.
LANGUAGE_SEEDS = {
    "pl": {
        "LF109": "sprawdzona przez lekarza",
        "LF304": "wstrzyknie botoks",
        "LF305": "zatwierdzony przez MHRA",
        "LF306": "zarejestrowana w Care Quality Commission",
        "LF307": "Umów się",
    },
    "ar": {
        "LF109": "من قبل طبيب",
        "LF304": "البوتوكس",
        "LF305": "معتمد من MHRA",
        "LF306": "مسجلة لدى هيئة جودة الرعاية",
        "LF307": "احجز الآن",
    },
    "ur": {
        "LF109": "ڈاکٹروں نے اس کتابچے کا جائزہ لیا",
        "LF304": "بوٹوکس",
        "LF305": "منظور شدہ",
        "LF306": "رجسٹرڈ",
        "LF307": "ابھی بک کریں",
    },
}
LANGUAGE_RULES = {"LF109", "LF304", "LF305", "LF306", "LF307"}


@pytest.mark.parametrize("language", sorted(LANGUAGE_SEEDS))
def test_the_claims_are_found_in_each_language_at_their_lines(cli, language):
    seeded = LINT / f"governance-{language}.yaml"
    cli("check", seeded, "--brand", CLEAN_BRAND)
    assert cli.code == 1, cli.out  # LF109, LF304 and LF305 are errors
    for code, needle in LANGUAGE_SEEDS[language].items():
        pattern = rf"^{re.escape(str(seeded))}:{line_of(seeded, needle)}:\d+: {code} {RULES[code].severity}: "
        assert re.search(pattern, cli.out, re.MULTILINE), (code, cli.out)
    assert set(re.findall(r" (LF\d{3}) ", cli.out)) & LANGUAGE_RULES == LANGUAGE_RULES


@pytest.mark.parametrize("language", sorted(LANGUAGE_SEEDS))
def test_the_same_leaflet_said_honestly_in_each_language_triggers_none(cli, language):
    cli("check", LINT / f"governance-{language}-clean.yaml", "--brand", CLEAN_BRAND)
    assert not set(re.findall(r" (LF\d{3}) ", cli.out)) & LANGUAGE_RULES, cli.out


@pytest.mark.parametrize(
    "language, note",
    [
        ("pl", "Ulotka została sprawdzona przez lekarza."),
        ("ar", "تمت مراجعة هذه النشرة من قبل طبيب."),
        ("ur", "ڈاکٹروں نے اس کتابچے کا جائزہ لیا ہے۔"),
    ],
)
def test_a_catalogue_that_claims_a_clinical_check_is_found_in_its_language(language, note):
    """The words leaflet prints around the content, as a translated catalogue gives them (LF109)."""
    leaflet = load_leaflet(LINT / f"governance-{language}-clean.yaml")
    found = list(governance.claimed_checks(leaflet, [], [("leaflet/locale/x.po", note)]))
    assert [f.code for f in found] == ["LF109"]
    from leaflet.text.catalogues import catalogue, compiled

    table = compiled(catalogue(language).folder)
    shipped = [
        table.gettext(m)
        for m in (
            NOT_REVIEWED,
            "[clinic advice] marks advice from the clinic itself. It is not from a published source.",
        )
    ]
    assert not list(governance.claimed_checks(leaflet, [], [("x", s) for s in shipped]))  # the catalogue's own
