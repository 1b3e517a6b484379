"""Colour contrast (WCAG 2) and the text colours that stay readable on brand colours."""

from __future__ import annotations

from functools import lru_cache

WHITE = "#FFFFFF"
BLACK = "#000000"
AA_TEXT = 4.5  # WCAG AA for body-size text
AA_GRAPHICS = 3.0  # WCAG AA for graphics that carry meaning (borders, icons)


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    red, green, blue = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return red, green, blue


@lru_cache(maxsize=1024)  # the contrast rule and every palette ask again for the same few colours
def luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(background: str) -> str:
    """White or black, whichever reads better on the background (one always reaches 4.5:1)."""
    return WHITE if contrast(WHITE, background) >= contrast(BLACK, background) else BLACK


def mix(colour: str, other: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0..1) of the way towards ``other``."""
    mixed = (a + (b - a) * amount for a, b in zip(_rgb(colour), _rgb(other), strict=True))
    return "#" + "".join(f"{round(c * 255):02X}" for c in mixed)


def readable_on(colour: str, background: str, ratio: float = AA_TEXT) -> str:
    """The brand colour itself if it reaches ``ratio`` on the background, else darkened until it does."""
    for step in range(21):
        candidate = mix(colour, BLACK, step / 20)
        if contrast(candidate, background) >= ratio:
            return candidate
    return BLACK
