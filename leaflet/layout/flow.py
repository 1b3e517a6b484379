"""How the story breaks across pages, columns and panels: the typesetter's keeps.

ReportLab's own ``keepWithNext`` and ``KeepTogether`` move a whole group to the next page whenever
it does not fit, which strands headings above white space or carries a lead-in's whole list away.
Here instead:

- ``Keep``: a heading (or a lead-in ending in ':') goes with the start of what follows it: at
  least two lines of a paragraph (the styles allow no orphans), the first item of a list, the
  first rows of a table. Only if not even that fits does the group move on.
- ``Block``: something best read whole (the aftercare steps, a short table, "At a glance", the
  contact details) is kept on one page, unless moving it would leave the page more than half
  empty: then it splits where its parts allow, as a typesetter would.
- ``Stack``: flowables drawn as one piece (a heading and its first lines, once placed).

Flowables that must stay with the next one say so with ``keep_next = True``; ``chain`` turns a
story's runs of them into Keeps.
"""

from __future__ import annotations

import itertools

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import ActionFlowable, NullActionFlowable

from . import reportlab_private as rl

HALF = 0.5  # a block moves on only from a page at least this full


def gap(upper: Flowable, lower: Flowable) -> float:
    """The space between two flowables in a frame: the one's space after and the other's before."""
    return upper.getSpaceAfter() + lower.getSpaceBefore()


def used(frame) -> float:
    """How much of a frame is filled, 0 to 1."""
    if frame is None:
        return 1.0
    return rl.frame_used(frame)


def fresh(flowable: Flowable) -> bool:
    """At the top of a frame, or already moved on once: moving again would gain nothing."""
    frame = rl.frame_of(flowable)
    return rl.postponed(flowable) or (frame is not None and rl.frame_at_top(frame))


def members(flowable: Flowable):
    """The flowables inside a keep, stack or block, all the way down (for bookmarks and errors)."""
    inner = getattr(flowable, "content", None)
    if inner is None:
        yield flowable
    else:
        for f in inner:
            yield from members(f)


class Stack(Flowable):
    """Flowables drawn one under the other as a single piece that is never split."""

    def __init__(self, content: list[Flowable]):
        super().__init__()
        self.content = content
        self.spaceBefore = content[0].getSpaceBefore()
        self.spaceAfter = content[-1].getSpaceAfter()
        self._sizes: list[float] = []

    def wrap(self, availWidth, availHeight):
        self._sizes = [f.wrapOn(self.canv, availWidth, availHeight)[1] for f in self.content]
        self.width = availWidth
        self.height = sum(self._sizes) + sum(gap(a, b) for a, b in itertools.pairwise(self.content))
        return self.width, self.height

    def drawOn(self, canvas, x, y, _sW=0):
        # Children draw themselves at absolute positions (for bookmarks at the right height).
        self.canv = canvas
        top = y + self.height
        for index, (f, h) in enumerate(zip(self.content, self._sizes, strict=True)):
            if index:
                top -= gap(self.content[index - 1], f)
            top -= h
            f.drawOn(canvas, x, top)

    def split(self, availWidth, availHeight):
        """Never, unless even a fresh page cannot hold it (a source in large-print Nastaliq):
        then its parts go their own way rather than the build failing."""
        if fresh(self) and self.wrap(availWidth, availHeight)[1] > availHeight:
            return [NullActionFlowable(), *self.content]
        return []


class _Whole(Flowable):
    """``content`` laid out and drawn as one Stack while it fits; subclasses say how it splits."""

    def __init__(self, content: list[Flowable]):
        super().__init__()
        self.content = content
        self.spaceBefore = content[0].getSpaceBefore()
        self.spaceAfter = content[-1].getSpaceAfter()
        self._stack = Stack(content)

    def wrap(self, availWidth, availHeight):
        self._stack.canv = self.canv
        return self._stack.wrap(availWidth, availHeight)

    def drawOn(self, canvas, x, y, _sW=0):
        self._stack.drawOn(canvas, x, y, _sW)


class Keep(_Whole):
    """``head`` (a heading, a lead-in) kept with the start of ``follower``."""

    def __init__(self, head: list[Flowable], follower: Flowable):
        super().__init__([*head, follower])
        self.head, self.follower = head, follower

    def split(self, availWidth, availHeight):
        head = Stack(self.head)
        head.canv = self.canv
        room = availHeight - head.wrap(availWidth, availHeight)[1] - gap(self.head[-1], self.follower)
        if room > 0:
            rl.set_frame_of(self.follower, rl.frame_of(self))
            parts = self.follower.splitOn(self.canv, availWidth, room)
            if parts and isinstance(parts[0], NullActionFlowable):  # a block came apart: keep with its start
                return [NullActionFlowable(), Keep(self.head, parts[1]), *parts[2:]]
            if parts and not isinstance(parts[0], ActionFlowable):
                start = Stack([*self.head, parts[0]])
                start.canv = self.canv
                if start.wrap(availWidth, availHeight)[1] <= availHeight + 1e-6:
                    return [start, *parts[1:]]
        if fresh(self):  # even a fresh page cannot hold the start: let the parts go their own way
            return [NullActionFlowable(), *self.head, self.follower]
        return []  # move on, heading and all


class Block(_Whole):
    """Content kept on one page, unless that would leave the page more than half empty."""

    def __init__(self, content: list[Flowable]):
        super().__init__(chain(content))

    def split(self, availWidth, availHeight):
        frame = rl.frame_of(self)
        if not fresh(self) and used(frame) >= HALF:
            return []  # a fresh page will hold it whole (or split it there if it is taller)
        return [NullActionFlowable(), *self.content]


def chain(story: list[Flowable]) -> list[Flowable]:
    """Runs of flowables marked ``keep_next`` become Keeps with the flowable after them."""
    out: list[Flowable] = []
    for f in reversed(story):
        if getattr(f, "keep_next", False) and out and not isinstance(out[-1], ActionFlowable):
            out[-1] = Keep([f], out[-1])
        else:
            out.append(f)
    return out[::-1]
