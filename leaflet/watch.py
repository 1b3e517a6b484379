"""`leaflet build --watch`: rebuild whenever the content, the brand, its logo or its fonts change.

Polls modification times (no extra dependency, works on every filesystem, including network and
container mounts where inotify events do not arrive). Errors are printed and watching goes on.
``watch(..., max_rebuilds=N, sleep=...)`` returns after N rebuilds, so tests can drive it.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Callable

from .errors import LeafletError
from .layout.options import LayoutOptions

POLL = 0.3  # seconds between looks at the files


def _stamp(paths: list[str]) -> dict[str, tuple[int, int] | None]:
    stamps = {}
    for path in paths:
        try:
            st = os.stat(path)
            stamps[path] = (st.st_mtime_ns, st.st_size)
        except OSError:
            stamps[path] = None
    return stamps


def build_once(content: Path, brand_path: Path | None, options: LayoutOptions, output: Path | None,
               preview: bool = False) -> tuple[list[Path], list[str]]:
    """Build (and preview) once: (files written, files the result depends on). Raises LeafletError,
    with the files known so far in ``exc.watch`` so a broken brand is still watched."""
    from . import build, load_brand, load_leaflet
    from .batch import dependencies
    from .output import default_output

    known = [str(content)] + ([str(brand_path)] if brand_path else [])
    try:
        brand = load_brand(brand_path, str(brand_path)) if brand_path else None
        known = dependencies(content, brand_path, brand) if brand else known
        leaflet = load_leaflet(content, str(content))
        from .lint.run import gate
        gate(leaflet, brand)  # as `build`: errors stop this build, warnings go to stderr
        pdf = build(leaflet, brand, options)
        out = output or default_output(content, brand.name if brand else None, options=options)
        if out.is_dir():
            out = default_output(content, brand.name if brand else None, folder=out, options=options)
        from .output import write_atomic
        written = [write_atomic(pdf, out)]
        if preview:
            from .preview import write_previews
            written += write_previews(pdf, out)
    except LeafletError as exc:
        exc.watch = known
        raise
    return written, known


def watch(content: Path, brand: Path | None = None, options: LayoutOptions = LayoutOptions(),
          output: Path | None = None, *, preview: bool = False, poll: float = POLL,
          max_rebuilds: int | None = None, sleep: Callable[[float], None] = time.sleep,
          out=None, err=None) -> int:
    """Build now, then again after every change, until interrupted (or ``max_rebuilds`` rebuilds)."""
    out, err = out or sys.stdout, err or sys.stderr
    rebuilds = 0

    def attempt(first: bool) -> list[str]:
        try:
            written, deps = build_once(content, brand, options, output, preview)
        except LeafletError as exc:
            print(exc, file=err, flush=True)
            print("leaflet: waiting for a change...", file=err, flush=True)
            return getattr(exc, "watch", [str(content)])
        except Exception as exc:  # keep watching: the author may be mid-edit
            print(f"leaflet: internal error: {type(exc).__name__}: {exc}", file=err, flush=True)
            return [str(content)] + ([str(brand)] if brand else [])
        stamp = time.strftime("%H:%M:%S")
        print(f"[{stamp}] {'built' if first else 'rebuilt'} {', '.join(str(p) for p in written)}",
              file=out, flush=True)
        return deps

    try:
        deps = attempt(True)
        print(f"leaflet: watching {len(deps)} files (Ctrl-C to stop)", file=err, flush=True)
        seen = _stamp(deps)
        while max_rebuilds is None or rebuilds < max_rebuilds:
            sleep(poll)
            now = _stamp(deps)
            if now == seen:
                continue
            changed = [p for p in deps if now.get(p) != seen.get(p)]
            if any(Path(p).suffix.lower() in (".ttf", ".otf") for p in changed):
                from .layout.fonts import register  # a changed font file must be read again
                register.cache_clear()
            before = now  # taken before the build: a change made during it triggers the next one
            deps = attempt(False)
            rebuilds += 1
            seen = {**_stamp(deps), **{p: before[p] for p in deps if p in before}}
    except KeyboardInterrupt:
        print(file=err)
    return 0
