"""What keeps the PDF from being tagged so a screen reader can follow it (PDF/UA-1): a logo with no
words to say for it (LF805), a heading typed into a section's text (LF806) and a table whose header
row names nothing (LF807). The tagged PDF's outline is fixed by the format: the title is the level-1
heading, each section's heading level 2, and the layout's own sub-headings ("Other side effects")
level 3; an author can break it only in these ways."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import cast

from ..load import Brand, Leaflet
from ..load.content import Section, Table
from .findings import Finding, at

SECTION_LEVEL = 2  # a section's heading in the tagged PDF: H2, under the title's H1
_TYPED_HEADING = re.compile(r"^[ \t]*(#{1,6})[ \t]+\S.*$", re.MULTILINE)  # as Markdown writes one


def logo_alternative(brand: Brand) -> Iterator[Finding]:
    """LF805: a logo and no ``logo_alt``: the tagged PDF can only call it "<name> logo"."""
    if brand.logo and not brand.logo_alt:
        yield at(
            brand,
            "LF805",
            ("logo",),
            "the logo has no alternative text, so a screen reader says only "
            f'"{brand.name} logo" for it, whatever words or picture the logo shows',
            f"Add 'logo_alt:' with the words the logo shows, for example: logo_alt: {brand.name} logo, "
            "with the words 'Skin health on the waterfront'.",
            key=True,
        )


def typed_headings(leaflet: Leaflet) -> Iterator[Finding]:
    """LF806: a line of a section's text written as a Markdown heading. The format prints it as typed
    (its '#'s too), tagged as a paragraph, so no screen reader hears a heading there; one deeper than
    the next level also leaves a gap in the headings a reader jumps between."""
    for index, section in enumerate(cast("list[Section]", leaflet.sections)):  # the model's fields, as loaded
        level = SECTION_LEVEL
        for match in _TYPED_HEADING.finditer(cast(str, section.text or "")):
            marks = match.group(1)
            wanted = len(marks)
            line = match.group().strip()
            if wanted > level + 1:
                skipped = ", ".join(str(n) for n in range(level + 1, wanted))
                what = (
                    f"this line is written as a level-{wanted} heading under a level-{level} one, so heading "
                    f"level{'s' if wanted - level > 2 else ''} {skipped} would be skipped; and leaflet prints it "
                    f"as typed, '{marks}' and all, tagged as a paragraph"
                )
            else:
                what = (
                    f"this line is written as a heading ('{marks}'), but leaflet prints it as typed, '{marks}' "
                    "and all, tagged as a paragraph: a screen reader does not announce it as a heading"
                )
            level = wanted
            yield at(
                leaflet,
                "LF806",
                ("sections", index, "text"),
                f'{what}: "{line[:60]}"',
                "Make it a section of its own (a new '- heading:' with its text under it), or write it as "
                "an ordinary sentence without the '#'s.",
                needle=line,
            )


def table_headers(leaflet: Leaflet) -> Iterator[Finding]:
    """LF807: a table whose column headings have no letter in them ("-", "1", "*"): the tagged
    table's header row names nothing, so a screen reader cannot say which column a cell is in.
    (Often the real headings were typed as the first row.)"""
    for index, section in enumerate(cast("list[Section]", leaflet.sections)):  # the model's fields, as loaded
        table = cast("Table | None", section.table)
        if table is None:
            continue
        columns, rows = cast("tuple[list[str], list[list]]", (table.columns, table.rows))
        if any(ch.isalpha() for column in columns for ch in column):
            continue
        first = ", ".join(str(cell) for cell in rows[0])
        yield at(
            leaflet,
            "LF807",
            ("sections", index, "table", "columns"),
            "this table's column headings name nothing ("
            + ", ".join(f"'{c}'" for c in columns)
            + "), so its header row tells a screen reader nothing about the cells under it",
            "Write what each column holds under 'columns:'; if the first row is the headings "
            f"({first}), move it there.",
            key=True,
        )


def tagging_rules(leaflet: Leaflet, brand: Brand | None) -> Iterator[Finding]:
    yield from typed_headings(leaflet)
    yield from table_headers(leaflet)
    if brand is not None:
        yield from logo_alternative(brand)
