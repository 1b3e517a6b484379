"""LF6xx: the layout report (layout/report.py) as findings, at the line of the section they are in."""

from __future__ import annotations

from ..layout.report import HINTS, LayoutReport
from ..load import Leaflet
from .findings import Finding, at


def layout_findings(leaflet: Leaflet, report: LayoutReport) -> list[Finding]:
    out = []
    for note in report.sorted():
        path = ("sections", note.section) if note.section is not None else ("sections",)
        out.append(
            at(
                leaflet,
                note.code,
                path,
                f"page {note.page}: {note.message}",
                HINTS[note.code],
                key=note.section is None,
            )
        )
    return out
