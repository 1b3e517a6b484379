"""A clone of the repository alone builds and passes its tests: nothing in it reaches outside its root."""
from __future__ import annotations

import subprocess

import pytest

from conftest import FORMAT, ROOT

OUTSIDE = ".." + "/shared"  # spelled in two parts so this file does not name it


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
        if OUTSIDE in text or 'parent / "' + 'shared"' in text:
            reaching_out.append(name)
    assert reaching_out == []


def test_the_pinned_format_examples_are_in_the_repository():
    for name in ("content-example.yaml", "brand-example.yaml", "brand-example-logo.png"):
        assert (FORMAT / name).is_file(), name
    assert FORMAT.resolve().is_relative_to(ROOT.resolve())


def test_the_readme_is_short_and_every_link_in_it_leads_somewhere():
    """The README is the way in (under 300 lines); the rest is the docs/ site, which `mkdocs build --strict`
    checks in .ci/run. The README's own relative links and pictures are checked here."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 300
    targets = re.findall(r"\]\(([^)\s]+)\)", readme)
    local = [t.split("#")[0] for t in targets if not re.match(r"[a-z]+:", t)]
    assert "docs/safety.md" in local and "docs/a4-page-1.png" in local
    assert [t for t in local if not (ROOT / t).exists()] == []


def test_every_documentation_page_is_in_the_site_navigation():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = sorted(p.name for p in (ROOT / "docs").glob("*.md"))
    assert pages and [p for p in pages if f": {p}" not in nav] == []
