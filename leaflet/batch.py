"""Many leaflets at once: content files x brand files x formats, in parallel processes.

One bad leaflet never stops the others. Each output lands at ``<out>/<brand>/<content>-<format>.pdf``
and a manifest (``<out>/manifest.json``) records the sha256 of every input it was built from (the
content, the brand, the brand's logo and font files) and of the PDF itself, so an unchanged leaflet
is skipped on the next run, as a build system would.

Parsed brands, parsed content, font registrations and file hashes are kept per process and reused
across a batch; with the ``fork`` start method the workers inherit what the parent already loaded.
"""
from __future__ import annotations

import contextlib
import dataclasses
import gc
import glob
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from .errors import LeafletError, Problem, printable
from .layout.options import FORMATS, Format, LayoutOptions, is_format
from .limits import BATCH_SECONDS, FONT_BYTES, HINT, MANIFEST_BYTES, MANIFEST_VALUES
from .load.files import FileProblem, read_limited
from .output import check_outputs, language_part, option_suffix, slug, write_atomic
from .wording import plural

MANIFEST = "manifest.json"
DEFAULT_BRAND_DIR = "default"  # the built-in brand's folder
# A brand file called default.yaml: slug() never makes an underscore, so no other brand file's folder
# (nor the built-in brand's) can have this name.
DEFAULT_FILE_DIR = "default_brand"
BATCH_FIELDS = ("content", "brands", "formats", "output", "jobs")


# ---------------------------------------------------------------- what to build

@dataclass(frozen=True)
class Job:
    """One leaflet of a batch: a content file, a brand file (None: the built-in brand), options."""

    content: Path
    brand: Path | None
    options: LayoutOptions
    output: Path  # where the PDF goes
    key: str  # the output's path inside the batch's folder, as the manifest names it
    consent: bool = False  # the leaflet's consent form (leaflet consent), not the leaflet


@dataclass
class Result:
    key: str
    status: str  # "built", "skipped" or "failed"
    message: str = ""
    sha256: str = ""
    size: int = 0
    inputs: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    pdf: bytes | None = None  # built, not yet written: never in the manifest


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def expand(patterns: Iterable[str | Path], what: str, base: Path | None = None) -> list[Path]:
    """Files named by globs, folders (their *.yaml and *.yml) or plain paths; each one once, in order."""
    found: list[Path] = []
    for pattern in patterns:
        text = str(pattern)
        path = Path(text) if base is None or Path(text).is_absolute() else base / text
        if path.is_dir():
            matches = sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
        elif any(ch in text for ch in "*?["):
            matches = sorted(Path(p) for p in glob.glob(str(path), recursive=True) if Path(p).is_file())
        else:
            matches = [path] if path.is_file() else []
        if not matches:
            raise LeafletError(Problem(f"no {what} file matches '{text}'", text,
                                       hint="Give a YAML file, a folder of them, or a glob such as 'content/*.yaml'."))
        found += [m for m in matches if m not in found]
    return found


def plan(contents: list[Path], brands: list[Path | None], formats: Iterable[str],
         out: Path = Path("output"), options: LayoutOptions = LayoutOptions(), consent: bool = False) -> list[Job]:
    """Every content x brand x format, brand by brand (so a worker reuses one brand's fonts and logo).
    ``consent``: each leaflet's consent form too, on A4 and Letter among the formats (A4 if neither)."""
    given = list(dict.fromkeys(formats))
    for name in given:
        if not is_format(name):
            raise LeafletError(Problem(f"'{name}' is not a format", hint=f"Use one of: {', '.join(FORMATS)}."))
    names: list[Format] = [name for name in given if is_format(name)] or [options.format]
    jobs: list[Job] = []
    seen: dict[str, tuple[Path, Path | None]] = {}
    for brand in brands or [None]:
        folder = slug(brand.stem) if brand else DEFAULT_BRAND_DIR
        folder = DEFAULT_FILE_DIR if brand and folder == DEFAULT_BRAND_DIR else folder
        for content in contents:
            for name in names:
                job_options = dataclasses.replace(options, format=name)
                parts = [content.stem] + language_part(content.stem, _language(content))
                key = f"{folder}/{'-'.join(parts + option_suffix(job_options, with_format=True))}.pdf"
                if key in seen and seen[key] != (content, brand):
                    first = " with ".join(str(p) for p in seen[key] if p)
                    second = " with ".join(str(p) for p in (content, brand) if p)
                    raise LeafletError(Problem(
                        f"'{first}' and '{second}' would both write {out / key}", str(content),
                        hint="Outputs are named after the files: rename one of them."))
                if key in seen:
                    continue
                seen[key] = (content, brand)
                jobs.append(Job(content, brand, job_options, out / key, key))
            if consent:
                for name in [f for f in names if f in ("a4", "letter")] or ["a4"]:
                    job_options = dataclasses.replace(options, format=name)
                    parts = [content.stem] + language_part(content.stem, _language(content))
                    key = f"{folder}/{'-'.join(parts + option_suffix(job_options, with_format=True))}-consent.pdf"
                    jobs.append(Job(content, brand, job_options, out / key, key, consent=True))
    return jobs


