"""The rules as the command line runs them: `check` reports; what stops a build (LintError) says so."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import LeafletError
from ..layout.options import LayoutOptions
from ..message_numbers import plural
from ..pipeline import Pipeline
from . import Report
from .findings import Finding, from_problem


class LintError(LeafletError):
    """Errors found by the rules: printed like every other bad input, with their codes; a build
    they stop says so, so nobody goes looking for a PDF."""

    def __init__(self, findings: list[Finding], stopped_build: bool = False, release: bool = False):
        self.findings, self.stopped_build, self.release = findings, stopped_build, release
        super().__init__([])

    def __str__(self) -> str:
        text = "\n".join(str(f) for f in self.findings)
        if self.release:
            text += (
                "\nleaflet: nothing was written: a leaflet for release needs a clinical sign-off\n"
                "    Ask a clinician to review it and record them under 'sign_off:' with 'kind: clinical'; "
                "without --release it builds, and prints that no clinician has reviewed it."
            )
        elif self.stopped_build:
            count = len(self.findings)
            text += (
                f"\nleaflet: nothing was written: {plural(count, 'error')} stopped the build\n"
                f"    Fix {'it' if count == 1 else 'them'} and build again (warnings alone never stop a "
                "build); `leaflet check` lists every finding."
            )
        return text


def check(
    name: str,
    load: Callable[[], tuple],
    options: LayoutOptions = LayoutOptions(),
    *,
    strict: bool = False,
    output_format: str = "text",
    release: bool = False,
) -> int:
    """`leaflet check`: every finding, a summary line, and exit 1 on errors (or warnings if strict).

    The leaflet is laid out as `build` would, with ``options`` (pipeline.Pipeline.check), so
    problems only the layout finds are reported too (LF6xx, and what it refuses as LF000). The
    report is what `check` is for, so all of it goes to stdout (`leaflet check x | grep LF204`
    sees every finding): text, the findings most serious first, each with a hint, then the
    summary; or JSON, one document whatever happened. The exit code says whether it passed. A file
    that does not load is bad input, reported on stderr as every command reports it.
    """
    if output_format == "json":  # one document on stdout whatever happens, so a program can always read it
        try:
            leaflet, brand = load()
            report = Pipeline(options).check(leaflet, brand).findings()
        except LeafletError as exc:  # the file does not load, or a {{ name }} is unknown
            report = Report(findings=[from_problem("LF000", p) for p in exc.problems])
        except Exception as exc:  # a bug in leaflet, reported as such rather than as silence
            report = Report(
                findings=[
                    Finding(
                        "LF000",
                        f"internal error: {type(exc).__name__}: {exc}",
                        name,
                        hint="This is a bug in leaflet, not in your files; please report it.",
                    )
                ]
            )
        print(report.as_json(name, strict, release))
        return 1 if report.failed(strict, release) else 0
    leaflet, brand = load()  # a file that does not load is reported as every bad input is
    report = Pipeline(options).check(leaflet, brand).findings()
    for finding in report.findings:
        print(finding)
    failed = report.failed(strict, release)
    verdict = "FAILED" if failed else "OK"
    if release and report.blockers and not report.failed(strict):
        verdict = "FAILED (not ready for release: no clinical sign-off)"
    print(f"{name}: {verdict}: {report.summary()}")
    return 1 if failed else 0
