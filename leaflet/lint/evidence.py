"""Every claim traceable: frequency bands cite a source (LF123), every source is cited (LF131),
and someone signed the content off (LF107). Rules read the content as typed, before {{ names }}."""

from __future__ import annotations

from collections.abc import Iterator

from ..load import Leaflet
from ..load.yamlpos import DataPath
from ..text.citations import Sources, cited_in
from .findings import Finding, at

BANDED = ("very common", "common", "uncommon", "rare", "very rare")  # "not known" claims no figure


def sign_off(leaflet: Leaflet) -> Iterator[Finding]:
    if not leaflet.sign_off:
        yield at(
            leaflet,
            "LF107",
            ("title",),
            "nobody has signed the content off",
            "Add 'sign_off:' with who reviewed it, their role and the date, for example "
            "'- {name: Dr A. Patel, role: consultant dermatologist, date: 2026-11-20}'. "
            "It prints under 'About this leaflet'.",
            key=True,
        )


def citations(leaflet: Leaflet, fields: list[tuple[DataPath, str]]) -> Iterator[Finding]:
    """``fields``: the leaflet's text_fields."""
    sources = Sources(leaflet.sources)
    cited = {
        path: found
        for path, text in fields
        if path[:1] not in (("sources",), ("sign_off",)) and (found := cited_in(text, sources))
    }
    for i, section in enumerate(leaflet.sections):
        for r, risk in enumerate(section.risks or []):
            if risk.frequency not in BANDED:
                continue
            path = ("sections", i, "risks", r)
            if not any(c.numbers for c in cited.get(path + ("text",), []) + cited.get(path + ("action",), [])):
                yield at(
                    leaflet,
                    "LF123",
                    ("sections", i, "risks", r, "frequency"),
                    f"'{risk.frequency}' is a figure, but this risk cites no source for it",
                    "Cite the source that gives the figure, as [1] or [its-id] at the end of the "
                    "risk's text; with no figure in a source, write 'frequency: not known'.",
                )
    used = {n for found in cited.values() for c in found for n in c.numbers}
    for section in leaflet.sections:
        used.update(sources.number(p.source) or 0 for p in section.prices or [] if p.source is not None)
    for n in range(1, len(sources.items) + 1):
        if n not in used:
            source = sources.items[n - 1]
            name = f"[{source.id}]" if hasattr(source, "id") else f"[{n}]"
            yield at(
                leaflet,
                "LF131",
                ("sources", n - 1),
                f"source {n} is never cited",
                f"Cite it as {name} where the text relies on it, or remove it: list only the sources the leaflet uses.",
            )
