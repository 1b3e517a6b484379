"""The README's pictures of the studio, from a real browser: ``python docs/studio_screenshots.py``.

Serves the studio over a scratch copy of content/ (so nothing in the repository changes), types
into the Harbour brand in headless Chromium as a practice manager would, and saves
docs/studio-brand-editor.png and docs/studio-problem.png.
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
        os.chdir(scratch)  # messages name content/brands/harbour-skin.yaml, as the CLI would
        server, thread, url = serve(Path("content"), Path("content/brands"))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=["--headless", "--no-sandbox", "--disable-gpu"])
            tab = browser.new_page(viewport={"width": 1360, "height": 1040})
            tab.goto(f"{url}/brands/harbour-skin")
            tab.fill("#f-colors-primary", "#66CCFF")
            tab.wait_for_function("() => document.getElementById('preview-image').src.startsWith('data:')")
            tab.evaluate("document.getElementById('f-colors-primary').closest('fieldset').scrollIntoView()")
            tab.wait_for_timeout(300)
            tab.screenshot(path=str(DOCS / "studio-brand-editor.png"))
            tab.fill("#f-colors-primary", "#0B5563")
            tab.fill("#f-prices-session", "£190")
            tab.wait_for_function("() => document.getElementById('f-prices-session-notes').textContent.includes('price')")
            tab.locator("fieldset", has_text="Prices").screenshot(path=str(DOCS / "studio-problem.png"))
            browser.close()
        server.should_exit = True
        thread.join(10)


if __name__ == "__main__":
    main()
