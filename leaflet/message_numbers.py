"""Numbers in messages: a count with its noun, and a figure that agrees with its threshold."""

from __future__ import annotations

import math


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """ "1 leaflet", "2 leaflets", "0 leaflets"."""
    return f"{count:,} {singular if count == 1 else plural_form or singular + 's'}"


def figure(value: float, threshold: float, places: int = 0) -> str:
    """``value`` rounded to ``places``, or to as many more as it takes to stay on its own side of
    ``threshold``: a Flesch score of 59.7 prints as 59.7 beside "60 or more", never as 60, and a
    contrast of 4.46:1 as 4.46 beside "at least 4.5:1"."""
    below = value < threshold
    for digits in range(places, places + 3):
        text = f"{value:.{digits}f}"
        if (float(text) < threshold) == below:
            return text
    digits = places + 3
    scale = 10**digits
    cut = (math.floor if below else math.ceil)(value * scale) / scale
    return f"{cut:.{digits}f}"
