"""Printing for a patient through CUPS, with the options each format needs.

CUPS's own command-line clients (``lpstat``, ``lp``) rather than pycups: they come with every CUPS
install (the ``cups-client`` package), need no C extension built against libcups, honour the same
``CUPS_SERVER`` and ``~/.cups/lpoptions`` settings as every other program on the machine, and a
missing CUPS is simply a missing command. The PDF goes to ``lp`` on its standard input, so nothing is
written to disk, and every call has a time limit.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from ..layout.options import LayoutOptions

TIMEOUT = 15  # seconds: a scheduler that does not answer by then is reported as not there
MAX_COPIES = 50
_ENV = {**os.environ, "LC_ALL": "C", "LANG": "C"}  # lpstat's words, not a translation of them


class PrintError(Exception):
    """CUPS is missing, or refused the job; the message says so in plain words."""


@dataclass(frozen=True)
class Printers:
    available: bool  # a CUPS scheduler answered
    names: tuple[str, ...] = ()
    default: str | None = None
    reason: str = ""  # why printing is not possible, for the page


def _run(args: list[str], data: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, input=data, capture_output=True, timeout=TIMEOUT, env=_ENV, check=False)


def printers() -> Printers:
    """The print queues CUPS offers, or why there are none."""
    if not shutil.which("lpstat") or not shutil.which("lp"):
        return Printers(False, reason="CUPS is not installed on this computer (no lp or lpstat command).")
    try:
        running = _run(["lpstat", "-r"])
        if b"is running" not in running.stdout or b"not running" in running.stdout:
            return Printers(False, reason="The CUPS print service is not running on this computer.")
        names = _run(["lpstat", "-e"]).stdout.decode("utf-8", "replace").split()
        default = re.search(r"destination: (\S+)", _run(["lpstat", "-d"]).stdout.decode("utf-8", "replace"))
    except (OSError, subprocess.TimeoutExpired):
        return Printers(False, reason="The CUPS print service did not answer.")
    if not names:
        return Printers(True, reason="CUPS is running, but no printer has been added to it.")
    return Printers(True, tuple(sorted(names)), default.group(1) if default else None)


def job_options(options: LayoutOptions) -> dict[str, str]:
    """What CUPS needs to print this format right: the paper, and which way the sheet turns over.

    Pages print at their real size (no fit-to-page): a leaflet's 12 pt text must stay 12 pt. The A5
    booklet's sheets and the tri-fold are A4 landscape, turned over on the short edge so the back of
    each sheet is the right way up; A4 and Letter leaflets are printed on both sides, long edge."""
    media = "Letter" if options.format == "letter" else "A4"
    short_edge = options.format in ("a5-booklet", "dl-trifold") and options.impose
    sides = "two-sided-short-edge" if short_edge else "two-sided-long-edge"
    return {"media": media, "sides": sides}


def submit(pdf: bytes, printer: str, copies: int, options: LayoutOptions, title: str) -> str:
    """Send the PDF to ``printer``; the job's id (``queue-42``)."""
    known = printers()
    if not known.available or printer not in known.names:
        raise PrintError(known.reason or f"there is no printer called '{printer}'")
    if not 1 <= copies <= MAX_COPIES:
        raise PrintError(f"copies must be from 1 to {MAX_COPIES}")
    args = ["lp", "-d", printer, "-n", str(copies), "-t", title[:100]]
    for key, value in job_options(options).items():
        args += ["-o", f"{key}={value}"]
    try:
        done = _run(args, pdf)  # no file named: lp reads the PDF from its standard input
    except (OSError, subprocess.TimeoutExpired):
        raise PrintError("the CUPS print service did not take the job in time") from None
    said = (done.stdout + done.stderr).decode("utf-8", "replace").strip()
    match = re.search(r"request id is (\S+)", said)
    if done.returncode != 0 or not match:
        raise PrintError(f"CUPS refused the job: {said or 'no reason given'}")
    return match.group(1)
