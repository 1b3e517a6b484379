"""Nothing printed that the clinic did not mean: one figure per price id, claims traced to sources,
the clinic's own advice marked, and a sign-off, as a clinic and an author meet them on the command line."""

from __future__ import annotations

import re
import shutil
import textwrap

import pytest
from pypdf import PdfReader

import leaflet

from conftest import BRANDS, FORMAT, MESO, first_line_matches, pdf_text

HEAD = """\
title: A skin peel
published: 2026-09-01
review_by: 2027-09-01
"""
PRICED = (
    HEAD
    + """\
sections:
  - heading: Cost
    text: One session costs {{ prices.session }}; a course costs {{ prices.course }}.
    prices:
      - id: session
        item: One session
        price: 200
      - id: course
        item: A course
        price: [1000, 2000]
"""
)


def files(folder, content: str, brand: str | None = None):
    (folder / "content.yaml").write_text(textwrap.dedent(content), encoding="utf-8")
    if brand is not None:
        (folder / "brand.yaml").write_text(textwrap.dedent(brand), encoding="utf-8")
    return ["content.yaml"] + (["--brand", "brand.yaml"] if brand is not None else [])


def built_text(cli, *args) -> str:
    cli("build", *args, "-o", "out.pdf")
    assert cli.code == 0, cli.err
    return pdf_text(cli.folder / "out.pdf").replace("\u00a0", " ")


def line_of(folder, name: str, needle: str) -> int:
    return next(n for n, line in enumerate((folder / name).read_text().splitlines(), 1) if needle in line)


# ------------------------------------------------------------------ prices


def test_a_typo_in_a_brand_price_id_is_a_located_error_with_a_suggestion(cli):
    args = files(cli.folder, PRICED, "name: Klinik\nlocale: de_DE\ncurrency: EUR\nprices:\n  sesion: 100\n")
    cli("build", *args, "-o", "out.pdf")
    assert cli.code == 1 and not (cli.folder / "out.pdf").exists()
    assert first_line_matches(cli.err, "brand.yaml", 5), cli.err
    assert "the price id 'sesion' matches no price in 'content.yaml' — did you mean 'session'?" in cli.err
    assert "The leaflet's price ids are 'session' and 'course'." in cli.err
    cli("check", *args)
    assert cli.code == 1 and first_line_matches(cli.err, "brand.yaml", 5)


def test_a_brand_in_another_currency_must_price_every_row_and_is_told_which(cli):
    args = files(cli.folder, PRICED, "name: Klinik\nlocale: de_DE\ncurrency: EUR\n")
    cli("build", *args, "-o", "out.pdf")
    assert cli.code == 1 and not (cli.folder / "out.pdf").exists()
    assert first_line_matches(cli.err, "brand.yaml", 3), cli.err
    assert (
        "the brand's prices are in EUR but the leaflet's are in GBP, and the brand gives no EUR price "
        "for 'session' (One session) and 'course' (A course)"
    ) in cli.err
    assert "never printed in a currency it was not written in" in cli.err


def test_a_brand_in_another_currency_that_prices_every_row_prints_its_own_figures(cli):
    args = files(
        cli.folder,
        PRICED.replace("title:", "language: de\ntitle:"),
        "name: Klinik\nlocale: de_DE\ncurrency: EUR\nprices:\n  session: 180\n  course: [900, 1500]\n",
    )
    text = built_text(cli, *args)
    assert "One session costs 180 €; a course costs 900 € bis 1.500 €." not in text  # words stay the leaflet's
    assert "180 €" in text and "900 € to 1.500 €" in text and "£" not in text
    assert "These are the prices at Klinik." in text


def test_text_and_table_print_the_same_figures_for_every_brand(cli):
    args = ["content.yaml"]
    files(cli.folder, PRICED)
    guide = built_text(cli, *args)
    assert "One session costs £200; a course costs £1,000 to £2,000." in guide
    assert "These prices are a guide. Your clinic will tell you its own price before you book." in guide
    own = built_text(cli, "content.yaml", "--brand", FORMAT / "brand-example.yaml")  # plain ids: session, course
    assert "One session costs £180; a course costs £450 to £500." in own
    assert "These are the prices at Harbour Skin Clinic." in own and "£200" not in own


def test_the_mesotherapy_cost_section_with_harbour_prices(cli):
    text = built_text(cli, MESO, "--brand", BRANDS / "harbour-skin.yaml")
    assert "One session costs £190, and a full course costs £1,100 to £1,700." in text
    assert "These are the prices at Harbour Skin Clinic." in text
    assert "£200" not in text and "£1,000 to £2,000" not in text
    guide = built_text(cli, MESO)
    assert "These prices are a guide." in guide and "£200 [1]" in guide  # a guide price shows its source


