"""Refuse text the fonts cannot draw: ReportLab would print an empty box and say nothing."""
from __future__ import annotations

from typing import Any, Iterator

from ..errors import LeafletError, Problem
from ..load import Brand, Leaflet
from .fonts import FontSet

_CODES = {"id", "frequency", "language", "currency", "logo", "colors", "fonts", "locale", "prices"}


def _strings(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in _CODES:
                yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, path + (i,))
    elif isinstance(value, str):
        yield path, value


def check_glyphs(leaflet: Leaflet, brand: Brand, fonts: FontSet) -> None:
    problems = []
    for model in (leaflet, brand):
        for path, text in _strings(model.model_dump()):
            family = fonts.headings if path[-1:] in (("title",), ("heading",), ("name",)) else fonts.body
            for ch in fonts.missing(text, family):
                message = (f"the character '{ch}' (U+{ord(ch):04X}) is not in the font and would "
                           "print as an empty box")
                hint = "Replace it, or choose a font that has it (fonts: in the brand file)."
                source = model._source
                problems.append(source.problem(path, message, hint) if source
                                else Problem(f"{'.'.join(map(str, path))}: {message}", hint=hint))
    if problems:
        raise LeafletError(problems)
