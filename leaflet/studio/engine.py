"""What the studio asks of the library, with the answers kept for as long as their inputs last.

Everything here goes through the library API (``load_leaflet``, ``load_brand``, the one pipeline
``Pipeline``, ``build``, ``render_pages``, ``render_html``): the studio checks a brand with the same
code and words as `leaflet check`, and builds the same bytes as `leaflet build`.

Caches are per process and keyed by what an answer depends on: a content file by its path,
modification time and size; a brand by its validated data (so two texts that differ only in
comments share a PDF) and its logo file's; a PDF by both and the layout options; a page image by
the PDF's key, the page and the resolution. Nothing else is remembered between requests, so any
number of studio processes can serve the same folders.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import BuildOptions, LeafletError, build, load_brand, load_leaflet, prepare
from ..caching import Bounded
from ..errors import Problem
from ..load import Brand, Leaflet
from ..pipeline import Pipeline
from ..text.prepare import Prepared
from . import brandfile
from .folders import Folders

PREVIEW_DPI = 72  # an A4 page is 595 x 842 pixels: sharp enough beside the form, quick to draw
log = logging.getLogger("leaflet.studio")


def contained(where: str, call: Callable[[], Any]) -> Any:
    """``call()``, with any failure that is not already a LeafletError turned into one about the
    file ``where`` (and its details logged): one leaflet or brand the library cannot handle is shown
    as having a problem, and every other page of the studio goes on working."""
    try:
        return call()
    except LeafletError:
        raise
    except Exception as exc:  # a bug in the library: never a studio page that answers 500
        log.exception("leaflet studio: %s could not be handled", where)
        raise LeafletError(
            Problem(
                f"leaflet failed while reading or building this file ({type(exc).__name__}): this is a bug in "
                "leaflet, and the file may have a mistake it could not point to",
                where,
                hint="Run leaflet check on the file to see the details, and report the bug with the file.",
            )
        ) from None


@dataclass(frozen=True)
class Note:
    """One problem or finding as the studio shows it: the library's words and where it points."""

    message: str
    hint: str | None = None
    where: str | None = None  # file:line:col, as `leaflet check` prints it
    severity: str = "error"
    code: str | None = None

    @classmethod
    def of(cls, item: Any, severity: str = "error") -> Note:
        where = ":".join(str(p) for p in (item.file, item.line, item.col) if p is not None) or None
        code = getattr(item, "code", None)
        return cls(item.message, item.hint, where, getattr(item, "severity", severity), code)


@dataclass
class BrandCheck:
    """A brand's text checked as `leaflet check --brand` would: the brand if it loads, and every
    problem by the form field it belongs to ("" for those that belong to no field)."""

    brand: Brand | None
    notes: dict[str, list[Note]] = field(default_factory=dict)

    def add(self, name: str | None, note: Note) -> None:
        """A problem at the form field ``name``, in the form's words (see ``plain``)."""
        from .plain import field_of, plain

        name = field_of(note, name)
        self.notes.setdefault(name or "", []).append(plain(name, note))

    @property
    def errors(self) -> list[Note]:
        return [n for notes in self.notes.values() for n in notes if n.severity == "error"]


@dataclass(frozen=True)
class PriceRow:
    """One price a brand can set: its key in the brand file's ``prices`` ((id,) or (reference, id)),
    the leaflet's own name for the row and its guide figure."""

    key: tuple[str, ...]
    item: str
    guide: Any
    currency: str


@dataclass(frozen=True)
class PriceGroup:
    """The prices of one leaflet reference (``reference`` None: plain ids, for every leaflet)."""

    reference: str | None
    title: str
    rows: list[PriceRow]


def _price_rows(leaflets: list[Leaflet], key: Callable[[str], tuple[str, ...]]) -> list[PriceRow]:
    """Every price id of ``leaflets`` once, named and priced as the first leaflet that has it."""
    rows: dict[str, PriceRow] = {}
    for leaflet in leaflets:
        for section in leaflet.sections:
            for price in section.prices or []:
                if price.id and price.id not in rows:
                    rows[price.id] = PriceRow(key(price.id), price.item, price.price, leaflet.currency)
    return list(rows.values())


