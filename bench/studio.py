"""How live is the studio's preview? ``python bench/studio.py`` (``--keys 40`` for a shorter run).

``python bench/studio.py --first-page`` times the first page instead (target: under 1 s), each in a
new process over the sample folders, as `leaflet studio` makes it and someone opening it at once
meets it: cold (nothing kept: the page waits at most ``FIRST_PAGE_WAIT`` for the checks started in
the background, and lists the leaflets not checked by then as being checked), kept (the studio
restarted: the checks read from its folder, checks.py) and warm (a second request in the same
process); also how long until every check is done.

Serves the studio over the real content folder (a scratch copy of the brands), opens the Harbour
brand in Debian's headless Chromium (Playwright) with the 6-page mesotherapy leaflet, and types:
each keystroke changes the clinic name or the primary colour (a new look: new styles, new line
breaks), waits for the new preview image to be drawn, and records the time from the key going down
to the image's ``load`` event, measured in the page. Keys are a second apart, so each one gets its
own preview (the 100 ms debounce is inside every figure). Also prints the server's own time for
the same requests, and what a repeat (a cache hit) costs. Target: p95 under 300 ms.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
TARGET_MS = 300


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def serve(content: Path, brands: Path):
    import uvicorn

    from leaflet.studio.app import create_app

    server = uvicorn.Server(uvicorn.Config(create_app(content, brands), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    return server, thread, f"http://127.0.0.1:{port}"


MEASURE = """() => {
    const img = document.getElementById('preview-image');
    window.__keys = []; window.__shown = [];
    document.addEventListener('keydown', () => window.__keys.push(performance.now()), true);
    img.addEventListener('load', () => { if (img.src.startsWith('data:')) window.__shown.push(performance.now()); });
}"""


FIRST_PAGE = """
import sys, time
from pathlib import Path
from starlette.testclient import TestClient
from leaflet.studio.app import create_app
app = create_app(Path(sys.argv[1]), Path(sys.argv[2]), warm_up=True)  # as `leaflet studio` makes it
with TestClient(app, base_url="http://127.0.0.1:8765") as client:
    started = time.perf_counter()
    for _ in range(2):
        asked = time.perf_counter()
        assert client.get("/").status_code == 200
        print((time.perf_counter() - asked) * 1000)
    app.state.engine.check_in_background().wait()
    print((time.perf_counter() - started) * 1000)
    assert "Being checked" not in client.get("/").text
