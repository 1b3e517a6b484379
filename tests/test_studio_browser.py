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
import shutil
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from PIL import Image
from playwright import sync_api as playwright_api
from pypdf import PdfReader

import leaflet
from leaflet.studio import printing
from leaflet.studio.app import create_app

from conftest import ROOT, pdf_text
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
        self.app = app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 60  # an event wait: generous for a busy machine
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
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
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
    tab.wait_for_function(
        """previous => {
        const img = document.getElementById('preview-image');
        return img.src.startsWith('data:') && img.src !== previous && img.complete;
    }""",
        arg=previous or "",
        timeout=60000,
    )
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
    tab.click("button:text('Save the brand')")
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
    playwright_api.expect(notes).to_contain_text(
        "Enter the primary colour as a colour code like #0B5563", timeout=60000
    )
    assert tab.get_attribute("#f-colors-primary", "aria-invalid") == "true"
    assert "field-error" in tab.get_attribute("#f-colors-primary-field", "class")
    assert "Preview not updated" in tab.inner_text("#preview-status")
    tab.click("button:text('Save the brand')")
    playwright_api.expect(tab.locator("#error-summary")).to_contain_text("Nothing was saved")
    assert "Enter the primary colour as a colour code" in tab.inner_text("#f-colors-primary-notes")
    assert tab.input_value("#f-colors-primary") == "#12345"  # what was typed is still there to fix
    assert digest(brands) == before


def test_a_logo_upload_lands_in_the_brands_folder_and_is_previewed(studio, tab, folders, tmp_path):
    _, brands = folders
    logo = tmp_path / "new-logo.png"
    Image.new("RGB", (1400, 480), (200, 30, 30)).save(logo)
    tab.goto(f"{studio.url}/brands/harbour-skin")
    tab.set_input_files("#logo-file", str(logo))
    tab.click("text=Upload logo")
    playwright_api.expect(tab.locator("#logo-notes")).to_contain_text("Uploaded as new-logo.png", timeout=60000)
    chosen = tab.eval_on_selector("input[name=logo]:checked", "e => e.value")
    assert (brands / chosen).read_bytes() == logo.read_bytes()
    assert "1400 x 480 pixels" in tab.inner_text("#logo-resolution") and "sharp in print" in tab.inner_text(
        "#logo-resolution"
    )
    shown = picture(new_preview(tab, None))
    assert (200, 30, 30) in [shown.getpixel((x, 40)) for x in range(0, 300, 4)]  # the new logo, on the band
    tab.click("button:text('Save the brand')")
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
        tab.wait_for_url(f"{live.url}/")  # the token leaves the address bar
        playwright_api.expect(tab.locator("main")).to_contain_text("Harbour Skin Clinic")
        for path in [
            "/brands/..%2F..%2F..%2Fetc%2Fpasswd",
            f"/preview?leaflet=..%2F{MESO}",
            "/download/zip?brand=..%2F..%2Fbrands%2Fharbour-skin",
        ]:
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
    "print-sent": {
        "leaflet": MESO,
        "brand": "harbour-skin",
        "format": "a4",
        "large_print": "",
        "job": "leaflet-pdf-7",
        "printer": "leaflet-pdf",
        "copies": "1",
        "pages": "3",
        "document": "leaflet",
    },
    "print-find": f"/print?leaflet={MESO}&brand=harbour-skin&find=zzz",
    "not-found": "/brands/no-such-brand",
    "cannot-build": f"/download/pdf?leaflet={MESO}&format=dl-trifold",
}


def page_url(studio, name: str) -> str:
    """A page's address; the print confirmation's is signed, as the studio's redirect signs it."""
    if name == "print-sent":
        return f"{studio.url}/print/sent?{studio.app.state.signer.query(PAGES[name])}"
    return studio.url + PAGES[name]


def axe(tab) -> dict:
    # Through the DevTools protocol, not a <script> tag: the studio's CSP allows no inline script.
    tab.evaluate(AXE.read_text("utf-8") + "\n;window.axe = axe; true")
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
    tab.goto(page_url(studio, name))
    tab.wait_for_load_state("networkidle")
    result = axe(tab)
    tab.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    assert result["violations"] == [], json.dumps(result["violations"], indent=2)
    assert result["passes"] >= 15


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_page_is_wider_than_a_phone(studio, browser, name):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        tab = context.new_page()
        tab.goto(page_url(studio, name))
        tab.wait_for_load_state("networkidle")
        assert "Sent to the printer" in tab.title() or name != "print-sent"
        assert tab.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()


def test_zero_axe_core_violations_with_problems_and_a_live_preview_showing(studio, tab):
    if not AXE.is_file():
        _missing("axe-core is missing (cd tests/axe && npm ci)", "LEAFLET_REQUIRE_AXE")
    tab.goto(f"{studio.url}/brands/harbour-skin")
    tab.fill("#f-colors-warning", "#FFEEEE")
    playwright_api.expect(tab.locator("#f-colors-warning-notes")).to_contain_text("too pale", timeout=60000)
    tab.fill("#f-prices-LF-MESO-001-session", "lots")
    playwright_api.expect(tab.locator("#f-prices-LF-MESO-001-session-notes")).to_contain_text(
        "Enter the price as a number", timeout=60000
    )
    result = axe(tab)
    assert result["violations"] == [], json.dumps(result["violations"], indent=2)


