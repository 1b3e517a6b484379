"""The accessible HTML companion: same words and brand as the PDF, zero axe-core violations."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import leaflet
from leaflet.html import render_html

from conftest import BRANDS, FORMAT, MESO, pdf_text, squash

AXE = Path(__file__).parent / "axe"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# .ci/run installs Chromium and the npm packages and sets this, so CI can never skip the axe test.
REQUIRED = os.environ.get("LEAFLET_REQUIRE_AXE") == "1"

PAGES = {
    "meso-harbour": (MESO, BRANDS / "harbour-skin.yaml"),
    "meso-default-brand": (MESO, None),
    "example-northfield": (FORMAT / "content-example.yaml", BRANDS / "northfield-aesthetics.yaml"),
}


class Outline(HTMLParser):
    """The parts of a page an assistive technology relies on."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag: str) -> list[dict]:
        return [attrs for t, attrs in self.tags if t == tag]


def page(name: str) -> str:
    content, brand = PAGES[name]
    return render_html(leaflet.load_leaflet(content), leaflet.load_brand(brand) if brand else None)


@pytest.fixture(scope="module")
def meso_html() -> str:
    return page("meso-harbour")


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def test_language_title_and_one_h1(meso_html):
    o = outline(meso_html)
    assert o.all("html") == [{"lang": "en-GB", "dir": "ltr"}]
    assert "<title>Mesotherapy for skin rejuvenation – Harbour Skin Clinic</title>" in meso_html
    assert len(o.all("h1")) == 1 and len(o.all("main")) == 1


def test_a_heading_for_every_section(meso_html):
    headings = re.findall(r"<h2 id=\"[^\"]+\">([^<]+)</h2>", meso_html)
    content = leaflet.load_leaflet(MESO)
    assert headings[1:-4] == [s.heading for s in content.sections]
    assert headings[0] == "At a glance"
    assert headings[-4:] == ["Your clinic", "Sources", "Contact us", "About this leaflet"]  # the brand's clinic facts


def test_tables_have_header_cells_and_lists_are_lists(meso_html):
    o = outline(meso_html)
    assert len(o.all("table")) == 3  # other risks, prices, techniques
    assert all(th.get("scope") in ("col", "row") for th in o.all("th"))
    assert len(o.all("ol")) >= 2 and len(o.all("ul")) >= 4


def test_the_logo_has_alt_text_and_everything_is_inside_the_file(meso_html):
    images = outline(meso_html).all("img")
    assert images == [{"src": images[0]["src"], "alt": "Harbour Skin Clinic logo"}]
    assert all(img["src"].startswith("data:image/svg+xml;base64,") for img in images)
    # Nothing to fetch: the only addresses are the clinic's own and the sources' web pages.
    sources = [s.url for s in leaflet.load_leaflet(MESO).sources if getattr(s, "url", None)]
    outside = re.findall(r"(?:src|href)=\"(?!data:|#|tel:|mailto:|https://harbourskin\.example)([^\"]*)\"", meso_html)
    assert outside == sources
    assert "@font-face" in meso_html and "@media print" in meso_html


def test_same_words_as_the_pdf(meso_html):
    html_text = squash("".join(outline(meso_html).text))
    pdf = squash(pdf_text(io.BytesIO(leaflet.build_files(MESO, BRANDS / "harbour-skin.yaml"))))
    html_text, pdf = (t.replace("\u00a0", " ") for t in (html_text, pdf))
    for phrase in [
        "Mesotherapy is a treatment that uses lots of tiny injections.",
        "Call 999 now if your lips, mouth, throat or tongue swell",
        "A full course of several sessions",
        "Not known: there is not enough research to say",
        "These are the prices at Harbour Skin Clinic.",
        "One session costs £190, and a full course costs £1,100 to £1,700.",
        "Harbour Skin Clinic on 0117 496 0000",
        "company number 00000000",
        "Not yet reviewed by a clinician.",
        "Dr Sam Example, doctor, General Medical Council, number 0000000",
        "a popular beauty treatment for the face, mainly in Europe [1].",
        "or breastfeeding [clinic advice].",
        "[clinic advice] marks advice from the clinic itself.",
        "NHS. Anaphylaxis. Page last reviewed 21 June 2023. Read on 7 December 2026 at:",
        "Ref: LF-MESO-001. Version: 1.3. Reviewed by Leaflet project editors",
    ]:
        assert phrase in html_text and phrase in pdf, phrase


def test_citations_link_to_their_source(meso_html):
    assert '[<a href="#source-1">1</a>]' in meso_html and '<li id="source-1">' in meso_html
    assert '<a href="https://www.nhs.uk/conditions/anaphylaxis/">www.nhs.uk/conditions/anaphylaxis</a>' in meso_html


def test_the_pdf_has_what_reportlab_can_give_it():
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(leaflet.build_files(MESO, BRANDS / "harbour-skin.yaml")))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB" and bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Mesotherapy for skin rejuvenation"
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Risks and side effects" in titles


def test_markup_is_escaped_and_bold_is_strong(tmp_path):
    content = tmp_path / "c.yaml"
    content.write_text(
        "title: R&D <script>alert(1)</script>\npublished: 2026-09-01\nreview_by: 2027-09-01\n"
        'sections:\n  - heading: About\n    text: "a < b & **bold** <i>x</i>"\n',
        encoding="utf-8",
    )
    html = render_html(leaflet.load_leaflet(content))
    assert "<script>" not in html and "R&amp;D &lt;script&gt;" in html
    assert "a &lt; b &amp; <strong>bold</strong> &lt;i&gt;x&lt;/i&gt;" in html


def test_build_html_writes_both_files(cli):
    cli("build", MESO, "--brand", BRANDS / "northfield-aesthetics.yaml", "--html")
    assert cli.code == 0, cli.err
    assert cli.out.split() == [
        "output/mesotherapy-rejuvenation-northfield-aesthetics.pdf",
        "output/mesotherapy-rejuvenation-northfield-aesthetics.html",
    ]
    html = (cli.folder / "output/mesotherapy-rejuvenation-northfield-aesthetics.html").read_text("utf-8")
    assert "Northfield Aesthetics" in html and "<svg" not in html  # an information leaflet: no booking QR code


def _axe_ready() -> str | None:
    if not shutil.which("node"):
        return "node is not installed"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    if not (AXE / "node_modules" / "axe-core").is_dir() or not (AXE / "node_modules" / "playwright-core").is_dir():
        return "npm packages missing (cd tests/axe && npm install)"
    return None


@pytest.mark.parametrize("name", sorted(PAGES))
def test_zero_axe_core_violations_in_headless_chromium(name, tmp_path):
    missing = _axe_ready()
    if missing:
        if REQUIRED:
            pytest.fail(missing)
        pytest.skip(missing)
    html = tmp_path / f"{name}.html"
    html.write_text(page(name), encoding="utf-8")
    shot = tmp_path / f"{name}.png"
    run = subprocess.run(
        ["node", str(AXE / "run-axe.js"), str(html), str(shot)], capture_output=True, text=True, timeout=90
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["violations"] == [], json.dumps(result["violations"], indent=2)
    assert result["passes"] >= 20 and result["lang"] in ("en-GB", "en")
    assert shot.stat().st_size > 10_000  # the page really rendered
