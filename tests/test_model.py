"""The files' models (leaflet/load/model.py): what they accept, and how they word what they refuse."""
from __future__ import annotations

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
    path = _write(tmp_path, "c.yaml", """\
        title: 12
        published: 2026-09-01 10:00:00
        review_by: 2027-09-01
        sections:
          - heading: Risks
            risks:
              - text: Redness.
                frequency: often
                serius: true
        """)
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
