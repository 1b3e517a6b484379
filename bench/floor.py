"""The floor: the benchmark leaflets built with ReportLab platypus directly, the simplest way.

The same words (with the brand's fields, prices and citation numbers filled in: ``inputs.printed``),
fonts (Atkinson Hyperlegible, embedded), sizes, colours, a header band with the same logo
(drawImage, mask="auto"), the same booking QR code (ReportLab's own QrCode flowable, level M, 92
points), a price table, the sources and plain "Page N" footers; no validation, lint, glyph checks,
warning panels, keeps, "Page X of Y" or bookmarks. This is what a hand-written ReportLab script
would cost, and what leaflet's warm build is compared with.

A plain script encodes the QR code in every build. ``build(..., qr_once=True)`` draws one encoded
once per process and URL, as leaflet does: the stricter floor, for the text and layout alone.

Run alone (``python bench/floor.py [content] [output]``) it builds once with the benchmark brand and
exits: the cold plain-ReportLab process.
"""

from __future__ import annotations

import io
import re
import sys
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import yaml
from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, ListFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

BENCH = Path(__file__).resolve().parent
FONTS = BENCH.parent / "fonts" / "AtkinsonHyperlegible"
QR_SIZE = 92
_registered = False


def register() -> None:
    global _registered
    if not _registered:
        for style, name in (("Regular", "AH"), ("Bold", "AH-Bold")):
            path = next(FONTS.glob(f"*{style}.ttf"))
            pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily("AH", normal="AH", bold="AH-Bold", italic="AH", boldItalic="AH-Bold")
        _registered = True


def _inline(text: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(" ".join(str(text).split())))


class _QrOnce(Flowable):
    """The QR code's dark runs, encoded once per URL, drawn as ReportLab's QrCode draws them."""

    def __init__(self, url: str):
        super().__init__()
        self.url, self.width, self.height = url, QR_SIZE, QR_SIZE

    def draw(self):
        for x, y, w, h in _runs(self.url):
            self.canv.rect(x, y, w, h, stroke=0, fill=1)


@cache
def _runs(url: str) -> tuple:
    from inputs import qr_runs  # bench/inputs.py: the code as every peer draws it

    modules, runs = qr_runs(url)
    box = QR_SIZE / modules
    return tuple((c * box, QR_SIZE - (r + 1) * box, n * box, box * 1.05) for c, r, n in runs)


