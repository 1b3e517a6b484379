"""A boxed panel of items under a heading ("At a glance", the serious-risk warning) that splits
only between its items.

Each part drawn is a whole panel: its border closed at the page foot, the next part opening
with the icon and a "(continued)" heading, so a reader who starts on the second page (or prints in
greyscale) still sees what the box is. An item taller than a fresh page is the one thing split
inside, between its paragraphs; that is reported (``split_note``).
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable, Table

from .. import report, tagging
from ..flow import fresh

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

    def split(self, availWidth, availHeight):
        for k in range(len(self.items) - 1, 0, -1):  # the most whole items that fit
            if self._fits(self.items[:k], availWidth, availHeight):
                return [self._part(self.items[:k], self.continued), self._part(self.items[k:], True)]
        if not fresh(self):
            return []  # not even one item fits here: move on whole
        first = self.items[0]
        for j in range(len(first) - 1, 0, -1):  # an item taller than a page: split between its paragraphs
            if self._fits([first[:j]], availWidth, availHeight):
                head = self._part([first[:j]], self.continued)
                head._cut_item = True
                return [head, self._part([first[j:]] + self.items[1:], True)]
        table = self.make(self.items, self.continued)  # one paragraph taller than a page: ReportLab splits it
        table.splitInRow = 1
        parts = table.splitOn(self.canv, availWidth, availHeight)
        if parts and self.split_note:
            parts[0]._row_split = True
        for part in parts:  # still inside the panel's element
            part.tag_within = (self.role, ("panel", self.key))
        return parts
