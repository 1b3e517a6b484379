"""What a batch process remembers between leaflets: file hashes, parsed brands and contents, and each
content and brand's prepared text and lint (its formats share them).

Every store is bounded (caching.Bounded): a cluster worker that serves batch after batch keeps the
most recent, never everything it has seen. A batch goes brand by brand and, within a brand,
content by content, so what it needs next is nearly always what it used last.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from ..caching import Bounded
from ..errors import LeafletError
from ..limits import FONT_BYTES
from ..load.files import FileProblem, read_limited
from ..pipeline import Checked, prepare_and_lint

# Sizes: a batch of 1,200 leaflets has 2 contents and 150 brands; hashes cover their logos and fonts too.
hashes: Bounded[str] = Bounded(4096)
brands: Bounded[object] = Bounded(512)
contents: Bounded[object] = Bounded(512)
checks: Bounded[Checked] = Bounded(8)  # the formats of one content and brand follow one another


def stat_key(path: str | Path) -> tuple:
    """Which file this is (by its device and inode, whatever path names it), and which version."""
    st = os.stat(path)
    return (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)


def file_hash(path: str | Path) -> str:
    """sha256 of a file, remembered while its mtime and size stay the same; '' if it is gone, or is
    not an ordinary file within the largest input's limit (the manifest that names it may be damaged)."""
    try:
        key = stat_key(path)
    except OSError:
        return ""
    try:
        return hashes.get(key, lambda: hashlib.sha256(read_limited(path, FONT_BYTES)).hexdigest())
    except FileProblem:
        return ""


def _cached(store: Bounded, path: Path, load: Callable, display: str | None = None):
    """Parse a file once per process (while unchanged); a failure is remembered too. ``display``
    names the file in messages (a cluster worker's copy is named as the file it came from)."""
    display = display or str(path)

    def parse():
        try:
            return load(path, display)
        except LeafletError as exc:
            return exc

    value = store.get(stat_key(path) + (display,), parse)
    if isinstance(value, LeafletError):
        raise value
    return value


def load_brand(path: Path, display: str | None = None):
    from .. import load

    return _cached(brands, path, load.load_brand, display)


def load_leaflet(path: Path, display: str | None = None):
    from .. import load

    return _cached(contents, path, load.load_leaflet, display)


def checked(content: Path, brand_path: Path | None, leaflet, brand, displays: tuple | None = None) -> Checked:
    """The leaflet prepared for the brand and the rules run on it (pipeline.prepare_and_lint), once
    per content and brand: its formats and its consent form share them. ``displays``: the names its
    findings give the files (as for _cached)."""
    key = (stat_key(content), stat_key(brand_path) if brand_path else None, displays, _source_key(content, leaflet))
    return checks.get(key, lambda: prepare_and_lint(leaflet, brand))


def _source_key(content: Path, leaflet) -> tuple | None:
    """Which version of the source a translation names is there (the lint reads it: LF703, LF704, LF706)."""
    from ..load import translation_source

    try:
        source = translation_source(leaflet, content)
        return stat_key(source) if source else None
    except (FileProblem, OSError):
        return ("unreadable",)


def clear() -> None:
    """Forget everything (tests, and a process that knows its files were replaced)."""
    for store in (hashes, brands, contents, checks):
        store.clear()