def test_a_save_with_an_empty_name_and_a_bad_colour_shows_a_summary_that_leads_to_each_field(studio, tab, folders):
    _, brands = folders
    before = digest(brands)
    tab.goto(f"{studio.url}/brands/harbour-skin")
    tab.fill("#f-name", "")
    tab.fill("#f-colors-primary", "#12345")
    tab.click("button:text('Save the brand')")
    tab.wait_for_load_state()
    assert tab.title().startswith("Error: ")
    summary = tab.locator("#error-summary")
    playwright_api.expect(summary).to_be_focused()
    links = summary.locator("a")
    assert links.all_inner_texts() == [
        "Enter the clinic's name",
        "Enter the primary colour as a colour code like #0B5563",
    ]
    for index, field in enumerate(["#f-name", "#f-colors-primary"]):
        links.nth(index).click()
        playwright_api.expect(tab.locator(field)).to_be_focused()
        assert tab.locator(field).get_attribute("aria-invalid") == "true"
        label = tab.locator(f"label[for='{field[1:]}']").bounding_box()
        assert 0 <= label["y"] < 1000  # the field's label is in view, not 3,000 px below
    if AXE.is_file():
        result = axe(tab)
        assert result["violations"] == [], json.dumps(result["violations"], indent=2)
    tab.screenshot(path=str(folders[0].parent / "error-summary.png"))
    assert digest(brands) == before


def test_each_error_message_is_above_its_field_after_the_label_and_hint(studio, browser, folders):
    """The GOV.UK error message's place: inside the marked field, after its label and hint, above
    the box to fix, so it is read (and seen, at a phone's width too) before the box."""
    fields = {
        "f-name": "Enter the clinic's name",
        "f-colors-primary": "Enter the primary colour as a colour code like #0B5563",
        "f-prices-LF-MESO-001-session": "Enter the price as a number",
    }
    for width in (1280, 375):
        context = browser.new_context(viewport={"width": width, "height": 900})
        tab = context.new_page()
        tab.goto(f"{studio.url}/brands/harbour-skin")
        tab.fill("#f-name", "")
        tab.fill("#f-colors-primary", "#12345")
        tab.fill("#f-prices-LF-MESO-001-session", "lots")
        tab.click("button:text('Save the brand')")
        tab.wait_for_load_state()
        playwright_api.expect(tab.locator("#error-summary")).to_be_focused()
        for field, message in fields.items():
            place = tab.evaluate(
                """id => {
                const control = document.getElementById(id), notes = document.getElementById(id + '-notes');
                const box = document.getElementById(id + '-field');
                // A price's name is its group's legend (its boxes' labels, Price and Up to, sit side by side).
                const label = box.querySelector(':scope > legend') || box.querySelector('label[for="' + id + '"]');
                const help = document.getElementById(id + '-help');
                const follows = (a, b) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
                return {marked: box.classList.contains('field-error') && box.contains(notes),
                        order: follows(label, notes) && (!help || follows(help, notes)) && follows(notes, control),
                        above: notes.getBoundingClientRect().bottom <= control.getBoundingClientRect().top,
                        text: notes.innerText, described: control.getAttribute('aria-describedby')};
            }""",
                field,
            )
            assert place["marked"] and place["order"] and place["above"], (width, field, place)
            assert message in place["text"] and f"{field}-notes" in place["described"]
            link = tab.locator(f"#error-summary a[href='#{field}']")
            link.click()
            playwright_api.expect(tab.locator(f"#{field}")).to_be_focused()
            # The message is in view with its box, not scrolled away above it.
            top = tab.locator(f"#{field}-notes").bounding_box()["y"]
            assert 0 <= top < tab.locator(f"#{field}").bounding_box()["y"] < 900
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
        if AXE.is_file():
            result = axe(tab)
            assert result["violations"] == [], json.dumps(result["violations"], indent=2)
        tab.locator("#f-name-field").scroll_into_view_if_needed()
        tab.screenshot(path=str(folders[0].parent / f"error-above-{width}.png"))
        context.close()


def test_a_tri_fold_the_leaflet_cannot_fit_is_explained_in_place_of_the_preview(studio, browser, folders):
    """Without JavaScript the editor's preview is the server's image: for a format the leaflet
    cannot fit it would be a broken image, so the page says why instead; with JavaScript, choosing
    a format it fits brings the picture back."""
    address = f"{studio.url}/brands/harbour-skin?preview_leaflet=mesotherapy-rejuvenation&preview_format=dl-trifold"
    for scripts in (False, True):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=scripts)
        tab = context.new_page()
        failed: list[str] = []
        tab.on("response", lambda r, failed=failed: failed.append(r.url) if r.status >= 400 else None)
        tab.goto(address)
        tab.wait_for_load_state("networkidle")
        why = " ".join(tab.inner_text("#preview-refused").split())
        assert why.startswith("This leaflet cannot be shown as a DL tri-fold (nothing to do with the brand):")
        assert "Choose another format to see it." in why and ".yaml" not in why
        assert tab.locator("#preview-image").count() == 0 and failed == []  # no image asked for, none broken
        if scripts and AXE.is_file():  # axe runs in the page: only with JavaScript on
            result = axe(tab)
            assert result["violations"] == [], json.dumps(result["violations"], indent=2)
        tab.screenshot(path=str(folders[0].parent / f"trifold-refused-{scripts}.png"), full_page=True)
        if scripts:
            tab.select_option("#preview-format", "a4")
            tab.wait_for_function(
                "() => { const i = document.getElementById('preview-image');"
                " return !!i && i.src.startsWith('data:') && i.complete; }",
                timeout=60000,
            )
            band = band_colour(picture(tab.get_attribute("#preview-image", "src")))
            assert band != (255, 255, 255) and tab.locator("#preview-refused").count() == 0
        context.close()
    # A format it fits: the image, as before.
    tab = browser.new_page()
    tab.goto(address.replace("dl-trifold", "a5-booklet"))
    assert tab.locator("#preview-refused").count() == 0 and tab.locator("#preview-image").count() == 1
    tab.close()


