"""How fast is leaflet, on this machine? ``python bench/run.py`` (``--quick`` for a short run).

Prints, with ratios: the warm in-process build of one 2-page A4 leaflet (median of many) next to the
same leaflet built with plain ReportLab platypus (the floor, bench/floor.py) and, where installed,
WeasyPrint; the cold `leaflet build` command; batch throughput with 1 and N processes; and memory
across 1,000 builds in one process. Timing lives here only: the tests never time anything.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
CONTENT = BENCH / "two-page.yaml"
BRAND = BENCH / "brand.yaml"
# Reference figures on a 2-core machine for a comparable 2-page leaflet (from the issue).
REFERENCE = {"reportlab": 0.015, "reportlab_accel": 0.012, "typst": 0.009, "weasyprint": 0.100,
             "cold_reportlab": 0.2}
TARGETS = {"warm_vs_floor": 1.2, "cold": 0.3, "speedup": 1.7}


def median_time(fn, runs: int, warmup: int = 3) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired(fn, other, context, runs: int) -> tuple[float, float]:
    """Medians of ``fn`` and of ``other`` run inside ``context``, timed in turn so that whatever
    else the machine is doing weighs on both alike (a small difference stays visible)."""
    times: tuple[list, list] = ([], [])
    for index in range(runs + 3):
        for which, call in enumerate((fn, other)):
            with context() if which else contextlib.nullcontext():
                start = time.perf_counter()
                call()
                if index >= 3:
                    times[which].append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def cold(cmd: list[str], runs: int, cwd: Path) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
    return f"{cpu}, {cores} cores{mem_text}; {platform.system()} {platform.release()}; Python {platform.python_version()}"


def accel() -> bool:
    try:
        import _rl_accel  # noqa: F401  (ReportLab uses its C accelerator, `rl_accel`, when importable)
        return True
    except ImportError:
        return False


def forget_text() -> None:
    """Empty the process's store of parsed and measured paragraphs (leaflet/layout/paragraphs.py)."""
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

    saved = (formats.chain, paragraphs.Para._check, paged.Outlined.handle_frameEnd,
             paged.Outlined.near_empty_pages)
    formats.chain = lambda story: story
    paragraphs.Para._check = lambda self, canvas, found: None
    paged.Outlined.handle_frameEnd = BaseDocTemplate.handle_frameEnd
    paged.Outlined.near_empty_pages = lambda self, last: None
    try:
        yield
    finally:
        (formats.chain, paragraphs.Para._check, paged.Outlined.handle_frameEnd,
         paged.Outlined.near_empty_pages) = saved


def compile_bytecode() -> str:
    """Bytecode for leaflet's modules, as `pip install` (or a first run) leaves it: a machine that sets
    PYTHONDONTWRITEBYTECODE would otherwise compile every module again in every cold process."""
    import compileall
    import leaflet
    compileall.compile_dir(Path(leaflet.__file__).parent, quiet=1)
    return " (PYTHONDONTWRITEBYTECODE is set here: leaflet's bytecode was compiled first)" \
        if sys.flags.dont_write_bytecode else ""


def weasyprint_build():
    """A callable building the leaflet with WeasyPrint from its HTML companion, or None."""
    try:
        import weasyprint
    except (ImportError, OSError):
        return None, "not installed"
    import leaflet
    content, brand = leaflet.load_leaflet(CONTENT), leaflet.load_brand(BRAND)
    try:
        import contextlib
        from leaflet.html import render_html  # the HTML companion (`leaflet build --html`)
        with contextlib.redirect_stderr(io.StringIO()):  # its lint warnings are not the benchmark's
            html, source = render_html(content, brand), "leaflet's HTML companion"
    except ImportError:
        import floor
        html, source = simple_html(floor.load(CONTENT)), "a plain HTML rendering of the same text"

    def build():
        return weasyprint.HTML(string=html, base_url=str(ROOT)).write_pdf()
    return build, f"WeasyPrint {weasyprint.__version__}, from {source}"


def simple_html(data: dict) -> str:
    from html import escape
    parts = [f"<h1>{escape(data['title'])}</h1>"]
    for section in data["sections"]:
        parts.append(f"<h2>{escape(section['heading'])}</h2><p>{escape(section.get('text') or '')}</p>")
    css = "@page{size:A4;margin:18mm} body{font:12.5pt/1.45 sans-serif} h2{color:#0B5563}"
    return f"<!doctype html><html lang=en><style>{css}</style><body>{''.join(parts)}</body></html>"


