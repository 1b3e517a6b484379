"""One build, as every command runs it: load, prepare, the lint gate, lay out, report.

`leaflet build`, `--watch`, `preview`, `check`, `consent`, `batch` (its local workers and a cluster's),
and the studio all go through :class:`Pipeline`, so they refuse the same leaflets, in the same words,
and lay out the same text into the same bytes::

    pipeline = Pipeline(options, release=True)
    leaflet, brand = pipeline.load(content, brand_path)
    outcome = pipeline.build(leaflet, brand)       # raises on an error (LintError) or a refusal
    outcome.pdf, outcome.report, outcome.layout_warnings()

    outcome = pipeline.check(leaflet, brand)       # `leaflet check`: never raises for the layout
    outcome.findings()                             # the rules' findings and the layout's, sorted

The text is prepared once (``text.prepare``) and both the rules and the layout read it. A character
no font has (LF401) stops the layout in ``check`` too: it would only refuse the same character again.
What differs between callers is what they keep: the batch remembers loads and lints per process,
the studio remembers PDFs per request; they say so through ``load_leaflet``, ``load_brand``,
``checked`` and ``laid_out``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import LeafletError, Problem
from .layout.options import LayoutOptions

if TYPE_CHECKING:
    from .layout.report import LayoutReport
    from .lint import Report
    from .lint.findings import Finding
    from .load import Brand, Leaflet
    from .text.prepare import Prepared

# A character no font has: the layout would only refuse it again.
STOPS_LAYOUT = "LF401"


@dataclass(frozen=True)
class Checked:
    """A leaflet prepared for a brand, and the rules' report on exactly that text."""

    prepared: Prepared
    report: Report


@dataclass
class Outcome:
    """What one leaflet came to: its text, the rules' report and (unless stopped) its PDF."""

    leaflet: Leaflet  # as loaded: what the rules and the messages point into
    brand: Brand | None  # None: the built-in brand
    prepared: Prepared
    report: Report
    pdf: bytes | None = None
    layout: LayoutReport | None = None  # what the page breaks could not avoid (None for a consent form)
    refused: list[Problem] = field(default_factory=list)  # check: what the layout refused

    def layout_warnings(self) -> list[Finding]:
        """What the layout could not avoid (LF6xx), less the rules the file switches off."""
        if self.layout is None:
            return []
        from .lint.layout_rules import layout_findings

        return [f for f in layout_findings(self.leaflet, self.layout) if f.code not in self.report.switched_off]

    def findings(self) -> Report:
        """`leaflet check`'s report: the rules' findings, the layout's (LF6xx), and each layout
        refusal as an LF000 error, most serious first (a copy: the rules' report may be shared)."""
        from .lint.findings import Finding, from_problem

        found = [from_problem("LF000", p) for p in self.refused] + self.layout_warnings()
        if not found:
            return self.report
        return dataclasses.replace(self.report, findings=sorted(self.report.findings + found, key=Finding.sort_key))


def prepare_and_lint(leaflet: Leaflet, brand: Brand | None) -> Checked:
    """The text prepared once, and the rules run on it (raises LeafletError for a {{ name }}, a
    price or a citation that cannot be settled)."""
    from .lint import lint
    from .load import DEFAULT_BRAND
    from .text.prepare import prepare

    prepared = prepare(leaflet, brand or DEFAULT_BRAND)
    return Checked(prepared, lint(leaflet, brand, prepared=prepared))


def prepared_text(leaflet: Leaflet | None, brand: Brand | None, prepared: Prepared | None) -> Prepared:
    """``prepared``, or ``leaflet`` prepared for ``brand``: one or the other, never both (the
    prepared text already holds its leaflet and brand, which would otherwise be quietly ignored)."""
    if prepared is not None:
        if leaflet is not None or brand is not None:
            raise TypeError(
                "give a leaflet (and brand) or a prepared text, not both: the prepared text "
                "already holds the leaflet and brand it was prepared from"
            )
        return prepared
    if leaflet is None:
        raise TypeError("give a leaflet (and brand), or a prepared text")
    from .load import DEFAULT_BRAND
    from .text.prepare import prepare

    return prepare(leaflet, brand or DEFAULT_BRAND)


def lay_out(prepared: Prepared, options: LayoutOptions, consent: bool = False) -> tuple[bytes, LayoutReport | None]:
    """The leaflet's PDF and its layout report, or (``consent``) its consent form's PDF."""
    if consent:
        from .consent import consent_pdf

        return consent_pdf(prepared=prepared, options=options), None
    return lay_out_leaflet(prepared, options)