def test_leaving_with_unsaved_changes_asks_first_and_discard_does_not(studio, tab, folders):
    _, brands = folders
    before = digest(brands)
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # "Stay on this page"

    tab.on("dialog", answer)
    tab.goto(f"{studio.url}/brands/harbour-skin")
    tab.click("#f-tagline")
    tab.keyboard.type(" and more")
    tab.click("nav >> text=Print for a patient")
    tab.wait_for_timeout(500)
    assert asked == ["beforeunload"] and tab.url.endswith("/brands/harbour-skin")
    assert tab.input_value("#f-tagline").endswith(" and more")  # what was typed is still there
    tab.click("text=Discard changes")
    tab.wait_for_load_state()
    assert asked == ["beforeunload"] and tab.input_value("#f-tagline") == "Skin health on the waterfront"
    tab.click("nav >> text=Print for a patient")  # nothing typed: no question
    tab.wait_for_url("**/print")
    assert asked == ["beforeunload"] and digest(brands) == before


def test_restoring_the_previous_version_brings_the_old_file_back_byte_for_byte(studio, tab, folders):
    _, brands = folders
    path = brands / "harbour-skin.yaml"
    original = path.read_bytes()
    tab.goto(f"{studio.url}/brands/harbour-skin")
    tab.fill("#f-name", "Harbour Laser Clinic")
    tab.fill("#f-colors-primary", "#7A1F5C")
    tab.click("button:text('Save the brand')")
    playwright_api.expect(tab.locator(".done")).to_contain_text("Saved.")
    assert path.read_bytes() != original
    tab.locator(".versions button").first.click()
    playwright_api.expect(tab.locator(".done")).to_contain_text("Restored.")
    assert path.read_bytes() == original
    assert tab.input_value("#f-name") == "Harbour Skin Clinic"
    if AXE.is_file():  # the page with earlier versions listed
        result = axe(tab)
        assert result["violations"] == [], json.dumps(result["violations"], indent=2)
    tab.click("button:text('Delete harbour-skin.yaml')")
    playwright_api.expect(tab.locator(".done")).to_contain_text("Deleted harbour-skin.yaml")
    assert not path.exists()
    if AXE.is_file():  # the first page with a deleted brand listed
        result = axe(tab)
        assert result["violations"] == [], json.dumps(result["violations"], indent=2)
    tab.click("button:text('Bring back')")
    playwright_api.expect(tab.locator(".done")).to_contain_text("Restored.")
    assert path.read_bytes() == original


def test_with_several_brands_and_no_default_the_clinic_must_be_chosen(studio, tab, folders):
    _, brands = folders
    shutil.copy(ROOT / "content" / "brands" / "northfield-aesthetics.yaml", brands)
    tab.goto(f"{studio.url}/print")
    assert tab.locator("#print-brand option:checked").inner_text() == "Choose the clinic"
    assert tab.locator("#print-form").count() == 0  # nothing to print until the clinic is chosen
    if AXE.is_file():
        result = axe(tab)
        assert result["violations"] == [], json.dumps(result["violations"], indent=2)
    tab.select_option("#print-brand", "northfield-aesthetics")
    playwright_api.expect(tab.locator("#print-summary")).to_contain_text("Northfield Aesthetics", timeout=60000)
    assert tab.locator("#print-form input[name=brand]").get_attribute("value") == "northfield-aesthetics"


def test_a_save_after_someone_elses_keeps_what_was_typed_and_shows_both(studio, tab, folders):
    _, brands = folders
    path = brands / "harbour-skin.yaml"
    tab.goto(f"{studio.url}/brands/harbour-skin")
    path.write_text(path.read_text("utf-8").replace("0117 496 0000", "0117 496 0999"), "utf-8")  # another tab
    tab.fill("#f-name", "Harbour Laser Clinic")
    tab.click("button:text('Save the brand')")
    tab.wait_for_selector("#conflict-heading")
    assert tab.input_value("#f-name") == "Harbour Laser Clinic"
    rows = tab.locator(".conflict tbody tr").all_inner_texts()
    assert any("Clinic name" in r and "Harbour Skin Clinic" in r and "Harbour Laser Clinic" in r for r in rows)
    assert any("Phone" in r and "0117 496 0999" in r and "0117 496 0000" in r for r in rows)
    assert "0117 496 0999" in path.read_text("utf-8")
    if AXE.is_file():
        result = axe(tab)
        assert result["violations"] == [], json.dumps(result["violations"], indent=2)


# ---------------------------------------------------------------- printing


