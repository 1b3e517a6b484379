"""The layout report: what the page layout could not avoid, page by page.

The flowables keep the typesetter's rules themselves (a risk is never split, a phone number never
broken, no lone line, no row split); when a rule has to give way, say for a risk taller than a
page, the flowable says so here as it is drawn, with the page it is on. `leaflet check` turns these
notes into findings LF601-LF608 at the section's line; `leaflet build` prints them as warnings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import reportlab_private as rl

SPLIT_RISK = "LF601"
BROKEN_CONTACT = "LF602"
LONE_LINE = "LF603"
EMPTY_PAGE = "LF604"
SPLIT_ROW = "LF605"
SMALL_TEXT = "LF606"
BROKEN_RUN = "LF607"
WIDE_LINE = "LF608"

HINTS = {
    SPLIT_RISK: "Shorten the risk or its action, so it fits on one page (or use a larger format).",
    BROKEN_CONTACT: "Shorten the link or address, or give it a line of its own (a larger format "
    "or a smaller large-print size gives it room).",
    LONE_LINE: "Add or cut a few words in the paragraph so the page breaks elsewhere.",
    EMPTY_PAGE: "Cut or move a few lines so what comes next fits, or split the block that moved on.",
    SPLIT_ROW: "Shorten the longest cell of the row, or turn the table into text.",
    SMALL_TEXT: "Use the body size or larger: patient leaflets need 12 pt at least (16 in large print).",
    BROKEN_RUN: "Reword the sentence so the run does not fall at the end of a line (another format or "
    "print size breaks the lines elsewhere).",
    WIDE_LINE: "This is a fault in leaflet, not in your text: report it with the leaflet and brand files.",
}


@dataclass(frozen=True)
class Note:
    """One thing the layout could not avoid: a rule's code, the page, and what happened."""

    code: str
    page: int
    message: str
    section: int | None = None  # index into the leaflet's sections, to find the line in the file

    def __str__(self) -> str:
        return f"{self.code} page {self.page}: {self.message}"


@dataclass
class LayoutReport:
    notes: list[Note] = field(default_factory=list)
    min_size: float = 12.0  # the smallest text allowed in this build, in points
    _seen: set = field(default_factory=set)

    def add(self, code: str, page: int, message: str, section: int | None = None) -> None:
        key = (code, page, message)
        if key not in self._seen:  # a table redrawn in a measuring pass, say, counts once
            self._seen.add(key)
            self.notes.append(Note(code, page, message, section))

    def __bool__(self) -> bool:
        return bool(self.notes)

    def sorted(self) -> list[Note]:
        return sorted(self.notes, key=lambda n: (n.page, n.code, n.message))


def note(canvas, code: str, message: str) -> None:
    """Record a note from a flowable being drawn on ``canvas`` (it knows its document and page)."""
    doc = rl.doc_template(canvas)
    report = getattr(doc, "report", None)
    if doc is not None and report is not None:
        report.add(code, doc.page, message, getattr(doc, "section_index", None))


def report_of(canvas) -> LayoutReport | None:
    return getattr(rl.doc_template(canvas), "report", None)


def trial(canvas) -> bool:
    """Whether ``canvas`` belongs to a trial layout (a tri-fold's balancing): flowables drawn on it
    make their checks and draw nothing."""
    return getattr(rl.doc_template(canvas), "trial", False)
