"""The studio in a real browser: Debian's headless Chromium driven by Playwright's Python package.

Each test starts the studio on 127.0.0.1 (a port in 18000-18999) over a scratch copy of the folders,
and does what a practice manager or the front desk would: edit a brand and watch the preview,
upload a logo, print for a patient to a real CUPS queue (the cups-pdf virtual printer .ci/run adds),
and axe-core checks every page. Browsers cannot be downloaded here: Playwright drives
/usr/bin/chromium. In CI (LEAFLET_REQUIRE_AXE=1, LEAFLET_REQUIRE_CUPS=1) a missing browser or
print queue fails these tests instead of skipping them.
"""
from __future__ import annotations

import base64
import io
import json
import os
import threading
import time
from pathlib import Path

import pytest

from playwright import sync_api as playwright_api
import uvicorn
from PIL import Image
from pypdf import PdfReader

import leaflet
from conftest import pdf_text
from leaflet.studio import printing
from leaflet.studio.app import create_app
from studio_helpers import digest, free_port, workspace

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
PRINTER = os.environ.get("LEAFLET_TEST_PRINTER", "leaflet-pdf")
PRINTED = Path(os.environ.get("LEAFLET_TEST_PRINTER_OUT", "/var/spool/cups-pdf-leaflet"))
MESO = "mesotherapy-rejuvenation"


def _missing(what: str, env: str) -> None:
    if os.environ.get(env) == "1":
        pytest.fail(what)
    pytest.skip(what)


class Live:
    """The studio served by uvicorn in a thread, as `leaflet studio` serves it."""

    def __init__(self, app):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the studio did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        _missing(f"{CHROMIUM} is not installed (apt-get install chromium)", "LEAFLET_REQUIRE_AXE")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update"])
        yield chromium
        chromium.close()


@pytest.fixture
def folders(tmp_path):
    return workspace(tmp_path)


@pytest.fixture
def studio(folders):
    live = Live(create_app(*folders))
    yield live
    live.stop()


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    yield context.new_page()
    context.close()


def new_preview(tab, previous: str | None) -> str:
    """Wait for the preview image to be replaced by the live preview's answer; its data URL."""
    tab.wait_for_function("""previous => {
        const img = document.getElementById('preview-image');
        return img.src.startsWith('data:') && img.src !== previous && img.complete;
    }""", arg=previous or "", timeout=15000)
    return tab.get_attribute("#preview-image", "src")


def picture(data_url: str) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(data_url.split(",", 1)[1]))).convert("RGB")


def band_colour(image: Image.Image) -> tuple[int, int, int]:
    """The header band's colour: the right-hand end of the band on page 1 (no logo or text there)."""
    return image.getpixel((image.width - 20, 40))


def test_change_the_name_and_colour_see_the_preview_change_and_save(studio, tab, folders):
    _, brands = folders
    tab.goto(f"{studio.url}/brands/harbour-skin")
    tab.fill("#f-name", "Harbour Skin and Laser")
    named = new_preview(tab, None)
    assert band_colour(picture(named)) == (0x0B, 0x55, 0x63)
    tab.fill("#f-colors-primary", "#7A1F5C")
    coloured = new_preview(tab, named)
    assert band_colour(picture(coloured)) == (0x7A, 0x1F, 0x5C)
    assert tab.input_value("#f-colors-primary-picker") == "#7a1f5c"  # the picker follows the hex code
    assert "headings print in it as it is" in tab.inner_text("#f-colors-primary-colour")
    assert "as typed (not saved yet)" in tab.inner_text("#preview-status")
    tab.click("text=Save the brand")
    tab.wait_for_url("**/brands/harbour-skin?saved=1**")
    assert "Saved." in tab.inner_text("main")
    text = (brands / "harbour-skin.yaml").read_text("utf-8")
    assert "name: Harbour Skin and Laser                         # required\n" in text
    assert '  primary: "#7A1F5C"                                 # header band, headings\n' in text
    assert "# A brand file: one clinic's branding, contact details and prices." in text
    assert leaflet.load_brand(brands / "harbour-skin.yaml").colors.primary == "#7A1F5C"


