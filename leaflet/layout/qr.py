"""QR codes as ReportLab's encoder makes them, with its choice of mask made faster.

A QR code is drawn through one of eight masks, the one whose penalty (runs, blocks, finder-like
patterns, balance) is lowest. ReportLab lays the whole code out eight times as lists of booleans
and scores each with Python loops: most of the time a new booking link cost. Only the data
modules differ between the eight, so here they are rows of bits, scored by the same rules with bit
and string operations, quirks included (ReportLab looks for the finder-like pattern along rows
only, and not where it would end in the last column). The mask, and so every module, is the one
ReportLab chooses; tests/test_build.py compares them.
"""

from __future__ import annotations

import itertools
import re

from reportlab.graphics.barcode import qrencoder

_RUN = re.compile("0{5,}|1{5,}")  # five or more modules alike in a row or a column
_FINDER = re.compile("10111010000")


class QRCode(qrencoder.QRCode):
    dataCache: list[int] | None  # ReportLab's: the encoded data, made once

    def getBestMaskPattern(self) -> int:
        if self.version not in _LAYOUTS:
            self.makeImpl(True, 0)  # the fixed patterns (a trial layout leaves the format bits blank)
            _LAYOUTS[self.version] = _layout(self)
        fixed, places, masks = _LAYOUTS[self.version]
        if self.dataCache is None:
            self.dataCache = qrencoder.QRCode.createData(self.version, self.errorCorrectLevel, self.dataList)
        data = [0] * len(fixed)
        for (col, row), dark in zip(places, self.dataBitIterator(self.dataCache), strict=False):
            if dark:
                data[row] |= 1 << col
        penalties = [_penalty([f | d ^ m for f, d, m in zip(fixed, data, mask, strict=False)]) for mask in masks]
        return penalties.index(min(penalties))  # the first of equals, as ReportLab's loop keeps


_LAYOUTS: dict[int, tuple] = {}  # version -> what every code of that size shares


def _layout(code: QRCode) -> tuple[list[int], list[tuple[int, int]], list[list[int]]]:
    """For a code's version: its fixed modules as rows of bits (bit c: column c), where its data
    modules go, in order, and which of those each of the eight masks darkens."""
    places = list(code.dataPosIterator())
    free = set(places)
    fixed = [
        sum(1 << c for c, dark in enumerate(line) if dark and (c, r) not in free) for r, line in enumerate(code.modules)
    ]
    masks = []
    for mask in range(8):
        rule, rows = qrencoder.QRUtil.getMask(mask), [0] * len(fixed)
        for col, row in places:
            if rule(row, col):
                rows[row] |= 1 << col
        masks.append(rows)
    return fixed, places, masks


def _penalty(rows: list[int]) -> int:
    """ReportLab's QRUtil.getLostPoint for a code given as rows of bits (bit c: column c)."""
    n = len(rows)
    lines = [format(row, f"0{n}b")[::-1] for row in rows]
    columns = ["".join(column) for column in zip(*lines, strict=False)]
    score = sum(len(run) - 2 for line in lines + columns for run in _RUN.findall(line))
    every = (1 << (n - 1)) - 1
    for upper, lower in itertools.pairwise(rows):
        alike = ~(upper ^ lower)  # bit c: the two rows agree in column c
        score += 3 * bin(alike & (alike >> 1) & ~(upper ^ (upper >> 1)) & every).count("1")
    score += 40 * sum(len(_FINDER.findall(line[: n - 1])) for line in lines)
    dark = sum(bin(row).count("1") for row in rows)
    return score + 10 * (abs(100 * dark // (n * n) - 50) // 5)