def build(data: dict, brand: dict, qr_once: bool = False) -> bytes:
    """``data``: a content file's data as printed (inputs.printed); ``brand``: a brand file's data,
    its logo an absolute path."""
    register()
    primary = colors.HexColor(brand.get("colors", {}).get("primary", "#0B5563"))
    body = ParagraphStyle("body", fontName="AH", fontSize=14, leading=20.3, spaceAfter=7)
    h1 = ParagraphStyle("h1", parent=body, fontName="AH-Bold", fontSize=26, leading=31, textColor=primary)
    h2 = ParagraphStyle(
        "h2",
        parent=body,
        fontName="AH-Bold",
        fontSize=19,
        leading=23,
        spaceBefore=12,
        textColor=primary,
        keepWithNext=1,
    )
    story = [Paragraph(escape(data["title"]), h1), Paragraph(escape(data.get("subtitle", "")), body)]
    if data.get("summary"):
        story.append(ListFlowable([Paragraph(_inline(s), body) for s in data["summary"]], bulletType="bullet"))
    for section in data["sections"]:
        story.append(Paragraph(escape(section["heading"]), h2))
        for block in (section.get("text") or "").split("\n\n"):
            lines = block.strip().splitlines()
            bullets = [ln.strip()[2:] for ln in lines if ln.strip().startswith("- ")]
            plain = " ".join(ln for ln in lines if not ln.strip().startswith("- "))
            if plain:
                story.append(Paragraph(_inline(plain), body))
            if bullets:
                story.append(ListFlowable([Paragraph(_inline(b), body) for b in bullets], bulletType="bullet"))
        for risk in section.get("risks", []):
            text = f"**{risk['text']}** ({risk.get('frequency', 'not known')})"
            story.append(Paragraph(_inline(text + (f" {risk['action']}" if risk.get("action") else "")), body))
        steps = section.get("aftercare", [])
        if steps:
            story.append(
                ListFlowable(
                    [
                        Paragraph(_inline(s["text"] + (f" ({s['duration']})" if s.get("duration") else "")), body)
                        for s in steps
                    ],
                    bulletType="1",
                )
            )
        rows = [[p["item"], p["printed"]] for p in section.get("prices", [])]
        if section.get("table"):
            rows = [section["table"]["columns"]] + section["table"]["rows"]
        if rows:
            table = Table([[Paragraph(_inline(c), body) for c in row] for row in rows])
            table.setStyle(
                TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("FONTNAME", (0, 0), (-1, -1), "AH")])
            )
            story.append(table)
    if data.get("sources"):
        story.append(Paragraph("Sources", h2))
        story.append(
            ListFlowable(
                [
                    Paragraph(_inline(s if isinstance(s, str) else f"{s['text']} {s.get('url', '')}"), body)
                    for s in data["sources"]
                ],
                bulletType="1",
            )
        )
    story.append(Paragraph("Contact us", h2))
    contact = [Paragraph(f"<b>{escape(brand['name'])}</b>", body)]
    contact += [Paragraph(escape(line), body) for line in (brand.get("address") or "").splitlines()]
    contact += [
        Paragraph(f"<b>{label}:</b> {escape(str(brand[key]).split('://')[-1])}", body)
        for label, key in (("Phone", "phone"), ("Email", "email"), ("Website", "website"))
        if brand.get(key)
    ]
    if brand.get("booking_url"):
        url = brand["booking_url"]
        qr = _QrOnce(url) if qr_once else QrCode(url, qrLevel="M", width=QR_SIZE, height=QR_SIZE)
        booking = [qr, Paragraph("Scan to book", body), Paragraph(escape(url.split("://")[-1]), body)]
        contact = [Table([[contact, booking]], colWidths=[None, 190])]
    story += contact + [
        Spacer(1, 6 * mm),
        Paragraph(escape(f"Published {data['published']}. Review by {data['review_by']}."), body),
    ]
    name = brand["name"]

    def band(canvas, doc):
        canvas.saveState()
        canvas.setFillColor(primary)
        canvas.rect(0, A4[1] - 32 * mm, A4[0], 32 * mm, stroke=0, fill=1)
        x = 24 * mm
        if brand.get("logo"):
            canvas.setFillColor(colors.white)
            canvas.roundRect(x, A4[1] - 28 * mm, 63 * mm, 24.5 * mm, 2 * mm, stroke=0, fill=1)
            canvas.drawImage(
                brand["logo"], x + 2.5 * mm, A4[1] - 25.5 * mm, 58 * mm, 20 * mm, mask="auto", preserveAspectRatio=True
            )
            x += 68 * mm
        canvas.setFillColor(colors.white)
        canvas.setFont("AH-Bold", 20)
        canvas.drawString(x, A4[1] - 17 * mm, name)
        canvas.setFont("AH", 12)
        canvas.drawString(x, A4[1] - 23 * mm, brand.get("tagline", ""))
        footer(canvas, doc)
        canvas.restoreState()

    def footer(canvas, doc):
        canvas.setFont("AH", 10)
        canvas.setFillColor(colors.black)
        canvas.drawString(24 * mm, 10 * mm, f"{name} · {brand.get('phone', '')} - Page {doc.page}")

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=24 * mm,
        rightMargin=24 * mm,
        topMargin=38 * mm,
        bottomMargin=20 * mm,
        invariant=1,
        title=data["title"],
    )
    doc.build(story, onFirstPage=band, onLaterPages=footer)
    return buffer.getvalue()


if __name__ == "__main__":  # the cold plain-ReportLab process: read both YAML files, print, exit
    sys.path.insert(0, str(BENCH))
    import inputs

    content = Path(sys.argv[1]) if len(sys.argv) > 1 else inputs.SHORT
    brand = inputs.brand_data(inputs.BRAND)
    pdf = build(inputs.printed(yaml.safe_load(content.read_text(encoding="utf-8")), brand), brand)
    if len(sys.argv) > 2:
        Path(sys.argv[2]).write_bytes(pdf)
