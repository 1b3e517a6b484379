"""A clone of the repository alone builds and passes its tests: nothing in it reaches outside its root."""

from __future__ import annotations

import subprocess

import pytest

from conftest import FORMAT, ROOT

# Spelled in parts, so this file does not itself name the folder outside the repository.
OUTSIDE = ("/".join(["..", "shared"]), " / ".join(["parent", '"shared"']))


def _tracked_files() -> list[str]:
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        pytest.skip("not a git checkout")
    return [name for name in listed.stdout.decode().split("\0") if name]


def test_no_file_of_the_repository_names_a_folder_outside_it():
    reaching_out = []
    for name in _tracked_files():
        path = ROOT / name
        if path.suffix in {".png", ".ttf", ".otf", ".pdf", ".mo"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if any(spelling in text for spelling in OUTSIDE):
            reaching_out.append(name)
    assert reaching_out == []


def test_the_pinned_format_examples_are_in_the_repository():
    for name in ("content-example.yaml", "brand-example.yaml", "brand-example-logo.png"):
        assert (FORMAT / name).is_file(), name
    assert FORMAT.resolve().is_relative_to(ROOT.resolve())
