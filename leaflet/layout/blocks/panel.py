"""A boxed panel of items under a heading ("At a glance", the serious-risk warning) that splits
only between its items.

Each part drawn is a whole panel: its border closed at the page foot, the next part opening
with the icon and a "(continued)" heading, so a reader who starts on the second page (or prints in
greyscale) still sees what the box is. An item taller than a fresh page is the one thing split
inside, between its paragraphs, or between the lines of a paragraph (two at least on each side)
taller than a page or whose moving on would leave the page more than half empty; such an item
starts where it is, as a fresh page would have to split it too. That is reported (``split_note``).
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable, Table

from .. import report, tagging
from .. import reportlab_private as rl
from ..flow import HALF, fresh

Item = list[Flowable]
MakeTable = Callable[[list[Item], bool], Table]  # (items, continued) -> the drawn panel


class Panel(Flowable):
    """``role``: the panel's structure element (tagging.py); its parts on later pages are the same
    element, and their "(continued)" headings are artifacts."""

    def __init__(
        self,
        make: MakeTable,
        items: list[Item],
        continued: bool = False,
        split_note: str | None = None,
        space_after: float = 0,
        role: str | None = None,
        key: object = None,
    ):
        super().__init__()
        self.make, self.items, self.continued, self.split_note = make, items, continued, split_note
        self.spaceAfter = space_after
        self.role, self.key = role, key or self
        self._table: Table | None = None
        self._cut_item = False  # this part ends inside an item
        self._follows = False  # this part is the rest of an item split at the foot of a page

    def _part(self, items: list[Item], continued: bool) -> Panel:
        return Panel(self.make, items, continued, self.split_note, self.spaceAfter, self.role, self.key)

    def wrap(self, availWidth, availHeight):
        if self._table is None:  # made once: a table measures itself afresh each time it is wrapped
            self._table = self.make(self.items, self.continued)
        self.width, self.height = self._table.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height

    def drawOn(self, canvas, x, y, _sW=0):
        if self._cut_item and self.split_note:
            report.note(canvas, report.SPLIT_RISK, self.split_note)
        with tagging.element(canvas, self.role, ("panel", self.key)):
            self._table.drawOn(canvas, x, y, _sW)

    def _fits(self, items: list[Item], width: float, height: float) -> bool:
        table = self.make(items, self.continued)
        return table.wrapOn(self.canv, width, height)[1] <= height + 1e-6

    def _taller_than_a_page(self, items: list[Item], width: float) -> bool:
        """Whether even a fresh page could not hold ``items``: split wherever they start, they
        start where they are rather than leave the rest of this page empty."""
        frame = rl.frame_of(self)
        return frame is not None and not self._fits(items, width, rl.frame_capacity(frame))

    def _leaves_half_empty(self, head: list[Item], width: float, height: float) -> bool:
        """Whether ending this page's part with ``head`` would leave more than half the page empty
        (a Block, too, splits rather than move on from a page so empty)."""
        frame = rl.frame_of(self)
        if frame is None:
            return False
        used = self.make(head, self.continued).wrapOn(self.canv, width, height)[1] if head else 0.0
        return height - used > HALF * rl.frame_capacity(frame)

    def split(self, availWidth, availHeight):
        if self._follows and not fresh(self):
            return []  # the rest of a part just split: it starts on the next page
        done = next(
            (k for k in range(len(self.items) - 1, 0, -1) if self._fits(self.items[:k], availWidth, availHeight)), 0
        )
        rest = self.items[done:]
        if done and not self._taller_than_a_page(rest[:1], availWidth):
            return [self._part(self.items[:done], self.continued), self._part(rest, True)]  # whole items
        if not done and not fresh(self) and not self._taller_than_a_page(rest[:1], availWidth):
            return []  # not even one item fits here: move on whole
        return self._split_item(done, availWidth, availHeight)

    def _split_item(self, done: int, availWidth, availHeight):
        """Split item ``done`` (taller than a page, or the first on a fresh page) between its
        paragraphs; inside a paragraph (two lines at least on each side, as its style asks) only
        if that paragraph is taller than a page, if moving it on would leave this page more than
        half empty, or if nothing else fits a fresh page."""
        before, item, after = self.items[:done], self.items[done], self.items[done + 1 :]
        whole = next(
            (j for j in range(len(item) - 1, 0, -1) if self._fits([*before, item[:j]], availWidth, availHeight)), 0
        )
        if (
            (not whole and not before and fresh(self))
            or self._taller_than_a_page([item[whole : whole + 1]], availWidth)
            or self._leaves_half_empty([*before, item[:whole]], availWidth, availHeight)
        ):
            lines = self._split_paragraph(before, item, whole, availWidth, availHeight)
            if lines:
                return lines
        if whole:
            return self._parts([*before, item[:whole]], [item[whole:], *after])
        if not before:
            return []
        first, rest = self._part(before, self.continued), self._part(self.items[done:], True)
        rest._follows = True
        return [first, rest]

    def _split_paragraph(self, before: list[Item], item: Item, at: int, availWidth, availHeight) -> list:
        """Paragraph ``at`` of ``item`` split between its lines, the most that fit here. ReportLab's
        own split inside a table row measured a cell spanning columns (each item spans the icon's
        column) at its first column's width: the lines it split were not the lines drawn, and a
        part could shrink to one line."""
        paragraph = item[at]
        table = self.make([*before, item[: at + 1]], self.continued)
        height = table.wrapOn(self.canv, availWidth, availHeight)[1]
        width = paragraph.width  # as the cell wrapped it (the table's paddings taken off)
        room = availHeight - (height - paragraph.height)
        leading = getattr(getattr(paragraph, "style", None), "leading", 0) or 1
        while room > 0:
            parts = paragraph.splitOn(self.canv, width, room)
            if len(parts) != 2:
                return []
            head = [*before, [*item[:at], parts[0]]]
            if self._fits(head, availWidth, availHeight):
                return self._parts(head, [[parts[1], *item[at + 1 :]], *self.items[len(before) + 1 :]])
            room -= leading
        return []

    def _parts(self, head: list[Item], tail: list[Item]) -> list[Panel]:
        """This panel split inside an item: ``head`` here (reported), ``tail`` from the next page."""
        first, rest = self._part(head, self.continued), self._part(tail, True)
        first._cut_item, rest._follows = True, True
        return [first, rest]
