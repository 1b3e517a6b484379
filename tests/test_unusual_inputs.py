"""Content and brands never seen before: odd characters, other currencies, tiny brands, other logos."""

from __future__ import annotations

import io
import textwrap

import pytest
from PIL import Image
from pypdf import PdfReader

import leaflet
from leaflet.text import catalogues

from conftest import pdf_fonts, pdf_text

ODD = "R&D <b>not bold</b> a<b ½ dose ≥ 2 mm, Łódź “curly” ‘quotes’ — 100% → café"


def content(tmp_path, body: str = "", **extra) -> str:
    text = textwrap.dedent(f"""\
        title: "Laser hair removal & aftercare"
        published: 2026-01-05
        review_by: 2028-01-05
        sections:
          - heading: "What is it?"
            text: "{ODD}"
          - heading: Cost
            prices:
              - id: session
                item: One session
                price: 1500
              - item: A half session
                price: 99.5
        """) + textwrap.indent(textwrap.dedent(body), "  ")
    path = tmp_path / "content.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def brand(tmp_path, text: str) -> str:
    path = tmp_path / "brand.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_odd_characters_print_as_themselves(tmp_path):
    text = pdf_text(io.BytesIO(leaflet.build_files(content(tmp_path))))
    assert "Laser hair removal & aftercare" in text
    assert ODD in text  # nothing eaten by markup: no "R&D;", no lost "<b>"


def test_a_character_missing_from_atkinson_is_drawn_by_the_fallback_font(tmp_path):
    fonts = pdf_fonts(io.BytesIO(leaflet.build_files(content(tmp_path))))
    assert any("DejaVuSans" in name for name in fonts)  # the arrow
    assert all(fonts.values())


def test_one_line_brand_file_builds(tmp_path):
    pdf = leaflet.build_files(content(tmp_path), brand(tmp_path, "name: Tiny Clinic\n"))
    text = pdf_text(io.BytesIO(pdf))
    assert "Tiny Clinic" in text and "£1,500" in text and "£99.50" in text


@pytest.mark.parametrize(
    "language, locale, currency, expected",
    [
        ("de", "de_DE", "EUR", "1.500 €"),
        ("fr", "fr_FR", "EUR", "1 500 €"),
        ("en-US", "en_US", "USD", "$1,500"),
        ("pl", "pl_PL", "PLN", "1 500 zł"),
        ("en-GB", "en_US", "JPY", "¥1,500"),
        ("en-GB", "de_DE", "EUR", "€1,500"),  # an English leaflet writes money as English does
    ],
)
def test_money_is_written_in_the_brands_currency_as_the_leaflets_language_writes_it(
    tmp_path, language, locale, currency, expected
):
    path = content(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("title:", f"language: {language}\ntitle:")
        .replace("- item: A half session", "- id: half\n        item: A half session"),
        encoding="utf-8",
    )
    pdf = leaflet.build_files(
        path,
        brand(
            tmp_path,
            f"""\
        name: Klinik am See
        locale: {locale}
        currency: {currency}
        prices:
          session: 1500
          half: 99
        """,
        ),
    )
    text = pdf_text(io.BytesIO(pdf)).replace("\u202f", " ").replace("\xa0", " ")
    assert expected.replace("\u202f", " ").replace("\xa0", " ") in text
    caption = catalogues.words(language).CLINIC_PRICES.format(name="Klinik am See")  # "To są ceny w Klinik am See."
    assert caption in text


def test_brand_price_by_id_replaces_only_that_row(tmp_path):
    pdf = leaflet.build_files(
        content(tmp_path),
        brand(
            tmp_path,
            """\
        name: Riverside
        prices:
          session: 1250
        """,
        ),
    )
    text = pdf_text(io.BytesIO(pdf))
    assert "£1,250" in text and "£1,500" not in text and "£99.50" in text
    assert "Prices marked 'guide price' are a guide." in text and "Guide price" in text


@pytest.mark.parametrize(
    "language, dated", [("en-GB", "Published: 24 November 2026"), ("es", "24 de noviembre de 2026")]
)
def test_dates_are_written_in_the_leaflets_language_whatever_the_brands_locale(tmp_path, language, dated):
    path = content(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("title:", f"language: {language}\ntitle:")
        .replace("published: 2026-01-05", "published: 2026-11-24"),
        encoding="utf-8",
    )
    text = pdf_text(io.BytesIO(leaflet.build_files(path, brand(tmp_path, "name: Clínica Solmar\nlocale: es_ES\n"))))
    assert dated in text
    assert ("noviembre" in text) == (language == "es")


