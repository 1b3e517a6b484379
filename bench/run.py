"""How fast is leaflet, next to its peers, on this machine? ``python bench/run.py`` (``--quick``: a
rough look in about a minute, not figures to quote).

Every figure is measured in this one run, next to the peers it is compared with, so the ratios hold
whatever else the machine is doing; the builds being compared are timed in turn, one after the
other, not in separate blocks. Peers: plain ReportLab platypus written the simplest way
(bench/floor.py, "the floor") and Typst (the `typst` package: ``pip install -e '.[bench]'``).

Inputs as clinics have them (bench/inputs.py): a brand with a logo and a booking link (a QR code);
new text (each build's words are ones the process has not set before) is the headline, text seen
before a secondary row. Leaflets: the format example (3 A4 pages at 14 pt, the one that fits every
format), the 11-page mesotherapy leaflet and a 64-page one. Then: the lint as `leaflet build` runs
it (the rules on the text the build prepared, between preparing and laying out), a round of
leaflets with more paragraphs than the stores hold, the zlib level, cold commands, a batch of 1,200
leaflets with 1 and 2 processes (three rounds in turn), and memory over 10,000 builds. The tests
never time anything: timing lives here only.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import inputs  # noqa: E402  (bench/inputs.py, after the path is set)

TARGETS = {
    "floor": 1.2,
    "typst": 1.5,
    "cold": 1.2,
    "batch_rate": 120.0,
    "batch_speedup": 1.8,
    "lint": 0.10,
    "past_store": 1.0,
    "tagging": 0.15,
}
LONG_COPIES, LONG_EXTRA = 7, 2  # the mesotherapy sections 7 times over and 2 more: 64 A4 pages


# ---------------------------------------------------------------- the machine


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
        mem_text = f", {mem:.0f} GiB"
    except (OSError, ValueError, IndexError):
        mem_text = ""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{cpu}, {cores} cores{mem_text}; {platform.system()} {platform.release()}; Python {platform.python_version()}"
    )


def accel() -> bool:
    try:
        import _rl_accel  # noqa: F401  (ReportLab uses its C accelerator when importable)

        return True
    except ImportError:
        return False


def load() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0


def cores() -> int:
    return max(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 2)


# ---------------------------------------------------------------- timing


def in_turn(calls: dict, items: list, warmup: int = 2) -> dict[str, float]:
    """Median seconds of each call over ``items``, the calls timed one after the other on each item.
    A call that times only a part of what it does returns the seconds it measured (a Timed)."""
    times: dict[str, list[float]] = {name: [] for name in calls}
    for index, item in enumerate(items):
        for name, call in calls.items():
            start = time.perf_counter()
            result = call(item)
            seconds = result.seconds if isinstance(result, Timed) else time.perf_counter() - start
            if index >= warmup:
                times[name].append(seconds)
    return {name: statistics.median(values) for name, values in times.items()}


@dataclass(frozen=True)
class Timed:
    """What a call measured of itself (in_turn takes it instead of the whole call's time)."""

    seconds: float


def cold(commands: dict[str, list[str]], runs: int, cwd: Path) -> dict[str, float]:
    """Median wall time of each command in fresh processes, the commands run in turn."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def forget_text() -> None:
    """Empty the process's stores of parsed and measured paragraphs (leaflet/layout/paragraphs.py)."""
    from leaflet.layout import paragraphs

    paragraphs.parsed.clear()
    paragraphs.wrapped.clear()


@contextlib.contextmanager
def layout_rules_off():
    """The build without the typesetter's rules: no keeps (headings and lead-ins with what follows)
    and no layout report (the checks each paragraph and page makes as it is drawn). Only here, to
    measure what the rules cost; a real build always has them."""
    from reportlab.platypus import BaseDocTemplate

    from leaflet.layout import formats, paragraphs
    from leaflet.layout.formats import paged

    saved = (formats.chain, paragraphs.Para._check, paged.Outlined.handle_frameEnd, paged.Outlined.near_empty_pages)
    formats.chain = lambda story: story
    paragraphs.Para._check = lambda self, canvas, found: None
    paged.Outlined.handle_frameEnd = BaseDocTemplate.handle_frameEnd
    paged.Outlined.near_empty_pages = lambda self, last: None
    try:
        yield
    finally:
        (formats.chain, paragraphs.Para._check, paged.Outlined.handle_frameEnd, paged.Outlined.near_empty_pages) = saved


def layout_rules(case: Case) -> dict[str, float]:
    """The same build with and without the layout rules, timed in turn (text seen before)."""
    import leaflet

    def bare(_):
        with layout_rules_off():
            leaflet.build(case.leaflets[0], case.brand)

    return in_turn(
        {"rules": lambda _: leaflet.build(case.leaflets[0], case.brand), "bare": bare},
        list(range(max(10, len(case.leaflets)))),
    )


@contextlib.contextmanager
def tagging_off():
    """The build without its structure tree (no marked content, no tree written): only here, to
    measure what tagging (leaflet/layout/tagging.py) costs; a real build is always tagged."""
    from leaflet.layout import print_canvas

    saved = print_canvas.tagging.Tagger
    print_canvas.tagging.Tagger = lambda: None
    try:
        yield
    finally:
        print_canvas.tagging.Tagger = saved


def tagging_cost(case: Case) -> dict[str, float]:
    """The same warm build tagged and untagged, timed in turn (text seen before: the larger share)."""
    import leaflet

    def untagged(_):
        with tagging_off():
            leaflet.build(case.leaflets[0], case.brand)

    return in_turn(
        {"tagged": lambda _: leaflet.build(case.leaflets[0], case.brand), "untagged": untagged},
        list(range(max(12, len(case.leaflets)))),
    )


def tagging_rows(cases: dict) -> list[tuple[str, str, str]]:
    rows = []
    for key in ("short", "meso"):
        cost = tagging_cost(cases[key])
        share = (cost["tagged"] - cost["untagged"]) / cost["untagged"]
        rows.append(
            (
                f"  {key}: the same text again without tagging (issue 23)",
                ms(cost["untagged"]),
                f"tagging adds {share:.1%} to the build ({ms(cost['tagged'])}; "
                f"{verdict(share, TARGETS['tagging'])}: target <= 15%)",
            )
        )
    return rows


def weasyprint_row(case: Case) -> tuple[str, str, str] | None:
    """WeasyPrint from leaflet's HTML companion, where WeasyPrint is installed (not a dependency)."""
    try:
        import weasyprint
    except (ImportError, OSError):
        return None
    from leaflet.html import render_html

    with contextlib.redirect_stderr(io.StringIO()):  # its lint warnings are not the benchmark's
        html = render_html(case.leaflets[0], case.brand)
    seconds = in_turn(
        {"wp": lambda _: weasyprint.HTML(string=html, base_url=str(ROOT)).write_pdf()}, list(range(7)), warmup=1
    )["wp"]
    return (f"&nbsp;&nbsp;WeasyPrint {weasyprint.__version__}, from leaflet's HTML companion", ms(seconds), "")


# ---------------------------------------------------------------- what is built


class Case:
    """One leaflet in ``count`` new-text variants, ready for leaflet, the floor and Typst."""

    def __init__(self, name: str, data: dict, count: int, folder: Path, brand_path: Path):
        import typst_peer

        import leaflet

        self.name = name
        self.brand = leaflet.load_brand(brand_path)
        self.brand_data = inputs.brand_data(brand_path)
        words = inputs._vocabulary(data)
        self.leaflets, self.printed, self.sources = [], [], []
        for n in range(count + 1):  # variant 0: the words as written, for the cached-text row
            varied = inputs.vary(data, n, words)
            path = folder / f"{name}-{n}.yaml"
            path.write_text(inputs.dump(varied), encoding="utf-8")
            self.leaflets.append(leaflet.load_leaflet(path))
            self.printed.append(inputs.printed(varied, self.brand_data))
            self.sources.append(typst_peer.source(self.printed[-1], self.brand_data))
        pdf = leaflet.build(self.leaflets[0], self.brand)
        self.pages, self.bytes = pages(pdf), len(pdf)
        self.words = len(" ".join(_texts(self.printed[0])).split())


def _texts(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in inputs._KEEP:
                yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, str):
        yield value


def pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def measure_case(case: Case, typst) -> dict[str, float]:
    """New text for each engine, the lint next to the build, then the cached-text rows."""
    import floor

    import leaflet

    brand, data = case.brand, case.brand_data
    calls = {
        "leaflet": lambda n: leaflet.build(case.leaflets[n], brand),
        "lint": lambda n: checked_build(case.leaflets[n], brand),
        "floor": lambda n: floor.build(case.printed[n], data),
        "floor_qr_once": lambda n: floor.build(case.printed[n], data, qr_once=True),
    }
    if typst:
        calls["typst"] = lambda n: typst.build(case.sources[n])
    found = in_turn(calls, list(range(1, len(case.leaflets))))
    runs = max(5, len(case.leaflets) - 1)
    seen = in_turn(
        {
            "leaflet_cached": lambda _: leaflet.build(case.leaflets[0], brand),
            **({"typst_cached": lambda _: typst.build(case.sources[0])} if typst else {}),
        },
        list(range(runs)),
    )
    return {**found, **seen}


def checked_build(content, brand) -> Timed:
    """A build as `leaflet build` makes it: the text prepared once, the rules of `leaflet check` on
    it (as ``pipeline.Pipeline.build`` runs them), then the layout. Only the rules are timed: what
    they add to a build."""
    import leaflet
    from leaflet.lint import lint

    prepared = leaflet.prepare(content, brand)
    start = time.perf_counter()
    lint(content, brand, prepared=prepared)
    rules = Timed(time.perf_counter() - start)
    leaflet.build(prepared=prepared)
    return rules


def past_the_store(folder: Path, count: int) -> dict[str, float]:
    """``count`` variants of the mesotherapy leaflet built in turn, round and round: more paragraphs
    than the stores hold. Warm (the stores full of them) against new text (the stores emptied)."""
    import leaflet
    from leaflet.layout import paragraphs

    case = Case("store", inputs.load(inputs.MESO), count, folder, inputs.BRAND)
    forget_text()
    seen, put = set(), paragraphs.parsed.put
    paragraphs.parsed.put = lambda key, value: (seen.add(key), put(key, value))
    try:
        for lf in case.leaflets[1:]:  # one round: every paragraph of them seen once
            leaflet.build(lf, case.brand)
    finally:
        del paragraphs.parsed.put
    distinct = len(seen)
    warm = in_turn({"warm": lambda lf: leaflet.build(lf, case.brand)}, case.leaflets[1:] * 2, warmup=0)
    new = in_turn({"new": lambda lf: (forget_text(), leaflet.build(lf, case.brand))}, case.leaflets[1:], warmup=0)
    return {**warm, **new, "paragraphs_seen": distinct, "store": paragraphs.KEPT}


def zlib_levels(case: Case) -> dict:
    """The chosen zlib level against zlib's default, on the same build."""
    import leaflet
    from leaflet.layout import reportlab_private

    chosen = reportlab_private.ZLIB_LEVEL
    sizes = {}

    def at(level):
        def build(_):
            reportlab_private.ZLIB_LEVEL = level
            sizes[level] = len(leaflet.build(case.leaflets[0], case.brand))

        return build

    try:
        times = in_turn({chosen: at(chosen), 6: at(6)}, list(range(max(10, len(case.leaflets)))))
    finally:
        reportlab_private.ZLIB_LEVEL = chosen
    return {"chosen": chosen, "times": times, "sizes": sizes}


# ---------------------------------------------------------------- batch and memory (fresh processes)


def batch_child(workers: int, count: int) -> None:
    """As `leaflet batch` runs it: ``count`` leaflets (2 contents x 4 formats x brands), every brand
    with a booking link, half of them with a logo; prints leaflets per second."""
    from leaflet import cli

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        contents = [inputs.SHORT, tmp / "short-b.yaml"]
        contents[1].write_text(inputs.dump(inputs.vary(inputs.load(inputs.SHORT), 1)), encoding="utf-8")
        brands = [inputs.write_brand(tmp, n, logo=n % 2 == 0) for n in range(count // 8)]
        args = [
            "batch",
            *map(str, contents),
            "--brand",
            *map(str, brands),
            "--format",
            "a4",
            "letter",
            "a5-booklet",
            "dl-trifold",
            "-o",
            str(tmp / "out"),
            "--jobs",
            str(workers),
            "--force",
        ]
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):  # the summary; the command's progress goes to stderr
            code = cli.main(args)
        seconds = time.perf_counter() - start
        built = len(list((tmp / "out").rglob("*.pdf")))
        assert code == 0 and built == count, (code, built)
        print(count / seconds)


def memory_child(count: int) -> None:
    """``count`` builds in one process, cycling through 40 brands and 50 new-text variants (more
    paragraphs than the stores hold); prints RSS and live Python blocks at checkpoints."""
    import gc

    import leaflet

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        brands = [leaflet.load_brand(inputs.write_brand(tmp, n, logo=n % 2 == 0)) for n in range(40)]
        data = inputs.load(inputs.SHORT)
        words = inputs._vocabulary(data)
        texts = []
        for n in range(1, 51):
            path = tmp / f"text-{n}.yaml"
            path.write_text(inputs.dump(inputs.vary(data, n, words)), encoding="utf-8")
            texts.append(leaflet.load_leaflet(path))
        page = os.sysconf("SC_PAGE_SIZE")
        marks = {count // 10, count // 4, count // 2, count}
        for n in range(1, count + 1):
            leaflet.build(texts[n % len(texts)], brands[(n // len(texts) + n) % len(brands)])
            if n in marks:
                rss = int(Path("/proc/self/statm").read_text().split()[1]) * page
                gc.collect()
                print(f"{n} {rss} {sys.getallocatedblocks()}", flush=True)
        peak = [ln for ln in Path("/proc/self/status").read_text().splitlines() if ln.startswith("VmHWM:")]
        print(f"peak {int(peak[0].split()[1]) * 1024 if peak else 0}", flush=True)


def child(*args: str) -> str:
    return subprocess.run(
        [sys.executable, __file__, *args], check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ).stdout


# ---------------------------------------------------------------- report


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def verdict(ratio: float, target: float, higher_is_better: bool = False) -> str:
    ok = ratio >= target if higher_is_better else ratio <= target
    return "met" if ok else "NOT met"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs: a rough look, not figures to quote")
    parser.add_argument("--batch", nargs=2, type=int, metavar=("WORKERS", "LEAFLETS"), help=argparse.SUPPRESS)
    parser.add_argument("--memory", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--tagging", action="store_true", help="only what tagging adds to a warm build (issue 23)")
    args = parser.parse_args()
    if args.batch:
        batch_child(*args.batch)
        return 0
    if args.memory:
        memory_child(args.memory)
        return 0
    quick = args.quick
    if args.tagging:
        with tempfile.TemporaryDirectory() as tmp:
            found = {
                key: Case(key, inputs.load(path), 13, Path(tmp), inputs.BRAND)
                for key, path in (("short", inputs.SHORT), ("meso", inputs.MESO))
            }
            print(f"load average {load():.2f}")
            for name, shown, note in tagging_rows(found):
                print(f"| {name.strip()} | {shown} | {note} |")
        return 0
    runs = {"short": 30 if quick else 200, "meso": 8 if quick else 40, "long": 3 if quick else 8}
    batch_count, memory_count, store_count, cold_runs = (120, 1000, 16, 3) if quick else (1200, 10000, 20, 11)

    import reportlab
    import typst_peer

    import leaflet

    typst_version = typst_peer.available()
    typst = typst_peer.Peer() if typst_version else None
    started, load_before = time.strftime("%d %B %Y %H:%M"), load()
    print(f"machine: {machine()}")
    print(
        f"leaflet {leaflet.__version__}, ReportLab {reportlab.Version} (C accelerator: {'yes' if accel() else 'no'}), "
        f"Typst {typst_version or 'not installed (pip install -e .[bench])'}; {started}, load average "
        f"{load_before:.2f} at the start"
    )
    rows: list[tuple[str, str, str]] = []
    results: dict = {}

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        long_data = inputs.long_leaflet(LONG_COPIES, LONG_EXTRA)
        cases = {
            "short": Case("short", inputs.load(inputs.SHORT), runs["short"], tmp, inputs.BRAND),
            "meso": Case("meso", inputs.load(inputs.MESO), runs["meso"], tmp, inputs.BRAND),
            "long": Case("long", long_data, runs["long"], tmp, inputs.BRAND),
        }
        for key, case in cases.items():
            results[key] = measure_case(case, typst)
        store = past_the_store(tmp, store_count)
        zlib = zlib_levels(cases["short"])
        rules = layout_rules(cases["short"])
        tag_rows = tagging_rows(cases)
        weasy = weasyprint_row(cases["short"])

        # cold: a fresh process each, in turn
        short_typ = tmp / "short.typ"
        short_typ.write_text(cases["short"].sources[0], encoding="utf-8")
        script = Path(sys.executable).with_name("leaflet")
        command = [str(script)] if script.exists() else [sys.executable, "-m", "leaflet"]
        import compileall

        compileall.compile_dir(Path(leaflet.__file__).parent, quiet=1)  # as pip install leaves it
        commands = {
            "leaflet": command + ["build", str(inputs.SHORT), "--brand", str(inputs.BRAND), "-o", str(tmp / "x.pdf")],
            "floor": [sys.executable, str(BENCH / "floor.py"), str(inputs.SHORT), str(tmp / "f.pdf")],
            "python": [sys.executable, "-c", "pass"],
            "import": [sys.executable, "-c", "import os, leaflet.cli; os._exit(0)"],
        }
        if typst:
            commands["typst"] = [sys.executable, *typst_peer.cold_script(short_typ, tmp / "t.pdf")]
        colds = cold(commands, cold_runs, tmp)

    # In turn, one process then all, a few times: the machine's speed moves from minute to minute,
    # and a ratio of two runs minutes apart measures that as much as the batch.
    rounds = [
        (float(child("--batch", "1", str(batch_count))), float(child("--batch", str(cores()), str(batch_count))))
        for _ in range(1 if quick else 3)
    ]
    one, many = statistics.median(r[0] for r in rounds), statistics.median(r[1] for r in rounds)
    speedup = statistics.median(m / o for o, m in rounds)
    memory = child("--memory", str(memory_count)).split()
    load_after = load()

    # ---- the table
    for key, label in (("short", "format example"), ("meso", "mesotherapy"), ("long", "long leaflet")):
        case, r = cases[key], results[key]
        what = f"{case.pages} A4 pages, {case.words:,} words"
        head = key == "short"
        floor_ratio, strict_ratio = r["leaflet"] / r["floor"], r["leaflet"] / r["floor_qr_once"]
        # the targets are for the realistic short leaflet; the longer ones show how the ratios hold
        ratio = (
            f"{floor_ratio:.2f}x the floor"
            + (f" ({verdict(floor_ratio, TARGETS['floor'])}: target <= {TARGETS['floor']}x)" if head else "")
            + f"; {strict_ratio:.2f}x the floor with its QR code encoded once"
        )
        if typst:
            typst_ratio = r["leaflet"] / r["typst"]
            ratio += f"; {typst_ratio:.2f}x Typst" + (
                f" ({verdict(typst_ratio, TARGETS['typst'])}: target <= {TARGETS['typst']}x)" if head else ""
            )
        rows.append((f"warm build, new text: {label} ({what}), logo + booking QR", ms(r["leaflet"]), ratio))
        rows.append(
            (
                "  the same text again (paragraphs stored)",
                ms(r["leaflet_cached"]),
                f"{r['leaflet_cached'] / r['floor']:.2f}x the floor",
            )
        )
        rows.append(("  plain ReportLab (bench/floor.py), QR code encoded in each build", ms(r["floor"]), ""))
        rows.append(("  plain ReportLab, its QR code encoded once per URL", ms(r["floor_qr_once"]), ""))
        if typst:
            rows.append(
                (
                    f"  Typst {typst_version}, new text (warm compiler)",
                    ms(r["typst"]),
                    f"text seen before: {ms(r['typst_cached'])}",
                )
            )
        if head:
            share = (rules["rules"] - rules["bare"]) / rules["rules"]
            rows.append(
                (
                    "  the same text again without the layout rules (keeps, layout report)",
                    ms(rules["bare"]),
                    f"the rules cost {share:.1%} of the build ({verdict(share, 0.10)}: target under 10%, issue 11)",
                )
            )
            if weasy:
                rows.append(weasy)
        if key in ("short", "meso"):
            rows += [row for row in tag_rows if row[0].startswith(f"  {key}:")]
        lint_ratio = r["lint"] / r["leaflet"]
        rows.append(
            (
                "  lint as `build` runs it (`check`'s rules, on the text the build prepared), new text",
                ms(r["lint"]),
                f"{lint_ratio:.1%} of the build ({verdict(lint_ratio, TARGETS['lint'])}: target <= 10%)",
            )
        )
    store_ratio = store["warm"] / store["new"]
    rows.append(
        (
            f"past the stores: {store_count} mesotherapy variants in turn ({store['paragraphs_seen']:,} "
            f"paragraphs, the store holds {store['store']:,})",
            ms(store["warm"]),
            f"{store_ratio:.2f}x new text ({ms(store['new'])}) ({verdict(store_ratio, TARGETS['past_store'])}: "
            "no slower than new text)",
        )
    )
    chosen = zlib["chosen"]
    rows.append(
        (
            f"zlib level {chosen} (chosen) against the default 6, format example, text seen before",
            ms(zlib["times"][chosen]),
            f"{ms(zlib['times'][6])} at level 6; PDF {zlib['sizes'][chosen]:,} "
            f"bytes against {zlib['sizes'][6]:,} (+{zlib['sizes'][chosen] / zlib['sizes'][6] - 1:.0%})",
        )
    )
    cold_ratio = colds["leaflet"] / colds["floor"]
    rows.append(
        (
            "cold `leaflet build`, format example + brand with logo and QR",
            ms(colds["leaflet"]),
            f"{cold_ratio:.2f}x the cold plain-ReportLab process ({verdict(cold_ratio, TARGETS['cold'])}: "
            f"target <= {TARGETS['cold']}x)" + (f"; {colds['leaflet'] / colds['typst']:.1f}x Typst's" if typst else ""),
        )
    )
    rows.append(
        (
            "  of which: Python start + `import leaflet.cli`",
            ms(colds["import"]),
            f"{colds['import'] / colds['leaflet']:.0%} of the command (Python alone: {ms(colds['python'])})",
        )
    )
    rows.append(("  cold plain-ReportLab process (bench/floor.py)", ms(colds["floor"]), ""))
    if typst:
        rows.append(("  cold Typst process (Python + typst.compile)", ms(colds["typst"]), ""))
    in_turn = (
        f"; median of {len(rounds)} rounds in turn: " + ", ".join(f"{m:.0f}/s at {m / o:.2f}x" for o, m in rounds)
        if len(rounds) > 1
        else ""
    )
    rows.append(
        (
            f"batch of {batch_count:,} (2 contents x 4 formats x {batch_count // 8} brands, QR codes, half with "
            f"logos), {cores()} processes",
            ms(1 / many) + "/leaflet",
            f"{many:.0f} leaflets/s ({verdict(many, TARGETS['batch_rate'], True)}: target >= "
            f"{TARGETS['batch_rate']:.0f}); {speedup:.2f}x 1 process "
            f"({verdict(speedup, TARGETS['batch_speedup'], True)}: "
            f"target >= {TARGETS['batch_speedup']}x){in_turn}",
        )
    )
    rows.append(
        (
            "  the same batch, 1 process",
            ms(1 / one) + "/leaflet",
            f"{one:.0f} leaflets/s"
            + (f" (rounds: {', '.join(f'{o:.0f}' for o, _ in rounds)})" if len(rounds) > 1 else ""),
        )
    )

    print("\n| figure | time | ratio (target) |\n|---|---|---|")  # Markdown: the README's table as printed
    for name, shown, note in rows:
        print(f"| {name.replace('  ', '&nbsp;&nbsp;', 1) if name.startswith('  ') else name} | {shown} | {note} |")

    marks = {int(memory[i]): (int(memory[i + 1]), int(memory[i + 2])) for i in range(0, len(memory) - 2, 3)}
    peak = int(memory[-1])
    ordered = sorted(marks)
    first, last = ordered[0], ordered[-1]
    mib = 1024 * 1024
    growth = (marks[last][0] - marks[first][0]) / (last - first)
    print(
        f"\nMemory, {memory_count:,} builds in one process (40 brands x 50 new texts, in turn): RSS "
        + ", ".join(f"{marks[n][0] / mib:.1f} MiB after {n:,}" for n in ordered)
        + f" (peak {peak / mib:.1f} MiB): {growth / 1024:.2f} KiB per build after {first:,}; live Python blocks "
        + ", ".join(f"{marks[n][1]:,}" for n in ordered)
    )
    # The run itself keeps one core busy, so the average at the end is about 1 more than the rest of
    # the machine's load; at the start it still shows what ran in the minute before.
    print(
        f"\nLoad average {load_before:.2f} at the start, {load_after:.2f} at the end (this run adds about 1)"
        + (": the machine was busy before the run; run again when it is quiet" if load_before > 1.0 else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
