"""`leaflet batch`: many contents x brands x formats, in parallel, one failure never stopping the rest."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest

import leaflet
from leaflet import batch

from conftest import BRANDS, FORMAT, MESO

GOOD_BRANDS = ("harbour-skin", "northfield-aesthetics", "example")
CONTENTS = ("mesotherapy-rejuvenation", "content-example", "short")


@pytest.fixture
def inputs(tmp_path) -> Path:
    """3 content files and 3 good brands (one with a logo of its own), plus one broken brand."""
    (tmp_path / "content").mkdir()
    (tmp_path / "brands").mkdir()
    shutil.copy(MESO, tmp_path / "content")
    shutil.copy(FORMAT / "content-example.yaml", tmp_path / "content")
    (tmp_path / "content" / "short.yaml").write_text(
        "title: A short leaflet\npublished: 2025-01-01\nreview_by: 2027-01-01\n"
        "sections:\n  - heading: What it is\n    text: One paragraph, from {{ clinic.name }}.\n",
        encoding="utf-8",
    )
    for name in ("harbour-skin.yaml", "harbour-skin-logo.svg", "northfield-aesthetics.yaml"):
        shutil.copy(BRANDS / name, tmp_path / "brands")
    shutil.copy(FORMAT / "brand-example.yaml", tmp_path / "brands" / "example.yaml")
    shutil.copy(FORMAT / "brand-example-logo.png", tmp_path / "brands")
    (tmp_path / "bad-brands").mkdir()
    (tmp_path / "bad-brands" / "broken.yaml").write_text(
        "name: Broken Clinic\ncolors:\n  primary: blue-ish\n", encoding="utf-8"
    )
    return tmp_path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pdfs(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pdf"))


def test_three_contents_three_brands_two_formats_with_a_broken_brand(cli, inputs):
    cli("batch", "content", "--brand", "brands", "bad-brands/broken.yaml", "--format", "a4", "letter", "--jobs", "2")
    assert cli.code == 1
    built = pdfs(inputs / "output")
    assert len(built) == 18
    assert {p.relative_to(inputs / "output").as_posix() for p in built} == {
        f"{b}/{c}-{f}.pdf" for b in GOOD_BRANDS for c in CONTENTS for f in ("a4", "letter")
    }
    assert all(p.read_bytes().startswith(b"%PDF-") for p in built)
    # the summary names every failed leaflet and the located problem, once
    assert "24 leaflets: 18 built, 0 skipped (unchanged), 6 failed" in cli.err
    for c in CONTENTS:
        for f in ("a4", "letter"):
            assert f"output/broken/{c}-{f}.pdf" in cli.err
    assert cli.err.count("bad-brands/broken.yaml:3:12: ") == 1
    assert "Traceback" not in cli.err + cli.out

    again = cli("batch", "content", "--brand", "brands", "--format", "a4", "letter")
    assert again.code == 0, again.err
    assert "18 leaflets: 0 built, 18 skipped (unchanged), 0 failed" in again.out


def test_outputs_are_the_same_bytes_as_a_single_build_whatever_the_process_count(cli, inputs, tmp_path):
    cli("batch", "content", "--brand", "brands", "--jobs", "1", "-o", "one")
    assert cli.code == 0, cli.err
    cli("batch", "content", "--brand", "brands", "--jobs", "2", "-o", "two")
    assert cli.code == 0, cli.err
    one, two = pdfs(inputs / "one"), pdfs(inputs / "two")
    assert len(one) == 9
    assert [sha(p) for p in one] == [sha(p) for p in two]
    alone = leaflet.build_files(inputs / "content" / "short.yaml", inputs / "brands" / "harbour-skin.yaml")
    assert (inputs / "two" / "harbour-skin" / "short-a4.pdf").read_bytes() == alone
    # paths in a manifest are relative to its own folder, so the two are identical
    assert (inputs / "one" / "manifest.json").read_bytes() == (inputs / "two" / "manifest.json").read_bytes()


def test_manifest_records_input_hashes_and_the_output_sha256(cli, inputs):
    cli("batch", "content/short.yaml", "--brand", "brands/harbour-skin.yaml")
    assert cli.code == 0, cli.err
    manifest = json.loads((inputs / "output" / "manifest.json").read_text())
    entry = manifest["outputs"]["harbour-skin/short-a4.pdf"]
    assert entry["sha256"] == sha(inputs / "output" / "harbour-skin" / "short-a4.pdf")
    inputs_by_name = {Path(p).name: digest for p, digest in entry["inputs"].items()}
    assert inputs_by_name["short.yaml"] == sha(inputs / "content" / "short.yaml")
    assert inputs_by_name["harbour-skin.yaml"] == sha(inputs / "brands" / "harbour-skin.yaml")
    assert inputs_by_name["harbour-skin-logo.svg"] == sha(inputs / "brands" / "harbour-skin-logo.svg")
    assert any(name.endswith(".ttf") for name in inputs_by_name)
    assert entry["config"]["options"]["format"] == "a4"


def test_a_changed_logo_rebuilds_only_its_brand_and_force_rebuilds_all(cli, inputs):
    args = ("batch", "content/short.yaml", "content/content-example.yaml", "--brand", "brands")
    assert cli(*args).code == 0
    before = sha(inputs / "output" / "harbour-skin" / "short-a4.pdf")
    logo = inputs / "brands" / "harbour-skin-logo.svg"
    logo.write_text(logo.read_text(encoding="utf-8").replace("#E07A5F", "#123456"), encoding="utf-8")
    cli(*args)
    assert cli.code == 0, cli.err
    assert "6 leaflets: 2 built, 4 skipped (unchanged), 0 failed" in cli.out
    assert "built output/harbour-skin/short-a4.pdf" in cli.err
    assert sha(inputs / "output" / "harbour-skin" / "short-a4.pdf") != before
    assert "6 leaflets: 6 built, 0 skipped" in cli(*args, "--force").out


def test_a_translation_is_checked_again_when_its_source_changes(cli, inputs):
    """The source a translation names is one of its inputs: a new version of it rebuilds the
    translation, which now says it is stale (LF703)."""
    polish = MESO.with_name(f"{MESO.stem}-pl.yaml")
    shutil.copy(polish, inputs / "content")
    args = ("batch", f"content/{polish.name}", "--brand", "brands/harbour-skin.yaml")
    assert cli(*args).code == 0, cli.err
    assert "1 leaflet: 1 built" in cli.out and "LF703" not in cli.out + cli.err
    assert "1 leaflet: 0 built, 1 skipped (unchanged)" in cli(*args).out
    source = inputs / "content" / MESO.name
    source.write_text(
        source.read_text(encoding="utf-8").replace('version: "1.3"', 'version: "1.4"', 1), encoding="utf-8"
    )
    cli(*args)
    assert cli.code == 0, cli.err
    assert "1 leaflet: 1 built" in cli.out
    assert "LF703" in cli.out + cli.err and "version 1.4" in cli.out + cli.err


def test_an_output_removed_or_edited_by_hand_is_built_again(cli, inputs):
    args = ("batch", "content/short.yaml", "--brand", "brands/northfield-aesthetics.yaml")
    cli(*args)
    out = inputs / "output" / "northfield-aesthetics" / "short-a4.pdf"
    out.write_bytes(b"%PDF- edited")
    assert "1 built" in cli(*args).out
    out.unlink()
    assert "1 built" in cli(*args).out
    assert out.read_bytes().startswith(b"%PDF-1")


def test_a_batch_file_names_contents_brands_formats_and_output(cli, inputs):
    (inputs / "leaflets.yaml").write_text(
        "content: [content/short.yaml, content/content-example.yaml]\n"
        "brands:\n  - brands/*.yaml\nformats: [letter]\noutput: out\njobs: 2\n",
        encoding="utf-8",
    )
    cli("batch", "--file", "leaflets.yaml")
    assert cli.code == 0, cli.err
    assert len(pdfs(inputs / "out")) == 6
    assert (inputs / "out" / "example" / "content-example-letter.pdf").is_file()


def test_a_mistake_in_a_batch_file_is_located(cli, inputs):
    (inputs / "leaflets.yaml").write_text("content: [content/short.yaml]\nbrand: [x]\njobs: 0\n", encoding="utf-8")
    cli("batch", "--file", "leaflets.yaml")
    assert cli.code == 1
    assert "leaflets.yaml:2:1: unknown field 'brand' in a batch file" in cli.err
    assert "leaflets.yaml:3:7: 'jobs' must be a whole number" in cli.err


def test_nothing_matching_is_bad_input_and_no_content_is_misuse(cli, inputs):
    cli("batch", "content/nothing-*.yaml")
    assert cli.code == 1
    assert "no content file matches 'content/nothing-*.yaml'" in cli.err
    assert cli("batch").code == 2
    assert cli("batch", "content", "--jobs", "0").code == 2
    assert cli("batch", "content", "--format", "a3").code == 2


def test_two_inputs_that_would_write_the_same_file_are_refused(cli, inputs):
    (inputs / "other").mkdir()
    shutil.copy(inputs / "content" / "short.yaml", inputs / "other")
    cli("batch", "content/short.yaml", "other/short.yaml")
    assert cli.code == 1
    assert "would both write output/default/short-a4.pdf" in cli.err
    assert not (inputs / "output").exists()


def test_progress_is_a_bar_on_a_terminal_and_plain_lines_otherwise():
    results = [batch.Result("b/x-a4.pdf", "built"), batch.Result("b/y-a4.pdf", "failed", "bad")]
    bar, lines = io.StringIO(), io.StringIO()
    tty, plain = batch.Progress(2, bar, tty=True), batch.Progress(2, lines, tty=False)
    for r in results:
        tty(r, Path("output"))
        plain(r, Path("output"))
    assert bar.getvalue().split("\r")[-1] == "[##############################] 2/2  built 1  skipped 0  failed 1\n"
    assert lines.getvalue() == "built output/b/x-a4.pdf\nfailed output/b/y-a4.pdf\n"


def test_parsed_brands_and_contents_are_loaded_once_per_process(inputs, monkeypatch):
    calls = []
    import leaflet.load as load

    real = load.load_brand
    monkeypatch.setattr(load, "load_brand", lambda *a: calls.append(a) or real(*a))
    batch.cache.brands.clear()
    jobs = batch.plan(
        batch.expand([inputs / "content"], "content"),
        [inputs / "brands" / "harbour-skin.yaml"],
        ["a4", "letter"],
        inputs / "output",
    )
    summary = batch.run(jobs, inputs / "output", workers=1)
    assert [r.status for r in summary.results] == ["built"] * 6
    assert len(calls) == 1


def test_a_folder_another_worker_makes_at_the_same_moment_is_not_an_error(tmp_path, monkeypatch):
    """Two batch workers can both find output/<brand>/ missing and both make it: the second must
    write its PDF all the same (this failed one leaflet in a hundred in the benchmark)."""
    from pathlib import Path

    from leaflet.output import write_atomic

    real_mkdir = Path.mkdir

    def raced(self, *args, **kwargs):
        real_mkdir(self, *args, **kwargs)  # the other worker got there first
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", raced)
    target = tmp_path / "out" / "brand" / "x.pdf"
    assert write_atomic(b"%PDF-1.4\n", target) == target
    assert target.read_bytes() == b"%PDF-1.4\n"


# ---------------------------------------------------------------- one leaflet's failure is its own


@pytest.mark.parametrize("where", ["load", "lint", "build", "store"])
def test_any_error_in_one_leaflet_fails_only_that_leaflet(inputs, monkeypatch, where):
    """Whatever breaks for one leaflet (a bug in leaflet included) is that leaflet's failure: the
    others are built, and the manifest is written."""
    contents = [inputs / "content" / "short.yaml", inputs / "content" / "content-example.yaml"]
    victim = contents[0]

    def breaks(real):
        def call(*args, **kwargs):
            if any(isinstance(a, Path) and a == victim for a in args) or any(
                getattr(a, "content", None) == victim for a in args
            ):
                raise OverflowError("int too large to convert to float")
            return real(*args, **kwargs)

        return call

    if where == "store":
        import leaflet.load as load

        monkeypatch.setattr(load, "input_files", breaks(load.input_files))
    elif where == "build":  # the layout of the victim's prepared text
        import leaflet.layout as layout

        real = layout.lay_out

        def lay_out(prepared, *rest):
            if prepared.leaflet.title == "A short leaflet":
                raise OverflowError("int too large to convert to float")
            return real(prepared, *rest)

        monkeypatch.setattr(layout, "lay_out", lay_out)
    else:
        target = {"load": "load_leaflet", "lint": "checked"}[where]
        monkeypatch.setattr(batch.cache, target, breaks(getattr(batch.cache, target)))
    batch.cache.clear()
    jobs = batch.plan(contents, [None], ["a4"], inputs / "output")
    summary = batch.run(jobs, inputs / "output", workers=1)
    assert [r.status for r in summary.results] == ["failed", "built"], summary.text(inputs / "output")
    assert "internal error: OverflowError" in summary.results[0].message
    assert json.loads((inputs / "output" / "manifest.json").read_text())["outputs"].keys() == {jobs[1].key}


def test_a_400_digit_price_fails_its_own_leaflet_at_its_line(cli, inputs):
    (inputs / "content" / "huge.yaml").write_text(
        "title: Huge\npublished: 2026-09-01\nreview_by: 2027-09-01\nsections:\n  - heading: Cost\n    prices:\n"
        "      - item: One\n        price: " + "9" * 400 + "\n",
        encoding="utf-8",
    )
    cli("batch", "content", "--jobs", "1")
    assert cli.code == 1
    assert "3 built" in cli.err and "1 failed" in cli.err, cli.err
    assert "huge.yaml:8:16: this number is 400 characters long" in cli.err and "internal error" not in cli.err


# ---------------------------------------------------------------- a damaged manifest means "build again"


@pytest.mark.parametrize(
    "damage, why",
    [
        (b"[" * 400_000, "it is nested too deeply"),
        (b"{" + b'"a":0,' * 1_100_000 + b'"b":0}', "the 'manifest values' limit"),
        (b'{"version": 1, "outputs": [1, 2]}', "it has no 'outputs'"),
        (b"\xff\xfe not json", "it is not a manifest leaflet wrote"),
        (
            b'{"version": 1, "outputs": {"default/x.pdf": {"config": 5}, "default/y.pdf": []}}',
            "2 entries of the wrong shape",
        ),
        (b'{"version": 1, "outputs": {}, "failed": [1]}', "its 'failed' is not a table of leaflets"),
        (
            b'{"version": 1, "outputs": {}, "failed": {"default/x.pdf": {"message": 5, "older_pdf_on_disk": 1}}}',
            "1 entry of the wrong shape",
        ),
    ],
)
def test_a_damaged_manifest_is_a_warning_and_everything_is_built_again(cli, inputs, damage, why):
    (inputs / "output").mkdir()
    (inputs / "output" / "manifest.json").write_bytes(damage)
    cli("batch", "content/short.yaml", "--jobs", "1")
    assert cli.code == 0, cli.err
    assert "1 built" in cli.out and "warning: output/manifest.json could not be used as it was: " in cli.out
    assert why in cli.out.split("could not be used as it was: ")[1].splitlines()[0], cli.out
    written = json.loads((inputs / "output" / "manifest.json").read_text())
    assert list(written["outputs"]) == ["default/short-a4.pdf"]
    cli("batch", "content/short.yaml", "--jobs", "1")
    assert "1 skipped" in cli.out and "could not be used" not in cli.out


def test_the_manifest_is_never_written_over_its_own_limit(inputs, monkeypatch):
    from leaflet.limits import Limit

    jobs = batch.plan([inputs / "content" / "short.yaml"], [None], ["a4"], inputs / "output")
    batch.run(jobs, inputs / "output", workers=1)
    manifest, _, _ = batch.read_manifest(inputs / "output")
    others = {f"other/{i}.pdf": manifest[jobs[0].key] for i in range(20)}
    small = Limit("manifest", len(json.dumps(manifest, indent=2)) + 2_000, "bytes", "", "")
    monkeypatch.setattr(batch.manifest, "MANIFEST_BYTES", small)
    note = batch.write_manifest(inputs / "output", {**manifest, **others}, {jobs[0].key})
    assert note == "it would have been over its limit, so it keeps only this run's leaflets"
    assert (inputs / "output" / "manifest.json").stat().st_size <= small.value
    assert list(json.loads((inputs / "output" / "manifest.json").read_text())["outputs"]) == [jobs[0].key]
    monkeypatch.setattr(batch.manifest, "MANIFEST_BYTES", Limit("manifest", 100, "bytes", "", ""))
    before = (inputs / "output" / "manifest.json").read_bytes()
    assert "it was not written" in batch.write_manifest(inputs / "output", manifest, {jobs[0].key})
    assert (inputs / "output" / "manifest.json").read_bytes() == before


# ---------------------------------------------------------------- what the layout could not avoid


def test_the_summary_lists_what_each_formats_layout_could_not_avoid_as_build_does(cli, inputs, capsys):
    """The page breaks' findings (LF6xx) differ by format: the summary names the PDF they are in,
    in the words `leaflet build` prints for that PDF."""
    cli("batch", "content/mesotherapy-rejuvenation.yaml", "--format", "a5-booklet", "a4", "--large-print", "-j", "1")
    assert cli.code == 0, cli.err
    summary = cli.out.split("warnings (", 1)[1]
    booklet = "output/default/mesotherapy-rejuvenation-a5-booklet-large-print.pdf"
    assert f"    in {booklet}:\n" in summary
    listed = summary.split(f"    in {booklet}:\n", 1)[1]
    cli("build", "content/mesotherapy-rejuvenation.yaml", "--format", "a5-booklet", "--large-print", "-o", "one.pdf")
    assert cli.code == 0, cli.err
    layout = [line for line in cli.err.splitlines() if " LF6" in line]
    assert layout and any(" LF601 warning: " in line for line in layout)
    for line in layout:  # each of build's layout findings, under that PDF, in build's words
        assert f"        {line}\n" in listed, (line, summary)
    assert summary.count(" LF601 ") == sum(" LF601 " in line for line in layout)  # not under the A4 one
