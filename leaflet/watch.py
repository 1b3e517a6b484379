"""`leaflet build --watch`: rebuild whenever the content, the brand, its logo or its fonts change.

Polls modification times (no extra dependency, works on every filesystem, including network and
container mounts where inotify events do not arrive). Errors are printed and watching goes on.
``watch(..., max_rebuilds=N, sleep=...)`` returns after N rebuilds, so tests can drive it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .build_command import build_and_write
from .errors import LeafletError, printable
from .layout.options import LayoutOptions
from .message_numbers import plural

POLL = 0.3  # seconds between looks at the files


def _stamp(paths: list[str]) -> dict[str, tuple[int, int] | None]:
    stamps: dict[str, tuple[int, int] | None] = {}
    for path in paths:
        try:
            st = os.stat(path)
            stamps[path] = (st.st_mtime_ns, st.st_size)
        except OSError:
            stamps[path] = None
    return stamps


def watch(
    content: Path,
    brand: Path | None = None,
    options: LayoutOptions = LayoutOptions(),
    output: Path | None = None,
    *,
    preview: bool = False,
    html: bool = False,
    poll: float = POLL,
    max_rebuilds: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
    out=None,
    err=None,
    release: bool = False,
) -> int:
    """Build now, then again after every change, until interrupted (or ``max_rebuilds`` rebuilds).
    ``release``: as `leaflet build --release`, each build refuses a leaflet no clinician has signed off."""
    out, err = out or sys.stdout, err or sys.stderr
    rebuilds = 0

    def say(text: str, stream) -> None:  # every line stamped, so a glance says how fresh it is
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=stream, flush=True)

    def attempt(first: bool) -> list[str]:
        try:
            made = build_and_write(content, brand, options, output, html=html, preview=preview, release=release)
        except LeafletError as exc:
            say(f"{'build' if first else 'rebuild'} failed; the last good PDF, if any, is unchanged:", err)
            print(exc, file=err, flush=True)
            say("waiting for a change...", err)
            return getattr(exc, "inputs", [str(content)])
        except Exception as exc:  # keep watching: the author may be mid-edit
            say(f"internal error: {type(exc).__name__}: {exc}", err)
            return [str(content)] + ([str(brand)] if brand else [])
        say(f"{'built' if first else 'rebuilt'} {', '.join(printable(str(p)) for p in made.written)}", out)
        return made.inputs

    try:
        deps = attempt(True)
        say(f"watching {plural(len(deps), 'file')} (Ctrl-C to stop)", err)
        seen = _stamp(deps)
        while max_rebuilds is None or rebuilds < max_rebuilds:
            sleep(poll)
            now = _stamp(deps)
            if now == seen:
                continue
            before = now  # taken before the build: a change made during it triggers the next one
            deps = attempt(False)
            rebuilds += 1
            seen = {**_stamp(deps), **{p: before[p] for p in deps if p in before}}
    except KeyboardInterrupt:
        print(file=err)
    return 0
