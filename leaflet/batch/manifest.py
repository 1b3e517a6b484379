"""The batch's manifest (``<out>/manifest.json``): what each PDF was built from, so an unchanged
leaflet is skipped on the next run, and which leaflets were refused when last tried. Read as
hostile input (it may be edited or damaged), written within its own limit.

``outputs`` names only PDFs built by leaflet from the inputs it records: a leaflet refused is taken
out of it and put under ``failed``, with why, and whether an older PDF from an earlier run is still
at its output (left there, never deleted: it is the user's file, but it is not current).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from ..errors import printable
from ..limits import MANIFEST_BYTES, MANIFEST_VALUES
from ..load.files import FileProblem, read_limited
from ..message_numbers import plural
from ..output import write_atomic
from .cache import file_hash
from .plan import Job

MANIFEST = "manifest.json"
FAILED_MESSAGE_CHARS = 2_000  # a refusal's words in the manifest, enough for its findings; the summary prints them all


def versions() -> str:
    """What else decides the bytes: leaflet's and ReportLab's versions."""
    import reportlab

    from .. import __version__

    return f"leaflet {__version__}, reportlab {reportlab.Version}"


def config(job: Job) -> dict:
    """How the manifest records what a job was asked for (a release build is recorded as one, so a
    leaflet built without --release is checked again with it)."""
    return {
        "content": str(job.content),
        "brand": str(job.brand) if job.brand else None,
        "options": dataclasses.asdict(job.options),
        "engine": versions(),
        **({"consent": True} if job.consent else {}),
        **({"release": True} if job.release else {}),
    }


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
    return (
        isinstance(entry, dict)
        and set(entry) == {"config", "inputs", "sha256", "bytes"}
        and isinstance(entry["config"], dict)
        and isinstance(entry["inputs"], dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in entry["inputs"].items())
        and isinstance(entry["sha256"], str)
        and isinstance(entry["bytes"], int)
    )


def _failed_shape(entry: object) -> bool:
    """Whether a ``failed`` entry has the shape leaflet writes."""
    return (
        isinstance(entry, dict)
        and set(entry) == {"message", "older_pdf_on_disk"}
        and isinstance(entry["message"], str)
        and isinstance(entry["older_pdf_on_disk"], bool)
    )


def failure(message: str, older_pdf_on_disk: bool) -> dict:
    """How the manifest records a leaflet refused: why (its first lines), and whether the PDF at
    its output is an older one, not built by the run that refused it."""
    return {"message": message[:FAILED_MESSAGE_CHARS], "older_pdf_on_disk": older_pdf_on_disk}


def read_manifest(out: Path) -> tuple[dict, dict, str | None]:
    """The manifest's ``outputs`` and ``failed`` entries of the right shape, and what was wrong
    with it if it could not be used as it was (None: nothing). A missing manifest is not a
    problem; a damaged one means "build again"."""
    try:
        data = read_limited(out / MANIFEST, MANIFEST_BYTES, "it")
    except FileProblem as exc:
        return {}, {}, None if str(exc) == "it does not exist" else str(exc)
    try:
        _check_manifest_size(data)
        parsed = json.loads(data.decode("utf-8"))
        outputs = parsed.get("outputs") if isinstance(parsed, dict) else None
        if not isinstance(outputs, dict):
            raise BadManifest("it has no 'outputs'")
        failed = parsed.get("failed", {})
        if not isinstance(failed, dict):
            raise BadManifest("its 'failed' is not a table of leaflets")
    except BadManifest as exc:
        return {}, {}, str(exc)
    except RecursionError:
        return {}, {}, "it is nested too deeply to be a manifest leaflet wrote"
    except ValueError as exc:  # not JSON, or not UTF-8
        return {}, {}, f"it is not a manifest leaflet wrote ({printable(str(exc))[:120]})"
    kept = {key: entry for key, entry in outputs.items() if _entry_shape(entry)}
    refused = {key: entry for key, entry in failed.items() if _failed_shape(entry) and key not in kept}
    dropped = len(outputs) + len(failed) - len(kept) - len(refused)
    return kept, refused, f"{plural(dropped, 'entry', 'entries')} of the wrong shape" if dropped else None


def write_manifest(out: Path, manifest: dict, keys: set[str], failed: dict | None = None) -> str | None:
    """Write the manifest (``failed``: the leaflets refused, see ``failure``), within its own
    limit: past it, only this run's leaflets (``keys``) are kept; if even they do not fit, nothing
    is written. What was left out, if anything."""
    failed = failed or {}

    def body(entries: dict, refused: dict) -> bytes:
        doc = {"version": 1, "outputs": dict(sorted(entries.items()))}
        if refused:
            doc["failed"] = dict(sorted(refused.items()))
        return (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode("utf-8")

    data = body(manifest, failed)
    note = None
    if len(data) > MANIFEST_BYTES.value:
        data = body({k: v for k, v in manifest.items() if k in keys}, {k: v for k, v in failed.items() if k in keys})
        note = "it would have been over its limit, so it keeps only this run's leaflets"
    if len(data) > MANIFEST_BYTES.value:
        return (
            f"it was not written: this run's leaflets alone need more than {MANIFEST_BYTES} (the "
            f"'{MANIFEST_BYTES.name}' limit); the next run builds them all again"
        )
    write_atomic(data, out / MANIFEST)
    return note


def up_to_date(job: Job, entry: object) -> bool:
    """Whether the manifest's entry shows the PDF built from exactly these inputs. The manifest
    may have been edited or damaged: an entry of the wrong shape, or one naming other files than
    this leaflet is made of, only means "build it again"."""
    if not isinstance(entry, dict) or entry.get("config") != config(job):
        return False
    inputs = entry.get("inputs")
    if (
        not isinstance(inputs, dict)
        or not inputs
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in inputs.items())
    ):
        return False
    if str(job.content) not in inputs or (job.brand and str(job.brand) not in inputs):
        return False
    if not isinstance(entry.get("sha256"), str) or file_hash(job.output) != entry["sha256"]:
        return False  # the PDF was removed or changed by hand
    return all(file_hash(path) == digest for path, digest in inputs.items())