def _printed(job: str) -> Path | None:
    number = job.rsplit("-", 1)[-1]
    found = [p for p in PRINTED.rglob("*.pdf") if f"job_{number}-" in p.name or p.stem.endswith(f"-job_{number}")]
    return found[0] if found else None


def _wait_for_printed(job: str) -> Path:
    """The PDF cups-pdf wrote for ``job``, once it is there (a minute at most), and written whole."""
    deadline, printed = time.monotonic() + 60, None
    while printed is None and time.monotonic() < deadline:
        printed = _printed(job)
        time.sleep(0.5)
    assert printed is not None, f"cups-pdf wrote no PDF for {job} under {PRINTED}"
    time.sleep(0.5)  # cups-pdf writes the file, then sets its mode
    return printed


def test_a_print_job_reaches_cups_and_prints_every_page(studio, tab, folders):
    queues = printing.printers()
    if PRINTER not in queues.names:
        _missing(f"no CUPS queue '{PRINTER}' ({queues.reason or 'not added'}); .ci/run adds it", "LEAFLET_REQUIRE_CUPS")
    content, brands = folders
    expected = leaflet.build_files(
        content / f"{MESO}.yaml", brands / "harbour-skin.yaml", leaflet.BuildOptions(format="a5-booklet")
    )
    tab.goto(f"{studio.url}/print?leaflet={MESO}&brand=harbour-skin&format=a5-booklet")
    tab.select_option("#print-printer", PRINTER)
    tab.fill("#print-copies", "1")
    tab.check("#print-confirm-unreviewed")  # no clinician has signed the sample off: the page asks
    tab.click("button:text('Print the leaflet')")
    done = tab.locator(".done")
    playwright_api.expect(done).to_contain_text("Sent to the printer", timeout=60000)
    job = done.locator("strong").first.inner_text()
    assert job.startswith(f"{PRINTER}-")
    assert "turned over on the short edge" in done.inner_text()
    printed = _wait_for_printed(job)
    reader = PdfReader(printed)
    assert len(reader.pages) == len(PdfReader(io.BytesIO(expected)).pages)
    assert "Harbour Skin Clinic" in pdf_text(printed)


def test_a_receptionist_prints_for_the_clinic_without_touching_the_brand_list(studio, tab, folders):
    """The front desk's task: open Print, pick the booklet, type the copies and press Enter; the job
    carries the clinic's phone number, and refreshing the confirmation sends nothing again."""
    queues = printing.printers()
    if PRINTER not in queues.names:
        _missing(f"no CUPS queue '{PRINTER}' ({queues.reason or 'not added'}); .ci/run adds it", "LEAFLET_REQUIRE_CUPS")
    content, _ = folders
    shutil.copy(ROOT / "content" / f"{MESO}-ar.yaml", content)  # first by file name; not the one offered first
    posts = []
    tab.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    tab.goto(f"{studio.url}/")
    tab.click("nav >> text=Print for a patient")
    assert (
        tab.locator("#print-leaflet-list input:checked + label")
        .inner_text()
        .startswith("Mesotherapy for skin rejuvenation (English")
    )
    assert tab.locator("#print-brand option:checked").inner_text() == "Harbour Skin Clinic"
    assert tab.is_disabled("#print-format-dl-trifold")
    assert "too long for a DL tri-fold" in tab.inner_text("#print-format-dl-trifold-why")
    tab.check("#print-format-a5-booklet")
    playwright_api.expect(tab.locator("#print-summary")).to_contain_text("A5 booklet", timeout=60000)
    assert "brand=harbour-skin&format=a5-booklet" in tab.get_attribute("#print-first-page", "src")
    tab.wait_for_function("() => document.getElementById('print-first-page').naturalWidth > 0")
    tab.select_option("#print-printer", PRINTER)
    tab.check("#print-confirm-unreviewed")  # no clinician has signed the sample off: the page asks
    tab.fill("#print-copies", "1")
    tab.press("#print-copies", "Enter")
    done = tab.locator(".done")
    playwright_api.expect(done).to_contain_text("Sent to the printer", timeout=60000)
    assert "/print/sent?" in tab.url and "Harbour Skin Clinic, A5 booklet" in done.inner_text()
    job = done.locator("strong").first.inner_text()
    tab.reload()
    playwright_api.expect(tab.locator(".done")).to_contain_text(job)
    assert len([url for url in posts if url.endswith("/print")]) == 1
    printed = _wait_for_printed(job)
    text = pdf_text(printed)
    assert "Harbour Skin Clinic" in text and "0117 496 0000" in text


def test_download_after_changing_clinic_and_format_is_that_clinic_and_format(studio, tab, folders):
    content, brands = folders
    shutil.copy(ROOT / "content" / "brands" / "northfield-aesthetics.yaml", brands)
    tab.goto(f"{studio.url}/print?leaflet={MESO}&brand=harbour-skin")
    tab.select_option("#print-brand", "northfield-aesthetics")
    playwright_api.expect(tab.locator("#print-summary")).to_contain_text("Northfield Aesthetics", timeout=60000)
    tab.check("#print-format-letter")
    playwright_api.expect(tab.locator("#print-summary")).to_contain_text("US Letter", timeout=60000)
    with tab.expect_download() as caught:
        tab.click("button:text('Download the PDF')")
    download = caught.value
    assert download.suggested_filename == f"{MESO}-northfield-aesthetics-letter.pdf"
    expected = leaflet.build_files(
        content / f"{MESO}.yaml", brands / "northfield-aesthetics.yaml", leaflet.BuildOptions(format="letter")
    )
    assert Path(download.path()).read_bytes() == expected


