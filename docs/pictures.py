"""The README's pictures of leaflets, from real output: ``python docs/pictures.py``.

Builds the mesotherapy leaflet (and, for the tri-fold, the format example) with the command's own
code into a scratch folder, renders pages with pdftoppm (poppler-utils), and writes each picture
under docs/. Pages are chosen by what they show (the page with the warning panel, the cost
section), so the pictures follow the content when it changes. Prints which page each came from.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
MESO = ROOT / "content" / "mesotherapy-rejuvenation.yaml"
EXAMPLE = ROOT / "examples" / "content-example.yaml"
HARBOUR = ROOT / "content" / "brands" / "harbour-skin.yaml"


def build(scratch: Path, name: str, content: Path, *options: str, brand: Path = HARBOUR) -> Path:
    from leaflet.cli import main

    out = scratch / f"{name}.pdf"
    if main(["build", str(content), "--brand", str(brand), "-o", str(out), *options]) != 0:
        sys.exit(f"could not build {name}")
    return out


def render(pdf: Path, page: int, dpi: int, grey: bool = False) -> Image.Image:
    """Page ``page`` (1-based) as an image, as pdftoppm draws it."""
    stem = pdf.with_name(f"{pdf.stem}-{page}-{dpi}{'-grey' if grey else ''}")
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-png",
            "-singlefile",
            "-f",
            str(page),
            "-l",
            str(page),
            *(["-gray"] if grey else []),
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    with Image.open(stem.with_suffix(".png")) as image:
        return image.convert("RGB")


def page_with(pdf: Path, words: str) -> int:
    """The first page (1-based) whose text has ``words``."""
    for number, page in enumerate(PdfReader(pdf).pages, 1):
        if words in " ".join(unicodedata.normalize("NFKC", page.extract_text() or "").split()):
            return number
    sys.exit(f"no page of {pdf.name} says {words!r}")


def heights(pdf: Path, page: int, starts: list[str]) -> list[float]:
    """How far down the page (0 to 1) the first line starting with each of ``starts`` is set."""
    reader = PdfReader(pdf)
    found: dict[str, float] = {}
    top = float(reader.pages[page - 1].mediabox.top)

    def visit(text, cm, tm, font, size):
        line = " ".join(text.split())
        for start in starts:
            if start not in found and line.startswith(start):
                found[start] = 1 - (tm[5] * cm[3] + cm[5]) / top

    reader.pages[page - 1].extract_text(visitor_text=visit)
    missing = [s for s in starts if s not in found]
    if missing:
        sys.exit(f"page {page} of {pdf.name} has no line starting {missing}")
    return [found[s] for s in starts]


def crop(image: Image.Image, top: float, bottom: float, margin: float = 0.025) -> Image.Image:
    h = image.height
    return image.crop((0, max(0, int((top - margin) * h)), image.width, min(h, int((bottom + margin) * h))))


def side_by_side(*images: Image.Image, gap: int = 12) -> Image.Image:
    out = Image.new(
        "RGB", (sum(i.width for i in images) + gap * (len(images) - 1), max(i.height for i in images)), "#9A9A9A"
    )
    x = 0
    for image in images:
        out.paste(image, (x, 0))
        x += image.width + gap
    return out


def save(image: Image.Image, name: str, note: str) -> None:
    image.save(DOCS / name, optimize=True)
    print(f"docs/{name}: {note}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        a4 = build(scratch, "a4", MESO)
        save(render(a4, 1, 75), "a4-page-1.png", "A4, page 1")
        risks = page_with(a4, "Warning: get help quickly")
        save(render(a4, risks, 75), "a4-risks.png", f"A4, page {risks}")
        cost = page_with(a4, "These are the prices at")  # the clinic's price table
        top, bottom = heights(a4, cost, ["These are the prices at", "Are there other choices?"])
        save(crop(render(a4, cost, 100), top, bottom - 0.02), "cost-harbour-prices.png", f"A4, page {cost}, cropped")
        sources = page_with(a4, "point to these sources")
        (top,) = heights(a4, sources, ["Sources"])
        save(
            crop(render(a4, sources, 100), top, top + 0.42), "citations-and-sources.png", f"A4, page {sources}, cropped"
        )

        large = build(scratch, "large", MESO, "--large-print")
        panel = page_with(large, "Warning: get help quickly")
        save(render(large, panel, 60), "large-print-risks.png", f"A4 large print, page {panel}")

        a5 = build(scratch, "a5", MESO, "--format", "a5-booklet", "--no-impose")
        left = page_with(a5, "Warning: get help quickly")
        left -= left % 2  # a spread: an even page on the left, the odd one after it on the right
        save(
            side_by_side(render(a5, left, 60), render(a5, left + 1, 60)),
            "a5-spread.png",
            f"A5 booklet, pages {left} and {left + 1}",
        )
        sheets = build(scratch, "sheets", MESO, "--format", "a5-booklet")
        save(render(sheets, 1, 45), "a5-booklet-sheet-1.png", "A5 booklet imposed, sheet 1 front")

        trifold = build(scratch, "trifold", EXAMPLE, "--format", "dl-trifold")
        save(render(trifold, 1, 45), "dl-trifold-outside.png", "tri-fold, outside")
        save(render(trifold, 2, 45), "dl-trifold-inside.png", "tri-fold, inside")
        save(render(trifold, 1, 45, grey=True), "dl-trifold-outside-greyscale.png", "tri-fold, outside, greyscale")

        shop = build(scratch, "shop", MESO, "--crop-marks", "--cmyk")
        save(render(shop, 1, 45), "print-shop-page-1.png", "A4 with crop marks and CMYK, page 1")

        arabic = build(scratch, "arabic", ROOT / "content" / "mesotherapy-rejuvenation-ar.yaml")
        warning = page_with(arabic, "تحذير")
        save(
            side_by_side(render(arabic, 1, 60), render(arabic, warning, 60)),
            "ar-pages.png",
            f"Arabic, pages 1 and {warning}",
        )
        polish = build(scratch, "polish", ROOT / "content" / "mesotherapy-rejuvenation-pl.yaml")
        save(render(polish, 1, 60), "pl-page-1.png", "Polish, page 1")
        urdu = build(scratch, "urdu", ROOT / "content" / "mesotherapy-rejuvenation-ur.yaml")
        save(render(urdu, 1, 60), "ur-page-1.png", "Urdu, page 1")
        table = page_with(urdu, "Nappage")  # the table of injection methods
        save(render(urdu, table, 60), "ur-table-page.png", f"Urdu, page {table}")
        ar_sheets = build(
            scratch, "ar-sheets", ROOT / "content" / "mesotherapy-rejuvenation-ar.yaml", "--format", "a5-booklet"
        )
        save(render(ar_sheets, 1, 45), "ar-booklet-sheet-1.png", "Arabic A5 booklet imposed, sheet 1 front")
        rtl = ROOT / "tests" / "fixtures" / "rtl"
        ar_trifold = build(
            scratch, "ar-trifold", rtl / "sun-care-ar.yaml", "--format", "dl-trifold", brand=rtl / "cedar-clinic.yaml"
        )
        save(
            side_by_side(render(ar_trifold, 1, 40), render(ar_trifold, 2, 40)),
            "ar-trifold.png",
            "Arabic tri-fold (the tests' short leaflet), outside and inside",
        )
        consent_pictures(scratch)


def consent_pictures(scratch: Path) -> None:
    """The consent form (``leaflet consent``): English page 1, and the Arabic page of the ticked risks."""
    from leaflet.cli import main as cli

    made = []
    for name, content in (("consent", MESO), ("consent-ar", ROOT / "content" / "mesotherapy-rejuvenation-ar.yaml")):
        made.append(scratch / f"{name}.pdf")
        if cli(["consent", str(content), "--brand", str(HARBOUR), "-o", str(made[-1])]) != 0:
            sys.exit(f"could not make {name}")
    risks = page_with(made[1], "عدم العلاج إطلاقًا")  # "no treatment at all", under the risks
    save(
        side_by_side(render(made[0], 1, 60), render(made[1], risks, 60)),
        "consent-form.png",
        f"consent form, English page 1 and Arabic page {risks}",
    )


if __name__ == "__main__":
    main()
