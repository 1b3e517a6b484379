"""The A5 booklet: A5 pages, imposed two-up on A4 landscape sheets in saddle-stitch order."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, landscape

from ..print_canvas import Imposition


def saddle_stitch(pages: int) -> list[tuple[int | None, int | None]]:
    """Sheet sides, in printing order, as (left page, right page) indexes from 0; None is blank.

    Pages are padded to a multiple of four with blank pages before the last one, so the leaflet's
    closing page (contact details, dates) is always the back cover. Sheet s carries, on its front,
    page n-2s on the left and page 2s+1 on the right; on its back, page 2s+2 and page n-2s-1.
    Printed duplex (flip on the short edge), folded and stapled, the pages read in order.
    """
    n = -(-max(pages, 1) // 4) * 4

    def page(number: int) -> int | None:  # 1-based position in the booklet -> page index, or blank
        if pages == 1:
            return 0 if number == 1 else None
        if number == n:
            return pages - 1
        return number - 1 if number < pages else None

    sides = []
    for s in range(n // 4):
        sides.append((page(n - 2 * s), page(2 * s + 1)))
        sides.append((page(2 * s + 2), page(n - 2 * s - 1)))
    return sides


def saddle_stitch_right_to_left(pages: int) -> list[tuple[int | None, int | None]]:
    """The same sheets for a booklet bound on the right, as a right-to-left leaflet opens: each
    side mirrored, so the first sheet's front has page 1 on the left half (the front cover once
    folded) and every spread reads right to left (page 2 on the right, page 3 on the left)."""
    return [(right, left) for left, right in saddle_stitch(pages)]


SHEET = landscape(A4)
# A4 folded in half is 148.5 x 210 mm: half a millimetre wider than A5, so the halves meet exactly.
FOLDED_PAGE = (SHEET[0] / 2, SHEET[1])
IMPOSITION = Imposition(sheet=SHEET, page_width=FOLDED_PAGE[0], order=saddle_stitch)
IMPOSITION_RIGHT_TO_LEFT = Imposition(sheet=SHEET, page_width=FOLDED_PAGE[0], order=saddle_stitch_right_to_left)
