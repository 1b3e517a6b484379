"""The DL tri-fold: A4 landscape, two sides of three panels, roll-folded to 99 x 210 mm.

Outside, left to right: the flap (folds in, a few millimetres narrower), the back, the cover.
Inside: three panels, the last of them the flap's reverse. A right-to-left leaflet is the mirror
image (see Sides). The patient meets the cover, then the
flap, then the inside spread; the back carries the contact details, the booking QR code and the
leaflet's dates. Text never crosses a fold, and nothing is shrunk: content that does not fit
fails with a measured message.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, FrameBreak, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from ...errors import AtField, FieldError
from .. import reportlab_private as rl
from .. import tagging
from ..blocks import StyledLeaflet
from ..blocks.closing import about_block, contact_block
from ..blocks.header import HeaderBand
from ..print_canvas import MARK_LENGTH, MARK_WIDTH, PrintSettings, canvas_class
from .paged import Outlined

SHEET = landscape(A4)
OUTSIDE = (97 * mm, 100 * mm, 100 * mm)  # flap, back, cover
INSIDE = (100 * mm, 100 * mm, 97 * mm)  # left, middle, right (the flap's reverse)
EDGE = 6 * mm  # from the trim: at least 5 mm
FOLD = 5 * mm  # from a fold: at least 3 mm
TOP = BOTTOM = 8 * mm
TEXT_PANELS = 4  # the flap and the three inside panels
TEXT_FRAMES = ("flap", "inside-0", "inside-1", "inside-2")  # in reading order
STEPS = 64  # how finely the text panels' foot is set: about 2.4 mm
# Raising the text panels' foot one step takes about four steps of room (four panels): at most 5.25
# over 570 tri-folds of varied text and length, so a first aim falls short rather than past.
MOST_ROOM_PER_STEP = 5.25


class TrifoldOverflow(Exception):
    """Laying out went past the inside of the sheet; overflow_problem measures by how much."""


@dataclass(frozen=True)
class Panel:
    left: float
    width: float

    def frame(self, top: float = SHEET[1] - TOP, ident: str = "", bottom: float = BOTTOM) -> Frame:
        inset_l = EDGE if self.left == 0 else FOLD
        inset_r = EDGE if abs(self.left + self.width - SHEET[0]) < 0.01 else FOLD
        return Frame(
            self.left + inset_l,
            bottom,
            self.width - inset_l - inset_r,
            top - bottom,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=ident,
        )


def _panels(widths: tuple[float, ...]) -> list[Panel]:
    lefts = [sum(widths[:i]) for i in range(len(widths))]
    return [Panel(x, w) for x, w in zip(lefts, widths, strict=True)]


FLAP, BACK, COVER = _panels(OUTSIDE)
INSIDE_PANELS = _panels(INSIDE)


def _mirrored(panel: Panel) -> Panel:
    return Panel(SHEET[0] - panel.left - panel.width, panel.width)


@dataclass(frozen=True)
class Sides:
    """Where each panel sits on the sheet. A right-to-left leaflet is the mirror image: outside,
    the cover on the left, then the back, then the flap; inside, read from the right, the flap's
    reverse on the left. It folds the other way, so it opens and reads right to left."""

    flap: Panel
    back: Panel
    cover: Panel
    inside: tuple[Panel, ...]  # in reading order

    @property
    def outside(self) -> list[Panel]:
        return sorted((self.flap, self.back, self.cover), key=lambda p: p.left)


LEFT_TO_RIGHT = Sides(FLAP, BACK, COVER, tuple(INSIDE_PANELS))
RIGHT_TO_LEFT = Sides(_mirrored(FLAP), _mirrored(BACK), _mirrored(COVER), tuple(map(_mirrored, INSIDE_PANELS)))


class TrifoldDoc(Outlined, BaseDocTemplate):
    band: HeaderBand
    canvasmaker: type  # a ReportLab Canvas class (canvas_class)
    pageTemplates: list[PageTemplate]

    def __init__(
        self,
        buffer,
        styled: StyledLeaflet,
        printing: PrintSettings,
        min_size: float,
        bottom: float = BOTTOM,
        trial_of: TrifoldDoc | None = None,
        **meta,
    ):
        """``trial_of``: this is a trial layout of that document (see room_left), sharing its
        measured header band and canvas class."""
        super().__init__(buffer, pagesize=SHEET, **meta)
        self.styled, self.printing, self.buffer, self.meta = styled, printing, buffer, meta
        self.sides = RIGHT_TO_LEFT if styled.rtl else LEFT_TO_RIGHT
        self._start_outline(min_size)
        if trial_of:
            self.trial, self.band, self.canvasmaker = True, trial_of.band, trial_of.canvasmaker
        else:
            cover = self.sides.cover
            self.band = HeaderBand(
                styled, cover.left, cover.width, EDGE, cmyk=printing.profile if printing.cmyk else None
            )
            self.canvasmaker = canvas_class(printing)
        self.cover = self.sides.cover.frame(top=SHEET[1] - self.band.height - 6 * mm, ident="cover")
        self._templates(bottom)
        self.cover_frame_height = self.cover.height
        self.text_frame_height = self.sides.flap.frame().height
        self.text_width = self.sides.flap.frame().width
        self.back_overflow = False

    def _templates(self, bottom: float) -> None:
        """The two sides; ``bottom`` raises the foot of the text panels to balance them."""
        self.pageTemplates = []
        self.addPageTemplates(
            [
                PageTemplate(
                    "outside",
                    [self.cover, self.sides.flap.frame(ident="flap", bottom=bottom)],
                    onPage=self._outside,
                    autoNextPageTemplate="inside",
                ),
                PageTemplate(
                    "inside",
                    [p.frame(ident=f"inside-{i}", bottom=bottom) for i, p in enumerate(self.sides.inside)],
                    onPage=lambda canvas, doc: self._fold_marks(
                        canvas, sorted(self.sides.inside, key=lambda p: p.left)
                    ),
                ),
            ]
        )

    def balance(self, story: list[Flowable]) -> None:
        """Set the text panels' foot so the text fills the four of them to about the same depth.

        Filled from the top, the last panel would take whatever is left (often nothing). So the
        foot is raised as far as the text still fits in four panels with nothing to report, to the
        nearest of 64 steps, and the real layout is then made at that depth. Each trial layout that
        fits says how much room it left below the text, and the next trial aims where that room
        would run out, at the rate the last two trials lost it (the first aim assumes the fastest
        rate seen, so it falls short rather than past); once an aim misses, the search halves what
        is left. Over 1,380 varied tri-folds that took 5.3 trials where halving alone took 7, at
        most 8 (those that fit at a raised foot). The depth chosen is always one a trial found to
        fit. A leaflet that does not fit even from the bottom raises TrifoldOverflow when laid out.
        """
        low, high = BOTTOM, BOTTOM + (self.text_frame_height - 40 * mm)
        step = (high - low) / STEPS
        fits, unfit = 0, STEPS  # the highest step known to fit; the lowest known (or taken) not to
        room = self.room_left(story, low)
        rate = MOST_ROOM_PER_STEP * step  # room lost for each step raised: at first the most seen
        aiming = room is not None
        while room is not None and unfit - fits > 1:
            if aiming:  # where the room would run out
                probe = min(max(fits + int(room / rate), fits + 1), unfit - 1)
            else:
                probe = (fits + unfit) // 2
            probe_room = self.room_left(story, _depth(probe, low, high))
            if probe_room is None:
                unfit, aiming = probe, False
            else:  # aim on at the rate these two trials show: at least a step, the last panel's own
                rate = max((room - probe_room) / (probe - fits), step)
                fits, room = probe, probe_room
        self.foot = _depth(fits, low, high)
        self._templates(self.foot)

    def room_left(self, story: list[Flowable], bottom: float) -> float | None:
        """Whether ``story`` fits the text panels, their foot at ``bottom``, with nothing to report:
        None if not, else the room left below the text (points, over the four text panels).

        A trial layout: it lays out and checks, but sets no text, draws nothing and writes no
        file. The trials and the real layout lay out the same flowables, as ReportLab's multiBuild
        does: what a layout changes on them for its own use (a flowable moved on, a caption grouped
        with its table) it records (reportlab_private.record_edits), undone here; our flowables keep nothing
        from a layout that the next one reads (tests/test_formats.py checks trials against new
        stories).
        """
        trial = TrifoldDoc(io.BytesIO(), self.styled, self.printing, self.report.min_size, bottom, self, **self.meta)
        edits: list[tuple] = []
        rl.record_edits(trial, edits.append)
        try:
            trial.build(list(story))
        except (TrifoldOverflow, LayoutError):
            return None
        finally:
            for undo, *args in edits:
                undo(*args)
        if trial.report:
            return None
        last = trial.frame  # where the text ended; the text panels after it are empty
        after = TEXT_FRAMES[::-1].index(last.id) if last.id in TEXT_FRAMES else TEXT_PANELS
        return rl.frame_room(last) + after * rl.frame_height(last)

    def _fold_marks(self, canvas, panels: list[Panel]) -> None:
        """With crop marks, short dashed marks in the slug show the print shop where to fold."""
        if not self.printing.crop_marks:
            return
        with tagging.artifact(canvas, "Pagination"):
            self._draw_fold_marks(canvas, panels)

    def _draw_fold_marks(self, canvas, panels: list[Panel]) -> None:
        canvas.saveState()
        canvas.setLineWidth(MARK_WIDTH)
        canvas.setDash(2, 2)
        start = self.printing.bleed + 2
        for panel in panels[1:]:
            x = panel.left
            canvas.line(x, SHEET[1] + start, x, SHEET[1] + start + MARK_LENGTH)
            canvas.line(x, -start, x, -start - MARK_LENGTH)
        canvas.restoreState()

    def _outside(self, canvas, doc) -> None:
        if self.trial:  # the band and the back panel do not move the text
            return
        self._fold_marks(canvas, self.sides.outside)
        b = self.printing.bleed
        self.band.draw(canvas, SHEET[1], (b, b, 0) if self.styled.rtl else (0, b, b))  # bleeds at the trim only
        frame = self.sides.back.frame()
        back = contact_block(self.styled, frame.width) + about_block(self.styled)  # with the dates and footer line
        self.defer_outline = True
        with tagging.read_last(canvas):  # drawn first, read last: in the outline and the structure
            frame.addFromList(back, canvas)
        self.defer_outline = False
        self.back_overflow = bool(back)  # anything left did not fit the back panel

    def beforePage(self) -> None:
        if self.page > 2:  # the text needs more panels than a tri-fold has: stop, and say by how much
            raise TrifoldOverflow

    def build(self, story: list[Flowable]) -> None:
        super().build(story, canvasmaker=self.canvasmaker)


def _depth(step: int, low: float, high: float) -> float:
    """The foot at ``step`` of STEPS between ``low`` and ``high``, computed as halving would reach
    it, bit by bit, so the same step always gives the very same number."""
    for bit in reversed(range(STEPS.bit_length() - 1)):
        middle = (low + high) / 2
        if step >> bit & 1:
            low = middle
        else:
            high = middle
    return low


def cover_story(cover: list[Flowable]) -> list[Flowable]:
    """The cover panel's flowables, then a break so the sections start on the flap."""
    return cover + [FrameBreak()]


