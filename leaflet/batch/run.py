"""A batch run: the jobs not already up to date built (in this process, a pool of processes, or on a
cluster), written, recorded in the manifest, and summed up, with progress as it goes.

A batch that builds nothing writes nothing: no folder, no manifest (a manifest already there is
brought up to date, so it never vouches for a PDF this run refused). A leaflet refused never
removes the PDF an earlier run left at its output; the summary and the manifest say that file is
not from this run.

Parsed brands, parsed content, font registrations and file hashes are kept per process and reused
across a batch (batch/cache.py); with the ``fork`` start method the workers inherit what the parent
already loaded.
"""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import printable
from ..message_numbers import plural
from ..output import check_outputs
from .build import Result, build_job, internal_error, store
from .manifest import MANIFEST, config, failure, read_manifest, up_to_date, write_manifest
from .plan import Job


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


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
        lines = [
            f"{plural(len(self.results), 'leaflet')}: {self.count('built')} built, {self.count('skipped')} "
            f"skipped (unchanged), {self.count('failed')} failed, in {self.seconds:.1f} s"
        ]
        lines += [f"warning: {printable(note)}" for note in self.notes]
        by_message: dict[str, list[str]] = {}
        for r in self.failed:
            by_message.setdefault(r.message, []).append(printable(str(out / r.key)))
        for message, outputs in by_message.items():
            lines.append(f"FAILED {', '.join(outputs)}:")
            lines += ["    " + line for line in message.splitlines()]
        older = [printable(str(out / r.key)) for r in self.failed if r.older_pdf_on_disk]
        if older:
            one = len(older) == 1
            lines.append(
                f"NOT FROM THIS RUN: {plural(len(older), 'PDF')} left by an earlier run, not rebuilt now; "
                f"do not print or send {'it until it builds' if one else 'them until they build'} again:"
            )
            lines += ["    " + name for name in older]
        warnings = list(dict.fromkeys(w for r in self.results for w in r.warnings))
        by_layout: dict[tuple[str, ...], list[str]] = {}  # the page breaks' findings differ by format
        for r in self.results:
            if r.layout_warnings:
                by_layout.setdefault(tuple(r.layout_warnings), []).append(printable(str(out / r.key)))
        if warnings or by_layout:
            warned = plural(sum(bool(r.warnings or r.layout_warnings) for r in self.results), "leaflet")
            lines.append(f"warnings ({warned} built with warnings; `leaflet check` explains them):")
            lines += ["    " + line for w in warnings for line in w.splitlines()]
            for found, outputs in by_layout.items():
                lines.append(f"    in {', '.join(outputs)}:")
                lines += ["        " + line for w in found for line in w.splitlines()]
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
            older = " (the PDF there is from an earlier run, not this one)" if result.older_pdf_on_disk else ""
            print(f"{result.status} {printable(str(out / result.key))}{older}", file=self.stream, flush=True)
            return
        width = 30
        filled = width * self.done // max(self.total, 1)
        c = self.counts
        print(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}  built {c['built']}"
            f"  skipped {c['skipped']}  failed {c['failed']}",
            end="",
            file=self.stream,
            flush=True,
        )
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


def run(
    jobs: list[Job],
    out: Path = Path("output"),
    workers: int | None = None,
    force: bool = False,
    progress: Callable[[Result, Path], None] | None = None,
    scheduler: str | None = None,
    scheduler_seconds: int | None = None,
) -> Summary:
    """Build ``jobs`` (skipping unchanged ones unless ``force``), write the manifest, and summarise.
    With ``scheduler`` (a Dask scheduler's address) the leaflets are built on that cluster
    (batch/cluster.py) and written here; it has ``scheduler_seconds`` to answer (SCHEDULER_SECONDS by default)."""
    start = time.perf_counter()
    out = Path(out)
    check_outputs([out / MANIFEST], list(dict.fromkeys(str(p) for j in jobs for p in (j.content, j.brand) if p)))
    manifest, failed, damage = read_manifest(out)
    had_manifest = (out / MANIFEST).exists()
    notes = (
        [f"{out / MANIFEST} could not be used as it was: {damage}; the leaflets it named are built again"]
        if damage
        else []
    )
    results: dict[str, Result] = {}
    todo: list[Job] = []
    for job in jobs:
        if not force and up_to_date(job, manifest.get(job.key)):
            failed.pop(job.key, None)
            results[job.key] = Result(job.key, "skipped", sha256=manifest[job.key]["sha256"])
            if progress:
                progress(results[job.key], out)
        else:
            todo.append(job)
    workers = max(1, min(workers or default_jobs(), len(todo) or 1))

    def record(job: Job, result: Result) -> None:
        if result.status == "built":
            failed.pop(job.key, None)
            manifest[job.key] = {
                "config": config(job),
                "inputs": result.inputs,
                "sha256": result.sha256,
                "bytes": result.size,
            }
        else:  # built again next time; what is at its output now is not this run's
            result = dataclasses.replace(result, older_pdf_on_disk=os.path.lexists(job.output))
            manifest.pop(job.key, None)
            failed[job.key] = failure(result.message, result.older_pdf_on_disk)
        results[job.key] = result
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
    built_any = any(r.status == "built" for r in results.values())
    if (todo and (built_any or had_manifest)) or damage:  # nothing built: no folder, no new manifest
        left_out = write_manifest(out, manifest, {job.key for job in jobs}, failed)
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
                results = [
                    Result(
                        job.key,
                        "failed",
                        "a worker process stopped unexpectedly (out of memory?)\n    Run again, with fewer --jobs.",
                    )
                    for job in futures[future]
                ]
            except Exception as exc:  # a result that could not come back from the worker
                results = [Result(job.key, "failed", internal_error(exc)) for job in futures[future]]
            for job, result in zip(futures[future], results, strict=False):
                record(job, result)