def test_a_pale_colour_is_explained_and_the_preview_shows_the_darker_headings(studio, tab):
    tab.goto(f"{studio.url}/brands/harbour-skin")
    tab.fill("#f-colors-primary", "#66CCFF")
    new_preview(tab, None)
    note = tab.inner_text("#f-colors-primary-colour")
    assert "under 4.5:1, so headings print in a darker shade of it" in note
    assert "the header band keeps #66CCFF" in note and "prints in black" in note


def test_a_bad_colour_shows_the_message_beside_the_field_and_saves_nothing(studio, tab, folders):
    _, brands = folders
    before = digest(brands)
    tab.goto(f"{studio.url}/brands/harbour-skin")
    tab.fill("#f-colors-primary", "#12345")
    notes = tab.locator("#f-colors-primary-notes")
    playwright_api.expect(notes).to_contain_text("'#12345' is not a colour written as \"#RRGGBB\"", timeout=15000)
    playwright_api.expect(notes).to_contain_text('for example "#0B5563"')
    assert tab.get_attribute("#f-colors-primary", "aria-invalid") == "true"
    assert "Preview not updated" in tab.inner_text("#preview-status")
    tab.click("text=Save the brand")
    playwright_api.expect(tab.locator("[role=alert]")).to_contain_text("Nothing was saved")
    assert "is not a colour written as" in tab.inner_text("#f-colors-primary-notes")
    assert tab.input_value("#f-colors-primary") == "#12345"  # what was typed is still there to fix
    assert digest(brands) == before


def test_a_logo_upload_lands_in_the_brands_folder_and_is_previewed(studio, tab, folders, tmp_path):
    _, brands = folders
    logo = tmp_path / "new-logo.png"
    Image.new("RGB", (1400, 480), (200, 30, 30)).save(logo)
    tab.goto(f"{studio.url}/brands/harbour-skin")
    tab.set_input_files("#logo-file", str(logo))
    tab.click("text=Upload logo")
    playwright_api.expect(tab.locator("#logo-notes")).to_contain_text("Uploaded as harbour-skin-logo-", timeout=15000)
    chosen = tab.input_value("#f-logo")
    assert (brands / chosen).read_bytes() == logo.read_bytes()
    assert "1400 x 480 pixels" in tab.inner_text("#logo-resolution") and "sharp in print" in tab.inner_text("#logo-resolution")
    shown = picture(new_preview(tab, None))
    assert (200, 30, 30) in [shown.getpixel((x, 40)) for x in range(0, 300, 4)]  # the new logo, on the band
    tab.click("text=Save the brand")
    tab.wait_for_url("**saved=1**")
    assert f"logo: {chosen}" in (brands / "harbour-skin.yaml").read_text("utf-8")


def test_the_brand_editor_works_with_the_keyboard_alone(studio, tab, folders):
    _, brands = folders
    tab.goto(f"{studio.url}/brands/harbour-skin")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Skip to the main content"
    tab.keyboard.press("Enter")
    for _ in range(20):  # to the clinic name field, by Tab alone
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.id") == "f-name":
            break
    assert tab.evaluate("document.activeElement.id") == "f-name"
    tab.keyboard.press("Control+A")
    tab.keyboard.type("Harbour by Keyboard")
    for _ in range(120):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.textContent") == "Save the brand":
            break
    tab.keyboard.press("Enter")
    tab.wait_for_url("**saved=1**")
    assert leaflet.load_brand(brands / "harbour-skin.yaml").name == "Harbour by Keyboard"


def test_missing_token_and_paths_out_of_the_folders_are_refused(browser, folders):
    live = Live(create_app(*folders, token="open-sesame-123", loopback_only=False))
    try:
        context = browser.new_context()
        tab = context.new_page()
        refused = tab.goto(f"{live.url}/brands/harbour-skin")
        assert refused.status == 403 and "Access token needed" in tab.inner_text("main")
        tab.goto(f"{live.url}/?token=open-sesame-123")
        assert tab.url == f"{live.url}/" and "Harbour Skin Clinic" in tab.inner_text("main")
        for path in ["/brands/..%2F..%2F..%2Fetc%2Fpasswd", f"/preview?leaflet=..%2F{MESO}",
                     "/download/zip?brand=..%2F..%2Fbrands%2Fharbour-skin"]:
            answer = tab.goto(live.url + path)
            assert answer.status == 404 and "root:" not in tab.content(), path
        context.close()
    finally:
        live.stop()


