"""The one build pipeline (leaflet/pipeline.py): every command builds, checks and refuses a leaflet
the same way, because they all go through it."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

import leaflet
from leaflet import batch
from leaflet.load import load_brand, load_leaflet
from leaflet.pipeline import Pipeline

from conftest import FORMAT, ROOT

CONTENT, BRAND = FORMAT / "content-example.yaml", FORMAT / "brand-example.yaml"
FINDING = re.compile(r"^\S.*: LF\d{3} (error|warning|info): ")  # a finding's first line, as `check` prints it


def _signed(tmp_path: Path, kind: str = "clinical") -> Path:
    """The format example, copied beside its brand, with a sign-off of ``kind``."""
    data = yaml.safe_load(CONTENT.read_text(encoding="utf-8"))
    data["sign_off"] = [
        {"name": "Dr A. Example", "role": "consultant dermatologist", "date": dt.date(2026, 11, 25), "kind": kind}
    ]
    path = tmp_path / "signed.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# ---------------------------------------------------------------- the library API: one or the other


def test_build_takes_a_leaflet_or_a_prepared_text_never_both():
    content, brand = load_leaflet(CONTENT, str(CONTENT)), load_brand(BRAND, str(BRAND))
    prepared = leaflet.prepare(content, brand)
    other = leaflet.prepare(content)  # the built-in brand: a different text, which `build` must not pick quietly
    assert leaflet.build(prepared=prepared) == leaflet.build(content, brand)
    for call in (leaflet.build, leaflet.build_with_report):
        with pytest.raises(TypeError, match="not both"):
            call(content, brand, prepared=other)
        with pytest.raises(TypeError, match="not both"):
            call(content, prepared=other)
        with pytest.raises(TypeError, match="give a leaflet"):
            call()
    from leaflet.consent import consent_pdf

    with pytest.raises(TypeError, match="not both"):
        consent_pdf(content, brand, prepared=other)


# ---------------------------------------------------------------- every command, the same bytes and findings


def test_build_batch_studio_and_the_pipeline_give_the_same_bytes(cli, tmp_path):
    """`leaflet build`, `leaflet batch`, the studio's engine and the library all make one PDF."""
    from leaflet.studio.engine import Engine
    from leaflet.studio.folders import Folders

    cli("build", CONTENT, "--brand", BRAND, "-o", tmp_path / "built.pdf")
    assert cli.code == 0, cli.err
    cli("batch", CONTENT, "--brand", BRAND, "-o", tmp_path / "batch", "--jobs", "1")
    assert cli.code == 0, cli.err
    content, brand = load_leaflet(CONTENT, str(CONTENT)), load_brand(BRAND, str(BRAND))
    engine = Engine(Folders(FORMAT, FORMAT))
    studio = engine.pdf(CONTENT, content, brand, leaflet.BuildOptions())
    piped = Pipeline().build(content, brand).pdf
    built = (tmp_path / "built.pdf").read_bytes()
    assert (tmp_path / "batch" / "brand-example" / "content-example-a4.pdf").read_bytes() == built
    assert studio == built and piped == built and leaflet.build_files(CONTENT, BRAND) == built


def test_check_the_studio_and_a_batch_report_the_same_findings(cli, tmp_path):
    """The rules run once, on the text the layout sets: `leaflet check` lists what the studio
    shows and the warnings a batch prints."""
    from leaflet.studio.engine import Engine
    from leaflet.studio.folders import Folders

    cli("check", CONTENT, "--brand", BRAND, "--format", "dl-trifold")
    assert cli.code == 0, cli.err
    checked = [line for line in cli.out.splitlines() if FINDING.match(line)]
    content, brand = load_leaflet(CONTENT, str(CONTENT)), load_brand(BRAND, str(BRAND))
    options = leaflet.BuildOptions(format="dl-trifold")
    outcome = Pipeline(options).check(content, brand)
    assert [str(f).splitlines()[0] for f in outcome.findings().findings] == checked
    notes = Engine(Folders(FORMAT, FORMAT)).findings(CONTENT, content, brand, options)
    lint_only = [str(f).splitlines()[0] for f in outcome.report.findings]  # the studio shows no LF6xx
    assert [f"{n.where}: {n.code} {n.severity}: {n.message}" for n in notes] == lint_only
    cli("batch", CONTENT, "--brand", BRAND, "-o", tmp_path / "batch", "--jobs", "1", "--format", "dl-trifold")
    warned = [line.strip() for line in cli.out.splitlines() if FINDING.match(line.strip())]
    assert warned == [line for line in lint_only if " warning: " in line]


