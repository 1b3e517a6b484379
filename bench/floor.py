"""The floor: the benchmark leaflet built with ReportLab platypus directly, the simplest way.

The same words, fonts (Atkinson Hyperlegible, embedded), sizes, colours, a header band with the
same logo (drawImage, mask="auto"), a price table and plain "Page N" footers; no validation,
templating, glyph checks, warning panel, QR code, "Page X of Y" or bookmarks. This is
what a hand-written ReportLab script would cost, and what leaflet's warm build is compared with.
Run alone (``python bench/floor.py``) it builds once and exits: the cold plain-ReportLab process.
"""
from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import yaml
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import ListFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "fonts" / "AtkinsonHyperlegible"
LOGO = ROOT / "bench" / "logo.png"
_registered = False


def register() -> None:
    global _registered
    if not _registered:
        for style, name in (("Regular", "AH"), ("Bold", "AH-Bold")):
            path = next(FONTS.glob(f"*{style}.ttf"))
            pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily("AH", normal="AH", bold="AH-Bold", italic="AH", boldItalic="AH-Bold")
        _registered = True


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _inline(text: str, clinic: str) -> str:
    text = escape(text.replace("{{ clinic.name }}", clinic).replace("{{ clinic.phone }}", "020 7946 0321"))
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)


def build(data: dict, clinic: str = "Harbour Skin Clinic") -> bytes:
    register()
    body = ParagraphStyle("body", fontName="AH", fontSize=12.5, leading=18.1, spaceAfter=6)
    h1 = ParagraphStyle("h1", parent=body, fontName="AH-Bold", fontSize=24, leading=29,
                        textColor=colors.HexColor("#0B5563"))
    h2 = ParagraphStyle("h2", parent=body, fontName="AH-Bold", fontSize=17, leading=21, spaceBefore=10,
                        textColor=colors.HexColor("#0B5563"), keepWithNext=1)
    story = [Paragraph(escape(data["title"]), h1), Paragraph(escape(data.get("subtitle", "")), body)]
    if data.get("summary"):
        story.append(ListFlowable([Paragraph(_inline(s, clinic), body) for s in data["summary"]],
                                  bulletType="bullet"))
    for section in data["sections"]:
        story.append(Paragraph(escape(section["heading"]), h2))
        for block in (section.get("text") or "").split("\n\n"):
            lines = block.strip().splitlines()
            bullets = [ln[2:] for ln in lines if ln.startswith("- ")]
            plain = " ".join(ln for ln in lines if not ln.startswith("- "))
            if plain:
                story.append(Paragraph(_inline(plain, clinic), body))
            if bullets:
                story.append(ListFlowable([Paragraph(_inline(b, clinic), body) for b in bullets],
                                          bulletType="bullet"))
        for risk in section.get("risks", []):
            story.append(Paragraph(_inline(f"{risk['text']} ({risk.get('frequency', 'not known')})", clinic), body))
        steps = section.get("aftercare", [])
        if steps:
            story.append(ListFlowable([Paragraph(_inline(s["text"], clinic), body) for s in steps],
                                      bulletType="1"))
        rows = [[p["item"], str(p["price"])] for p in section.get("prices", [])]
        if section.get("table"):
            rows = [section["table"]["columns"]] + section["table"]["rows"]
        if rows:
            table = Table([[Paragraph(_inline(str(c), clinic), body) for c in row] for row in rows])
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey)]))
            story.append(table)
    for source in data.get("sources", []):
        story.append(Paragraph(_inline(source, clinic), body))
    story += [Spacer(1, 6 * mm), Paragraph(f"Contact {clinic} on 020 7946 0321.", body)]

    def band(canvas, doc):
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#0B5563"))
        canvas.rect(0, A4[1] - 30 * mm, A4[0], 30 * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont("AH-Bold", 20)
        canvas.setFillColor(colors.white)
        canvas.rect(18 * mm, A4[1] - 26 * mm, 62 * mm, 22 * mm, stroke=0, fill=1)
        canvas.drawImage(str(LOGO), 20 * mm, A4[1] - 24 * mm, 54 * mm, 18 * mm, mask="auto",
                         preserveAspectRatio=True)
        canvas.setFillColor(colors.white)
        canvas.drawString(85 * mm, A4[1] - 18 * mm, clinic)
        footer(canvas, doc)
        canvas.restoreState()

    def footer(canvas, doc):
        canvas.setFont("AH", 9.5)
        canvas.setFillColor(colors.black)
        canvas.drawString(18 * mm, 10 * mm, f"{clinic} - Page {doc.page}")

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=36 * mm, bottomMargin=20 * mm, invariant=1, title=data["title"])
    doc.build(story, onFirstPage=band, onLaterPages=footer)
    return buffer.getvalue()


if __name__ == "__main__":
    pdf = build(load(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "two-page.yaml"))
    if len(sys.argv) > 2:
        Path(sys.argv[2]).write_bytes(pdf)