def _language(content: Path) -> str | None:
    """A content's language, for its output's name (None if it does not load: the build says why)."""
    try:
        return load_leaflet_cached(content).language
    except Exception:  # a bug in leaflet too: the build reports it as this leaflet's failure
        return None


def load_batch_file(path: Path) -> dict:
    """A batch file: ``content``, ``brands``, ``formats`` (lists), ``output`` and ``jobs``; paths relative to it."""
    from .load.yamlpos import load_yaml

    data, source = load_yaml(path, str(path))
    problems = []
    if not isinstance(data, dict):
        raise LeafletError(Problem("a batch file is a mapping of content, brands, formats, output and jobs",
                                   str(path), 1, 1, hint="See docs/batch-and-cluster.md."))
    for key in data:
        if key not in BATCH_FIELDS:
            problems.append(source.problem((key,), f"unknown field '{key}' in a batch file",
                                           f"Fields allowed here: {', '.join(BATCH_FIELDS)}.", key=True))
    spec: dict = {}
    for key in ("content", "brands", "formats"):
        value = data.get(key, [])
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(source.problem((key,), f"'{key}' must be a list of text",
                                           "Write one item a line, each starting '- '."))
            continue
        spec[key] = value
    if "output" in data:
        if isinstance(data["output"], str):
            spec["output"] = path.parent / data["output"]
        else:
            problems.append(source.problem(("output",), "'output' must be a folder name", "Write a path such as output."))
    if "jobs" in data:
        if isinstance(data["jobs"], int) and not isinstance(data["jobs"], bool) and data["jobs"] >= 1:
            spec["jobs"] = data["jobs"]
        else:
            problems.append(source.problem(("jobs",), "'jobs' must be a whole number, 1 or more", "For example: jobs: 4"))
    if problems:
        raise LeafletError(problems)
    spec["base"] = path.parent
    return spec


# ---------------------------------------------------------------- per-process caches

_hashes: dict[tuple, str] = {}
_brands: dict[tuple, object] = {}
_contents: dict[tuple, object] = {}
_lints: dict[tuple, object] = {}
_prepared: dict[tuple, object] = {}


def _stat_key(path: str | Path) -> tuple:
    """Which file this is (by its device and inode, whatever path names it), and which version."""
    st = os.stat(path)
    return (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)


def file_hash(path: str | Path) -> str:
    """sha256 of a file, remembered while its mtime and size stay the same; '' if it is gone, or is
    not an ordinary file within the largest input's limit (the manifest that names it may be damaged)."""
    try:
        key = _stat_key(path)
    except OSError:
        return ""
    if key not in _hashes:
        try:
            _hashes[key] = hashlib.sha256(read_limited(path, FONT_BYTES)).hexdigest()
        except FileProblem:
            return ""
    return _hashes[key]


def _cached(cache: dict, path: Path, load: Callable, display: str | None = None):
    """Parse a file once per process (while unchanged); a failure is remembered too. ``display``
    names the file in messages (a cluster worker's copy is named as the file it came from)."""
    key = _stat_key(path) + (display,)
    if key not in cache:
        try:
            cache[key] = load(path, display or str(path))
        except LeafletError as exc:
            cache[key] = exc
    value = cache[key]
    if isinstance(value, LeafletError):
        raise value
    return value


def load_brand_cached(path: Path, display: str | None = None):
    from .load import load_brand
    return _cached(_brands, path, load_brand, display)