@dataclass(frozen=True)
class LeafletInfo:
    name: str  # the file name without .yaml: what a request uses
    path: Path
    leaflet: Leaflet | None
    findings: list[Note] | None  # check status with the built-in brand: load problems, lint, layout;
    # None: not checked yet (being checked in the background)

    @property
    def errors(self) -> int:
        return sum(n.severity == "error" for n in self.findings or [])

    @property
    def warnings(self) -> int:
        return sum(n.severity == "warning" for n in self.findings or [])

    @property
    def overdue(self) -> bool:
        return any(n.code == "LF111" for n in self.findings or [])


def _stat(path: str | Path | None) -> tuple:
    if not path:
        return ()
    try:
        info = os.stat(path)
    except OSError:
        return (str(path),)
    return (str(path), info.st_mtime_ns, info.st_size)


class Engine:
    """The library, remembered. One lock: ReportLab's font and paragraph stores are per process
    and not made for threads, and on two cores nothing is gained by building two at once."""

    def __init__(self, folders: Folders):
        self.folders = folders
        self.lock = threading.RLock()
        self._leaflets: Bounded[Any] = Bounded(64)
        self._reports: Bounded[Any] = Bounded(64)
        self._pdfs: Bounded[Any] = Bounded(16)
        self._pngs: Bounded[Any] = Bounded(96)
        from .checks import CheckCache

        self.kept_checks = CheckCache(folders)  # the library page's, kept on disk (checks.py)
        self._checking: threading.Event | None = None  # set when the background check has finished
        self._checking_lock = threading.Lock()

    # ---------------------------------------------------------------- content

    def leaflet(self, path: Path) -> Leaflet:
        """A content file, loaded once per version; raises LeafletError as the CLI would report it."""

        def load():
            try:
                return contained(self.display(path), lambda: load_leaflet(path, self.display(path))), None
            except LeafletError as exc:
                return None, exc

        loaded, error = self._leaflets.get(("leaflet", _stat(path)), load)
        if error is not None:
            raise error
        return loaded

    def display(self, path: Path) -> str:
        """A file's name as the CLI would print it: relative to the working folder when inside it."""
        try:
            return str(Path(path).resolve().relative_to(Path.cwd()))
        except ValueError:
            return str(path)

    def catalogue(self, wait: float | None = None) -> list[LeafletInfo]:
        """Every leaflet with its check. With ``wait``: the checks not kept yet are made in the
        background (``check_in_background``), and this waits at most ``wait`` seconds for them;
        a leaflet still being checked then has ``findings`` None."""
        paths = self.folders.leaflets()
        if wait is None:
            return [self.info(path) for path in paths]
        found = [self.info(path, check=False) for path in paths]
        if any(item.findings is None for item in found):
            self.check_in_background().wait(wait)
            found = [item if item.findings is not None else self.info(item.path, check=False) for item in found]
        return found

    def check_in_background(self) -> threading.Event:
        """Check every leaflet not kept yet, in one thread of its own (started once, and again
        only after it has finished); the event is set when it has."""
        with self._checking_lock:
            if self._checking is None or self._checking.is_set():
                done = threading.Event()

                def run():
                    try:
                        self.catalogue()
                    except Exception:  # a page that asks later gets the same problem, shown as such
                        log.exception("leaflet studio: checking the leaflets in the background failed")
                    finally:
                        done.set()

                self._checking = done
                threading.Thread(target=run, name="leaflet-studio-checks", daemon=True).start()
            return self._checking

    def info(self, path: Path, check: bool = True) -> LeafletInfo:
        """A leaflet and its `leaflet check` status with the built-in brand (kept on disk); with
        ``check`` False, only a kept status (findings None if there is none yet)."""
        try:
            leaflet = self.leaflet(path)
        except LeafletError as exc:
            return LeafletInfo(path.stem, path, None, [Note.of(p) for p in exc.problems])
        if not check:
            return LeafletInfo(path.stem, path, leaflet, self.kept_checks.kept(path))
        findings = self.kept_checks.get(path, lambda: self.findings(path, leaflet, None, BuildOptions()))
        return LeafletInfo(path.stem, path, leaflet, findings)

    def findings(self, path: Path, leaflet: Leaflet, brand: Brand | None, options: BuildOptions) -> list[Note]:
        """Every finding of `leaflet check` for this leaflet, brand and format, most serious first."""

        def run():
            with self.lock:
                try:
                    outcome = contained(
                        self.display(path), lambda: self._pipeline(path, leaflet, brand, options).check(leaflet, brand)
                    )
                except LeafletError as exc:
                    return [Note.of(p) for p in exc.problems]
                # the layout's own refusals (a tri-fold too long) first
                return [Note.of(p) for p in outcome.refused] + [Note.of(f) for f in outcome.report.findings]

        return self._reports.get(("report", _stat(path), self._brand_key(brand), options), run)

    def _pipeline(self, path: Path, leaflet: Leaflet, brand: Brand | None, options: BuildOptions) -> Pipeline:
        """The one pipeline (pipeline.Pipeline), laying out through this engine's store of PDFs."""
        return Pipeline(options, laid_out=lambda prepared: (self.pdf(path, leaflet, brand, options, prepared), None))

    def price_groups(self, plain: frozenset[str] | set[str] = frozenset()) -> list[PriceGroup]:
        """The prices a brand can set, grouped as a brand file groups them: one group for each
        leaflet reference (its rows named as the leaflet in the studio's language, English, names
        them; every language of a leaflet shares its reference), then, for leaflets without a
        reference and for the ``plain`` ids a brand already sets outside any group, one group of
        plain ids."""
        by_reference: dict[str, list[Leaflet]] = {}
        unreferenced: list[Leaflet] = []
        for path in self.folders.leaflets():
            try:
                leaflet = self.leaflet(path)
            except LeafletError:
                continue
            (by_reference.setdefault(leaflet.reference, []) if leaflet.reference else unreferenced).append(leaflet)
        groups = []
        for reference, leaflets in sorted(by_reference.items()):
            leaflets.sort(key=lambda lf: (not lf.language.lower().startswith("en"), lf.language))
            rows = _price_rows(leaflets, lambda price_id: (reference, price_id))  # noqa: B023 (used at once)
            if rows:
                groups.append(PriceGroup(reference, leaflets[0].title, rows))
        everywhere = [lf for leaflets in by_reference.values() for lf in leaflets] if plain else []
        rows = _price_rows(unreferenced, lambda price_id: (price_id,))
        known = {row.key[0] for row in rows}
        rows += [
            row
            for row in _price_rows(everywhere, lambda price_id: (price_id,))
            if row.key[0] in plain and row.key[0] not in known
        ]
        if rows:
            groups.append(PriceGroup(None, "", rows))
        return groups

    # ---------------------------------------------------------------- brands

    def brand(self, path: Path | None) -> Brand | None:
        """A saved brand file, loaded as `--brand` loads it (None: the built-in brand)."""
        return None if path is None else contained(self.display(path), lambda: load_brand(path, self.display(path)))

    def check_brand(
        self, text: str, file_name: str, content: Path | None = None, options: BuildOptions = BuildOptions()
    ) -> BrandCheck:
        """``text`` checked as the brand file ``file_name`` in the brands folder: loaded by
        ``load_brand`` from a temporary file beside the real one (so its logo and font folders are
        found the same way), then, with a leaflet to try it on, the brand's lint rules and a build."""
        display = self.display(self.folders.brands / file_name)
        lines = brandfile.field_lines(text)
        check = BrandCheck(None)

        def place(item: Any) -> None:
            where = brandfile.field_at(lines, item.line) if item.file == display else None
            check.add(where, Note.of(item))

        try:
            fd, tmp = tempfile.mkstemp(dir=self.folders.brands, prefix=".studio-", suffix=".yaml.tmp")
        except OSError as exc:
            check.add(
                "",
                Note(
                    f"the brands folder cannot be written ({exc.strerror}), so the brand cannot be checked or saved",
                    "Ask whoever runs the studio to let it write to the brands folder.",
                ),
            )
            return check
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            check.brand = contained(display, lambda: load_brand(tmp, display))
        except LeafletError as exc:
            for problem in exc.problems:
                place(problem)
            return check
        finally:
            os.unlink(tmp)
        if content is not None:
            try:
                leaflet = self.leaflet(content)
            except LeafletError:
                return check  # the leaflet's own problems are shown on the library page
            for note_source in self._brand_findings(content, leaflet, check.brand, options, display):
                place(note_source)
        return check

    def _brand_findings(
        self, content: Path, leaflet: Leaflet, brand: Brand, options: BuildOptions, display: str
    ) -> list[Any]:
        """The findings and layout problems of this brand with this leaflet that are the brand's."""

        def run():
            with self.lock:
                try:
                    pipeline = self._pipeline(content, leaflet, brand, options)
                    outcome = contained(display, lambda: pipeline.check(leaflet, brand))
                except LeafletError as exc:
                    found = list(exc.problems)
                else:
                    found = list(outcome.report.findings) + outcome.refused
                return [f for f in found if f.file == display]

        return self._reports.get(("brand", _stat(content), self._brand_key(brand), options), run)

    @staticmethod
    def _brand_key(brand: Brand | None) -> tuple:
        if brand is None:
            return ()
        return (brand.model_dump_json(), _stat(brand.logo))

    # ---------------------------------------------------------------- output

    def pdf(
        self, path: Path, leaflet: Leaflet, brand: Brand | None, options: BuildOptions, prepared: Prepared | None = None
    ) -> bytes:
        """The PDF `leaflet build` would write; LeafletError for what the layout refuses. ``prepared``:
        the leaflet as the lint just prepared it for this brand, to build from."""

        def make():
            with self.lock:
                try:
                    return contained(
                        self.display(path), lambda: build(prepared=prepared or prepare(leaflet, brand), options=options)
                    ), None
                except LeafletError as exc:
                    return None, exc

        data, error = self._pdfs.get(("pdf", _stat(path), self._brand_key(brand), options), make)
        if error is not None:
            raise error
        return data

    def page_count(self, pdf: bytes) -> int:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()

    def page_png(
        self,
        path: Path,
        leaflet: Leaflet,
        brand: Brand | None,
        options: BuildOptions,
        page: int,
        dpi: int = PREVIEW_DPI,
    ) -> tuple[bytes, int, int]:
        """(PNG of one page, the page shown, the number of pages); a page past the end shows the last."""
        from ..preview import render_pages

        pdf = self.pdf(path, leaflet, brand, options)

        def make():
            with self.lock:
                count = self.page_count(pdf)
                shown = min(max(page, 1), count)
                return contained(self.display(path), lambda: render_pages(pdf, dpi, pages=[shown - 1]))[0], shown, count

        return self._pngs.get(("png", _stat(path), self._brand_key(brand), options, page, dpi), make)

    def fits(self, path: Path, leaflet: Leaflet, brand: Brand | None, options: BuildOptions) -> list[Note]:
        """``gate``, kept on disk (checks.py): what the print page offers formats by. Only for that:
        the format chosen is gated again, in memory, before its page is shown or printed."""
        also = repr(("fits", options, self._brand_key(brand)))
        return self.kept_checks.get(path, lambda: self.gate(path, leaflet, brand, options), also)

    def gate(self, path: Path, leaflet: Leaflet, brand: Brand | None, options: BuildOptions) -> list[Note]:
        """The errors that would stop `leaflet build` (lint errors, layout refusals); empty: go ahead."""
        return [n for n in self.findings(path, leaflet, brand, options) if n.severity == "error"]