def _height(flowables: list[Flowable], width: float) -> float:
    measure = Canvas(io.BytesIO())  # some flowables need a canvas to measure themselves
    total = 0.0
    for f in flowables:
        if hasattr(f, "content"):  # a keep or block: measure what it holds
            total += _height(f.content, width)
        else:
            total += f.wrapOn(measure, width, 100_000)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def overflow_problem(
    styled: StyledLeaflet,
    doc: TrifoldDoc,
    opening: list[Flowable],
    sections: list[tuple[str, list[Flowable]]],
    size: float,
    large_print: bool,
) -> FieldError:
    """How much too long the leaflet is for six panels, and which sections are longest."""
    panel = doc.text_frame_height
    lengths = sorted(((_height(f, doc.text_width) / panel, title) for title, f in sections), reverse=True)
    spill = max(0.0, _height(opening, doc.text_width) - doc.cover_frame_height) / panel
    need = sum(n for n, _ in lengths) + spill
    longest = ", ".join(f"'{title}' ({n:.1f} panels)" for n, title in lengths[:3])
    what = f"{'in large print ' if large_print else ''}at {size:g} pt"
    message = (
        f"the leaflet does not fit a DL tri-fold {what}: it needs about {need:.1f} panels "
        f"of text and a tri-fold has {TEXT_PANELS} besides the cover and the back"
    )
    if spill >= 0.05:
        message += f" (the cover's 'At a glance' runs {spill:.1f} panels past the cover)"
    if need > TEXT_PANELS:
        cut = f"Cut about {round(100 * (1 - TEXT_PANELS / need))}% of the text"
    else:  # the text would fit if panels could be filled to the last line
        cut = (
            "It nearly fits, but headings stay with their text and tables and steps are kept "
            "whole, which leaves gaps at the panel feet: cut a few lines"
        )
    hint = (
        f"{cut}, or use --format a5-booklet or a4. Longest sections: {longest}. "
        "Text is never made smaller than the minimum size to fit."
    )
    return FieldError(AtField(styled.leaflet, ("sections",), message, hint, key=True))