def load_leaflet_cached(path: Path, display: str | None = None):
    from .load import load_leaflet
    return _cached(_contents, path, load_leaflet, display)


def prepared_cached(content: Path, brand_path: Path | None, leaflet, brand, displays: tuple | None = None):
    """The leaflet prepared for the brand (text.prepare), once for the formats of one content and
    brand, which the batch builds one after another: only the latest is kept."""
    from . import DEFAULT_BRAND
    from .text.prepare import prepare

    key = _pair_key(content, brand_path, displays)
    if key not in _prepared:
        _prepared.clear()
        _prepared[key] = prepare(leaflet, brand or DEFAULT_BRAND)
    return _prepared[key]


def lint_cached(content: Path, brand_path: Path | None, leaflet, brand, displays: tuple | None = None):
    """The rules of `leaflet check` (as `build` runs them, on its prepared text), once per content
    and brand: the formats share it. ``displays``: the names its findings give the files (as for _cached)."""
    from .lint import lint

    key = _pair_key(content, brand_path, displays) + (_source_key(content, leaflet),)
    if key not in _lints:
        _lints[key] = lint(leaflet, brand, prepared=prepared_cached(content, brand_path, leaflet, brand, displays))
    return _lints[key]


def _source_key(content: Path, leaflet) -> tuple | None:
    """Which version of the source a translation names is there (the lint reads it: LF703, LF704, LF706)."""
    from .load import translation_source

    try:
        source = translation_source(leaflet, content)
        return _stat_key(source) if source else None
    except (FileProblem, OSError):
        return ("unreadable",)


def _pair_key(content: Path, brand_path: Path | None, displays: tuple | None) -> tuple:
    return (_stat_key(content), _stat_key(brand_path) if brand_path else None, displays)


def engine() -> str:
    """What else decides the bytes: leaflet's and ReportLab's versions."""
    import reportlab

    from . import __version__
    return f"leaflet {__version__}, reportlab {reportlab.Version}"


def _config(job: Job) -> dict:
    return {"content": str(job.content), "brand": str(job.brand) if job.brand else None,
            "options": dataclasses.asdict(job.options), "engine": engine(), **({"consent": True} if job.consent else {})}


# ---------------------------------------------------------------- building

class _OverTime(BaseException):
    """Raised by the alarm; a BaseException so that no `except Exception` on the way can swallow it."""


def _over_time(signum, frame):
    raise _OverTime