def test_a_brand_that_prices_some_rows_marks_the_others_as_guide_prices(cli):
    args = files(cli.folder, PRICED, "name: Riverside\nprices:\n  session: 150\n")
    text = built_text(cli, *args)
    assert "One session costs £150; a course costs £1,000 to £2,000." in text
    assert "Prices marked 'guide price' are a guide." in text and "Guide price" in text


def test_prices_grouped_under_a_leaflets_reference_apply_to_that_leaflet_only(cli):
    content = PRICED.replace("title:", "reference: PEEL-1\ntitle:")
    args = files(
        cli.folder,
        content,
        "name: Two Treatments\nprices:\n  PEEL-1:\n    session: 120\n"
        "    course: [500, 600]\n  MESO-9:\n    session: 999\n",
    )
    text = built_text(cli, *args)
    assert "One session costs £120; a course costs £500 to £600." in text and "£999" not in text
    (cli.folder / "brand.yaml").write_text("name: Two Treatments\nprices:\n  PEEL-1:\n    sesion: 120\n")
    cli("check", *args)
    assert cli.code == 1 and first_line_matches(cli.err, "brand.yaml", 4) and "did you mean 'session'" in cli.err


PEEL = PRICED.replace("title:", "reference: LF-PEEL-001\ntitle:").replace("session", "single")


def test_the_sample_brands_serve_a_second_leaflet_with_its_guide_prices(cli):
    """The sample brands price the mesotherapy leaflet under its reference: another priced leaflet
    builds with them, with its own guide prices, and a batch of both succeeds."""
    (cli.folder / "content").mkdir()
    shutil.copy(MESO, cli.folder / "content")
    (cli.folder / "content" / "chemical-peel.yaml").write_text(PEEL, encoding="utf-8")
    shutil.copytree(BRANDS, cli.folder / "brands")
    for brand in ("harbour-skin", "northfield-aesthetics"):
        text = built_text(cli, "content/chemical-peel.yaml", "--brand", f"brands/{brand}.yaml")
        assert "One single costs £200; a course costs £1,000 to £2,000." in text
        assert "These prices are a guide." in text
    meso = built_text(cli, "content/mesotherapy-rejuvenation.yaml", "--brand", "brands/harbour-skin.yaml")
    assert "One session costs £190, and a full course costs £1,100 to £1,700." in meso
    cli("batch", "content", "--brand", "brands", "--format", "a4")
    assert cli.code == 0, cli.out + cli.err
    assert "4 leaflets: 4 built" in cli.out and "matches no price" not in cli.out + cli.err


def test_a_plain_price_id_for_another_leaflet_is_left_alone_but_a_near_miss_is_a_typo(cli):
    """Plain ids (the pinned example's form) apply to every leaflet with that id. One that matches
    no row here belongs to another of the brand's leaflets, unless it is a near miss of one of this
    leaflet's ids: then it is a typo, refused at its line with a suggestion."""
    args = files(cli.folder, PEEL, "name: Riverside\nprices:\n  session: 150\n  single: 95\n")
    text = built_text(cli, *args)
    assert "One single costs £95; a course costs £1,000 to £2,000." in text and "£150" not in text
    cli("check", *args)
    assert cli.code == 0 and "session" not in cli.out + cli.err
    (cli.folder / "brand.yaml").write_text("name: Riverside\nprices:\n  session: 150\n  singel: 95\n")
    cli("build", *args, "-o", "typo.pdf")
    assert cli.code == 1 and first_line_matches(cli.err, "brand.yaml", 4), cli.err
    assert "the price id 'singel' matches no price in 'content.yaml' — did you mean 'single'?" in cli.err
    assert "'session'" not in cli.err.split("\n")[0] and not (cli.folder / "typo.pdf").exists()


def test_the_same_price_id_twice_is_refused_at_the_second(cli):
    args = files(cli.folder, PRICED.replace("id: course", "id: session"))
    cli("build", *args, "-o", "out.pdf")
    assert cli.code == 1 and first_line_matches(cli.err, "content.yaml", 11), cli.err
    assert "the price id 'session' is already used (for 'One session')" in cli.err


def test_an_unknown_price_name_in_text_is_located_with_a_suggestion(cli):
    args = files(cli.folder, PRICED.replace("{{ prices.session }}", "{{ prices.sesion }}"))
    cli("build", *args, "-o", "out.pdf")
    assert cli.code == 1 and first_line_matches(cli.err, "content.yaml", 6), cli.err
    assert "unknown name 'prices.sesion' — did you mean 'prices.session'?" in cli.err
    assert "{{ prices.course }}" in cli.err  # the hint lists every name


