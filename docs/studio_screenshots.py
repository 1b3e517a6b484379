"""The README's pictures of the studio, from a real browser: ``python docs/studio_screenshots.py``.

Serves the studio over a scratch copy of content/ (so nothing in the repository changes), types
into the Harbour brand in headless Chromium as a practice manager would, and saves
docs/studio-brand-editor.png, docs/studio-problem.png, docs/studio-logos.png and
docs/studio-error-summary.png; then prints
as the front desk would and saves docs/studio-print.png.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    from playwright.sync_api import sync_playwright
    from studio import serve  # bench/studio.py: the studio in a thread, on a free port

    with tempfile.TemporaryDirectory() as scratch:
        shutil.copytree(ROOT / "content", Path(scratch) / "content")
        # One clinic, as at a front desk: its brand is the one the print page starts with.
        (Path(scratch) / "content" / "brands" / "northfield-aesthetics.yaml").unlink()
        os.chdir(scratch)  # messages name content/brands/harbour-skin.yaml, as the CLI would
        server, thread, url = serve(Path("content"), Path("content/brands"))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            tab = browser.new_page(viewport={"width": 1360, "height": 1040})
            tab.goto(f"{url}/brands/harbour-skin")
            tab.fill("#f-colors-primary", "#66CCFF")
            tab.wait_for_function("() => document.getElementById('preview-image').src.startsWith('data:')")
            tab.evaluate("document.getElementById('f-colors-primary').closest('fieldset').scrollIntoView()")
            tab.wait_for_timeout(300)
            tab.screenshot(path=str(DOCS / "studio-brand-editor.png"))
            tab.fill("#f-colors-primary", "#0B5563")
            tab.fill("#f-prices-LF-MESO-001-session", "1200")  # a session and a course in each other's boxes
            tab.fill("#f-prices-LF-MESO-001-session-to", "1800")
            tab.fill("#f-prices-LF-MESO-001-course", "220")
            tab.fill("#f-prices-LF-MESO-001-course-to", "")
            tab.wait_for_function(
                "() => document.getElementById('f-prices-LF-MESO-001-course-notes').textContent.includes('less than')"
            )
            tab.locator("fieldset", has_text="Prices").first.screenshot(path=str(DOCS / "studio-problem.png"))
            # The Logo section: a second logo uploaded (unused, so it can be removed), the gallery.
            from PIL import Image, ImageDraw

            spare = Path(scratch) / "Harbour logo (mono).png"
            picture = Image.new("RGB", (1380, 480), "white")
            ImageDraw.Draw(picture).rectangle((40, 140, 1340, 340), fill=(11, 85, 99))
            picture.save(spare)
            tab.goto(f"{url}/brands/harbour-skin")
            tab.set_input_files("#logo-file", str(spare))
            tab.click("text=Upload logo")
            tab.wait_for_function("() => document.getElementById('logo-notes').textContent.includes('Uploaded as')")
            tab.goto(f"{url}/brands/harbour-skin")  # not saved: the new logo is unused, so it has Remove
            tab.wait_for_function(
                "() => [...document.querySelectorAll('#logo-gallery img')].every(i => i.naturalWidth > 0)"
            )
            tab.locator("fieldset", has_text="Upload a logo").first.screenshot(path=str(DOCS / "studio-logos.png"))
            tab.goto(f"{url}/brands/harbour-skin")
            tab.fill("#f-name", "")
            tab.fill("#f-colors-primary", "#0B556")
            tab.click("button:text('Save the brand')")
            tab.wait_for_selector("#error-summary")
            tab.screenshot(path=str(DOCS / "studio-error-summary.png"))
            tab.goto(f"{url}/print")
            tab.wait_for_function("() => document.getElementById('print-first-page').naturalWidth > 0")
            tab.evaluate("document.fonts.ready.then(() => true)")  # the studio's own Nastaliq for the Urdu title
            tab.screenshot(path=str(DOCS / "studio-print.png"))
            browser.close()
        server.should_exit = True
        thread.join(10)


if __name__ == "__main__":
    main()