@contextlib.contextmanager
def _time_budget(seconds: int):
    """Stop a leaflet that takes longer than ``seconds`` (in the main thread, where alarms arrive)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _over_time)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def build_job(job: Job, displays: tuple[str, str | None] | None = None) -> Result:
    """Build one leaflet within the time budget: the Result holds the PDF, for ``store`` to write
    (a cluster's worker sends it back; its ``displays`` name the files as the batch knows them).
    Never raises: a failure is a Result."""
    start = time.perf_counter()
    try:
        with _time_budget(BATCH_SECONDS.value):
            return _build_job(job, start, displays)
    except _OverTime:
        return Result(job.key, "failed", f"{displays[0] if displays else job.content}: stopped after "
                      f"{BATCH_SECONDS} (the '{BATCH_SECONDS.name}' limit); nothing was written for it\n    {HINT}",
                      seconds=time.perf_counter() - start)


def _build_job(job: Job, start: float, displays: tuple[str, str | None] | None = None) -> Result:
    from . import build

    content_name, brand_name = displays or (None, None)
    try:
        try:
            brand = load_brand_cached(job.brand, brand_name) if job.brand else None
            leaflet = load_leaflet_cached(job.content, content_name)
        except OSError as exc:
            raise LeafletError(Problem(f"cannot read the file: {exc.strerror or exc}",
                                       str(exc.filename or job.content))) from None
        report = lint_cached(job.content, job.brand, leaflet, brand, displays)
        if report.errors:
            from .lint.run import LintError
            raise LintError(report.errors)
        warnings = [str(f) for f in report.findings if f.severity == "warning"]
        prepared = prepared_cached(job.content, job.brand, leaflet, brand, displays)
        if job.consent:
            from .consent import consent_pdf
            pdf = consent_pdf(leaflet, brand, job.options, prepared=prepared)
        else:
            pdf = build(leaflet, brand, job.options, prepared=prepared)
        return Result(job.key, "built", seconds=time.perf_counter() - start, warnings=warnings, pdf=pdf)
    except LeafletError as exc:
        return Result(job.key, "failed", str(exc), seconds=time.perf_counter() - start)
    except Exception as exc:  # a bug in leaflet: say so, and keep building the others
        return Result(job.key, "failed", internal_error(exc), seconds=time.perf_counter() - start)


def internal_error(exc: BaseException) -> str:
    return (f"leaflet: internal error: {type(exc).__name__}: {printable(str(exc))[:500]}\n"
            "    This is a bug in leaflet, not in your files. Please report it.")


def store(job: Job, result: Result) -> Result:
    """Write a built leaflet's PDF where the batch puts it, and record what it was made from (the
    inputs hashed here, where they are, whoever built it)."""
    from . import DEFAULT_BRAND
    from .load import input_files

    if result.status != "built" or result.pdf is None:
        return result
    pdf = result.pdf
    try:
        brand = load_brand_cached(job.brand) if job.brand else None
        files = input_files(job.content, job.brand, brand or DEFAULT_BRAND, load_leaflet_cached(job.content))
        check_outputs([job.output], files)
        write_atomic(pdf, job.output)
    except LeafletError as exc:
        return Result(job.key, "failed", str(exc), seconds=result.seconds)
    except Exception as exc:  # a bug in leaflet: this leaflet's failure, never the batch's
        return Result(job.key, "failed", internal_error(exc), seconds=result.seconds)
    inputs = {p: file_hash(p) for p in files}
    return dataclasses.replace(result, sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf), inputs=inputs,
                               pdf=None)


class BadManifest(ValueError):
    """A manifest that cannot be used: what is wrong with it, in plain words."""


def _check_manifest_size(data: bytes) -> None:
    """Refuse a manifest of too many values before json builds a single object: 63 MB of tiny
    values took 2 GB. Every value but the first follows a ',' or a ':', or opens with '[' or '{',
    so their count (at the speed of bytes.count, inside strings too) is at least the number of
    values. Depth needs no count: json's parser stops at its recursion limit (RecursionError)
    after a few thousand levels, having built only those."""
    values = sum(data.count(ch) for ch in (b":", b",", b"[", b"{"))
    if values > MANIFEST_VALUES.value:
        raise BadManifest(f"it has more than {MANIFEST_VALUES} (the '{MANIFEST_VALUES.name}' limit)")


def _entry_shape(entry: object) -> bool:
    """Whether a manifest entry has the shape leaflet writes (anything else is dropped)."""
    return (isinstance(entry, dict) and set(entry) == {"config", "inputs", "sha256", "bytes"}
            and isinstance(entry["config"], dict) and isinstance(entry["inputs"], dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in entry["inputs"].items())
            and isinstance(entry["sha256"], str) and isinstance(entry["bytes"], int))


def read_manifest(out: Path) -> tuple[dict, str | None]:
    """The manifest's entries of the right shape, and what was wrong with it if it could not be
    used as it was (None: nothing). A missing manifest is not a problem; a damaged one means
    "build again"."""
    try:
        data = read_limited(out / MANIFEST, MANIFEST_BYTES, "it")
    except FileProblem as exc:
        return {}, None if str(exc) == "it does not exist" else str(exc)
    try:
        _check_manifest_size(data)
        parsed = json.loads(data.decode("utf-8"))
        outputs = parsed.get("outputs") if isinstance(parsed, dict) else None
        if not isinstance(outputs, dict):
            raise BadManifest("it has no 'outputs'")
    except BadManifest as exc:
        return {}, str(exc)
    except RecursionError:
        return {}, "it is nested too deeply to be a manifest leaflet wrote"
    except ValueError as exc:  # not JSON, or not UTF-8
        return {}, f"it is not a manifest leaflet wrote ({printable(str(exc))[:120]})"
    kept = {key: entry for key, entry in outputs.items() if _entry_shape(entry)}
    dropped = len(outputs) - len(kept)
    return kept, f"{plural(dropped, 'entry', 'entries')} of the wrong shape" if dropped else None


def write_manifest(out: Path, manifest: dict, keys: set[str]) -> str | None:
    """Write the manifest, within its own limit: past it, only this run's leaflets (``keys``) are
    kept; if even they do not fit, nothing is written. What was left out, if anything."""
    def body(entries: dict) -> bytes:
        return (json.dumps({"version": 1, "outputs": dict(sorted(entries.items()))}, indent=2, sort_keys=True)
                + "\n").encode("utf-8")

    data = body(manifest)
    note = None
    if len(data) > MANIFEST_BYTES.value:
        data = body({k: v for k, v in manifest.items() if k in keys})
        note = "it would have been over its limit, so it keeps only this run's leaflets"
    if len(data) > MANIFEST_BYTES.value:
        return (f"it was not written: this run's leaflets alone need more than {MANIFEST_BYTES} (the "
                f"'{MANIFEST_BYTES.name}' limit); the next run builds them all again")
    write_atomic(data, out / MANIFEST)
    return note


def up_to_date(job: Job, entry: object) -> bool:
    """Whether the manifest's entry shows the PDF built from exactly these inputs. The manifest
    may have been edited or damaged: an entry of the wrong shape, or one naming other files than
    this leaflet is made of, only means "build it again"."""
    if not isinstance(entry, dict) or entry.get("config") != _config(job):
        return False
    inputs = entry.get("inputs")
    if not isinstance(inputs, dict) or not inputs or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in inputs.items()):
        return False
    if str(job.content) not in inputs or (job.brand and str(job.brand) not in inputs):
        return False
    if not isinstance(entry.get("sha256"), str) or file_hash(job.output) != entry["sha256"]:
        return False  # the PDF was removed or changed by hand
    return all(file_hash(path) == digest for path, digest in inputs.items())


@dataclass
class Summary:
    results: list[Result]
    seconds: float
    notes: list[str] = field(default_factory=list)  # warnings about the batch itself (its manifest)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> list[Result]:
        return [r for r in self.results if r.status == "failed"]

    def text(self, out: Path) -> str:
        lines = [f"{plural(len(self.results), 'leaflet')}: {self.count('built')} built, {self.count('skipped')} "
                 f"skipped (unchanged), {self.count('failed')} failed, in {self.seconds:.1f} s"]
        lines += [f"warning: {printable(note)}" for note in self.notes]
        by_message: dict[str, list[str]] = {}
        for r in self.failed:
            by_message.setdefault(r.message, []).append(printable(str(out / r.key)))
        for message, outputs in by_message.items():
            lines.append(f"FAILED {', '.join(outputs)}:")
            lines += ["    " + line for line in message.splitlines()]
        warnings = list(dict.fromkeys(w for r in self.results for w in r.warnings))
        if warnings:
            warned = plural(sum(bool(r.warnings) for r in self.results), "leaflet")
            lines.append(f"warnings ({warned} built with warnings; `leaflet check` explains them):")
            lines += ["    " + line for w in warnings for line in w.splitlines()]
        return "\n".join(lines)


class Progress:
    """A one-line bar on a terminal; otherwise one plain line per leaflet."""

    def __init__(self, total: int, stream=None, tty: bool | None = None):
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.counts = {"built": 0, "skipped": 0, "failed": 0}

    def __call__(self, result: Result, out: Path) -> None:
        self.done += 1
        self.counts[result.status] += 1
        if not self.tty:
            print(f"{result.status} {printable(str(out / result.key))}", file=self.stream, flush=True)
            return
        width = 30
        filled = width * self.done // max(self.total, 1)
        c = self.counts
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}  built {c['built']}"
              f"  skipped {c['skipped']}  failed {c['failed']}", end="", file=self.stream, flush=True)
        if self.done == self.total:
            print(file=self.stream, flush=True)


def _worker_start() -> None:
    """A worker makes and drops millions of small objects a leaflet (ReportLab's fragments, lines
    and table cells); at Python's default the collector walks the young ones every 700 more made
    than dropped, a twentieth of a leaflet. Every 10,000 still collects cyclic garbage as it comes
    (a worker's memory over 2,400 leaflets: 63 MB, against 60 MB) for about 9% more leaflets a
    second. Only leaflet's own worker processes are tuned, never the program that imports it."""
    gc.set_threshold(10_000, 10, 10)


def _context():
    methods = multiprocessing.get_all_start_methods()
    # fork: workers start at once and inherit the fonts and brands the parent already loaded
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def run(jobs: list[Job], out: Path = Path("output"), workers: int | None = None, force: bool = False,
        progress: Callable[[Result, Path], None] | None = None, scheduler: str | None = None,
        scheduler_seconds: int | None = None) -> Summary:
    """Build ``jobs`` (skipping unchanged ones unless ``force``), write the manifest, and summarise.
    With ``scheduler`` (a Dask scheduler's address) the leaflets are built on that cluster
    (cluster.py) and written here; it has ``scheduler_seconds`` to answer (SCHEDULER_SECONDS by default)."""
    start = time.perf_counter()
    out = Path(out)
    check_outputs([out / MANIFEST], list(dict.fromkeys(str(p) for j in jobs for p in (j.content, j.brand) if p)))
    manifest, damage = read_manifest(out)
    notes = [f"{out / MANIFEST} could not be used as it was: {damage}; the leaflets it named are built "
             "again"] if damage else []
    results: dict[str, Result] = {}
    todo: list[Job] = []
    for job in jobs:
        if not force and up_to_date(job, manifest.get(job.key)):
            results[job.key] = Result(job.key, "skipped", sha256=manifest[job.key]["sha256"])
            if progress:
                progress(results[job.key], out)
        else:
            todo.append(job)
    workers = max(1, min(workers or default_jobs(), len(todo) or 1))

    def record(job: Job, result: Result) -> None:
        results[job.key] = result
        if result.status == "built":
            manifest[job.key] = {"config": _config(job), "inputs": result.inputs,
                                 "sha256": result.sha256, "bytes": result.size}
        else:
            manifest.pop(job.key, None)  # try again next time
        if progress:
            progress(result, out)

    if scheduler and todo:
        from . import cluster
        cluster.run(todo, scheduler, lambda job, result: record(job, store(job, result)), scheduler_seconds)
    elif workers == 1:
        for job, result in built(todo):
            record(job, result)
    elif todo:
        gc.freeze()  # forked workers share the parent's objects; a collection there would copy every page
        try:
            _run_pool(todo, workers, record)
        finally:
            gc.unfreeze()
    if todo or damage:
        left_out = write_manifest(out, manifest, {job.key for job in jobs})
        if left_out:
            notes.append(f"{out / MANIFEST}: {left_out}")
    ordered = [results[job.key] for job in jobs]
    return Summary(ordered, time.perf_counter() - start, notes)


def built(jobs: list[Job]) -> Iterator[tuple[Job, Result]]:
    """Each job built, then written and hashed by a thread while the next one builds (writing a
    PDF waits for the disk to have it: a third of a millisecond, idle otherwise), in order."""
    with ThreadPoolExecutor(max_workers=1) as writer:
        waiting: deque[tuple[Job, Future]] = deque()
        for job in jobs:
            waiting.append((job, writer.submit(store, job, build_job(job))))
            while waiting and waiting[0][1].done():
                done, stored = waiting.popleft()
                yield done, stored.result()
        for job, stored in waiting:
            yield job, stored.result()


def build_jobs(jobs: list[Job]) -> list[Result]:
    return [result for _, result in built(jobs)]


BRAND_TASKS = 4  # brands per worker from which each brand's leaflets all go to one worker


def _run_pool(todo: list[Job], workers: int, record: Callable[[Job, Result], None]) -> None:
    # The formats of one content and brand go to one worker: it parses them and runs the lint once.
    # With brands enough to keep every worker busy, all of a brand's leaflets go to one worker:
    # each brand is then loaded, and its booking link encoded, by one worker instead of each.
    by_brand = len({job.brand for job in todo}) >= BRAND_TASKS * workers
    groups: dict[object, list[Job]] = {}
    for job in todo:
        groups.setdefault(job.brand if by_brand else (job.brand, job.content), []).append(job)
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_worker_start) as pool:
        futures = {pool.submit(build_jobs, group): group for group in groups.values()}
        for future in as_completed(futures):
            try:
                results = future.result()
            except BrokenProcessPool:
                results = [Result(job.key, "failed", "a worker process stopped unexpectedly (out of memory?)\n"
                                  "    Run again, with fewer --jobs.") for job in futures[future]]
            except Exception as exc:  # a result that could not come back from the worker
                results = [Result(job.key, "failed", internal_error(exc)) for job in futures[future]]
            for job, result in zip(futures[future], results, strict=False):
                record(job, result)
