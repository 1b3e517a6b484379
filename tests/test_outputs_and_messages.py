"""Files land where a user expects, with names that never collide, and every message says what
happened in words and numbers that agree: plurals, time stamps, streams, bounded options."""

from __future__ import annotations

import importlib.metadata
import io
import re
import shutil
import subprocess
import sys

import pytest

import leaflet
from leaflet.watch import watch

from conftest import BRANDS, FORMAT, MESO

EXAMPLE = FORMAT / "content-example.yaml"


def written(cli) -> list[str]:
    return sorted(p.relative_to(cli.folder).as_posix() for p in cli.written())


@pytest.mark.parametrize(
    "options, name",
    [
        ([], "content-example.pdf"),
        (["--bleed", "3mm"], "content-example-bleed-3mm.pdf"),
        (["--crop-marks"], "content-example-crop-marks.pdf"),
        (["--cmyk"], "content-example-cmyk.pdf"),
        (["--bleed", "3mm", "--crop-marks", "--cmyk"], "content-example-bleed-3mm-crop-marks-cmyk.pdf"),
        (["--large-print"], "content-example-large-print.pdf"),
        (["--large-print-size", "18"], "content-example-large-print.pdf"),  # the same PDF as --large-print
        (["--large-print-size", "24"], "content-example-large-print-24.pdf"),
        (["--format", "a5-booklet", "--no-impose"], "content-example-a5-booklet-pages.pdf"),
    ],
)
def test_each_set_of_options_has_its_own_name(cli, options, name):
    cli("build", EXAMPLE, *options)
    assert cli.code == 0, cli.err
    assert written(cli) == [f"output/{name}"]


def test_print_shop_options_no_longer_overwrite_each_other(cli):
    for options in (["--bleed", "3mm"], ["--crop-marks"], ["--cmyk"], ["--large-print"], ["--large-print-size", "24"]):
        assert cli("build", EXAMPLE, *options).code == 0, cli.err
    assert len(written(cli)) == 5


def test_a_clinic_name_in_any_script_becomes_an_ascii_file_name(cli):
    for name in ("Clínica Solmar", "Клиника Здоровье", "Ørsted Hudklinik"):
        (cli.folder / "brand.yaml").write_text(f"name: {name}\n", encoding="utf-8")
        assert cli("build", EXAMPLE, "--brand", "brand.yaml").code == 0, cli.err
    assert written(cli) == [
        "output/content-example-clinica-solmar.pdf",
        "output/content-example-klinika-zdorov-e.pdf",
        "output/content-example-orsted-hudklinik.pdf",
    ]


def test_an_output_ending_in_a_separator_is_a_folder_made_if_missing(cli):
    cli("build", EXAMPLE, "--brand", BRANDS / "northfield-aesthetics.yaml", "-o", "newdir/")
    assert cli.code == 0, cli.err
    assert cli.out.strip() == "newdir/content-example-northfield-aesthetics.pdf"
    assert written(cli) == ["newdir/content-example-northfield-aesthetics.pdf"]
    cli("build", EXAMPLE, "-o", "newdir")  # an existing folder, without the separator
    assert cli.out.strip() == "newdir/content-example.pdf"
    cli("build", EXAMPLE, "-o", "named.pdf")
    assert cli.out.strip() == "named.pdf"


def test_repeated_format_flags_add_up_in_a_batch(cli):
    shutil.copy(EXAMPLE, cli.folder / "example.yaml")
    cli("batch", "example.yaml", "--format", "a4", "--format", "letter", "--jobs", "1")
    assert cli.code == 0, cli.err
    assert written(cli) == [
        "output/default/example-a4.pdf",
        "output/default/example-letter.pdf",
        "output/manifest.json",
    ]
    cli("batch", "example.yaml", "--format", "a4", "letter", "dl-trifold", "--jobs", "1")
    assert "3 leaflets: 1 built, 2 skipped" in cli.out


def test_one_leaflet_is_one_leaflet(cli):
    shutil.copy(EXAMPLE, cli.folder / "example.yaml")
    cli("batch", "example.yaml", "--jobs", "1")
    assert cli.code == 0 and cli.out.startswith("1 leaflet: 1 built, 0 skipped"), cli.out