def test_a_copies_mistake_is_shown_at_the_field_with_a_summary_and_prints_nothing(studio, tab, recorded):
    jobs, _, _ = recorded
    tab.goto(f"{studio.url}/print")
    if not tab.locator("#print-copies").count():
        _missing("no CUPS queue: the print form has no Copies box", "LEAFLET_REQUIRE_CUPS")
    tab.fill("#print-copies", "two")
    tab.press("#print-copies", "Enter")
    tab.wait_for_load_state()
    assert tab.title().startswith("Error: ")
    playwright_api.expect(tab.locator("#error-summary")).to_be_focused()
    tab.click("#error-summary a:text('copies')")
    playwright_api.expect(tab.locator("#print-copies")).to_be_focused()
    assert tab.input_value("#print-copies") == "two" and jobs == []
    if AXE.is_file():
        result = axe(tab)
        assert result["violations"] == [], json.dumps(result["violations"], indent=2)


def test_the_consent_form_prints_beside_the_leaflet_in_its_language_and_brand(studio, tab, folders):
    """ "Print the consent form": the form of the chosen leaflet (Polish here) and brand reaches CUPS,
    on A4 when the leaflet was chosen as a booklet, with its fields and the leaflet's reference."""
    queues = printing.printers()
    if PRINTER not in queues.names:
        _missing(f"no CUPS queue '{PRINTER}' ({queues.reason or 'not added'}); .ci/run adds it", "LEAFLET_REQUIRE_CUPS")
    content, brands = folders
    from leaflet.consent import consent_pdf

    shutil.copy(Path(__file__).resolve().parent.parent / "content" / f"{MESO}-pl.yaml", content)
    expected = consent_pdf(
        leaflet.load_leaflet(content / f"{MESO}-pl.yaml"), leaflet.load_brand(brands / "harbour-skin.yaml")
    )
    tab.goto(f"{studio.url}/print?leaflet={MESO}-pl&brand=harbour-skin&format=a5-booklet")
    tab.select_option("#print-printer", PRINTER)
    tab.fill("#print-copies", "1")
    tab.check("#print-confirm-unreviewed")  # the form is made from a leaflet no clinician has signed off
    tab.click("button:text('Print the consent form')")
    done = tab.locator(".done")
    playwright_api.expect(done).to_contain_text("The consent form", timeout=60000)
    job = done.locator("strong").first.inner_text()
    assert "on A4 paper" in done.inner_text() and "long edge" in done.inner_text()
    printed = _wait_for_printed(job)
    assert len(PdfReader(printed).pages) == len(PdfReader(io.BytesIO(expected)).pages)
    text = pdf_text(printed)
    assert "Formularz zgody" in text and "LF-MESO-001" in text and "Harbour Skin Clinic" in text


# ---------------------------------------------------------------- attacks from a second origin on this host


