"""The files' models (leaflet/load/model.py): what they accept, and how they word what they refuse."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import textwrap

import pytest

import leaflet
from leaflet import Brand, Leaflet, LeafletError
from leaflet.load.brand import Colors


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


CONTENT = """\
    title: Peels
    published: 2026-09-01
    review_by: 2027-09-01
    sections:
      - heading: What it is
        text: A peel takes off the top layer of skin.
    """


def test_every_mistake_in_a_file_is_reported_at_its_own_line(tmp_path):
    path = _write(
        tmp_path,
        "c.yaml",
        """\
        title: 12
        published: 2026-09-01 10:00:00
        review_by: 2027-09-01
        sections:
          - heading: Risks
            risks:
              - text: Redness.
                frequency: often
                serius: true
        """,
    )
    with pytest.raises(LeafletError) as caught:
        leaflet.load_leaflet(path, "c.yaml")
    lines = str(caught.value).splitlines()
    assert lines[0] == "c.yaml:1:8: 'title' should be text, not '12'"
    assert lines[1] == '    Put it in quotes: title: "12"'
    assert "c.yaml:2:12: give only the day, without a time" in lines
    assert "c.yaml:8:20: 'often' is not a frequency" in lines
    assert any(line.startswith("c.yaml:9:9: unknown field 'serius' — did you mean 'serious'?") for line in lines)


def test_a_date_rule_waits_for_a_good_publication_date(tmp_path):
    """The review date is compared with the publication date only when that one is a date."""
    bad = _write(tmp_path, "c.yaml", CONTENT.replace("published: 2026-09-01", "published: soon"))
    with pytest.raises(LeafletError) as caught:
        leaflet.load_leaflet(bad, "c.yaml")
    assert str(caught.value).startswith("c.yaml:2:12: 'published' should be a date, not 'soon'")
    early = _write(tmp_path, "d.yaml", CONTENT.replace("review_by: 2027-09-01", "review_by: 2026-01-01"))
    with pytest.raises(LeafletError, match="the review date 2026-01-01 must be later than the publication date"):
        leaflet.load_leaflet(early, "d.yaml")


def test_brand_prices_are_numbers_and_say_so(tmp_path):
    good = _write(tmp_path, "b.yaml", "name: Harbour\nprices:\n  session: 180\n  course: [450, 500.5]\n")
    assert leaflet.load_brand(good).prices == {"session": 180.0, "course": [450.0, 500.5]}
    bad = _write(tmp_path, "c.yaml", "name: Harbour\nprices:\n  session: '£180'\n  course: [500, 450]\n")
    with pytest.raises(LeafletError) as caught:
        leaflet.load_brand(bad, "c.yaml")
    text = str(caught.value)
    assert "c.yaml:3:12: '£180' is not a price" in text
    assert "c.yaml:4:11: a price range must go from the lower to the higher price\n    Swap them: [450, 500]." in text


def test_objects_made_in_code_are_checked_and_read_only():
    with pytest.raises(LeafletError) as caught:
        Brand(name="Harbour", colors=Colors(primary="#123"))
    assert str(caught.value).startswith("primary: '#123' is not a colour written as \"#RRGGBB\"")
    with pytest.raises(LeafletError, match=r"^colors\.warning: the warning colour #FFFF00 is too pale"):
        Brand(name="Harbour", colors={"warning": "#ffff00"})
    brand = Brand(name="Harbour", colors={"primary": "#0b5563"})
    assert brand.colors.primary == "#0B5563"  # colours are kept in capitals, as they print
    with pytest.raises(AttributeError, match="read-only"):
        brand.name = "Other"
    assert brand.model_copy(update={"name": "Other"}).name == "Other" and brand.name == "Harbour"


def test_a_loaded_leaflet_survives_a_round_trip_through_plain_data(tmp_path):
    loaded = leaflet.load_leaflet("content/mesotherapy-rejuvenation.yaml")
    again = Leaflet.model_validate(loaded.model_dump())
    assert again == loaded and again is not loaded
    assert again.sections[0].heading == loaded.sections[0].heading


def test_the_command_line_does_not_import_a_validation_library():
    """`leaflet build` starts in about a fifth less time without pydantic (docs/speed.md)."""
    code = "import sys, leaflet.cli; print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# ---------------------------------------------------------------- invisible characters, numbers, language tags


def test_the_list_of_format_characters_is_unicodes_own():
    import unicodedata

    from leaflet.load.fields import FORMAT_CHARS

    cf = {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"}
    listed = {chr(c) for c in range(0x110000) if FORMAT_CHARS.fullmatch(chr(c))}
    assert cf <= listed
    assert all(0x13439 <= ord(ch) <= 0x1343F for ch in listed - cf)  # Unicode 15's, newer than this Python's table


@pytest.mark.parametrize(
    "language, text, ok",
    [
        ("ar", "\u0645\u0631\u062d\u0628\u0627 \u200fUK\u200f", True),  # a right-to-left mark in Arabic
        ("he", "\u05e9\u05dc\u05d5\u05dd\u200e", True),
        ("ur-PK", "\u0645\u0631\u062d\u0628\u0627\u061c", True),
        ("fa", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", True),  # Persian spells with ZWNJ
        ("bn", "\u0995\u09cd\u200d\u09b7", True),  # a Bengali conjunct held apart with ZWJ
        ("th", "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u200b\u0e04\u0e23\u0e31\u0e1a", True),  # Thai word break
        ("en-GB", "Call us\u200f", False),  # a mark has no place in a left-to-right leaflet
        ("en-GB", "a\u200bb", False),
        ("ar", "\u202e0000 694 7110\u202c", False),  # overrides and isolates: never
        ("ar", "\u2067x\u2069", False),
        ("en-GB", "soft\u00adhyphen", False),
        ("en-GB", "\ufeffBOM", False),
    ],
)
def test_invisible_characters_only_where_the_language_needs_them(tmp_path, language, text, ok):
    path = _write(
        tmp_path,
        "c.yaml",
        CONTENT.replace("title: Peels", f"title: Peels\n    language: {language}").replace(
            "A peel takes off the top layer of skin.", '"' + text.encode("unicode_escape").decode("ascii") + '"'
        ),
    )
    if ok:  # and it builds: python-bidi drops joiners from its levels (rule X9), which once ended in IndexError
        loaded = leaflet.load_leaflet(path)
        assert loaded.sections[0].text == text
        if language != "th":  # no Thai font is shipped: the build says so (a located error)
            assert leaflet.build(loaded).startswith(b"%PDF")
        return
    with pytest.raises(LeafletError) as caught:
        leaflet.load_leaflet(path, "c.yaml")
    ch = next(ch for ch in text if ch not in "\u200c\u200d" and not ch.isprintable() or ch in "\u00ad")
    assert str(caught.value).startswith(f"c.yaml:7:11: this text contains the character U+{ord(ch):04X}"), caught.value


@pytest.mark.parametrize(
    "field", ["name", "tagline", "address", "phone", "email", "website", "booking_url", "footer", "logo"]
)
@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200e", "\u200f", "\u061c", "\u200b", "\u2060", "\ufeff"])
def test_no_brand_field_takes_an_invisible_character(tmp_path, field, char):
    values = {
        "name": "Harbour",
        "tagline": "Skin",
        "address": "1 Quay",
        "phone": "0117 496 0000",
        "email": "a@example.com",
        "website": "example.com",
        "booking_url": "example.com/book",
        "footer": "Thanks",
        "logo": "logo.png",
    }
    value = values[field]
    values[field] = value[:2] + char + value[2:]
    text = "".join(
        f'{k}: "{v.encode("unicode_escape").decode("ascii")}"\n' for k, v in values.items() if k in ("name", field)
    )
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LeafletError) as caught:
        leaflet.load_brand(path, "b.yaml")
    line = 1 if field == "name" else 2
    assert str(caught.value).startswith(f"b.yaml:{line}:{len(field) + 3}: this "), caught.value
    assert f"U+{ord(char):04X}" in str(caught.value).splitlines()[0]


def test_a_brand_name_may_hold_the_joiners_its_spelling_needs(tmp_path):
    path = tmp_path / "b.yaml"
    path.write_text(
        'name: "\\u06a9\\u0644\\u06cc\\u0646\\u06cc\\u06a9 \\u0645\\u06cc\\u200c\\u0631\\u0648\\u06cc\\u062f"\n',
        encoding="utf-8",
    )
    assert "\u200c" in leaflet.load_brand(path).name


@pytest.mark.parametrize(
    "phone",
    [
        "0117 496 0000",
        "+44 117 496 0000",
        "(0117) 496-0000 (Monday to Friday)",
        "\u0660\u0661\u0661\u0667 \u0664\u0669\u0666 \u0660\u0660\u0660\u0660",
    ],
)
def test_the_tel_link_dials_the_digits_the_pdf_and_the_page_print(tmp_path, phone):
    from leaflet.html import render_html

    from conftest import pdf_text

    (tmp_path / "c.yaml").write_text(textwrap.dedent(CONTENT), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(f'name: Harbour\nphone: "{phone}"\n', encoding="utf-8")
    brand = leaflet.load_brand(tmp_path / "b.yaml")
    content = leaflet.load_leaflet(tmp_path / "c.yaml")
    html = render_html(content, brand)
    tel = re.search(r'href="tel:([^"]*)">([^<]*)</a>', html)
    number = re.match(r"[\d\s+()./-]*", phone).group()
    printed = "".join(str(int(ch)) for ch in number if ch.isdecimal())
    assert tel.group(1).lstrip("+") == printed and tel.group(2) == phone
    pdf = pdf_text(io.BytesIO(leaflet.build(content, brand)))
    assert phone.split(" (")[0] in pdf.replace("\n", " ")


@pytest.mark.parametrize(
    "phone, message",
    [
        ("Call 0117 496 0000", "is not a phone number"),
        ("0117 ٤٩٦ 0000", "mixes digits of different kinds"),
    ],
)
def test_a_phone_starts_with_one_number(tmp_path, phone, message):
    path = tmp_path / "b.yaml"
    path.write_text(f'name: T\nphone: "{phone}"\n', encoding="utf-8")
    with pytest.raises(LeafletError, match=message):
        leaflet.load_brand(path)


@pytest.mark.parametrize(
    "written, message",
    [
        ("1:30", "'1:30' is read as a time in minutes and seconds, the number 90"),
        ("0x10", "'0x10' is read as the hexadecimal number 16"),
        ("010", "'010' is read as the octal number 8 (it starts with 0)"),
        ("0b101", "'0b101' is read as the binary number 5"),
        ("-0.0", "'-0.0' is a negative zero"),
        ("9" * 400, "this number is 400 characters long; the most a number may have is 30 characters"),
        ("0.005", "the price 0.005 has more decimal places than GBP prices have (2 decimal places)"),
        ("[10, 10.125]", "the price 10.125 has more decimal places than GBP prices have"),
    ],
)
def test_a_price_that_would_print_other_than_written_is_refused(tmp_path, written, message):
    from leaflet.text.prepare import prepare

    path = _write(
        tmp_path,
        "c.yaml",
        textwrap.dedent(CONTENT) + "  - heading: Cost\n    prices:\n"
        f"      - item: One session\n        price: {written}\n",
    )
    with pytest.raises(LeafletError) as caught:
        prepare(leaflet.load_leaflet(path, "c.yaml"), leaflet.DEFAULT_BRAND)
    assert str(caught.value).startswith(f"c.yaml:10:16: {message}"), caught.value


@pytest.mark.parametrize("written", ["1_000", "199.99", "'1:30'", "200.50", '!!int "0x10"'])
def test_numbers_written_plainly_still_load(tmp_path, written):
    path = _write(
        tmp_path,
        "c.yaml",
        textwrap.dedent(CONTENT) + "  - heading: Cost\n    table:\n"
        f"      columns: [What, Figure]\n      rows:\n        - [x, {written}]\n",
    )
    leaflet.load_leaflet(path)


def test_a_whole_yen_price_has_no_decimals(tmp_path):
    from leaflet.text.prepare import prepare

    path = _write(
        tmp_path,
        "c.yaml",
        "currency: JPY\n" + textwrap.dedent(CONTENT) + "  - heading: Cost\n"
        "    prices:\n      - item: One session\n        price: 100.5\n",
    )
    with pytest.raises(LeafletError, match="more decimal places than JPY prices have \\(whole amounts\\)"):
        prepare(leaflet.load_leaflet(path), leaflet.DEFAULT_BRAND)


@pytest.mark.parametrize(
    "tag, ok",
    [
        ("en", True),
        ("zh-Hant-TW", True),
        ("es-419", True),
        ("de-CH-1996", True),
        ("en-US-x-twain", True),
        ("en\n", False),
        ("en-", False),
        ("a" * 19_800, False),
        ("en-GB-" + "-".join(["abcdefgh"] * 5), False),
    ],
)
def test_the_language_is_a_bcp_47_tag_of_bounded_length(tmp_path, tag, ok):
    path = _write(tmp_path, "c.yaml", CONTENT.replace("title: Peels", f"title: Peels\n    language: {json.dumps(tag)}"))
    if ok:
        assert leaflet.load_leaflet(path).language == tag
    else:
        with pytest.raises(LeafletError, match="is not a language tag|the 'language tag' limit"):
            leaflet.load_leaflet(path)


def test_a_file_cannot_be_a_translation_of_itself(tmp_path):
    path = _write(
        tmp_path,
        "c.yaml",
        CONTENT.replace("title: Peels", 'title: Peels\n    translation_of: ./c.yaml\n    source_version: "1"'),
    )
    with pytest.raises(LeafletError) as caught:
        leaflet.load_leaflet(path, "c.yaml")
    assert str(caught.value).startswith("c.yaml:2:17: a leaflet cannot be a translation of itself")
