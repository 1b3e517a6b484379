"""`leaflet batch --scheduler ADDRESS`: a batch's leaflets built on a Dask distributed cluster.

A leaflet is a pure function of its input bytes. The command reads every input of a leaflet (the
content, the source a translation names, the brand file, its logo, its own fonts, the CMYK
profile), as a local batch reads them,
and sends the bytes; a worker writes them into a private folder, builds there exactly as a local
batch does (the same rules, the same limits) and sends back the PDF's bytes. The command checks
what comes back, and writes the PDFs and the manifest where it runs: a worker never chooses a path.

The same inputs give the same bytes on any machine with the same software: each answer carries the
worker's versions of everything that shapes a PDF and the hashes of the fonts shipped with leaflet,
and an answer from a worker that differs from this machine is refused, not written.

What a scheduler or a worker could do, and what the command does about it, is in docs/safety.md:
the command reads answers as plain data only (msgpack, never pickle), checks their shape, and
escapes the text it prints from them.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import posixpath
import re
import shutil
import tempfile
import threading
import zlib
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path, PurePosixPath

from ..errors import LeafletError, Problem, UsageError, printable
from ..layout.options import LayoutOptions
from ..limits import BATCH_SECONDS, CLUSTER_PDF_BYTES, FILE_BYTES, FONT_BYTES, LOGO_BYTES, SCHEDULER_SECONDS
from ..load.files import FileProblem, read_limited
from . import cache
from .build import Result, build_job, internal_error
from .plan import Job

MESSAGE_CHARS = 20_000  # of a message or warning from a worker, kept and printed
_ADDRESS = re.compile(r"^(?:(tcp|tls)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$")
INSTALL_HINT = "Install the cluster extra on this machine and on every worker: pip install 'patient-leaflet[cluster]'."


def scheduler_address(text: str) -> str:
    """A scheduler's address as the operator gave it: tcp://host:port or tls://host:port (tcp when
    no scheme is given). Anything else raises ValueError, saying how to write it."""
    match = _ADDRESS.match(text.strip())
    if not match or not 0 < int(match.group(3)) < 65536:
        raise ValueError(
            f"'{printable(text)}' is not a Dask scheduler address: give it as tcp://HOST:PORT "
            "(or tls://HOST:PORT, with certificates), for example tcp://10.0.0.5:8786"
        )
    return f"{match.group(1) or 'tcp'}://{match.group(2)}:{match.group(3)}"


def fingerprint() -> str:
    """Everything besides the inputs that shapes a PDF's bytes: the versions of leaflet, ReportLab,
    Pillow (logos), Babel (money and dates), svglib (SVG logos) and zlib (compression)."""
    from importlib.metadata import version

    import reportlab

    from .. import __version__

    parts = [f"leaflet {__version__}", f"reportlab {reportlab.Version}"]
    for name in ("pillow", "babel", "svglib"):
        try:
            parts.append(f"{name} {version(name)}")
        except Exception:  # not installed as a distribution: say so rather than guess
            parts.append(f"{name} ?")
    parts.append(f"zlib {zlib.ZLIB_RUNTIME_VERSION}")
    return ", ".join(parts)


# ---------------------------------------------------------------- on this machine: what is sent


def shipped_fonts() -> dict[str, str]:
    """sha256 of every font file shipped with leaflet (each script's family included), hashed once
    per process, so a worker can say whether its copies are the same as this machine's."""
    from ..load.assets import shipped_families

    return {
        f"{folder.name}/{path.name}": cache.file_hash(path)
        for folder in shipped_families().values()
        for path in sorted(folder.iterdir())
        if path.suffix.lower() in (".ttf", ".otf")
    }


def _relative(name: str) -> str | None:
    """A path written in a brand file, as a plain relative path, or None if it is not one."""
    parts = PurePosixPath(str(name).replace("\\", "/")).parts
    if not parts or parts[0] == "/" or any(p in ("..", "") for p in parts) or ":" in parts[0]:
        return None
    return "/".join(p for p in parts if p != ".") or None


def content_bundle(path: Path) -> dict:
    """The content file and, for a translation, the source it names (``translation_of``, which the
    lint reads: LF703, LF704), as bytes under the name it is written by. The content was loaded on
    this machine first. A source that is missing here, or outside the folder, is not sent: the
    worker then refuses it with this machine's words (LF706)."""
    from ..load import translation_source

    files: dict[str, bytes] = {}
    leaflet = cache.load_leaflet(path)
    name = _relative(posixpath.normpath(str(leaflet.translation_of or "").replace("\\", "/")))
    try:
        source = translation_source(leaflet, path)
        if source is not None and name:
            files[name] = read_limited(source, FILE_BYTES)
    except FileProblem:
        pass
    return {"name": path.name, "display": str(path), "data": read_limited(path, FILE_BYTES), "files": files}


def brand_bundle(path: Path) -> dict:
    """The brand file and the files it names in its own folder (logo, font folders), as bytes.
    The brand was loaded (and so checked) on this machine first: the names are inside its folder."""
    import yaml

    from ..load.assets import _squash, shipped_families

    data = read_limited(path, FILE_BYTES)
    written = yaml.safe_load(data) or {}
    base = path.resolve().parent
    files: dict[str, bytes] = {}
    logo = _relative(written.get("logo") or "") if isinstance(written, dict) else None
    if logo:
        files[logo] = read_limited(base / logo, LOGO_BYTES)
    fonts = written.get("fonts") if isinstance(written, dict) else None
    for role in ("body", "headings"):
        name = fonts.get(role) if isinstance(fonts, dict) else None
        if not isinstance(name, str):
            continue
        folder = _relative(name)
        if _squash(name) in shipped_families() or not folder or not (base / folder).is_dir():
            continue
        for font in sorted((base / folder).iterdir()):
            if font.suffix.lower() in (".ttf", ".otf") and font.is_file():
                files[f"{folder}/{font.name}"] = read_limited(font, FONT_BYTES)
    return {"name": path.name, "display": str(path), "data": data, "files": files}


def _profile_bundle(options) -> bytes | None:
    """The CMYK profile this machine would use (the print shop's, or the system's), as bytes."""
    if not (options.cmyk or options.pdfx):
        return None
    from ..load.profile import load_profile

    return load_profile(options.icc_profile).data


# ---------------------------------------------------------------- on a worker: build from bytes

_WORK = threading.Lock()  # ReportLab and leaflet's stores are per process: one build at a time
_folder: list[Path] = []


def _private_folder() -> Path:
    if not _folder:
        folder = Path(tempfile.mkdtemp(prefix="leaflet-worker-"))
        atexit.register(shutil.rmtree, folder, True)
        _folder.append(folder)
    return _folder[0]


def _materialise(bundle: dict, files: dict[str, bytes]) -> Path:
    """The bundle's files in a folder of their own (named by their hash, so sent twice, written
    once); the path of its main file."""
    digest = hashlib.sha256(bundle["data"])
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    folder = _private_folder() / digest.hexdigest()[:32]
    main = folder / bundle["name"]
    if not main.exists():
        scratch = Path(tempfile.mkdtemp(dir=_private_folder()))
        for name, data in {bundle["name"]: bundle["data"], **files}.items():
            relative = _relative(name)
            if relative is None:
                raise FileProblem(
                    f"the batch sent a file name that is not a plain relative path ('{name}')",
                    "This is a bug in leaflet, not in your files; please report it.",
                )
            target = scratch / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        try:
            scratch.rename(folder)
        except OSError:  # another thread or task got there first with the same files
            shutil.rmtree(scratch, ignore_errors=True)
    return main


def _fonts_differ(expected: dict[str, str]) -> str | None:
    """The first shipped font file whose copy here is not the command's (None: all the same)."""
    here = shipped_fonts()
    return next((name for name, digest in expected.items() if here.get(name) != digest), None)


def build_group(
    content: dict, brand: dict | None, jobs: list[dict], profile: bytes | None, expected: str, fonts: dict[str, str]
) -> dict:
    """On a worker: build the leaflets of one content and brand. Never raises: every failure is an
    answer (an exception would travel back pickled, which the command does not read). Only plain
    data goes back (bytes, text, numbers), so the command reads it as msgpack."""
    found = fingerprint()
    if found != expected:
        return {"fingerprint": found, "results": []}
    try:
        differs = _fonts_differ(fonts)
        if differs:
            return {"fingerprint": found, "fonts_differ": differs, "results": []}
        with _WORK:
            return {"fingerprint": found, "results": _build_all(content, brand, jobs, profile)}
    except Exception as exc:  # a bug in leaflet, or a worker that cannot write its files
        message = (
            f"leaflet: the worker could not build it: {type(exc).__name__}: {exc}\n"
            "    Check the worker's disk and its leaflet; run the batch again."
        )
        return {
            "fingerprint": found,
            "results": [
                {
                    "key": j["key"],
                    "status": "failed",
                    "message": message,
                    "warnings": [],
                    "layout_warnings": [],
                    "pdf": b"",
                    "seconds": 0.0,
                }
                for j in jobs
            ],
        }


def _build_all(content: dict, brand: dict | None, jobs: list[dict], profile: bytes | None) -> list[dict]:
    content_path = _materialise(content, content["files"])
    brand_path = _materialise(brand, brand["files"]) if brand else None
    profile_path = _materialise({"name": "profile.icc", "data": profile}, {}) if profile else None
    displays = (content["display"], brand["display"] if brand else None)
    results = []
    for spec in jobs:
        options = LayoutOptions(**{**spec["options"], "icc_profile": str(profile_path) if profile_path else None})
        result = build_job(
            Job(
                content_path,
                brand_path,
                options,
                Path(os.devnull),
                spec["key"],
                consent=spec.get("consent") is True,
                release=spec.get("release") is True,
            ),
            displays,
        )
        results.append(
            {
                "key": result.key,
                "status": result.status,
                "message": result.message,
                "warnings": result.warnings,
                "layout_warnings": result.layout_warnings,
                "pdf": result.pdf or b"",
                "seconds": result.seconds,
            }
        )
    return results


# ---------------------------------------------------------------- back on this machine: checked answers


def _text(value, what: str) -> str:
    """Text from a worker, to print: its lines kept, anything a terminal would act on escaped."""
    if not isinstance(value, str):
        raise ValueError(f"its {what} is not text")
    return "\n".join(printable(line) for line in value[:MESSAGE_CHARS].split("\n"))


def _texts(value, what: str) -> list[str]:
    """A list of text from a worker (at most 10,000), each to print."""
    if not isinstance(value, (list, tuple)) or len(value) > 10_000:  # msgpack: tuples
        raise ValueError(f"its {what}s are not a list of text")
    return [_text(v, what) for v in value]


def checked(answer, jobs: list, local: str) -> list:
    """The answer for ``jobs`` as Results, every part checked: the worker may be anything."""

    def failed(message: str) -> list:
        return [Result(job.key, "failed", message) for job in jobs]

    if not isinstance(answer, dict) or not isinstance(answer.get("results"), (list, tuple)):  # msgpack: tuples
        return failed("the cluster sent back something that is not an answer from leaflet; nothing was written")
    if answer.get("fingerprint") != local:
        return failed(
            f"a worker runs other software than this machine ({_text(str(answer.get('fingerprint')), 'versions')}; "
            f"here: {local}), so its PDFs would differ from a local batch; nothing was written for it\n"
            "    Install the same versions on every worker (pip install the same patient-leaflet)."
        )
    if answer.get("fonts_differ"):
        return failed(
            f"a worker's copy of the font file '{_text(str(answer['fonts_differ']), 'font')}' shipped with "
            "leaflet differs from this machine's; nothing was written for it\n"
            "    Install the same patient-leaflet on every worker."
        )
    items = answer["results"]
    if len(items) != len(jobs):
        return failed("the cluster sent back a different number of leaflets than it was asked for; nothing was written")
    out = []
    for job, item in zip(jobs, items, strict=False):
        try:
            if not isinstance(item, dict) or item.get("key") != job.key:
                raise ValueError("it is for another leaflet")
            status = item.get("status")
            message = _text(item.get("message", ""), "message")
            warnings, layout_warnings = (_texts(item.get(name), "warning") for name in ("warnings", "layout_warnings"))
            seconds = item.get("seconds")
            seconds = float(seconds) if isinstance(seconds, (int, float)) else 0.0
            if status == "failed":
                out.append(Result(job.key, "failed", message, seconds=seconds, warnings=warnings))
                continue
            pdf = item.get("pdf")
            if status != "built" or not isinstance(pdf, bytes):
                raise ValueError("it is neither a PDF nor a failure")
            if len(pdf) > CLUSTER_PDF_BYTES.value:
                raise ValueError(f"its PDF is larger than {CLUSTER_PDF_BYTES} (the '{CLUSTER_PDF_BYTES.name}' limit)")
            if not pdf.startswith(b"%PDF-1.") or not pdf.rstrip().endswith(b"%%EOF"):
                raise ValueError("what came back is not a PDF")
            out.append(
                Result(job.key, "built", seconds=seconds, warnings=warnings, layout_warnings=layout_warnings, pdf=pdf)
            )
        except ValueError as exc:
            out.append(
                Result(
                    job.key,
                    "failed",
                    f"the cluster's answer for this leaflet was refused: {exc}; nothing was written for it",
                )
            )
    return out


def _connect(client_class, address: str, seconds: int):
    """A client of the scheduler at ``address``, connected and past its handshake within ``seconds``.

    Dask's own timeout covers reaching the address, not a peer that accepts and then says nothing
    (its handshake waits for ever): the connection is made in a thread that is given up on after
    ``seconds``. A peer that answers with something Dask cannot read (an HTTP server, garbage) is
    named as not being a scheduler."""
    outcome: dict = {}

    def connect() -> None:
        try:
            outcome["client"] = client_class(
                address, timeout=seconds, set_as_default=False, deserializers=["msgpack"]
            )  # plain data only: nothing is unpickled
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread, which words it
            outcome["error"] = exc

    thread = threading.Thread(target=connect, name="leaflet-scheduler-connect", daemon=True)
    thread.start()
    thread.join(seconds + 1)  # Dask's own timeout, if it fires, comes first
    hint = (
        "Check the address: it is the scheduler's own port (8786 unless it was started with another), "
        "not its dashboard's or another program's. Start one with `dask scheduler` (see docs/batch-and-cluster.md)."
    )
    if thread.is_alive():
        raise LeafletError(
            Problem(
                f"no answer from a Dask scheduler at {printable(address)} within {seconds} s (the "
                f"'{SCHEDULER_SECONDS.name}' limit; --scheduler-timeout sets it): something accepted the "
                "connection but did not answer as a scheduler does",
                hint=hint,
            )
        )
    error = outcome.get("error")
    if isinstance(error, (OSError, TimeoutError)):
        raise LeafletError(
            Problem(
                f"cannot reach the Dask scheduler at {printable(address)}: "
                f"{printable(str(error) or type(error).__name__)[:300]}",
                hint="Start one with `dask scheduler` (see docs/batch-and-cluster.md), "
                "or check the address and that workers are running.",
            )
        )
    if error is not None:
        raise LeafletError(
            Problem(
                f"what answered at {printable(address)} is not a Dask scheduler (what it "
                f"sent could not be read: {type(error).__name__})",
                hint=hint,
            )
        )
    return outcome["client"]


def run(todo: list, address: str, record: Callable, seconds: int | None = None) -> None:
    """Send ``todo`` (batch Jobs, grouped by content and brand) to the cluster; ``record(job,
    result)`` each as it comes back (the batch writes it). The scheduler has ``seconds``
    (SCHEDULER_SECONDS by default) to answer; no answer for BATCH_SECONDS fails what is still out."""
    try:
        from distributed import Client, wait
    except ImportError:
        raise LeafletError(
            Problem("`--scheduler` needs Dask's distributed package, which is not installed", hint=INSTALL_HINT)
        ) from None
    try:
        address = scheduler_address(address)
    except ValueError as exc:
        raise UsageError(Problem(str(exc))) from None
    local = fingerprint()
    seconds = seconds or SCHEDULER_SECONDS.value
    client = _connect(Client, address, seconds)
    try:
        try:
            client.wait_for_workers(1, timeout=seconds)
        except Exception:  # TimeoutError, or a scheduler that answers nonsense
            raise LeafletError(
                Problem(
                    f"the Dask scheduler at {printable(address)} has no workers",
                    hint="Start some with `dask worker ADDRESS --nthreads 1` on each machine "
                    "(see docs/batch-and-cluster.md).",
                )
            ) from None
        groups: dict[tuple, list] = {}
        for job in todo:
            groups.setdefault((job.brand, job.content), []).append(job)
        sent: dict[str, object] = {}  # each file's bytes go to the cluster once

        def send(bundle):  # in a list: scatter sends a dict's values one by one; bounded, as every wait here
            return client.scatter([bundle], hash=False, timeout=BATCH_SECONDS.value)[0]

        futures = {}
        for (brand, content), jobs in groups.items():
            try:  # loaded here first: a file that does not load fails as it does in a local batch
                if brand is not None:
                    cache.load_brand(brand)
                cache.load_leaflet(content)
                if f"c:{content}" not in sent:
                    sent[f"c:{content}"] = send(content_bundle(content))
                if brand is not None and f"b:{brand}" not in sent:
                    sent[f"b:{brand}"] = send(brand_bundle(brand))
                profile = _profile_bundle(jobs[0].options)
                if profile is not None and "profile" not in sent:
                    sent["profile"] = send(profile)
                fonts = shipped_fonts()
            except (LeafletError, FileProblem) as exc:
                for job in jobs:
                    record(job, Result(job.key, "failed", str(exc)))
                continue
            except (OSError, TimeoutError) as exc:  # the cluster lost its workers while the bytes went out
                for job in jobs:
                    record(
                        job,
                        Result(
                            job.key,
                            "failed",
                            f"the cluster could not take it ({printable(str(exc))[:200]}); "
                            "nothing was written for it\n    Run the batch again.",
                        ),
                    )
                continue
            except Exception as exc:  # a bug in leaflet: these leaflets' failure, never the batch's
                for job in jobs:
                    record(job, Result(job.key, "failed", internal_error(exc)))
                continue
            specs = [
                {
                    "key": job.key,
                    "options": {**asdict(job.options), "icc_profile": None},
                    **({"consent": True} if job.consent else {}),
                    **({"release": True} if job.release else {}),
                }
                for job in jobs
            ]
            future = client.submit(
                build_group,
                sent[f"c:{content}"],
                sent.get(f"b:{brand}"),
                specs,
                sent["profile"] if profile is not None else None,
                local,
                fonts,
                pure=False,
            )
            futures[future] = jobs
        pending = set(futures)
        while pending:
            try:
                with client.as_current():  # this client, not a process-wide default one
                    done, pending = wait(pending, timeout=BATCH_SECONDS.value, return_when="FIRST_COMPLETED")
                stuck = "" if done else "nothing came back"
            except Exception as exc:  # the time limit passed (TimeoutError), or the scheduler cancelled them
                done, stuck = set(), printable(str(exc) or type(exc).__name__)[:200]
            if not done:  # the cluster is stuck or gone: what is still out fails, the rest is kept
                for future in pending:
                    future.cancel()
                    for job in futures[future]:
                        record(
                            job,
                            Result(
                                job.key,
                                "failed",
                                f"no answer from the cluster within {BATCH_SECONDS} (the "
                                f"'{BATCH_SECONDS.name}' limit: {stuck}); nothing was written for it\n"
                                "    Check that the scheduler has workers (the dashboard lists them), "
                                "then run the batch again.",
                            ),
                        )
                break
            for future in done:
                jobs = futures[future]
                try:
                    results = checked(future.result(), jobs, local)
                except Exception as exc:  # a worker that died, or an answer that could not be read
                    why = printable(f"{type(exc).__name__}: {exc}"[:500])
                    results = [
                        Result(
                            job.key,
                            "failed",
                            f"the cluster did not build it ({why}); nothing "
                            "was written for it\n    Run the batch again.",
                        )
                        for job in jobs
                    ]
                for job, result in zip(jobs, results, strict=False):
                    record(job, result)
    finally:
        client.close(timeout=seconds)