def test_check_flags_a_typed_amount_the_table_contradicts(cli):
    content = PRICED.replace(
        "text: One session costs {{ prices.session }}; a course costs {{ prices.course }}.",
        "text: One session costs about £200.",
    )
    args = files(cli.folder, content)
    cli("check", *args, "--brand", FORMAT / "brand-example.yaml")
    assert cli.code == 0 and cli.err == ""
    assert re.search(
        r"^content\.yaml:6:\d+: LF141 warning: '£200' is not what the price table says "
        r"\(£180, £450 to £500\)\n    Write \{\{ prices\.session \}\}",
        cli.out,
        re.M,
    ), cli.out
    cli("check", *args)  # without a brand the figure agrees, but a clinic's price would not replace it
    assert re.search(r"^content\.yaml:6:\d+: LF142 warning: '£200' is the price of 'session'", cli.out, re.M)
    cli("check", *args, "--strict")
    assert cli.code == 1


# ------------------------------------------------------------------ sources and citations

CITED = (
    HEAD
    + """\
sections:
  - heading: Risks
    text: "Redness is common [nhs-peel]. So is peeling [2]. It is an old treatment [sic]."
    risks:
      - text: Redness [nhs-peel]
        frequency: common
      - text: Infection
        frequency: rare
        serious: true
        action: Call {{ clinic.phone }} [clinic].
sources:
  - id: nhs-peel
    text: NHS. Chemical peels.
    url: https://www.nhs.uk/conditions/cosmetic-procedures/chemical-peels/
    accessed: 2026-11-25
  - A plain reference, as the pinned format writes them.
"""
)


def test_citations_print_as_numbers_and_the_sources_are_listed_with_their_addresses(cli):
    text = built_text(cli, *files(cli.folder, CITED))
    assert "Redness is common [1]. So is peeling [2]. It is an old treatment [sic]." in text
    assert "Call the number on your appointment letter [clinic advice]." in text
    assert "Sources" in text and "1. NHS. Chemical peels. Read on 25 November 2026 at:" in text
    assert "www.nhs.uk/conditions/cosmetic-procedures/chemical-peels" in text
    assert "[clinic advice] marks advice from the clinic itself. It is not from a published source." in text
    links = [
        a["/A"]["/URI"]
        for page in PdfReader(cli.folder / "out.pdf").pages
        for a in (x.get_object() for x in page.get("/Annots", []))
        if "/URI" in a.get("/A", {})
    ]
    assert "https://www.nhs.uk/conditions/cosmetic-procedures/chemical-peels/" in links


@pytest.mark.parametrize(
    "typed, line, message",
    [
        ("[nhs-pel]", 6, "no source has the id 'nhs-pel' — did you mean 'nhs-peel'?"),
        ("[9]", 6, "there is no source 9 to cite: the leaflet lists 2"),
        ("[nhs-peel, who-2024]", 6, "no source has the id 'who-2024'"),
        ("[Clinic]", 6, "no source has the id 'Clinic' — did you mean 'clinic'?"),
    ],
)
def test_a_citation_of_no_source_is_a_located_error(cli, typed, line, message):
    cli("build", *files(cli.folder, CITED.replace("[2]", typed)), "-o", "out.pdf")
    assert cli.code == 1 and first_line_matches(cli.err, "content.yaml", line), cli.err
    assert message in cli.err and "[1] to [2]" in cli.err
    assert not (cli.folder / "out.pdf").exists()


def test_a_source_that_is_not_a_web_address_or_has_a_bad_id_is_refused_at_its_line(cli):
    content = CITED.replace("https://www.nhs.uk/conditions/cosmetic-procedures/chemical-peels/", "javascript:alert(1)")
    cli("check", *files(cli.folder, content))
    assert cli.code == 1 and first_line_matches(cli.err, "content.yaml", 17), cli.err
    assert "'javascript:' links are not allowed here; only web addresses (http or https)" in cli.err
    cli("check", *files(cli.folder, CITED.replace("id: nhs-peel", "id: nhs peel")))
    assert cli.code == 1 and "'nhs peel' cannot be a source id" in cli.err
    cli("check", *files(cli.folder, CITED.replace("    text: NHS. Chemical peels.\n", "    txt: NHS.\n")))
    assert "unknown field 'txt' — did you mean 'text'?" in cli.err and "the required field 'text'" in cli.err