def test_a_character_no_font_has_stops_the_layout_in_check_and_studio(tmp_path):
    """LF401 is the one rule that stops the layout even in `check`: it would refuse the same character."""
    data = yaml.safe_load(CONTENT.read_text(encoding="utf-8"))
    data["sections"][0]["text"] += " \U0001f9ea"  # a test tube: in no font leaflet ships
    path = tmp_path / "glyph.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    laid_out = []
    pipeline = Pipeline(laid_out=lambda prepared: laid_out.append(prepared) or (b"", None))
    outcome = pipeline.check(load_leaflet(path, str(path)))
    assert "LF401" in [f.code for f in outcome.report.errors] and outcome.pdf is None and laid_out == []
    with pytest.raises(leaflet.LeafletError, match="LF401"):
        pipeline.build(load_leaflet(path, str(path)))
    assert laid_out == []


# ---------------------------------------------------------------- the release gate, in every command


def test_batch_release_refuses_a_leaflet_without_clinical_sign_off_and_builds_a_signed_one(cli, tmp_path):
    signed = _signed(tmp_path)
    cli("batch", CONTENT, signed, "--brand", BRAND, "-o", tmp_path / "out", "--jobs", "1")
    assert cli.code == 0 and "2 built" in cli.out, cli.err
    # built without --release, so built again with it: the manifest records which it was
    cli("batch", CONTENT, signed, "--brand", BRAND, "-o", tmp_path / "out", "--jobs", "1", "--release")
    assert cli.code == 1
    assert "2 leaflets: 1 built, 0 skipped (unchanged), 1 failed" in cli.err, cli.err
    refused = cli.err.split("FAILED ")[1]
    assert refused.startswith(str(tmp_path / "out" / "brand-example" / "content-example-a4.pdf"))
    assert "LF108 warning" in refused and "a leaflet for release needs a clinical sign-off" in refused
    cli("batch", signed, "--brand", BRAND, "-o", tmp_path / "out2", "--jobs", "1", "--release")
    assert cli.code == 0 and "1 built" in cli.out, cli.out + cli.err
    assert (tmp_path / "out2" / "brand-example" / "signed-a4.pdf").read_bytes() == (
        tmp_path / "out" / "brand-example" / "signed-a4.pdf"
    ).read_bytes()
    cli("batch", signed, "--brand", BRAND, "-o", tmp_path / "out2", "--jobs", "1", "--release")
    assert cli.code == 0 and "1 skipped" in cli.out, cli.out + cli.err


def test_a_batch_that_builds_nothing_writes_nothing(cli, tmp_path):
    """Every leaflet refused: no output folder, no manifest."""
    cli("batch", CONTENT, "--brand", BRAND, "-o", tmp_path / "out" / "release", "--jobs", "1", "--release")
    assert cli.code == 1 and "1 leaflet: 0 built, 0 skipped (unchanged), 1 failed" in cli.err, cli.err
    assert "a leaflet for release needs a clinical sign-off" in cli.err
    assert not (tmp_path / "out").exists()
    assert "NOT FROM THIS RUN" not in cli.err  # no PDF there, so none to warn about