class Attacker:
    """Another web app on this computer: on another port of 127.0.0.1, or on 127.0.0.2. It serves
    the pages a test gives it, answers /r307?to=URL with a 307 redirect (so a form arrives with
    ``Origin: null``), and remembers every Cookie header the browser sends it (browsers send a
    host's cookies to every port)."""

    def __init__(self, host: str):
        import http.server

        self.pages: dict[str, tuple[str, list[tuple[str, str]]]] = {}
        self.cookies_seen: list[str] = []
        attacker = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self):
                from urllib.parse import parse_qs, urlsplit

                attacker.cookies_seen.append(self.headers.get("Cookie") or "")
                url = urlsplit(self.path)
                if url.path == "/r307":
                    self.send_response(307)
                    self.send_header("Location", parse_qs(url.query)["to"][0])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body, headers = attacker.pages.get(url.path, ("not here", []))
                self.send_response(200 if url.path in attacker.pages else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                for name, value in headers:
                    self.send_header(name, value)
                data = body.encode("utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

        self.server = http.server.ThreadingHTTPServer((host, free_port()), Handler)
        self.url = f"http://{host}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def attackers():
    made = [Attacker("127.0.0.1"), Attacker("127.0.0.2")]
    yield made
    for attacker in made:
        attacker.stop()


@pytest.fixture
def recorded(monkeypatch):
    """Print jobs and PDF builds the studio would make, recorded instead (the studio runs in this process)."""
    from leaflet.studio.engine import Engine
    from leaflet.studio.security import Guard

    jobs, builds, refusals = [], [], []
    monkeypatch.setattr(printing, "submit", lambda *args: jobs.append(args) or "leaflet-pdf-0")
    real = Engine.pdf
    monkeypatch.setattr(Engine, "pdf", lambda self, *a, **k: builds.append(a[0]) or real(self, *a, **k))
    refuse = Guard._refusal

    def recorded_refusal(self, request, *args):
        answer = refuse(self, request, *args)
        if answer is not None:
            refusals.append((request.method, request.url.path, answer.status_code))
        return answer

    monkeypatch.setattr(Guard, "_refusal", recorded_refusal)
    return jobs, builds, refusals


def _auto_form(action: str, fields: dict[str, str]) -> str:
    inputs = "".join(f'<input type="hidden" name="{k}" value="{v}">' for k, v in fields.items())
    return (
        f'<!doctype html><title>Win a prize</title><form id="f" method="post" action="{action}">{inputs}</form>'
        '<script>document.getElementById("f").submit()</script>'
    )


EVIL = {
    "name": "Evil Clinic",
    "csrf": "planted-csrf-value-planted-csrf-value-1234",
    "phone": "",
    "email": "",
    "website": "",
    "colors.primary": "#FF0000",
    "fingerprint": "",
    "leaflet": MESO,
    "copies": "50",
    "printer": PRINTER,
    "file_name": "evil",
}


def _studio_answers(tab, studio) -> list[tuple[str, int]]:
    answers: list[tuple[str, int]] = []
    tab.on(
        "response",
        lambda r: answers.append((r.request.method + " " + r.url, r.status)) if r.url.startswith(studio.url) else None,
    )
    return answers


def _wait_for(answers, count: int, seconds: float = 60) -> None:
    """Wait for the studio's answers: a bound for a browser that never sends them, generous for a
    busy machine (what the tests check is the answers, never how fast they came)."""
    deadline = time.monotonic() + seconds
    while len(answers) < count and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.mark.parametrize("target", ["/brands/harbour-skin", "/brands/new", "/print"])
def test_a_planted_cookie_and_a_307_redirect_from_another_port_change_nothing(
    studio, tab, folders, attackers, recorded, target
):
    _, brands = folders
    jobs, _, _ = recorded
    other_port = attackers[0]
    tab.goto(f"{studio.url}/brands/harbour-skin")  # the victim has the studio open: a real session
    before = digest(brands)
    answers = _studio_answers(tab, studio)
    # The other app learns the studio's cookie name from the browser, plants its own value for it
    # and the same value as the form's CSRF field (the double-submit trick), then posts the form
    # through a 307 redirect so that the browser sends "Origin: null".
    tab.goto(f"{other_port.url}/learn")
    names = [c.split("=", 1)[0].strip() for c in other_port.cookies_seen[-1].split(";") if "=" in c]
    assert names and all(n.startswith("leaflet_studio_") for n in names)  # cookies ignore ports
    plant = [("Set-Cookie", f"{n}={EVIL['csrf']}; Path=/") for n in names]
    other_port.pages["/attack"] = (_auto_form(f"{other_port.url}/r307?to={studio.url}{target}", EVIL), plant)
    tab.goto(f"{other_port.url}/attack")
    _wait_for(answers, 1)
    assert answers and answers[-1] == (f"POST {studio.url}{target}", 403), answers
    assert "not sent from the studio" in tab.inner_text("body")
    assert digest(brands) == before and jobs == []
    assert not (brands / "evil.yaml").exists()


@pytest.mark.parametrize("which", [0, 1], ids=["another-port", "127.0.0.2"])
def test_cross_site_form_posts_change_nothing(studio, tab, folders, attackers, recorded, which):
    _, brands = folders
    jobs, _, _ = recorded
    attacker = attackers[which]
    tab.goto(f"{studio.url}/print?leaflet={MESO}")
    before = digest(brands)
    answers = _studio_answers(tab, studio)
    for target in ["/brands/harbour-skin", "/print", "/brands/new", "/brands/harbour-skin/preview"]:
        attacker.pages["/post"] = (_auto_form(f"{studio.url}{target}", EVIL), [])
        count = len(answers)
        tab.goto(f"{attacker.url}/post")
        _wait_for(answers, count + 1)
        assert answers[-1] == (f"POST {studio.url}{target}", 403), answers
    # A script's request without a form (no-cors fetch, cookies included) is refused the same way.
    attacker.pages["/fetch"] = (
        "<!doctype html><title>x</title><script>"
        f'fetch("{studio.url}/print", {{method: "POST", mode: "no-cors", credentials: "include",'
        ' body: new URLSearchParams({leaflet: "' + MESO + '", copies: "50"})})'
        '.then(() => document.title = "sent", e => document.title = "failed " + e)</script>',
        [],
    )
    tab.goto(f"{attacker.url}/fetch")
    tab.wait_for_function("document.title.startsWith('sent') || document.title.startsWith('failed')", timeout=60000)
    assert recorded[2][-1] == ("POST", "/print", 403)  # the browser hides the answer from the page (CORP)
    assert digest(brands) == before and jobs == []


@pytest.mark.parametrize("which", [0, 1], ids=["another-port", "127.0.0.2"])
def test_cross_site_heavy_gets_cost_nothing(studio, tab, attackers, recorded, which):
    _, builds, refusals = recorded
    attacker = attackers[which]
    heavy = [
        f"/download/zip?format={f}&large_print={lp}&n={n}"
        for f in ("a4", "letter", "a5-booklet")
        for lp in ("", "1")
        for n in range(4)
    ]
    heavy += [f"/preview.png?leaflet={MESO}&page={p}" for p in range(1, 9)]
    heavy += [f"/download/pdf?leaflet={MESO}&format=a5-booklet", f"/preview?leaflet={MESO}", f"/print?leaflet={MESO}"]
    tags = "".join(f'<img alt="" src="{studio.url}{url}">' for url in heavy)
    tags += (
        f'<iframe title="x" src="{studio.url}/download/zip"></iframe>'
        f'<script src="{studio.url}/download/zip?s=1"></script>'
    )
    attacker.pages["/heavy"] = (f"<!doctype html><title>Cute cats</title>{tags}", [])
    tab.goto(f"{attacker.url}/heavy")
    tab.wait_for_load_state("load")
    _wait_for(refusals, len(heavy) + 2)
    # Every one reached the studio and was refused (the page itself sees only broken pictures).
    assert len(refusals) >= len(heavy) + 2 and {(m, s) for m, _, s in refusals} == {("GET", 403)}, refusals
    assert builds == []  # refused before any work (how fast is bench/'s to measure, not a test's)


def test_in_token_mode_other_apps_on_this_host_never_get_the_token(folders, browser, attackers):
    token = "open-sesame-0123456789abcdef"
    first = Live(create_app(*folders, token=token, loopback_only=False))
    second = Live(create_app(*folders, token=token, loopback_only=False))  # another studio, another port
    try:
        context = browser.new_context()
        tab = context.new_page()
        # The address as staff get it: a link in a chat or a webmail page, on another site.
        attackers[1].pages["/chat"] = (
            f'<!doctype html><title>Chat</title><a href="{first.url}/?token={token}">studio</a>',
            [],
        )
        tab.goto(f"{attackers[1].url}/chat")
        tab.click("text=studio")
        tab.wait_for_url(f"{first.url}/")
        playwright_api.expect(tab.locator("main")).to_contain_text("Harbour Skin Clinic")
        other_port = attackers[0]
        other_port.pages["/look"] = ("<!doctype html><title>x</title>", [])
        tab.goto(f"{other_port.url}/look")
        seen = other_port.cookies_seen[-1]
        assert "leaflet_studio_" in seen and token not in seen  # it sees a signed session, never the token
        # That cookie opens nothing in another studio on another port of this host, even one with
        # the same token, nor through another name for this host.
        refused = tab.goto(f"{second.url}/brands/harbour-skin")
        assert refused.status == 403 and "Access token needed" in tab.inner_text("main")
        refused = tab.goto(f"http://localhost:{first.port}/brands/harbour-skin")
        assert refused.status == 403
        assert tab.goto(f"{first.url}/brands/harbour-skin").status == 200  # the studio's own origin still works
        context.close()
    finally:
        first.stop()
        second.stop()


def test_a_link_from_another_site_gets_a_plain_page_with_the_way_in(studio, tab, attackers, recorded):
    if not AXE.is_file():
        _missing("axe-core is missing (cd tests/axe && npm ci)", "LEAFLET_REQUIRE_AXE")
    _, builds, _ = recorded
    attackers[1].pages["/links"] = (
        f'<!doctype html><title>Links</title><a href="{studio.url}/download/zip">zip</a>',
        [],
    )
    tab.goto(f"{attackers[1].url}/links")
    tab.click("text=zip")
    playwright_api.expect(tab.locator("h1")).to_have_text("Opened from another site")
    assert builds == []
    result = axe(tab)
    assert result["violations"] == [], json.dumps(result["violations"], indent=2)
    tab.click("text=Open the studio's leaflets and brands")
    playwright_api.expect(tab.locator("h1")).to_have_text("Leaflets and brands")


def test_a_receptionist_finds_the_polish_leaflet_by_typing_and_sees_its_first_page(studio, tab, folders):
    content, _ = folders
    for language in ("pl", "ar", "ur"):
        shutil.copy(ROOT / "content" / f"{MESO}-{language}.yaml", content)
    tab.goto(f"{studio.url}/print")
    tab.fill("#print-find", "pol")
    playwright_api.expect(tab.locator("#print-find-count")).to_have_text("1 of 4 leaflets match “pol”.")
    shown = tab.locator("#print-leaflet-list li:not([hidden]) label")
    assert shown.count() == 1 and "(Polish, LF-MESO-001)" in shown.inner_text()
    shown.click()
    tab.wait_for_function(
        "() => (document.getElementById('print-first-page') || {src: ''}).src.includes('-pl&')", timeout=60000
    )
    assert "for Harbour Skin Clinic" in tab.inner_text("#print-summary")
    hidden = tab.locator("#print-form input[name=leaflet]")
    assert hidden.get_attribute("value") == f"{MESO}-pl"  # Print and Download act on what is shown
    if AXE.is_file():
        result = axe(tab)
        assert result["violations"] == [], json.dumps(result["violations"], indent=2)


def test_a_practice_manager_drops_a_logo_on_the_upload_box_and_it_is_chosen_by_its_own_name(studio, tab, folders):
    _, brands = folders
    picture_bytes = io.BytesIO()
    Image.new("RGB", (1400, 480), (30, 160, 60)).save(picture_bytes, "PNG")
    tab.goto(f"{studio.url}/brands/harbour-skin")
    assert tab.is_visible("#logo-drop .drop-hint")
    tab.evaluate(
        """data => {
        const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], "Harbour Logo (2027).png", {type: "image/png"}));
        const box = document.getElementById("logo-drop");
        box.dispatchEvent(new DragEvent("dragover", {dataTransfer: transfer, bubbles: true, cancelable: true}));
        box.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
    }""",
        base64.b64encode(picture_bytes.getvalue()).decode("ascii"),
    )
    playwright_api.expect(tab.locator("#logo-notes")).to_contain_text(
        "Uploaded as harbour-logo-2027.png", timeout=60000
    )
    assert (brands / "harbour-logo-2027.png").read_bytes() == picture_bytes.getvalue()
    assert tab.eval_on_selector("input[name=logo]:checked", "e => e.value") == "harbour-logo-2027.png"
    assert tab.eval_on_selector("#logo-gallery input:checked + label img", "e => e.naturalWidth") > 0
    tab.fill("#f-saved_by", "Priya")
    tab.click("button:text('Save the brand')")
    tab.wait_for_url("**saved=1**")
    assert "logo: harbour-logo-2027.png" in (brands / "harbour-skin.yaml").read_text("utf-8")
    assert tab.inner_text("#current-version").startswith("This version: Saved by Priya,")
    if AXE.is_file():
        result = axe(tab)
        assert result["violations"] == [], json.dumps(result["violations"], indent=2)


def assert_summary_leads_to(tab, field: str, message: str) -> None:
    """GOV.UK's error pattern on the page the browser shows: "Error:" in the title, the summary
    focused, its link moving the focus to the field, which is marked and carries the message."""
    assert tab.title().startswith("Error: ")
    summary = tab.locator("#error-summary")
    playwright_api.expect(summary).to_be_focused()
    link = summary.locator(f"a[href='#{field}']")
    assert link.inner_text() == message
    link.click()
    playwright_api.expect(tab.locator(f"#{field}")).to_be_focused()
    assert " ".join(tab.inner_text(f"#{field}-error").split()) == f"Error: {message}"
    assert f"{field}-error" in tab.get_attribute(f"#{field}", "aria-describedby")
    if AXE.is_file():
        result = axe(tab)
        assert result["violations"] == [], json.dumps(result["violations"], indent=2)


def test_a_rename_to_a_taken_name_is_shown_at_the_field_and_renames_nothing(studio, browser, folders):
    _, brands = folders
    shutil.copy(ROOT / "content" / "brands" / "northfield-aesthetics.yaml", brands)
    before = digest(brands)
    for width in (1280, 375):
        context = browser.new_context(viewport={"width": width, "height": 900})
        tab = context.new_page()
        tab.goto(f"{studio.url}/brands/harbour-skin")
        tab.fill("#rename-new", "northfield-aesthetics")
        tab.click("button:text('Rename harbour-skin.yaml')")
        tab.wait_for_load_state()
        assert_summary_leads_to(
            tab, "rename-new", "There is already a brand called northfield-aesthetics.yaml: enter another file name"
        )
        assert tab.get_attribute("#rename-new", "aria-invalid") == "true"
        assert tab.input_value("#rename-new") == "northfield-aesthetics"  # what was typed, kept
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
        context.close()
    assert digest(brands) == before


def test_a_logo_upload_sent_with_no_file_is_shown_at_the_field(studio, tab, folders):
    _, brands = folders
    before = digest(brands)
    tab.goto(f"{studio.url}/brands/harbour-skin")
    # As a browser without JavaScript sends it (form.submit() runs no submit handler).
    with tab.expect_navigation():
        tab.evaluate("document.getElementById('logo-form').submit()")
    assert_summary_leads_to(tab, "logo-file", "No file was chosen. Choose the logo file, then press Upload logo.")
    assert tab.get_attribute("#logo-file", "aria-invalid") == "true"
    assert digest(brands) == before


def test_a_bring_back_pressed_twice_is_shown_at_the_brand_and_changes_nothing(studio, tab, folders):
    _, brands = folders
    tab.goto(f"{studio.url}/brands/harbour-skin")
    tab.click("button:text('Delete harbour-skin.yaml')")
    tab.wait_for_url("**/?deleted=harbour-skin")
    tab.click("button:text('Bring back')")
    tab.wait_for_url("**/brands/harbour-skin?restored=1")
    restored = digest(brands)
    tab.go_back()  # the first page as it was, with its Bring back button
    tab.click("button:text('Bring back')")
    tab.wait_for_load_state()
    assert_summary_leads_to(
        tab,
        "brand-harbour-skin",
        "There is already a brand called harbour-skin.yaml, so the deleted one was not brought back: "
        "it is the newest of that brand's earlier versions, and can be restored from its editor",
    )
    assert digest(brands) == restored


def test_an_urdu_title_is_drawn_in_the_studios_own_nastaliq_font(tab, folders):
    content, _ = folders
    for language in ("ar", "ur"):
        shutil.copy(ROOT / "content" / f"{MESO}-{language}.yaml", content)
    urdu = leaflet.load_leaflet(content / f"{MESO}-ur.yaml").title
    studio = Live(create_app(*folders, warm_up=True))  # the first page lists the titles at once
    try:
        tab.goto(f"{studio.url}/")
        tab.wait_for_load_state("networkidle")
        tab.evaluate("document.fonts.ready.then(() => true)")
        loaded = tab.evaluate(
            "() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/\"/g, ''))"
        )
        tab.screenshot(path=str(folders[0].parent / "urdu-title.png"))
    finally:
        studio.stop()
    assert "Leaflet Nastaliq" in loaded and "Leaflet Scripts" in loaded  # from the studio, not this computer
    assert tab.evaluate("t => document.fonts.check('20px \"Leaflet Nastaliq\"', t)", urdu)
