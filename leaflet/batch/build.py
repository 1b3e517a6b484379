"""One leaflet of a batch built, within its time limit, and written where the batch puts it.

Every batch builds through here, in this process, in a pool's workers or on a cluster's worker
(batch/cluster.py), and through the one pipeline (pipeline.Pipeline), with the batch's caches."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import signal
import threading
import time
from dataclasses import dataclass, field

from ..errors import LeafletError, printable
from ..limits import BATCH_SECONDS, HINT
from ..output import check_outputs, write_atomic
from . import cache
from .plan import Job


@dataclass
class Result:
    key: str
    status: str  # "built", "skipped" or "failed"
    message: str = ""
    sha256: str = ""
    size: int = 0
    inputs: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)  # the rules' (the same for every format)
    layout_warnings: list[str] = field(default_factory=list)  # what this format's page breaks could not avoid (LF6xx)
    pdf: bytes | None = None  # built, not yet written: never in the manifest
    older_pdf_on_disk: bool = False  # failed, and a PDF from an earlier run is still at its output


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
        return Result(
            job.key,
            "failed",
            f"{displays[0] if displays else job.content}: stopped after "
            f"{BATCH_SECONDS} (the '{BATCH_SECONDS.name}' limit); nothing was written for it\n    {HINT}",
            seconds=time.perf_counter() - start,
        )


def pipeline_for(job: Job, displays: tuple[str, str | None] | None = None):
    """The one pipeline, as a batch runs it: the batch's caches, the job's options, and a
    refusal worded for the batch's summary (which says itself that nothing was written)."""
    from ..pipeline import Pipeline

    return Pipeline(
        job.options,
        release=job.release,
        consent=job.consent,
        stop_note=False,
        load_leaflet=cache.load_leaflet,
        load_brand=cache.load_brand,
        checked=lambda leaflet, brand: cache.checked(job.content, job.brand, leaflet, brand, displays),
    )


def _build_job(job: Job, start: float, displays: tuple[str, str | None] | None = None) -> Result:
    content_name, brand_name = displays or (None, None)
    try:
        pipeline = pipeline_for(job, displays)
        leaflet, brand = pipeline.load(job.content, job.brand, (content_name, brand_name))
        warnings: list[str] = []
        built = pipeline.build(
            leaflet,
            brand,
            on_checked=lambda report: warnings.extend(str(f) for f in report.findings if f.severity == "warning"),
        )
        return Result(
            job.key,
            "built",
            seconds=time.perf_counter() - start,
            warnings=warnings,
            layout_warnings=[str(f) for f in built.layout_warnings()],
            pdf=built.pdf,
        )
    except LeafletError as exc:
        return Result(job.key, "failed", str(exc), seconds=time.perf_counter() - start)
    except Exception as exc:  # a bug in leaflet: say so, and keep building the others
        return Result(job.key, "failed", internal_error(exc), seconds=time.perf_counter() - start)


def internal_error(exc: BaseException) -> str:
    return (
        f"leaflet: internal error: {type(exc).__name__}: {printable(str(exc))[:500]}\n"
        "    This is a bug in leaflet, not in your files. Please report it."
    )


def store(job: Job, result: Result) -> Result:
    """Write a built leaflet's PDF where the batch puts it, and record what it was made from (the
    inputs hashed here, where they are, whoever built it)."""
    from .. import DEFAULT_BRAND
    from ..load import input_files

    if result.status != "built" or result.pdf is None:
        return result
    pdf = result.pdf
    try:
        brand = cache.load_brand(job.brand) if job.brand else None
        files = input_files(job.content, job.brand, brand or DEFAULT_BRAND, cache.load_leaflet(job.content))
        check_outputs([job.output], files)
        write_atomic(pdf, job.output)
    except LeafletError as exc:
        return Result(job.key, "failed", str(exc), seconds=result.seconds)
    except Exception as exc:  # a bug in leaflet: this leaflet's failure, never the batch's
        return Result(job.key, "failed", internal_error(exc), seconds=result.seconds)
    inputs = {p: cache.file_hash(p) for p in files}
    return dataclasses.replace(result, sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf), inputs=inputs, pdf=None)
