"""The rules as the command line runs them: `check` reports, `build` stops on errors."""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import LeafletError
from ..load import DEFAULT_BRAND, Brand, Leaflet
from ..wording import plural
from . import Report, lint
from .findings import Finding, from_problem
from .layout_rules import layout_findings

if TYPE_CHECKING:
    from ..text.prepare import Prepared


class LintError(LeafletError):
    """Errors found by the rules: printed like every other bad input, with their codes; a build
    they stop says so, so nobody goes looking for a PDF."""

    def __init__(self, findings: list[Finding], stopped_build: bool = False, release: bool = False):
        self.findings, self.stopped_build, self.release = findings, stopped_build, release
        super().__init__([])

    def __str__(self) -> str:
        text = "\n".join(str(f) for f in self.findings)
        if self.release:
            text += ("\nleaflet: nothing was written: a leaflet for release needs a clinical sign-off\n"
                     "    Ask a clinician to review it and record them under 'sign_off:' with 'kind: clinical'; "
                     "without --release it builds, and prints that no clinician has reviewed it.")
        elif self.stopped_build:
            count = len(self.findings)
            text += (f"\nleaflet: nothing was written: {plural(count, 'error')} stopped the build\n"
                     f"    Fix {'it' if count == 1 else 'them'} and build again (warnings alone never stop a "
                     "build); `leaflet check` lists every finding.")
        return text


def gate(leaflet: Leaflet, brand: Brand | None, prepared: Prepared | None = None, release: bool = False) -> Report:
    """For `build`: raise on any error (nothing is written); print warnings to stderr. ``prepared``:
    the build's own preparation of the leaflet (lint's). ``release``: raise on what stops a
    release too (no clinical sign-off)."""
    report = lint(leaflet, brand, prepared=prepared)
    if report.errors:
        raise LintError(report.errors, stopped_build=True)
    if release and report.blockers:
        raise LintError(report.blockers, stopped_build=True, release=True)
    for finding in report.findings:
        if finding.severity == "warning":
            print(finding, file=sys.stderr)
    return report


def warn_layout(leaflet: Leaflet, layout, switched_off: dict[str, str]) -> None:
    """For `build`: what the layout could not avoid (LF6xx), as warnings on stderr."""
    for finding in layout_findings(leaflet, layout):
        if finding.code not in switched_off:
            print(finding, file=sys.stderr)


def check(name: str, load: Callable[[], tuple], layout: Callable[[Leaflet, Brand | None, Prepared], object],
          *, strict: bool = False, output_format: str = "text", release: bool = False) -> int:
    """`leaflet check`: every finding, a summary line, and exit 1 on errors (or warnings if strict).

    The leaflet is laid out as `build` would, so problems only the layout finds are reported too
    (``layout`` lays out the text the rules read, prepared once, and returns its LayoutReport:
    LF6xx). The report is what `check` is for, so all of it goes to stdout (`leaflet check x | grep
    LF204` sees every finding): text, the findings most serious first, each with a hint, then the
    summary; or JSON, one document whatever happened. The exit code says whether it passed. A file
    that does not load is bad input, reported on stderr as every command reports it.
    """
    if output_format == "json":  # one document on stdout whatever happens, so a program can always read it
        try:
            leaflet, brand = load()
            report = _lint_and_lay_out(leaflet, brand, layout)
        except LeafletError as exc:  # the file does not load, or a {{ name }} is unknown
            report = Report(findings=[from_problem("LF000", p) for p in exc.problems])
        except Exception as exc:  # a bug in leaflet, reported as such rather than as silence
            report = Report(findings=[Finding("LF000", f"internal error: {type(exc).__name__}: {exc}", name,
                                              hint="This is a bug in leaflet, not in your files; please report it.")])
        print(report.as_json(name, strict, release))
        return 1 if report.failed(strict, release) else 0
    leaflet, brand = load()  # a file that does not load is reported as every bad input is
    report = _lint_and_lay_out(leaflet, brand, layout)
    for finding in report.findings:
        print(finding)
    failed = report.failed(strict, release)
    verdict = "FAILED" if failed else "OK"
    if release and report.blockers and not report.failed(strict):
        verdict = "FAILED (not ready for release: no clinical sign-off)"
    print(f"{name}: {verdict}: {report.summary()}")
    return 1 if failed else 0


def _lint_and_lay_out(leaflet: Leaflet, brand: Brand | None, layout: Callable) -> Report:
    """The rules, then the whole layout as a build does it; a layout problem is an LF000 error.

    With a character no font has (LF401) the layout would only refuse the same character again.
    """
    from ..text.prepare import prepare

    prepared = prepare(leaflet, brand or DEFAULT_BRAND)
    report = lint(leaflet, brand, prepared=prepared)
    if not any(f.code == "LF401" for f in report.findings):
        try:
            laid_out = layout(leaflet, brand, prepared)
        except LeafletError as exc:
            found = [from_problem("LF000", p) for p in exc.problems]
        else:
            found = [f for f in layout_findings(leaflet, laid_out) if f.code not in report.switched_off]
        report.findings = sorted(report.findings + found, key=Finding.sort_key)
    return report