def test_check_warns_for_a_banded_risk_without_a_source_an_uncited_source_and_no_sign_off(cli):
    content = CITED.replace("So is peeling [2].", "So is peeling.")
    cli("check", *files(cli.folder, content))
    assert cli.code == 0
    assert re.search(
        r"^content\.yaml:11:\d+: LF123 warning: 'rare' is a figure, but this risk cites no source", cli.out, re.M
    ), cli.out
    assert re.search(r"^content\.yaml:19:\d+: LF131 warning: source 2 is never cited", cli.out, re.M), cli.out
    assert re.search(r"^content\.yaml:1:\d+: LF107 warning: nobody has signed the content off", cli.out, re.M)
    assert " LF123 " not in cli.out.split("LF123", 1)[1]  # the cited 'common' risk is fine


def test_the_sign_off_prints_under_about_this_leaflet(cli):
    content = CITED + "sign_off:\n  - name: Dr A. Patel\n    role: consultant dermatologist\n    date: 2026-08-20\n"
    text = built_text(cli, *files(cli.folder, content))
    about = text.split("About this leaflet", 1)[1]
    assert "Reviewed by Dr A. Patel, consultant dermatologist, on 20 August 2026." in about
    cli("check", *files(cli.folder, content), "--strict")
    assert "LF107" not in cli.out


def test_the_pinned_format_with_plain_sources_still_builds(cli):
    text = built_text(cli, FORMAT / "content-example.yaml", "--brand", FORMAT / "brand-example.yaml")
    assert "Example Society of Dermatology. Microneedling position statement, 2025." in text
    assert "These are the prices at Harbour Skin Clinic." in text and "£180" in text


# ------------------------------------------------------------------ rules that hit only what the author can fix


def test_a_long_clinic_name_is_never_charged_to_the_contents_lines(cli):
    content = HEAD + (
        "sections:\n  - heading: Help\n    text: Call {{ clinic.name }} on {{ clinic.phone }}. "
        "{{ clinic.name }} is open every day.\n"
    )
    args = files(
        cli.folder, content, "name: Maple Grove Dermatology and Aesthetic Rejuvenation\nphone: 0117 496 0000\n"
    )
    cli("check", *args)
    assert "LF204" not in cli.out and "LF203" not in cli.out, cli.out
    assert "Call Maple Grove Dermatology" in built_text(cli, *args)


def test_a_painless_clinic_name_is_reported_in_the_brand_file_not_the_content(cli):
    content = HEAD + "sections:\n  - heading: Help\n    text: Call {{ clinic.name }}.\n"
    cli("check", *files(cli.folder, content, "name: Painless Skin\n"))
    assert re.search(r"^brand\.yaml:1:\d+: LF301 error: 'Painless'", cli.out, re.M), cli.out
    assert not re.search(r"^content\.yaml:\d+:\d+: LF301", cli.out, re.M), cli.out


def test_the_sample_brands_pass_strict(cli):
    for brand in sorted(BRANDS.glob("*.yaml")):
        cli("check", MESO, "--brand", brand, "--strict")
        assert cli.code == 0, cli.out
        # its one warning: no clinician has signed it off (LF108), which only --release refuses
        assert cli.out.strip().endswith("OK: 0 errors, 1 warning, 0 notes; Flesch Reading Ease 84 (target 60 or more)")
        assert re.findall(r" (LF\d{3}) ", cli.out) == ["LF108"], cli.out


def test_every_source_of_the_mesotherapy_leaflet_is_cited_and_has_an_id():
    content = leaflet.load_leaflet(MESO)
    report = leaflet.lint.lint(content)
    assert not [f for f in report.findings if f.code in ("LF107", "LF123", "LF131")]
    assert all(getattr(s, "id", None) for s in content.sources)


def test_a_figure_just_under_its_threshold_never_prints_as_the_threshold():
    from leaflet.lint import Report
    from leaflet.message_numbers import figure

    assert figure(59.7, 60) == "59.7" and figure(59.96, 60) == "59.96" and figure(80.4, 60) == "80"
    assert figure(4.46, 4.5, 1) == "4.46" and figure(299.6, 300) == "299.6"
    assert Report(flesch=59.7).summary().endswith("Flesch Reading Ease 59.7 (target 60 or more)")
    from leaflet.colours import contrast
    from leaflet.lint import brand_rules

    grey = next(
        f"#{v:02X}{v:02X}{v:02X}"
        for v in range(0x70, 0x80)
        if 4.45 <= contrast(f"#{v:02X}{v:02X}{v:02X}", "#FFFFFF") < 4.5
    )
    pairs = brand_rules.text_pairs
    brand_rules.text_pairs = lambda b: [("headings on white", grey, "#FFFFFF", ("colors", "primary"))]
    try:
        message = next(brand_rules.contrast_rules(leaflet.Brand(name="Pale"))).message
    finally:
        brand_rules.text_pairs = pairs
    assert re.search(r"a contrast of 4\.4\d:1 .*text needs at least 4\.5:1", message), message