# ---------------------------------------------------------------- accessibility

PAGES = {
    "library": "/",
    "preview": f"/preview?leaflet={MESO}&brand=harbour-skin",
    "brand-editor": "/brands/harbour-skin",
    "new-brand": "/brands/new",
    "print": f"/print?leaflet={MESO}&brand=harbour-skin&format=a5-booklet",
    "not-found": "/brands/no-such-brand",
    "cannot-build": f"/download/pdf?leaflet={MESO}&format=dl-trifold",
}


def axe(tab) -> dict:
    tab.add_script_tag(path=str(AXE))
    return tab.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}, resultTypes: ['violations']});
        return {passes: r.passes.length, violations: r.violations.map(v => ({id: v.id, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' '))}))};
    }""")


@pytest.mark.parametrize("name", sorted(PAGES))
def test_zero_axe_core_violations_on_every_page(studio, tab, name, tmp_path):
    if not AXE.is_file():
        _missing("axe-core is missing (cd tests/axe && npm ci)", "LEAFLET_REQUIRE_AXE")
    tab.goto(studio.url + PAGES[name])
    tab.wait_for_load_state("networkidle")
    result = axe(tab)
    tab.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    assert result["violations"] == [], json.dumps(result["violations"], indent=2)
    assert result["passes"] >= 15


def test_zero_axe_core_violations_with_problems_and_a_live_preview_showing(studio, tab):
    if not AXE.is_file():
        _missing("axe-core is missing (cd tests/axe && npm ci)", "LEAFLET_REQUIRE_AXE")
    tab.goto(f"{studio.url}/brands/harbour-skin")
    tab.fill("#f-colors-warning", "#FFEEEE")
    playwright_api.expect(tab.locator("#f-colors-warning-notes")).to_contain_text("too pale", timeout=15000)
    tab.fill("#f-prices-session", "lots")
    playwright_api.expect(tab.locator("#f-prices-session-notes")).to_contain_text("is not a price", timeout=15000)
    result = axe(tab)
    assert result["violations"] == [], json.dumps(result["violations"], indent=2)


# ---------------------------------------------------------------- printing

def _printed(job: str) -> Path | None:
    number = job.rsplit("-", 1)[-1]
    found = [p for p in PRINTED.rglob("*.pdf") if f"job_{number}-" in p.name or p.stem.endswith(f"-job_{number}")]
    return found[0] if found else None


def test_a_print_job_reaches_cups_and_prints_every_page(studio, tab, folders):
    queues = printing.printers()
    if PRINTER not in queues.names:
        _missing(f"no CUPS queue '{PRINTER}' ({queues.reason or 'not added'}); .ci/run adds it", "LEAFLET_REQUIRE_CUPS")
    content, brands = folders
    expected = leaflet.build_files(content / f"{MESO}.yaml", brands / "harbour-skin.yaml",
                                   leaflet.BuildOptions(format="a5-booklet"))
    tab.goto(f"{studio.url}/print?leaflet={MESO}&brand=harbour-skin&format=a5-booklet")
    tab.select_option("#print-printer", PRINTER)
    tab.fill("#print-copies", "1")
    tab.check("#print-confirm-unreviewed")  # no clinician has signed the sample off: the page asks
    tab.click("button:text('Print')")
    done = tab.locator(".done")
    playwright_api.expect(done).to_contain_text("Sent to the printer", timeout=30000)
    job = done.locator("strong").first.inner_text()
    assert job.startswith(f"{PRINTER}-")
    assert "turned over on the short edge" in done.inner_text()
    deadline, printed = time.monotonic() + 60, None
    while printed is None and time.monotonic() < deadline:
        printed = _printed(job)
        time.sleep(0.5)
    assert printed is not None, f"cups-pdf wrote no PDF for {job} under {PRINTED}"
    time.sleep(0.5)  # cups-pdf writes the file, then sets its mode
    reader = PdfReader(printed)
    assert len(reader.pages) == len(PdfReader(io.BytesIO(expected)).pages)
    assert "Harbour Skin Clinic" in pdf_text(printed)