def lay_out_leaflet(prepared: Prepared, options: LayoutOptions) -> tuple[bytes, LayoutReport]:
    """The leaflet's PDF and its layout report. The files it is drawn with are read and checked
    first (load/media.py); a problem layout finds at a field is placed at its file:line:col."""
    from .errors import FieldError
    from .layout import lay_out as draw
    from .load import placed
    from .load.media import read_media
    from .text.scripts import script_of

    media = read_media(
        prepared.brand,
        script_of(prepared.leaflet.language).family,
        cmyk=options.cmyk or options.pdfx,
        icc_profile=options.icc_profile,
    )
    try:
        return draw(prepared, options, media)
    except FieldError as exc:
        raise placed(exc) from None


@dataclass
class Pipeline:
    """Load, prepare, lint, lay out and report one leaflet with one brand, for one set of options.

    ``release``: refuse a leaflet no clinician has signed off (LF108), as errors are refused.
    ``consent``: lay out the leaflet's consent form instead of the leaflet.
    ``stop_note``: a refusal ends with "nothing was written" (a batch's summary says it per leaflet).
    The four callables are where a caller keeps what it has already done: they default to the plain steps.
    """

    options: LayoutOptions = LayoutOptions()
    release: bool = False
    consent: bool = False
    stop_note: bool = True
    load_leaflet: Callable[..., Leaflet] | None = None  # (path, name in messages) -> Leaflet
    load_brand: Callable[..., Brand] | None = None  # (path, name in messages) -> Brand
    checked: Callable[[Leaflet, Brand | None], Checked] = prepare_and_lint
    laid_out: Callable[[Prepared], tuple[bytes, LayoutReport | None]] | None = None

    # ---------------------------------------------------------------- load

    def brand(self, path: Path | None, name: str | None = None) -> Brand | None:
        """The brand file at ``path`` (None: the built-in brand), named ``name`` in messages."""
        if path is None:
            return None
        from . import load

        return (self.load_brand or load.load_brand)(path, name or str(path))

    def leaflet(self, path: Path, name: str | None = None) -> Leaflet:
        """The content file at ``path``, named ``name`` in messages."""
        from . import load

        return (self.load_leaflet or load.load_leaflet)(path, name or str(path))

    def load(
        self, content: Path, brand: Path | None = None, names: tuple[str | None, str | None] = (None, None)
    ) -> tuple[Leaflet, Brand | None]:
        """The brand, then the content (an unreadable file is a LeafletError naming it)."""
        try:
            loaded_brand = self.brand(brand, names[1])
            return self.leaflet(content, names[0]), loaded_brand
        except OSError as exc:
            raise LeafletError(
                Problem(f"cannot read the file: {exc.strerror or exc}", str(exc.filename or content))
            ) from None

    # ---------------------------------------------------------------- build

    def gate(self, report: Report) -> None:
        """Raise LintError for what stops this build: any error; with ``release``, no clinical sign-off."""
        from .lint.run import LintError

        if report.errors:
            raise LintError(report.errors, stopped_build=self.stop_note)
        if self.release and report.blockers:
            raise LintError(report.blockers, stopped_build=self.stop_note, release=True)

    def build(
        self, leaflet: Leaflet, brand: Brand | None = None, on_checked: Callable[[Report], None] | None = None
    ) -> Outcome:
        """Prepare, lint, gate and lay out. ``on_checked(report)`` runs once the rules have let
        the leaflet through, before the layout (`leaflet build` prints the warnings then).
        Raises LintError for what the rules refuse, LeafletError for what the layout refuses."""
        checked = self.checked(leaflet, brand)
        self.gate(checked.report)
        if on_checked:
            on_checked(checked.report)
        pdf, layout = self._lay_out(checked.prepared)
        return Outcome(leaflet, brand, checked.prepared, checked.report, pdf, layout)

    def check(self, leaflet: Leaflet, brand: Brand | None = None) -> Outcome:
        """`leaflet check`: the rules, then the whole layout as a build does it, unless a character
        no font has stops it; what the layout refuses is kept in ``refused``, never raised.
        Raises LeafletError only for text that cannot be prepared."""
        checked = self.checked(leaflet, brand)
        outcome = Outcome(leaflet, brand, checked.prepared, checked.report)
        if not any(f.code == STOPS_LAYOUT for f in checked.report.findings):
            try:
                outcome.pdf, outcome.layout = self._lay_out(checked.prepared)
            except LeafletError as exc:
                outcome.refused = list(exc.problems)
        return outcome

    def _lay_out(self, prepared: Prepared) -> tuple[bytes, LayoutReport | None]:
        if self.laid_out is not None:
            return self.laid_out(prepared)
        return lay_out(prepared, self.options, self.consent)
