"""`leaflet check`, the author's lint: every rule reported at its line with its stable code."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import leaflet
from leaflet.lint import RULES, brand_rules, claims, jargon, lint, readability
from leaflet.lint import patterns as patterns_module
from leaflet.lint.text import Sentence

from conftest import BRANDS, FORMAT, MESO

LINT = Path(__file__).parent / "fixtures" / "lint"
EVERY_RULE, NO_RISKS, WEAK_BRAND = LINT / "every-rule.yaml", LINT / "no-risks.yaml", LINT / "weak-brand.yaml"
PRICES_AND_SOURCES = LINT / "prices-and-sources.yaml"
PRICE_ORDER = LINT / "price-order.yaml"
SWAPPED_BRAND, PRICED_BRAND = LINT / "price-order-swapped-brand.yaml", LINT / "price-order-brand.yaml"

# rule -> (file, text on the line where it must be reported)
EXPECTED = {
    "LF001": (EVERY_RULE, "LF999:"),
    "LF002": (EVERY_RULE, 'LF503: "x"'),
    "LF101": (NO_RISKS, "sections:"),
    "LF102": (EVERY_RULE, "risks:"),
    "LF103": (EVERY_RULE, "sections:"),
    "LF104": (EVERY_RULE, "sections:"),
    "LF105": (EVERY_RULE, "sections:"),
    "LF106": (EVERY_RULE, "title:"),
    "LF107": (EVERY_RULE, "title:"),
    "LF111": (EVERY_RULE, "review_by:"),
    "LF112": (EVERY_RULE, "review_by:"),
    "LF121": (EVERY_RULE, "- text: Bruising"),
    "LF122": (EVERY_RULE, "- text: Infection"),
    "LF123": (EVERY_RULE, "frequency: rare"),
    "LF131": (PRICES_AND_SOURCES, "- id: unused"),
    "LF141": (PRICES_AND_SOURCES, "A course of three costs £250."),
    "LF142": (PRICES_AND_SOURCES, "One session costs £100."),
    "LF201": (EVERY_RULE, "title:"),
    "LF202": (EVERY_RULE, "heading: The treatment"),
    "LF203": (EVERY_RULE, "The practitioner will then apply"),
    "LF204": (EVERY_RULE, "Administration necessitates"),
    "LF205": (EVERY_RULE, "subcutaneously"),
    "LF301": (EVERY_RULE, "completely painless"),
    "LF302": (EVERY_RULE, "limited time offer"),
    "LF303": (EVERY_RULE, "non-invasive"),
    "LF401": (EVERY_RULE, "漢"),
    "LF502": (WEAK_BRAND, "logo:"),
    "LF503": (WEAK_BRAND, "name:"),
    "LF504": (WEAK_BRAND, "name:"),
}
# LF000 only exists in JSON output; LF501 cannot be reached from a file (the layout darkens any
# brand colour until text reaches 4.5:1), so it is tested below with a broken palette.
UNREACHABLE_FROM_FILES = {"LF000", "LF501"}
LAYOUT_RULES = {
    "LF601",
    "LF602",
    "LF603",
    "LF604",
    "LF605",
    "LF606",  # seeded in tests/test_pagination.py
    "LF607",
    "LF608",
}  # and in tests/test_right_to_left.py


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [n for n, line in enumerate(lines, 1) if needle in line]
    assert len(hits) == 1, f"{needle!r} should be on exactly one line of {path.name}"
    return hits[0]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> str:
    """`leaflet check` on the seeded files (the first with the weak brand): everything it printed."""
    import contextlib
    import io

    from leaflet.cli import main

    out = io.StringIO()
    codes = []
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        codes.append(main(["check", str(EVERY_RULE), "--brand", str(WEAK_BRAND)]))
        codes.append(main(["check", str(NO_RISKS)]))
        codes.append(main(["check", str(PRICES_AND_SOURCES)]))
    assert codes == [1, 0, 0]  # errors in the first; only warnings in the others
    return out.getvalue()


# Languages and translations: each is seeded and checked in tests/test_languages.py.
LANGUAGE_RULES = {"LF701", "LF702", "LF703", "LF704", "LF705", "LF706"}
CONSENT_RULES = {"LF801", "LF802", "LF803", "LF804"}  # seeded in tests/test_consent.py
TAGGING_RULES = {"LF805", "LF806", "LF807"}  # seeded in tests/test_tagging_rules.py


# Governance and advertising: seeded and checked in tests/test_governance.py.
GOVERNANCE_RULES = {"LF108", "LF109", "LF304", "LF305", "LF306", "LF307", "LF402", "LF505"}
BRAND_PRICE_RULES = {"LF143"}  # needs a brand: seeded below


def test_every_rule_is_covered_by_the_seeded_files():
    assert (
        set(EXPECTED)
        | UNREACHABLE_FROM_FILES
        | LAYOUT_RULES
        | LANGUAGE_RULES
        | CONSENT_RULES
        | GOVERNANCE_RULES
        | TAGGING_RULES
        | BRAND_PRICE_RULES
        == set(RULES)
    )


def test_a_clinic_price_cheaper_than_the_leaflets_cheaper_item_is_reported_at_the_brands_figure(cli):
    """LF143: a full course at £220 beside one session at £1,200 to £1,800 (figures typed under each
    other's ids); the same prices under the right ids pass --strict."""
    cli("check", PRICE_ORDER, "--brand", SWAPPED_BRAND)
    line = line_of(SWAPPED_BRAND, "course: 220")
    assert re.search(
        rf"^{re.escape(str(SWAPPED_BRAND))}:{line}:\d+: LF143 warning: 'A full course of several "
        r"sessions' would cost £220, less than 'One session' \(£1,200 to £1,800\)",
        cli.out,
        re.M,
    ), cli.out
    assert cli.out.count("LF143") == 1 and cli.code == 0  # a warning
    cli("check", PRICE_ORDER, "--brand", SWAPPED_BRAND, "--strict")
    assert cli.code == 1
    cli("check", PRICE_ORDER, "--brand", PRICED_BRAND, "--strict")
    assert cli.code == 0 and "LF143" not in cli.out, cli.out
    cli("check", PRICE_ORDER, "--strict")  # the guide prices alone set the order: nothing to contradict
    assert cli.code == 0 and "LF143" not in cli.out, cli.out


def test_the_studio_warns_with_the_same_rule():
    from leaflet.lint.price_rules import out_of_order

    rows = [("session", (200.0, 200.0), (1200.0, 1800.0)), ("course", (1000.0, 2000.0), (220.0, 220.0))]
    assert out_of_order(rows) == [("course", "session")]
    assert out_of_order([(k, guide, guide) for k, guide, _ in rows]) == []
    assert out_of_order([("a", None, (1.0, 1.0)), ("b", (2.0, 2.0), (0.0, 0.0))]) == []


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_seeded_violation_is_reported_at_its_line_with_its_code(seeded, code):
    path, needle = EXPECTED[code]
    line = line_of(path, needle)
    severity = RULES[code].severity
    pattern = rf"^{re.escape(str(path))}:{line}:\d+: {code} {severity}: .+\n    \S"
    assert re.search(pattern, seeded, re.MULTILINE), f"no {code} at {path.name}:{line} in:\n{seeded}"


def test_errors_come_first_and_a_summary_ends_the_report_all_on_stdout(cli):
    cli("check", EVERY_RULE, "--brand", WEAK_BRAND)
    assert cli.code == 1 and cli.err == ""  # one stream for the report: `leaflet check x | grep LF2`
    lines = [line for line in cli.out.splitlines() if not line.startswith("    ")]
    severities = [re.search(r" LF\d{3} (\w+):", line).group(1) for line in lines[:-1]]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    assert re.fullmatch(
        r".*every-rule\.yaml: FAILED: 7 errors, \d+ warnings, 1 note; "
        r"Flesch Reading Ease \d+ \(target 60 or more\)",
        lines[-1],
    ), lines[-1]


def test_the_mesotherapy_leaflet_passes_strict_with_nothing_switched_off(cli):
    """Its one warning is that no clinician has signed it off (LF108), which only --release refuses."""
    assert "checks" not in MESO.read_text(encoding="utf-8")
    for brand in ([], ["--brand", BRANDS / "northfield-aesthetics.yaml"], ["--brand", BRANDS / "harbour-skin.yaml"]):
        cli("check", MESO, "--strict", *brand)
        assert cli.code == 0, cli.err
        assert cli.err == ""
        assert re.findall(r" (LF\d{3}) ", cli.out) == ["LF108"], cli.out
        score = re.search(r"OK: 0 errors, 1 warning, 0 notes; Flesch Reading Ease (\d+)", cli.out)
        assert score and int(score.group(1)) >= 60, cli.out


def test_the_mesotherapy_flesch_score_is_60_or_more_in_every_section():
    report = lint(leaflet.load_leaflet(MESO))
    assert report.flesch >= 60 and [f.code for f in report.findings] == ["LF108"]
    assert len(report.sections) == 16 and min(report.sections.values()) >= 60, report.sections


def test_the_format_example_has_no_errors_so_it_keeps_building(cli):
    cli("check", FORMAT / "content-example.yaml", "--brand", FORMAT / "brand-example.yaml")
    assert cli.code == 0, cli.err
    assert " error:" not in cli.err


def test_strict_fails_on_warnings(cli):
    cli("check", FORMAT / "content-example.yaml", "--brand", FORMAT / "brand-example.yaml", "--strict")
    assert cli.code == 1 and "LF502 warning" in cli.out and "FAILED" in cli.out  # the 600 px logo


def test_json_output(cli):
    cli("check", EVERY_RULE, "--brand", WEAK_BRAND, "--output-format", "json")
    assert cli.code == 1
    report = json.loads(cli.out)
    assert report["ok"] is False and report["summary"]["errors"] == 7
    assert report["flesch_reading_ease"] < 60
    assert {f["code"] for f in report["findings"]} >= {
        code for code, (path, _) in EXPECTED.items() if path in (EVERY_RULE, WEAK_BRAND)
    }
    first = report["findings"][0]
    assert set(first) == {"code", "severity", "message", "file", "line", "col", "hint"}


def test_json_output_of_a_file_that_does_not_load(cli):
    (cli.folder / "bad.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    cli("check", "bad.yaml", "--output-format", "json")
    report = json.loads(cli.out)
    assert cli.code == 1 and report["findings"][0]["code"] == "LF000"
    assert report["findings"][0]["line"] == 1


def test_build_stops_on_errors_and_writes_nothing(cli):
    cli("build", EVERY_RULE, "-o", "out.pdf")
    assert cli.code == 1 and cli.out == "" and cli.written() == []
    assert cli.err.startswith(f"{EVERY_RULE}:") and " LF111 error: " in cli.err
    assert " warning: " not in cli.err  # a failed build shows what stopped it


def test_build_prints_warnings_and_still_writes(cli, tmp_path):
    content = tmp_path / "c.yaml"
    content.write_text(NO_RISKS.read_text(encoding="utf-8"), encoding="utf-8")
    cli("build", content, "-o", "out.pdf")
    assert cli.code == 0, cli.err
    assert cli.out.strip() == "out.pdf"
    assert re.match(rf"{re.escape(str(content))}:4:1: LF101 warning: ", cli.err), cli.err


def test_a_rule_is_switched_off_with_a_reason(cli, tmp_path):
    text = NO_RISKS.read_text(encoding="utf-8")
    content = tmp_path / "c.yaml"
    content.write_text(
        text + 'checks:\n  disable:\n    LF101: "A leaflet about a peel with no risks to list."\n', encoding="utf-8"
    )
    cli("check", content, "--strict")
    assert cli.code == 0, cli.err
    assert "(1 rule switched off)" in cli.out


def test_an_empty_reason_is_refused_at_its_line(cli, tmp_path):
    content = tmp_path / "c.yaml"
    content.write_text(NO_RISKS.read_text(encoding="utf-8") + 'checks:\n  disable:\n    LF101: ""\n', encoding="utf-8")
    cli("check", content)
    line = len(NO_RISKS.read_text(encoding="utf-8").splitlines()) + 3
    assert cli.code == 1 and re.match(rf"{re.escape(str(content))}:{line}:\d+: ", cli.err), cli.err


def test_review_dates_use_today():
    meso = leaflet.load_leaflet(MESO)

    def codes(day):
        return {f.code for f in lint(meso, today=day).findings}

    assert "LF111" not in codes(meso.review_by)
    assert "LF111" in codes(meso.review_by + dt.timedelta(days=1))


def test_today_can_be_pinned_with_source_date_epoch(monkeypatch):
    meso = leaflet.load_leaflet(MESO)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4102444800")  # 2100-01-01
    assert "LF111" in {f.code for f in lint(meso).findings}


def test_contrast_rule_catches_a_pair_under_4_5(monkeypatch):
    brand = leaflet.Brand(name="Pale")
    monkeypatch.setattr(
        brand_rules, "text_pairs", lambda b: [("headings on white", "#AAAAAA", "#FFFFFF", ("colors", "primary"))]
    )
    found = list(brand_rules.contrast_rules(brand))
    assert [f.code for f in found] == ["LF501"] and "2.3:1" in found[0].message


def test_every_text_pair_the_layout_prints_reaches_4_5():
    for path in sorted(BRANDS.glob("*.yaml")) + [FORMAT / "brand-example.yaml"]:
        assert list(brand_rules.contrast_rules(leaflet.load_brand(path))) == []


@pytest.mark.parametrize(
    "text",
    [
        "It is RISK-FREE.",
        "Completely pain-free.",
        "Guaranteed results every time.",
        "It is 100% safe.",
        "There are no side effects.",
        "No downtime at all!",
        "The effect is permanent.",
        "Results last forever.",
        "Totally safe for everyone.",
        "Side-effect free.",
        "It is painless",
        "Results are guaranteed.",
    ],
)
def test_forbidden_claims_in_any_case_and_spelling(text):
    assert [c.code for c, _ in claims.claims_in(text)] == ["LF301"], text


@pytest.mark.parametrize(
    "text",
    [
        "Limited-time offer!",
        "Offer ends Friday.",
        "Book now.",
        "20% off this week only.",
        "Half price until Sunday.",
        "Only 3 places left.",
    ],
)
def test_time_limited_offers(text):
    assert "LF302" in [c.code for c, _ in claims.claims_in(text)], text


@pytest.mark.parametrize(
    "text",
    [
        "No treatment is risk-free.",
        "We cannot guarantee results.",
        "It is not 100% safe.",
        "The results are not permanent.",
        "Tell the practitioner if it hurts too much.",
        "No one can promise you what results you will get.",
    ],
)
def test_honest_negations_are_not_claims(text):
    assert claims.claims_in(text) == [], text


def test_jargon_is_found_unless_explained_in_the_same_sentence():
    assert [w for _, w, _ in jargon.jargon_in("A subcutaneous injection.")] == ["subcutaneous"]
    assert jargon.jargon_in("Your skin has repair cells called fibroblasts.") == []
    assert [p for _, _, p in jargon.jargon_in("Erythema is common.")] == ["redness"]
    assert [w for _, w, _ in jargon.jargon_in("Mild OEDEMA and haematomas.")] == ["oedema", "haematoma"]


@pytest.mark.parametrize(
    "word, count",
    [
        ("cat", 1),
        ("table", 2),
        ("people", 2),
        ("make", 1),
        ("wanted", 2),
        ("collagen", 3),
        ("treatment", 2),
        ("practitioner", 4),
        ("injection", 3),
        ("readability", 5),
        ("while", 1),
    ],
)
def test_syllables(word, count):
    assert readability.syllables(word) == count


def test_flesch_of_plain_and_dense_text():
    plain = readability.score([Sentence((), "The cat sat on the mat.")])
    dense = readability.score([Sentence((), "Administration necessitates considerable deliberation.")])
    assert plain.flesch > 100 > 0 > dense.flesch


def test_check_still_lays_out_and_reports_what_only_the_layout_finds(cli):
    cli("check", MESO, "--format", "dl-trifold")  # far too long for a tri-fold
    assert cli.code == 1 and cli.err == ""
    assert re.match(rf"{re.escape(str(MESO))}:\d+:\d+: LF000 error: the leaflet does not fit a DL tri-fold", cli.out), (
        cli.out
    )
    assert "FAILED: 1 error, 1 warning" in cli.out  # the warning: no clinical sign-off (LF108)


def _alone(patterns: list[str], text: str) -> list[tuple[int, int, str]]:
    """What each pattern finds when it searches the text by itself, as the lint once did."""
    return sorted(
        (i, m.start(), m.group(0))
        for i, p in enumerate(patterns)
        for m in re.finditer(rf"(?<![\w-])(?:{p})(?![\w-])", text, re.IGNORECASE)
    )


_PIECES = sorted(
    {w for p in [c.words for c in claims.CLAIMS] + list(jargon.JARGON) for w in re.findall(r"[a-z]+", p)}
    | {"100%", "20 %", "3", "-", "--", "'", ".", ",", "**", "[1]", "Results", "LIFELONG", "Pain-"}
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=24),
    st.lists(st.sampled_from([" ", "  ", "-", "\n", ""]), min_size=24, max_size=24),
)
def test_one_matcher_finds_what_each_pattern_finds_alone(pieces, gaps):
    """The jargon list and the claims are each one compiled matcher (lint/patterns.py); every pattern
    still finds exactly what it finds alone, a match inside another's match included."""
    text = "".join(piece + gap for piece, gap in zip(pieces, gaps, strict=False))
    for patterns in ([c.words for c in claims._RULES], list(jargon.JARGON)):
        assert patterns_module.find(patterns_module.Patterns(patterns), text) == _alone(patterns, text), text


def test_a_claim_inside_another_claim_is_still_found():
    rules = [c.words for c in claims._RULES]
    text = "Lifelong results guaranteed."
    assert patterns_module.find(claims.ANY_CLAIM, text) == _alone(rules, text)
    assert {typed for _, typed in claims.claims_in(text)} == {"Lifelong results", "results guaranteed"}


def test_matching_lowered_text_keeps_each_match_at_its_place():
    """'İ' is two characters in lower case; the matcher then lowers only ASCII letters."""
    assert [typed for typed, _, _ in jargon.jargon_in("İSTANBUL İ: Subcutaneous and ERYTHEMA.")] == [
        "Subcutaneous",
        "ERYTHEMA",
    ]


# ------------------------------------------------------------------ the rules on the build's prepared text


def _outcome(make):
    """What a call gives, or the problems it raises, to compare two ways of getting it."""
    try:
        return make()
    except leaflet.LeafletError as exc:
        return [str(p) for p in exc.problems]


_TEXTS = [
    "Call ",
    "{{ clinic.name }}",
    " on {{ clinic.phone }}. ",
    "{% if clinic.tagline %}{{ clinic.tagline }}{% endif %}",
    " It costs {{ prices.session }}.",
    " [1]",
    " [clinic]",
    " [2]",
    "[{{ clinic.name }}]",
    "{{ clinic.nmae }}",
    "{{ clinic.name | upper }}",
    "{% if clinic.tagline %}Our motto.{% endif %}",
    "Plain words, the same for every clinic. ",
    "\n\n",
    "\n- a step",
]
_NAMES = ["A", "Maple Grove Dermatology and Aesthetic Rejuvenation", "Clinic [1]", "Painless Skin", "{{ clinic.name }}"]


@settings(max_examples=80, deadline=None, derandomize=True)
@given(
    st.lists(st.lists(st.sampled_from(_TEXTS), min_size=1, max_size=6).map("".join), min_size=4, max_size=4),
    st.sampled_from(_NAMES),
    st.sampled_from(_NAMES),
    st.sampled_from([None, "Skin, and more"]),
)
@example(["Hello.", "Hi {% if clinic.tagline %}Our motto.{% endif %}", "Plain.", "Plain [1]."], "A", "A", "Skin")
def test_a_brand_s_own_words_are_filled_in_again_only_where_a_text_names_them(texts, name, other_name, tagline):
    """The rules read the author's prose with a neutral clinic (NEUTRAL_CLINIC): ``refilled_texts``
    fills in again only the texts with a "{" in them, and gives what preparing the whole leaflet
    for the neutral brand gives, its errors included."""
    from leaflet.load.content import Leaflet, Price, Risk, Section, Source
    from leaflet.text.prepare import prepare, refilled_texts, with_texts

    if not all(t.strip() for t in texts):
        return
    content = Leaflet(
        title="A peel",
        published=dt.date(2026, 1, 1),
        review_by=dt.date(2027, 1, 1),
        summary=[texts[0]],
        sources=[Source(id="nice", text=texts[3]), "A plain source."],
        sections=[
            Section(heading=texts[1], text=texts[2]),
            Section(heading="Risks", risks=[Risk(text=texts[3], frequency="rare", action=texts[0])]),
            Section(heading="Cost", prices=[Price(id="session", item=texts[1], price=200)]),
        ],
    )
    brand = leaflet.Brand(name=name, tagline=tagline, phone="0117 496 0000")
    other = brand.model_copy(update={"name": other_name, "tagline": None, "phone": None})
    prepared = _outcome(lambda: prepare(content, brand))
    if isinstance(prepared, list):
        return
    assert _outcome(
        lambda: with_texts(prepared.leaflet, refilled_texts(prepared, content, other)).model_dump()
    ) == _outcome(lambda: prepare(content, other).leaflet.model_dump())


@pytest.mark.parametrize(
    "content, brand",
    [(EVERY_RULE, WEAK_BRAND), (PRICES_AND_SOURCES, None), (MESO, BRANDS / "harbour-skin.yaml"), (NO_RISKS, None)],
)
def test_the_rules_on_the_build_s_prepared_text_find_what_they_find_alone(content, brand):
    """`leaflet build` prepares the text once, for the rules and the layout (lint(prepared=...))."""
    from leaflet.text.prepare import prepare

    content = leaflet.load_leaflet(content)
    brand = leaflet.load_brand(brand) if brand else None
    day = dt.date(2026, 11, 25)
    alone = lint(content, brand, today=day)
    shared = lint(content, brand, today=day, prepared=prepare(content, brand or leaflet.DEFAULT_BRAND))
    assert shared == alone and (alone.findings or alone.sections)


def test_a_long_clinic_name_filled_into_the_prose_is_never_the_author_s_long_word():
    content = leaflet.Leaflet(
        title="A peel",
        published=dt.date(2026, 1, 1),
        review_by=dt.date(2027, 1, 1),
        sections=[
            leaflet.load.content.Section(heading="Help", text="Ask {{ clinic.name }}. Ask about incomprehensibilities.")
        ],
    )
    brand = leaflet.Brand(name="Supercalifragilisticexpialidocious Dermatology")
    long_words = [f.message for f in lint(content, brand).findings if f.code == "LF204"]
    assert len(long_words) == 1 and long_words[0].endswith("'incomprehensibilities' is a very long word")


def test_the_neutral_prose_passes_the_length_limit_where_preparing_it_whole_does(monkeypatch):
    """The neutral clinic's words are longer than this clinic's: filled in again, the leaflet's text
    passes the limit on its length at the same text, here a text with nothing to fill in."""
    from leaflet.limits import LEAFLET_CHARS
    from leaflet.lint import NEUTRAL_CLINIC
    from leaflet.load.content import Leaflet, Section
    from leaflet.text import templating
    from leaflet.text.prepare import prepare, refilled_texts, with_texts

    content = Leaflet(
        title="A peel",
        published=dt.date(2026, 1, 1),
        review_by=dt.date(2027, 1, 1),
        sections=[
            Section(heading="Help", text="Ask {{ clinic.name }} about it."),
            Section(heading="More", text="Plain words. " * 20),
        ],
    )
    brand, neutral = leaflet.Brand(name="A"), leaflet.Brand(name="A").model_copy(update=NEUTRAL_CLINIC)
    size = sum(len(text) for _, text in leaflet.load.text_fields(templating.render_leaflet(content, brand)))
    monkeypatch.setattr(templating, "LEAFLET_CHARS", dataclasses.replace(LEAFLET_CHARS, value=size + 4))
    prepared = prepare(content, brand)  # fits, with the clinic's own short name
    whole = _outcome(lambda: prepare(content, neutral).leaflet.model_dump())
    assert isinstance(whole, list) and "passes" in whole[0] and "sections.1.text" in whole[0], whole
    refilled = _outcome(lambda: with_texts(prepared.leaflet, refilled_texts(prepared, content, neutral)).model_dump())
    assert refilled == whole


_OLD_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9£$€])")
_OLD_ANY_SENTENCE_END = re.compile(r"(?<=[.!?\u061f\u06d4\u0964\u3002\uff01\uff1f])[\"'”’)\]»]*\s+")
_OLD_PRINTED_MARK = re.compile(r"\s?\[(?:\d+(?:,\s\d+)*(?:;\s[^\[\]\d][^\[\]]{0,60})?|[^\[\]\d\s][^\[\]]{0,60})\]")
_MARKS = [
    " ",
    "\u00a0",
    "\n",
    "\t",
    "[",
    "]",
    "1",
    "2",
    ", ",
    "; ",
    "clinic advice",
    "a",
    "A",
    ".",
    "!",
    "?",
    "\u3002",
    '"',
    "'",
    "”",
    "’",
    ")",
    "“",
    "(",
    "»",
    "£",
    "[1]",
    " [2, 3]",
    "[1; clinic advice]",
    "[sic]",
    "  ",
    "[[",
    ". B",
]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_MARKS), max_size=16).map("".join))
def test_sentence_ends_and_printed_citations_are_found_as_by_patterns_that_look_behind(text):
    """lint/text.py finds a sentence's end, and text/citations.py a printed citation, from their
    first character (quicker than a pattern that looks behind): the same pieces as before."""
    from leaflet.lint import text as sentences
    from leaflet.text.citations import without_marks

    assert sentences._split(text, sentences._SENTENCE_END) == _OLD_SENTENCE_END.split(text)
    assert sentences._split(text, sentences._ANY_SENTENCE_END) == _OLD_ANY_SENTENCE_END.split(text)
    assert without_marks(text) == _OLD_PRINTED_MARK.sub("", text)