def test_a_locale_whose_dates_the_fonts_cannot_print_is_refused_at_its_line(tmp_path):
    # Thai: no font shipped with leaflet has its script (Chinese dates print, in Noto Sans SC).
    path = content(tmp_path)
    path.write_text("language: th\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(leaflet.LeafletError) as caught:
        leaflet.build_files(path, brand(tmp_path, "name: Bangkok Clinic\nlocale: th_TH\n"))
    problem = caught.value.problems[0]
    assert (problem.file.endswith("brand.yaml"), problem.line) == (True, 2)
    assert "U+0E" in problem.message  # a Thai letter, from the Thai month's name
    with pytest.raises(leaflet.LeafletError) as caught:  # the leaflet's language decided it
        leaflet.build_files(path, brand(tmp_path, "name: London Clinic\nlocale: en_GB\n"))
    problem = caught.value.problems[0]
    assert (problem.file.endswith("content.yaml"), problem.line) == (True, 1)


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "SVG"])
def test_logo_formats(tmp_path, kind):
    logo = tmp_path / f"logo.{kind.lower()}"
    if kind == "SVG":
        logo.write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50">'
            '<rect width="200" height="50" fill="#0B5563"/></svg>'
        )
    else:
        Image.new("RGBA" if kind == "PNG" else "RGB", (400, 100), (11, 85, 99)).save(logo, kind)
    pdf = leaflet.build_files(content(tmp_path), brand(tmp_path, f"name: Logo Clinic\nlogo: {logo.name}\n"))
    assert "Logo Clinic" in pdf_text(io.BytesIO(pdf))
    if kind != "SVG":  # an SVG logo is drawn as vectors, not an image
        assert images(pdf) == [(400, 100, kind == "PNG")]


def images(pdf: bytes) -> list[tuple[int, int, bool]]:
    """The first page's images: pixel width, height, and whether a transparency mask comes with it."""
    xobjects = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"].get("/XObject", {})
    found = [x.get_object() for x in xobjects.values()]
    return [(x["/Width"], x["/Height"], "/SMask" in x) for x in found if x["/Subtype"] == "/Image"]


def test_a_logo_is_encoded_once_yet_every_leaflet_carries_it_and_a_changed_file_is_seen(tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (400, 100), (11, 85, 99, 128)).save(logo)
    brand_file = brand(tmp_path, "name: Logo Clinic\nlogo: logo.png\n")
    first = leaflet.build_files(content(tmp_path), brand_file)
    again = leaflet.build_files(content(tmp_path), brand_file)  # from the process's logo cache
    assert again == first and images(again) == [(400, 100, True)]
    Image.new("RGB", (300, 100), (11, 85, 99)).save(logo)  # replaced in place, as an editor would
    assert images(leaflet.build_files(content(tmp_path), brand_file)) == [(300, 100, False)]


def test_templates_fill_in_brand_fields_and_neutral_phrases_for_missing_ones(tmp_path):
    path = content(
        tmp_path,
        """\
          - heading: Help
            text: "Call {{ clinic.name }} on {{ clinic.phone }}."
        """,
    )
    with_phone = pdf_text(io.BytesIO(leaflet.build_files(path, brand(tmp_path, "name: A\nphone: 0117 496 0999\n"))))
    without = pdf_text(io.BytesIO(leaflet.build_files(path, brand(tmp_path, "name: A\n"))))
    assert "Call A on 0117 496 0999." in with_phone
    assert "Call A on the number on your appointment letter." in without


def test_a_font_folder_next_to_the_brand_file(tmp_path):
    folder = tmp_path / "myfont"
    folder.mkdir()
    (folder / "Clinic-Regular.ttf").write_bytes(
        (leaflet.load.assets.FONT_DIRS[0] / "DejaVuSans" / "DejaVuSans.ttf").read_bytes()
    )
    pdf = leaflet.build_files(content(tmp_path), brand(tmp_path, "name: F\nfonts:\n  body: myfont\n"))
    fonts = pdf_fonts(io.BytesIO(pdf))
    assert any("DejaVuSans" in name for name in fonts) and all(fonts.values())