"""
FIRST_PAGE_TARGET_MS = 1000


def first_page(rounds: int) -> int:
    import subprocess

    from bench.run import machine

    cold, kept, warm, all_checked = [], [], [], []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as scratch:
            brands = Path(scratch) / "brands"
            shutil.copytree(ROOT / "content" / "brands", brands)
            for into in (cold, kept):
                out = subprocess.run(
                    [sys.executable, "-c", FIRST_PAGE, str(ROOT / "content"), str(brands)],
                    check=True,
                    capture_output=True,
                    text=True,
                    cwd=ROOT,
                ).stdout.split()
                into.append(float(out[0]))
                warm.append(float(out[1]))
                if into is cold:
                    all_checked.append(float(out[2]))
    print("leaflet studio, the first page (/) over the sample folders, in a new process each time")
    print(f"machine: {machine()}")
    for name, values in (
        ("cold (nothing kept)", cold),
        ("kept (studio restarted)", kept),
        ("warm (same process)", warm),
    ):
        best = min(values)
        print(
            f"    {name}: median {statistics.median(values):.0f} ms, best {best:.0f} ms "
            f"({'under' if best < FIRST_PAGE_TARGET_MS else 'NOT under'} the {FIRST_PAGE_TARGET_MS} ms target)"
        )
    print(
        f"    cold, until every leaflet's check is kept (the page lists the rest as being checked): "
        f"median {statistics.median(all_checked):.0f} ms"
    )
    return 0 if max(statistics.median(cold), statistics.median(kept)) < FIRST_PAGE_TARGET_MS else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=80, help="keystrokes to time (default 80)")
    parser.add_argument("--first-page", action="store_true", help="time the first page instead")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of --first-page (default 3)")
    args = parser.parse_args()
    if args.first_page:
        return first_page(args.rounds)
    from playwright.sync_api import sync_playwright

    from bench.run import machine

    with tempfile.TemporaryDirectory() as scratch:
        brands = Path(scratch) / "brands"
        shutil.copytree(ROOT / "content" / "brands", brands)
        server, thread, url = serve(ROOT / "content", brands)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium",
                    args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                )
                tab = browser.new_page(viewport={"width": 1280, "height": 1000})
                tab.goto(f"{url}/brands/harbour-skin?preview_leaflet=mesotherapy-rejuvenation")
                tab.evaluate(MEASURE)
                timings, server_times = [], []
                tab.click("#f-name")
                tab.keyboard.press("End")
                for n in range(args.keys + 4):  # the first four warm up the process
                    if n % 2:
                        tab.click("#f-colors-primary")
                        tab.keyboard.press("End")
                        tab.keyboard.press("Backspace")
                        tab.keyboard.type("0123456789ABCDEF"[n % 16])
                    else:
                        tab.click("#f-name")
                        tab.keyboard.press("End")
                        tab.keyboard.type("abcdefghijklmnopqrstuvwxyz"[n % 26])
                    shown = len(tab.evaluate("window.__shown"))
                    tab.wait_for_function(
                        f"() => window.__shown.length > {shown}", timeout=10000
                    )  # a function: the CSP allows no eval
                    keys, drawn = tab.evaluate("[window.__keys, window.__shown]")
                    if n >= 4:
                        timings.append(drawn[-1] - keys[-1])
                    time.sleep(1.0)
                # The server's own share: the same form posted again, new text each time, and a repeat.
                form = tab.evaluate("""() => Object.fromEntries(new FormData(document.getElementById('brand-form')))""")
                request = tab.context.request
                for n in range(24):
                    started = time.perf_counter()
                    request.post(
                        f"{url}/brands/harbour-skin/preview",
                        form={**form, "name": f"Clinic {n}"},
                        headers={"Accept": "application/json", "Origin": url},
                    )  # as the page sends
                    server_times.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                request.post(
                    f"{url}/brands/harbour-skin/preview", form={**form, "name": "Clinic 3"}, headers={"Origin": url}
                )
                repeat = (time.perf_counter() - started) * 1000
                browser.close()
        finally:
            server.should_exit = True
            thread.join(10)
    p50, p95 = statistics.median(timings), percentile(timings, 0.95)
    import pypdfium2

    import leaflet

    pages = len(
        pypdfium2.PdfDocument(
            leaflet.build_files(
                ROOT / "content" / "mesotherapy-rejuvenation.yaml", ROOT / "content" / "brands" / "harbour-skin.yaml"
            )
        )
    )
    print(f"leaflet studio live preview, mesotherapy leaflet ({pages} A4 pages), page 1 at 72 dpi")
    print(f"machine: {machine()}")
    print(f"keystroke to new preview image, {len(timings)} keystrokes (name and colour, one a second):")
    print(
        f"    median {p50:.0f} ms, p95 {p95:.0f} ms, worst {max(timings):.0f} ms: "
        f"p95 is {p95 / TARGET_MS:.2f}x the {TARGET_MS} ms target ({'met' if p95 < TARGET_MS else 'NOT met'})"
    )
    print("    of which the debounce: 100 ms")
    print(
        f"server: POST /preview with new text, median {statistics.median(server_times):.0f} ms, "
        f"p95 {percentile(server_times, 0.95):.0f} ms; a repeat (cache hit) {repeat:.0f} ms"
    )
    return 0 if p95 < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