_SENTENCE_PIECES = _PIECES + ["İ", "Σ", ".", "\u212a", "[1]", "no pain", "book now"]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=8).map(" ".join), max_size=6))
def test_one_scan_of_the_prose_finds_every_sentence_with_jargon_and_any_claim(sentences):
    from leaflet.lint.content_rules import _terms_and_claims
    from leaflet.lint.patterns import find

    terms, claim = _terms_and_claims(sentences)
    assert {i for i, s in enumerate(sentences) if find(jargon.ANY_TERM, s)} <= terms
    assert claim or not any(find(claims.ANY_CLAIM, s) for s in sentences)


_FIELD_PIECES = [
    "no pain",
    "book now",
    "Book ",
    "now",
    "painless",
    "[1]",
    "[see",
    " below]",
    " [2; clinic advice]",
    "\n\n",
    "\n- ",
    "\n  ",
    "**",
    "İ",
    "\u212aeep",
    ". ",
    "It is ",
    "risk-free",
    "not ",
    "\n",
]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.lists(st.sampled_from(_FIELD_PIECES), min_size=1, max_size=10).map("".join), min_size=1, max_size=3))
@example(["[see\n\nno pain below]"])  # brackets over a paragraph break: the field's plain text has no claim
@example(["İ", "boo\u212a now"])  # İ is two characters in lower case, so the fields are lowered otherwise: K is not k
def test_a_claim_in_any_sentence_of_a_field_is_seen_by_the_scan_of_the_fields(texts):
    """forbidden_claims passes over the fields outside the prose when may_claim_in says no claim
    can be in their sentences: it must never say so of a field with one."""
    from leaflet.lint.patterns import find
    from leaflet.lint.text import sentences_of

    if any(find(claims.ANY_CLAIM, s.text) for text in texts for s in sentences_of(text, ())):
        assert claims.may_claim_in(texts), texts


def test_a_claim_outside_the_prose_is_still_found():
    content = leaflet.Leaflet(
        title="A peel",
        published=dt.date(2026, 1, 1),
        review_by=dt.date(2027, 1, 1),
        sections=[leaflet.load.content.Section(heading="Painless and guaranteed", text="Ask us.")],
    )
    assert [f.code for f in lint(content).findings if f.code.startswith("LF30")] == ["LF301", "LF301"]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.lists(st.text("ab \n", max_size=6), max_size=8),
    st.text("ab ", min_size=1, max_size=3),
    st.integers(1, 9),
    st.integers(1, 7),
    st.integers(0, 4),
)
def test_a_piece_of_a_line_is_found_as_by_searching_line_by_line(lines, needle, line, col, within):
    """The lint's Locator looks for each sentence it reports in the file's lines as one text."""
    from leaflet.load.yamlpos import SourceMap

    lines = [piece.replace("\n", "") for piece in lines]
    by_line = next(
        (
            (n + 1, found + 1)
            for n in range(line - 1, min(len(lines), line + within))
            if (found := lines[n].find(needle, col - 1 if n == line - 1 else 0)) >= 0
        ),
        None,
    )
    assert SourceMap("f", lines).first_on_a_line(needle, line, col, within) == by_line