def test_preview_dpi_is_bounded_with_a_clear_message(cli):
    for dpi in ("5000", "2000", "29", "0", "high"):
        cli("preview", EXAMPLE, "--dpi", dpi)
        assert cli.code == 2 and "Traceback" not in cli.err
        assert f"'{dpi}' is not a resolution from 30 to 600 dpi" in cli.err, cli.err
    assert written(cli) == []
    with pytest.raises(leaflet.LeafletError, match="5000 dpi is outside 30 to 600 dpi"):
        from leaflet.preview import render_pages

        render_pages(leaflet.build_files(EXAMPLE), 5000)


def test_a_build_stopped_by_lint_errors_says_nothing_was_written(cli):
    (cli.folder / "c.yaml").write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("text: Prices are a guide.", "text: Prices are a guide. Book now."),
        encoding="utf-8",
    )
    cli("build", "c.yaml")
    assert cli.code == 1 and written(cli) == []
    assert " LF302 error: " in cli.err
    assert cli.err.rstrip().splitlines()[-2:] == [
        "leaflet: nothing was written: 1 error stopped the build",
        "    Fix it and build again (warnings alone never stop a build); `leaflet check` lists every finding.",
    ]


def test_watch_says_when_on_every_line_and_counts_files_in_words(tmp_path):
    content = tmp_path / "c.yaml"
    shutil.copy(EXAMPLE, content)
    out, err = io.StringIO(), io.StringIO()
    edits = iter([lambda: content.write_text("title: [broken\n", encoding="utf-8")])
    watch(
        content,
        output=tmp_path / "o.pdf",
        poll=0.001,
        max_rebuilds=1,
        sleep=lambda s: next(edits, lambda: None)(),
        out=out,
        err=err,
    )
    stamp = r"^\[\d\d:\d\d:\d\d\] "
    assert re.match(stamp + r"built .*o\.pdf$", out.getvalue().strip())
    lines = err.getvalue().splitlines()
    assert re.match(stamp + r"watching \d+ files \(Ctrl-C to stop\)$", lines[0]), lines  # content and fonts
    assert re.match(stamp + r"rebuild failed; the last good PDF, if any, is unchanged:$", lines[1]), lines
    assert lines[2].startswith(f"{content}:1:") and re.match(stamp + "waiting for a change", lines[-1])


def test_counts_are_written_with_their_noun_in_the_singular_or_plural():
    from leaflet.message_numbers import plural

    assert [plural(n, "file") for n in (0, 1, 2, 1200)] == ["0 files", "1 file", "2 files", "1,200 files"]


def test_a_brand_made_in_code_with_a_bad_colour_raises_leaflet_error():
    with pytest.raises(leaflet.LeafletError) as caught:
        leaflet.Brand(name="Riverside", colors={"primary": "#12345"})
    assert str(caught.value) == (
        "colors.primary: '#12345' is not a colour written as \"#RRGGBB\"\n"
        '    Write colours in quotes as "#RRGGBB", for example "#0B5563".'
    )
    with pytest.raises(leaflet.LeafletError, match="the required field 'title' is missing"):
        leaflet.Leaflet(published="2026-01-01")


def test_the_distribution_has_a_publishable_name_and_keeps_the_leaflet_command():
    dist = importlib.metadata.distribution("patient-leaflet")
    scripts = {e.name: e.value for e in dist.entry_points if e.group == "console_scripts"}
    assert scripts == {"leaflet": "leaflet.cli:run"}
    assert dist.version == leaflet.__version__


def test_a_reader_that_stops_early_is_not_a_bug_in_leaflet():
    """`leaflet check x | head`: the reader goes away (here at once, before leaflet has started);
    leaflet stops quietly."""
    command = [sys.executable, "-m", "leaflet", "check", str(MESO), "--output-format", "json"]
    run = subprocess.run(f"{' '.join(command)} | true", shell=True, capture_output=True, text=True)
    assert "internal error" not in run.stderr and "Traceback" not in run.stderr, run.stderr
