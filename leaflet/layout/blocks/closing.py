"""The end of the leaflet: sources, the clinic's contact details with a booking QR code, and dates."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from itertools import groupby

from reportlab.lib.colors import black
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.pathobject import PDFPathObject
from reportlab.platypus import Flowable, Spacer

from ...text.money import long_date
from .. import reportlab_private as rl
from .. import tagging
from ..flow import Stack
from ..paragraphs import Para
from . import StyledLeaflet
from .clinic import not_reviewed_text

QR_SIZE = 92  # points; about 32 mm, easy for any phone camera


def sources_block(styled: StyledLeaflet, width: float) -> list[Flowable]:
    """The numbered sources, each web address a link, and what [clinic advice] means."""
    sources = styled.prepared.sources
    if not sources and not styled.prepared.clinic_advice:
        return []
    s = styled.styles
    out: list[Flowable] = [styled.heading(styled.words.SOURCES)]
    if sources:
        items = []
        for source in sources:
            parts = [source.text] + ([source.accessed] if source.accessed else [])
            text = styled.markup(" ".join(parts) + (f" {styled.words.AT_ADDRESS}" if source.url else ""), s.bullet)
            if source.url:  # on lines of its own, broken after a '/', so it reads as typed
                assert source.shown_url is not None and source.href is not None  # both made from url
                lines = _address_lines(source.shown_url, s.numbered, width - s.numbered.leftIndent)
                address = "<br/>".join(styled.markup(line, s.bullet) for line in lines)
                text += f'<br/><a href="{escape(source.href)}">{address}</a>'
            items.append(Para(text, s.bullet))
        out += [styled.para(styled.words.SOURCES_INTRO, s.body)] if styled.prepared.cited else []
        # Each source whole on one page: its "Read on ... at:" line must not end a page with the
        # address over the page.
        out += [Stack([item]) for item in styled.bullets(items, numbered=True)]
    if styled.prepared.clinic_advice:
        out.append(styled.para(styled.words.CLINIC_ADVICE_NOTE, s.body))
    return out


def _address_lines(address: str, style, width: float) -> list[str]:
    """A web address in lines that fit ``width``, each ending at a '/' where one is near enough.
    (ReportLab would cut a long address anywhere, "t|he-professional-standards".)"""
    lines, line = [], ""
    for part in re.findall(r"[^/]+/?|/", address):
        if line and _width(line + part, style) > width:
            lines.append(line)
            line = ""
        line += part
    return lines + [line]


class QrCode(Flowable):
    """A vector QR code of ``url`` (its quiet zone included), ``size`` points square: sharp at any
    print resolution.

    Encoding a URL and making its path cost most of a build (ReportLab's widget did both twice per
    build: once for its bounds, once to draw), so each URL is encoded once per process, and each PDF
    draws the path once, as a form that the page refers to. The form's name comes from the URL, so
    the same inputs still give the same bytes.
    """

    def __init__(self, url: str, size: float = QR_SIZE):
        super().__init__()
        self.url, self.width, self.height = url, size, size

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        name = "qr" + rl.digest(f"{self.url}\0{self.width!r}".encode())
        if not canvas.hasForm(name):
            canvas.beginForm(name, 0, 0, self.width, self.height)
            canvas.setFillColor(black)  # through the canvas, so CMYK output gets black ink only
            canvas.drawPath(_qr_path(self.url, self.width), stroke=0, fill=1)
            canvas.endForm()
        with tagging.figure(canvas, self.url):  # what a phone would open
            canvas.doForm(name)


@lru_cache(maxsize=256)
def _qr_path(url: str, size: float):
    """The dark modules of ``url``'s QR code (level M), a rectangle for each run along a row, with
    four modules of quiet zone around them (as ReportLab's QrCodeWidget lays them out)."""
    from reportlab.graphics.barcode import qrencoder  # only brands with a booking link pay for it

    from ..qr import QRCode

    code = QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.make()
    count, border = code.getModuleCount(), 4
    box = size / (count + 2 * border)
    path = PDFPathObject()
    for r, row in enumerate(code.modules):
        c = 0
        for dark, run in groupby(map(bool, row)):
            length = len(list(run))
            if dark:
                path.rect((c + border) * box, size - (r + border + 1) * box, length * box, box)
            c += length
    return path


def contact_block(styled: StyledLeaflet, width: float) -> list[Flowable]:
    """Name, address, phone, email and website, with the booking QR code (promotional leaflets
    only) beside them where every address still fits whole on a line (else under them). Links print as people type them,
    without "https://"; an address too long to follow its label goes on the line under it."""
    s, brand = styled.styles, styled.brand
    booking_url = brand.booking_url if brand.promotion else None  # information leaflets do not sell
    booking_text = (booking_url or "").split("://", 1)[-1]
    beside = max(190.0, _width(booking_text, s.cell) + 8) if booking_url else 0.0
    details = [
        (styled.words.PHONE, brand.phone),
        (styled.words.EMAIL, brand.email),
        (styled.words.WEBSITE, (brand.website or "").split("://", 1)[-1]),
    ]
    details = [(label, value) for label, value in details if value]
    bold = s.fonts.body.bold
    widest = max((_width(value, s.cell) for _, value in details), default=0)
    if beside and width - beside < max(150.0, widest):  # no room beside: the QR code goes under
        beside = 0.0
    column = width - beside
    left = [styled.para(brand.name, s.cell_bold)]
    if brand.address:
        left += [styled.para(line, s.cell) for line in brand.address.strip().splitlines()]
    for label, value in details:
        if _width(f"{label}: {value}", s.cell_detail, bold) <= column:
            left.append(styled.para(f"**{label}:** {value}", s.cell_detail))
        else:
            left += [styled.para(f"**{label}:**", s.cell_detail), styled.para(value, s.cell)]
    booking = (
        [QrCode(booking_url), styled.para(styled.words.SCAN_TO_BOOK, s.cell), styled.para(booking_text, s.cell)]
        if booking_url
        else []
    )
    cmds = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("FONTNAME", (0, 0), (-1, -1), s.fonts.body.regular),
    ]
    if beside:
        body = styled.table([[left, booking]], [column, beside], cmds)
    else:
        body = styled.table([[left + ([Spacer(1, 8)] + booking if booking else [])]], [width], cmds)
    return [styled.heading(styled.words.CONTACT), body]


