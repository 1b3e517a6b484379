"""`leaflet build --watch`: rebuilds after a change, prints errors and goes on. Driven without sleeping:
the loop's ``sleep`` is replaced by a step that edits the files, as an author would."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from leaflet.watch import watch

from conftest import BRANDS, MESO


@pytest.fixture
def files(tmp_path) -> Path:
    shutil.copy(MESO, tmp_path / "meso.yaml")
    shutil.copy(BRANDS / "harbour-skin.yaml", tmp_path)
    shutil.copy(BRANDS / "harbour-skin-logo.svg", tmp_path)
    return tmp_path


def run(files: Path, edits: list, **kwargs) -> tuple[str, str, list[bytes]]:
    """Watch, making one edit per poll; the PDF as it was after each build."""
    out, err, snapshots = io.StringIO(), io.StringIO(), []
    pdf = files / "out.pdf"
    steps = iter(edits)

    def sleep(seconds):
        snapshots.append(pdf.read_bytes() if pdf.exists() else b"")
        next(steps, lambda: None)()

    code = watch(
        files / "meso.yaml",
        files / "harbour-skin.yaml",
        output=pdf,
        poll=0.001,
        sleep=sleep,
        out=out,
        err=err,
        **kwargs,
    )
    assert code == 0
    snapshots.append(pdf.read_bytes() if pdf.exists() else b"")
    return out.getvalue(), err.getvalue(), snapshots


def test_a_new_logo_rebuilds_the_pdf(files):
    def new_logo():
        logo = files / "harbour-skin-logo.svg"
        logo.write_text(logo.read_text(encoding="utf-8").replace("#E07A5F", "#C0392B"), encoding="utf-8")

    out, err, pdfs = run(files, [new_logo], max_rebuilds=1)
    assert "built" in out and "rebuilt" in out.splitlines()[1]
    assert pdfs[0].startswith(b"%PDF-") and pdfs[-1].startswith(b"%PDF-")
    assert pdfs[0] != pdfs[-1]
    assert "watching" in err


def test_nothing_changed_means_no_rebuild(files):
    polls = []
    out, err, pdfs = run(files, [lambda: polls.append(1)] * 5 + [lambda: (files / "meso.yaml").touch()], max_rebuilds=1)
    assert len(polls) == 5
    assert out.count("rebuilt") == 1
    assert pdfs[0] == pdfs[-1]  # the same inputs, the same bytes


def test_an_error_is_printed_and_watching_goes_on(files):
    good = (files / "harbour-skin.yaml").read_text()

    def break_brand():
        (files / "harbour-skin.yaml").write_text(good.replace('"#0B5563"', '"#0B556"'))

    def fix_brand():
        (files / "harbour-skin.yaml").write_text(good.replace('"#0B5563"', '"#1F4D3A"'))

    out, err, pdfs = run(files, [break_brand, fix_brand], max_rebuilds=2)
    assert "harbour-skin.yaml:" in err and "waiting for a change" in err
    assert "Traceback" not in err
    assert out.count("rebuilt") == 1
    assert pdfs[1] == pdfs[0]  # the broken brand left the last good PDF in place
    assert pdfs[-1] != pdfs[0]


def test_watch_with_preview_writes_pictures_too(files):
    out, err, _ = run(files, [], max_rebuilds=0, preview=True)
    assert (files / "out-page-1.png").is_file()
    assert "out-page-1.png" in out