def test_a_refused_leaflet_leaves_an_older_pdf_and_both_summary_and_manifest_say_it_is_not_current(cli, tmp_path):
    """Some refused: the others are built and the manifest records the refusals. A PDF an earlier
    run left at a refused leaflet's output is never deleted, but is named as not from this run."""
    signed, out = _signed(tmp_path), tmp_path / "out"
    cli("batch", CONTENT, signed, "--brand", BRAND, "-o", out, "--jobs", "1")
    assert cli.code == 0, cli.err
    older = out / "brand-example" / "content-example-a4.pdf"
    before = older.read_bytes()
    cli("batch", CONTENT, signed, "--brand", BRAND, "-o", out, "--jobs", "1", "--release")
    assert cli.code == 1 and "1 built" in cli.err and "1 failed" in cli.err, cli.err
    assert older.read_bytes() == before  # the user's file, left as it was
    assert f"failed {older} (the PDF there is from an earlier run, not this one)" in cli.err
    warning = cli.err.split("NOT FROM THIS RUN: ", 1)[1].splitlines()
    assert warning[0].startswith("1 PDF left by an earlier run, not rebuilt now; do not print or send it")
    assert warning[1] == f"    {older}"
    manifest = json.loads((out / "manifest.json").read_text())
    assert list(manifest["outputs"]) == ["brand-example/signed-a4.pdf"]  # never vouches for the older PDF
    refused = manifest["failed"]["brand-example/content-example-a4.pdf"]
    assert (
        refused["older_pdf_on_disk"] is True and "a leaflet for release needs a clinical sign-off" in refused["message"]
    )

    # all refused, into a folder with a manifest: the manifest is kept true, nothing else written
    cli("batch", CONTENT, "--brand", BRAND, "-o", out, "--jobs", "1", "--release", "--force")
    assert cli.code == 1 and "NOT FROM THIS RUN" in cli.err
    assert older.read_bytes() == before
    assert json.loads((out / "manifest.json").read_text()) == manifest
    # signed off and built: no longer listed as refused
    data = yaml.safe_load(signed.read_text(encoding="utf-8"))
    content = tmp_path / "content-example.yaml"
    content.write_text(yaml.safe_dump({**data, "title": "Now signed"}, sort_keys=False), encoding="utf-8")
    cli("batch", content, "--brand", BRAND, "-o", out, "--jobs", "1", "--release")
    assert cli.code == 0 and "NOT FROM THIS RUN" not in cli.out + cli.err, cli.err
    manifest = json.loads((out / "manifest.json").read_text())
    assert "failed" not in manifest and older.read_bytes() != before


def test_watch_release_refuses_until_a_clinician_signs_it_off(tmp_path):
    import io

    from leaflet.watch import watch

    path = _signed(tmp_path, kind="editorial")
    out, err = io.StringIO(), io.StringIO()
    signs = iter(
        [
            lambda: path.write_text(
                path.read_text(encoding="utf-8").replace("kind: editorial", "kind: clinical"), encoding="utf-8"
            )
        ]
    )

    def sleep(_):
        next(signs, lambda: None)()

    watch(path, BRAND, output=tmp_path / "out.pdf", release=True, max_rebuilds=1, sleep=sleep, out=out, err=err)
    assert "build failed" in err.getvalue() and "needs a clinical sign-off" in err.getvalue()
    assert "rebuilt" in out.getvalue() and (tmp_path / "out.pdf").exists()


def test_cli_build_watch_passes_release(cli, monkeypatch, tmp_path):
    import leaflet.watch

    seen = {}
    monkeypatch.setattr(leaflet.watch, "watch", lambda *a, **k: seen.update(k) or 0)
    cli("build", CONTENT, "--watch", "--release")
    assert cli.code == 0 and seen["release"] is True


# ---------------------------------------------------------------- smaller rooms


def _imports(module: Path, package: str) -> set[str]:
    """The leaflet modules ``module`` imports, at the top or inside functions, as dotted names."""
    found = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            names = [f"{target}.{a.name}" for a in node.names] + [target]
            found.update(names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("leaflet"))
    return found


@pytest.mark.parametrize("folder", ["batch", "text"])
def test_no_module_imports_one_that_imports_it(folder):
    """batch/ (plan, cache, build, manifest, cluster, run) and text/ import in one direction only."""
    package = f"leaflet.{folder}"
    modules = {f"{package}.{p.stem}": p for p in (ROOT / "leaflet" / folder).glob("*.py") if p.stem != "__init__"}
    graph = {name: {m for m in _imports(path, package) if m in modules and m != name} for name, path in modules.items()}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in graph[start])

    circles = sorted(f"{a} <-> {b}" for a in graph for b in graph[a] if reaches(b, a, {b}))
    assert circles == []


def test_a_batch_process_remembers_a_bounded_number_of_things():
    from leaflet.caching import Bounded

    stores = [batch.cache.hashes, batch.cache.brands, batch.cache.contents, batch.cache.checks]
    assert all(isinstance(store, Bounded) for store in stores)
    store: Bounded[int] = Bounded(3)
    made = []
    for key in [1, 2, 3, 1, 4, 5, 1]:
        store.get(key, lambda k=key: made.append(k) or k)
    assert len(store) == 3 and made == [1, 2, 3, 4, 5]  # 1, used most recently, was never forgotten
    store.get(2, lambda: made.append(2) or 2)
    assert made[-1] == 2  # 2 was forgotten, and is made again