def _width(text: str, style, font: str | None = None) -> float:
    """How wide ``text`` sets on one line (with a bold label, measured all bold: a little over)."""
    return stringWidth(text, font or style.fontName, style.fontSize)


def translation_lines(lf, words, locale: str) -> list[str]:
    """For a translation: its source's version, and who reviewed it or that it awaits review."""
    if not lf.translation_of:
        return []
    review = lf.translation_review
    return [
        words.TRANSLATED_FROM.format(version=lf.source_version),
        words.SIGNED_OFF.format(name=review.name, role=review.role, date=long_date(review.date, locale))
        if review
        else f"**{words.AWAITING_REVIEW}**",
    ]


def about_block(styled: StyledLeaflet) -> list[Flowable]:
    """Publication, review date, reference and version: what a reader needs to trust the leaflet."""
    lf, s = styled.leaflet, styled.styles
    parts = [
        f"{styled.words.PUBLISHED}: {long_date(lf.published, styled.locale)}.",
        f"{styled.words.REVIEW_BY}: {long_date(lf.review_by, styled.locale)}.",
    ]
    if lf.reference:
        parts.append(f"{styled.words.REFERENCE}: {lf.reference}.")
    if lf.version:
        parts.append(f"{styled.words.VERSION}: {lf.version}.")
    parts += [
        styled.words.SIGNED_OFF.format(name=who.name, role=who.role, date=long_date(who.date, styled.locale))
        for who in lf.sign_off or []
    ]
    parts += translation_lines(styled.leaflet, styled.words, styled.locale)
    notice = not_reviewed_text(styled)
    if notice:
        parts.append(notice)
    if styled.brand.footer:  # the registration line: here rather than in every page's footer
        parts.append(styled.brand.footer)
    return [styled.heading(styled.words.ABOUT), styled.para(" ".join(parts), s.body)]
