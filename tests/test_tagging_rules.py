"""`leaflet check` on what keeps a PDF from being tagged for a screen reader (LF805-LF807)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import BRANDS, LOGO_PNG, MESO

TAGGING = Path(__file__).parent / "fixtures" / "tagging"
UNTAGGABLE, TAGGABLE = TAGGING / "untaggable.yaml", TAGGING / "taggable.yaml"


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [n for n, line in enumerate(lines, 1) if needle in line]
    assert len(hits) == 1, f"{needle!r} should be on exactly one line of {path.name}"
    return hits[0]


def findings(out: str, code: str) -> list[str]:
    return [line for line in out.splitlines() if f" {code} " in line]


@pytest.fixture
def brands(tmp_path) -> dict[str, Path]:
    """A brand with a logo and no alternative text, and the same brand with it."""
    shutil.copy(LOGO_PNG, tmp_path / "logo.png")
    made = {}
    for name, extra in (("no-alt", ""), ("alt", "logo_alt: Quay Clinic logo\n")):
        made[name] = tmp_path / f"{name}.yaml"
        made[name].write_text(f"name: Quay Clinic\nphone: 0117 496 0000\nlogo: logo.png\n{extra}", encoding="utf-8")
    return made


def test_a_logo_without_alternative_text_is_reported_at_its_line(cli, brands):
    cli("check", MESO, "--brand", brands["no-alt"])
    found = findings(cli.out, "LF805")
    assert len(found) == 1, cli.out
    assert found[0].startswith(f"{brands['no-alt']}:3:1: LF805 warning: the logo has no alternative text"), found
    assert 'a screen reader says only "Quay Clinic logo" for it' in found[0]
    assert "Add 'logo_alt:' with the words the logo shows, for example: logo_alt: Quay Clinic logo, with" in cli.out


def test_a_logo_with_alternative_text_or_no_logo_is_not_reported(cli, brands):
    for brand in (brands["alt"], BRANDS / "northfield-aesthetics.yaml", BRANDS / "harbour-skin.yaml"):
        cli("check", MESO, "--brand", brand)
        assert not findings(cli.out, "LF805"), cli.out


def test_headings_typed_into_text_are_reported_with_the_level_they_skip(cli):
    cli("check", UNTAGGABLE)
    found = findings(cli.out, "LF806")
    assert [int(line.split(":")[1]) for line in found] == [
        line_of(UNTAGGABLE, "####"),
        line_of(UNTAGGABLE, "### On the day"),
    ], cli.out
    skipped, typed = found
    assert "a level-4 heading under a level-2 one, so heading level 3 would be skipped" in skipped
    assert "'####' and all" in skipped and '"#### Things to stop a week before"' in skipped
    # after the level-4 one, a level-3 heading skips nothing: it is reported as a heading that is no heading
    assert "skipped" not in typed and "a screen reader does not announce it as a heading" in typed
    assert "Make it a section of its own" in cli.out


def test_a_table_whose_headings_name_nothing_is_reported_at_its_columns(cli):
    cli("check", UNTAGGABLE)
    found = findings(cli.out, "LF807")
    assert len(found) == 1 and found[0].startswith(f"{UNTAGGABLE}:{line_of(UNTAGGABLE, 'columns:')}:"), cli.out
    assert "column headings name nothing ('-', '-')" in found[0]
    assert "if the first row is the headings (Strength, What it is for), move it there" in cli.out


def test_near_misses_are_not_reported(cli):
    """A '#' inside a line, '#hashtags', and a table with one heading in words: nothing to report."""
    cli("check", TAGGABLE)
    assert not re.findall(r" LF80[5-7] ", cli.out), cli.out
    assert cli.code == 0, cli.out


def test_a_logo_alternative_text_is_validated_like_every_brand_field(cli, tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: Quay Clinic\nlogo_alt: " + "x" * 251 + "\n", encoding="utf-8")
    cli("build", MESO, "--brand", brand, "-o", tmp_path / "out.pdf")
    assert cli.code == 1 and cli.err.startswith(
        f"{brand}:2:1: 'logo_alt' has 251 characters; the most it may "
        "have is 250 characters (the 'brand logo alt' limit)"
    ), cli.err
    assert not (tmp_path / "out.pdf").exists()
    brand.write_text('name: Quay Clinic\nlogo_alt: "Quay\u202eClinic"\n', encoding="utf-8")
    cli("build", MESO, "--brand", brand, "-o", tmp_path / "out.pdf")
    assert cli.code == 1 and cli.err.startswith(f"{brand}:2:11: this text contains"), cli.err