def memory_run(count: int) -> None:
    """In a fresh process: build `count` leaflets, printing RSS at checkpoints (for --memory)."""
    import gc
    import resource
    import leaflet
    content, brand = leaflet.load_leaflet(CONTENT), leaflet.load_brand(BRAND)
    page = os.sysconf("SC_PAGE_SIZE")
    for n in range(1, count + 1):
        leaflet.build(content, brand)
        if n in (10, count // 10, count // 2, count):
            rss = int(Path("/proc/self/statm").read_text().split()[1]) * page
            gc.collect()  # live Python objects: flat means nothing is kept from one leaflet to the next
            print(f"{n} {rss} {sys.getallocatedblocks()}", flush=True)
    # VmHWM, not ru_maxrss: on Linux ru_maxrss carries the forking parent's peak across exec
    peak = [ln for ln in Path("/proc/self/status").read_text().splitlines() if ln.startswith("VmHWM:")]
    kib = int(peak[0].split()[1]) if peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak {kib * 1024}", flush=True)


def batch_throughput(workers: int, jobs_count: int, folder: Path) -> float:
    from leaflet import batch
    brands = []
    shutil.copy(BENCH / "logo.png", folder / "logo.png")  # a logo lives beside its brand file
    for n in range(jobs_count // 2):
        path = folder / f"brand-{n:02d}.yaml"
        path.write_text(BRAND.read_text().replace("name: Harbour Skin Clinic", f"name: Clinic {n:02d}"))
        brands.append(path)
    jobs = batch.plan([CONTENT], brands, ["a4", "letter"], folder / "out")
    start = time.perf_counter()
    summary = batch.run(jobs, folder / "out", workers=workers, force=True)
    assert not summary.failed, summary.text(folder / "out")
    return len(jobs) / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (a rough look, not figures to quote)")
    parser.add_argument("--memory", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--batch", nargs=2, type=int, metavar=("WORKERS", "LEAFLETS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory:
        memory_run(args.memory)
        return 0
    if args.batch:  # in a fresh process, as `leaflet batch` would be: one leaflet built, then the batch
        import leaflet
        leaflet.build(leaflet.load_leaflet(CONTENT), leaflet.load_brand(BRAND))
        with tempfile.TemporaryDirectory() as tmp:
            print(batch_throughput(args.batch[0], args.batch[1], Path(tmp)))
        return 0
    runs, cold_runs, batch_jobs, mem_count = (30, 3, 16, 200) if args.quick else (200, 11, 120, 1000)

    import reportlab
    import leaflet
    import floor
    from pypdf import PdfReader

    content, brand = leaflet.load_leaflet(CONTENT), leaflet.load_brand(BRAND)
    pdf = leaflet.build(content, brand)
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"machine: {machine()}")
    print(f"leaflet {leaflet.__version__}, ReportLab {reportlab.Version}, C accelerator (rl_accel): "
          f"{'yes' if accel() else 'no'}")
    print(f"leaflet: {CONTENT.relative_to(ROOT)} + {BRAND.relative_to(ROOT)}, {pages} A4 pages, {len(pdf):,} bytes\n")

    rows = []
    warm = median_time(lambda: leaflet.build(content, brand), runs)
    rules_t, warm_bare = paired(lambda: leaflet.build(content, brand), lambda: leaflet.build(content, brand),
                                layout_rules_off, runs)
    warm_new = median_time(lambda: (forget_text(), leaflet.build(content, brand)), runs)
    warm_files = median_time(lambda: leaflet.build_files(CONTENT, BRAND), runs)
    data = floor.load(CONTENT)
    floor_t = median_time(lambda: floor.build(data), runs)
    floor_files = median_time(lambda: floor.build(floor.load(CONTENT)), runs)
    rows.append((f"warm build(), loaded leaflet + brand ({pages} pages)", warm, f"{warm / floor_t:.2f}x the floor (target <= "
                 f"{TARGETS['warm_vs_floor']}x); {warm / REFERENCE['typst']:.1f}x Typst's reference 9 ms"))
    rows.append(("  the same without the layout rules (keeps, layout report)", warm_bare,
                 f"the rules cost {(rules_t - warm_bare) / rules_t:.1%} of a warm build (target under 10%; "
                 "the two timed in turn)"))
    rows.append(("  the same, its text never seen before", warm_new, f"{warm_new / floor_t:.2f}x the floor: "
                 "parsed and measured text not reused (a new content or look)"))
    rows.append(("warm build_files(), YAML included", warm_files, f"{warm_files / floor_files:.2f}x the floor with "
                 "its YAML load"))
    def pages_of(data: bytes) -> str:
        count = len(PdfReader(io.BytesIO(data)).pages)
        return f"{count} page{'s' if count > 1 else ''}"
    rows.append((f"floor: plain ReportLab platypus ({pages_of(floor.build(data))})", floor_t, f"{floor_t / REFERENCE['reportlab']:.2f}x the "
                 "reference 15 ms (12 ms with accel)"))
    rows.append(("floor with yaml.safe_load", floor_files, ""))
    wp, wp_name = weasyprint_build()
    if wp:
        wp_t = median_time(wp, max(5, runs // 10), warmup=1)
        rows.append((f"WeasyPrint ({wp_name}, {pages_of(wp())})", wp_t, f"leaflet is {wp_t / warm:.1f}x faster; "
                     f"{wp_t / REFERENCE['weasyprint']:.2f}x the reference 100 ms"))
    else:
        rows.append(("WeasyPrint", None, wp_name))

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        script = Path(sys.executable).with_name("leaflet")
        command = [str(script)] if script.exists() else [sys.executable, "-m", "leaflet"]
        bytecode_note = compile_bytecode()
        cold_t = cold(command + ["build", str(CONTENT), "--brand", str(BRAND), "-o", str(tmp / "x.pdf")],
                      cold_runs, tmp)
        cold_floor = cold([sys.executable, str(BENCH / "floor.py"), str(CONTENT), str(tmp / "f.pdf")],
                          cold_runs, tmp)
        python_t = cold([sys.executable, "-c", "pass"], cold_runs, tmp)
        # leaving as the command does (cli.run: os._exit), so the two are comparable
        import_t = cold([sys.executable, "-c", "import os, leaflet.cli; os._exit(0)"], cold_runs, tmp)
        rows.append(("cold `leaflet build` command", cold_t, f"{cold_t / TARGETS['cold']:.2f}x the 0.3 s target; "
                     f"{cold_t / cold_floor:.2f}x the cold plain-ReportLab process{bytecode_note}"))
        rows.append(("  of which: python start + `import leaflet.cli`", import_t,
                     f"{import_t / cold_t:.0%} of the command"))
        rows.append(("cold plain-ReportLab process (bench/floor.py)", cold_floor,
                     f"{cold_floor / REFERENCE['cold_reportlab']:.2f}x the reference 0.2 s"))
        rows.append(("  python start alone", python_t, ""))

        n = max(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 2)
        def throughput(workers: int) -> float:  # best of a few fresh processes: leaflets per second
            return max(float(subprocess.run([sys.executable, __file__, "--batch", str(workers), str(batch_jobs)],
                                            check=True, capture_output=True, text=True).stdout)
                       for _ in range(1 if args.quick else 3))
        one, many = throughput(1), throughput(n)
        rows.append((f"batch, 1 process ({batch_jobs} leaflets)", 1 / one, f"{one:.1f} leaflets/s"))
        rows.append((f"batch, {n} processes ({batch_jobs} leaflets)", 1 / many,
                     f"{many:.1f} leaflets/s = {many / one:.2f}x 1 process (target >= {TARGETS['speedup']}x)"))

    out = subprocess.run([sys.executable, __file__, "--memory", str(mem_count)], check=True,
                         capture_output=True, text=True).stdout.split()
    rss = {int(out[i]): int(out[i + 1]) for i in range(0, len(out) - 2, 3)}
    blocks = {int(out[i]): int(out[i + 2]) for i in range(0, len(out) - 2, 3)}
    peak = int(out[-1])
    first, last = min(k for k in rss if k >= mem_count // 10), max(rss)
    growth = (rss[last] - rss[first]) / (last - first)
    mib = 1024 * 1024

    if load_before > 0.7:
        print(f"note: the machine was busy with other work when the run began (load average "
              f"{load_before:.1f}): the multi-process figures may be low. Run again when it is idle.\n")
    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'time':>9}  ratio")
    for name, seconds, note in rows:
        shown = f"{seconds * 1000:7.1f}ms" if seconds is not None else "        -"
        print(f"{name:<{width}}  {shown:>9}  {note}")
    print(f"\nmemory, {mem_count} builds in one process: RSS {rss[min(rss)] / mib:.1f} MiB after "
          f"{min(rss)}, {rss[first] / mib:.1f} MiB after {first}, {rss[last] / mib:.1f} MiB after {last} "
          f"(peak {peak / mib:.1f} MiB); growth {growth / 1024:.1f} KiB per leaflet after warm-up "
          f"({(rss[last] - rss[first]) / rss[first]:.1%} from {first} to {last}); live Python blocks "
          f"{blocks[first]:,} after {first}, {blocks[last]:,} after {last} "
          f"({(blocks[last] - blocks[first]) / (last - first):+.1f} per leaflet)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
