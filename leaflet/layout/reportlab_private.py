"""Everything leaflet does with ReportLab beyond its documented API, in one place.

ReportLab is pinned to the release named in ``TESTED`` (pyproject.toml: ``reportlab<5.2``). Each
reliance below is one function or class here, and tests/test_reportlab_private.py checks each
one against the installed ReportLab, so an upgrade fails a test that names what changed instead
of a leaflet that prints wrong. The rest of layout/ uses ReportLab's public names only.

Nothing here replaces a ReportLab function for the whole process. Four things are done
differently only while leaflet draws (``drawing()``, entered by the layout around each
document):

- every stream is compressed at ``ZLIB_LEVEL``, and a font subset already compressed once is not
  compressed again (``pdfdoc.PDFZCompress``);
- ASCII names and numbers are encoded directly, past ReportLab's PDFDocEncoding codec (written in
  Python: 7% of a build), to the same bytes (``pdfdoc.pdfdocEnc``);
- each font subset's six-letter tag is made from the file's content (``ttfonts.SUBSETN``;
  ReportLab's invariant mode tags every subset of every file AAAAAA);
- words prepared for bidi, or mixing fonts, are shaped piece by piece (``paragraph.shapeFragWord``,
  see shaping.py).

ReportLab looks these four up by module name as it writes, so they cannot be subclassed: while
any leaflet draws, the module attributes point at stand-ins that act as leaflet wants only in a
context that is drawing a leaflet (a context variable, so per thread and per asyncio task) and as
ReportLab's own functions everywhere else; when the last leaflet finishes, the originals are put
back. Another ReportLab document made in the same process, before, after or at the same time,
gets ReportLab's behaviour and bytes.
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import SimpleNamespace
from typing import Any

import reportlab
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.utils import _digester
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfbase.pdfdoc import DummyDoc, PDFName, PDFText
from reportlab.pdfgen.canvas import Canvas, ExtGState
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Table
from reportlab.platypus import paragraph as rl_paragraph

TESTED = "5.1"  # the ReportLab release (major.minor) every reliance here was written and tested against


def version_tested(version: str = reportlab.Version) -> bool:
    return ".".join(version.split(".")[:2]) == TESTED


# ---------------------------------------------------------------- while leaflet draws

_DRAWING: ContextVar[bool] = ContextVar("leaflet_drawing", default=False)
_SUBSET_SEED: ContextVar[bytes | None] = ContextVar("leaflet_subset_seed", default=None)
_LOCK = threading.Lock()
_users = 0  # contexts drawing a leaflet now, over all threads
_saved: dict[str, Any] = {}  # the ReportLab originals, while the stand-ins are in place

# zlib level for every compressed stream (pages, font subsets, forms). Measured on the benchmark
# leaflets (bench/run.py prints it again): the default, 6, spent 1.4 ms of a 12 ms warm build
# compressing; levels 1 to 3 (zlib's fast strategy) spend 0.8-0.9 ms for files 3-6% larger.
ZLIB_LEVEL = 1


@contextmanager
def drawing() -> Iterator[None]:
    """Leaflet's ways of writing a PDF (see above), in this context, until the block ends (also on
    an error). Re-entrant; safe from many threads at once."""
    global _users
    if _DRAWING.get():
        yield
        return
    with _LOCK:
        if _users == 0:
            _install()
        _users += 1
    token = _DRAWING.set(True)
    try:
        yield
    finally:
        _DRAWING.reset(token)
        with _LOCK:
            _users -= 1
            if _users == 0:
                _restore()


def is_drawing() -> bool:
    return _DRAWING.get()


def _stand_ins() -> dict[str, tuple[Any, str, Any]]:
    return {
        "SUBSETN": (ttfonts, "SUBSETN", _subset_tag),
        "PDFZCompress": (pdfdoc, "PDFZCompress", _FLATE),
        "pdfdocEnc": (pdfdoc, "pdfdocEnc", _pdfdoc_bytes),
        "shapeFragWord": (rl_paragraph, "shapeFragWord", _shape_frag_word),
    }


def _install() -> None:
    for key, (module, name, stand_in) in _stand_ins().items():
        _saved[key] = getattr(module, name)
        setattr(module, name, stand_in)


def _restore() -> None:
    for key, (module, name, stand_in) in _stand_ins().items():
        if getattr(module, name) is stand_in:  # unless someone else has replaced it since
            setattr(module, name, _saved[key])
    _saved.clear()


def _original(key: str) -> Any:
    """ReportLab's own function: the one saved while stand-ins are in place, else the module's."""
    found = _saved.get(key)
    if found is not None:
        return found
    module, name, _ = _stand_ins()[key]
    return getattr(module, name)


@contextmanager
def subset_tags_from(seed: bytes) -> Iterator[None]:
    """Font subsets written in this block are tagged from ``seed`` (the file's content)."""
    token = _SUBSET_SEED.set(seed)
    try:
        yield
    finally:
        _SUBSET_SEED.reset(token)


def _subset_tag(n: int, *args) -> bytes:
    """A font subset's tag ("XKQBTR+"): from the file's content while it is written, else ReportLab's."""
    seed = _SUBSET_SEED.get()
    if seed is None or not _DRAWING.get():
        return _original("SUBSETN")(n, *args)
    return bytes(65 + b % 26 for b in hashlib.sha256(seed + n.to_bytes(4, "big")).digest()[:6])


_NOT_PDFDOC = re.compile("[\x18-\x1f]")  # the only ASCII characters PDFDocEncoding lacks


def _pdfdoc_bytes(text):
    """Text as PDFDocEncoding bytes, as ReportLab's pdfdocEnc makes them. ReportLab encodes every
    name, number and operator of a file through its PDFDocEncoding codec, written in Python: 7% of
    a build. Those are ASCII, which the codec leaves as they are, so ASCII is encoded directly."""
    if isinstance(text, str) and text.isascii() and not _NOT_PDFDOC.search(text) and _DRAWING.get():
        return text.encode("ascii")
    return _original("pdfdocEnc")(text)


_word_shaper: Callable | None = None


def shape_words_with(shaper: Callable) -> None:
    """The function that shapes each word of a paragraph while leaflet draws (shaping.shape_word)."""
    global _word_shaper
    _word_shaper = shaper


def _shape_frag_word(w, features=None, force=False):
    if _word_shaper is not None and _DRAWING.get():
        return _word_shaper(w, features, force)
    return reportlab_shape_word(w, features, force)


def reportlab_shape_word(w, features=None, force=False):
    """ReportLab's own word shaping (ttfonts.shapeFragWord; paragraph.py calls it by its own name)."""
    return ttfonts.shapeFragWord(w) if features is None else ttfonts.shapeFragWord(w, features, force)


class _Flate(pdfdoc.PDFStreamFilterZCompress):
    """Streams compressed at ZLIB_LEVEL, a font program once (_FontPrograms), while leaflet draws."""

    def encode(self, text):
        if not _DRAWING.get():
            return _original("PDFZCompress").encode(text)
        kept = _FONT_PROGRAMS.flated.get(id(text))
        if kept and kept[0] is text and kept[1] == ZLIB_LEVEL:
            return kept[2]
        flated = zlib.compress(text.encode("utf-8") if isinstance(text, str) else text, ZLIB_LEVEL)
        if kept and kept[0] is text:
            _FONT_PROGRAMS.flated[id(text)] = (text, ZLIB_LEVEL, flated)
        return flated


_FLATE = _Flate()


class _FontPrograms:
    """Font subsets made once per font and glyph list, and compressed once.

    ReportLab cuts each font down to the glyphs a file uses, in the order it first used them, and
    compresses the result, for every file: a twentieth of a build, and most of the bytes zlib is
    given. Leaflets of a batch use the same few glyph lists over and over (10 brands x 2 texts x 4
    formats: 160 subsets, 3 different). Cutting a font is a pure function of the font and the
    list, so the same bytes are kept (the most recent ``size``) and given out again.
    """

    def __init__(self, size: int = 32):
        self.size = size
        self.made: dict[tuple, bytes] = {}  # (font, glyph list) -> the subset's font program
        # id of each of those programs -> (program, zlib level, compressed), level None until
        # compressed: what _Flate looks for
        self.flated: dict[int, tuple[bytes, int | None, bytes | None]] = {}
        self.lock = threading.Lock()

    def subset(self, font: ttfonts.TTFontFile, glyphs: list[int]) -> bytes:
        key = (font, tuple(glyphs))
        with self.lock:
            program = self.made.pop(key, None)
            if program is None:
                program = ttfonts.TTFontFile.makeSubset(font, glyphs)
                if len(self.made) >= self.size:
                    oldest = self.made.pop(next(iter(self.made)))
                    del self.flated[id(oldest)]  # its id may now be given to other bytes
                self.flated[id(program)] = (program, None, None)
            self.made[key] = program  # now the most recent
        return program


_FONT_PROGRAMS = _FontPrograms()


class _Face(ttfonts.TTFontFace):
    """A face whose subsets come from _FONT_PROGRAMS (the same bytes, made once)."""

    def makeSubset(self, subset):
        return _FONT_PROGRAMS.subset(self, subset)


class ShapedFont(ttfonts.TTFont):
    """A TrueType face whose glyphs with no character of their own (ligatures and contextual forms
    that shaping picks) get character codes and widths that depend on the font alone, and whose
    subsets are made once (_FontPrograms).

    ReportLab's ``hbAddPrivate`` hands such glyphs private-use codes in the order a process first
    meets them, with the advance HarfBuzz gave that first time (kerning included), so a leaflet in a
    shaped script had other bytes after other leaflets than in a fresh process. Here the n-th such
    glyph of the font (in glyph order) always takes the n-th private-use code the font leaves free,
    with its own advance from the font's metrics."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.face.__class__ = _Face  # reliance: TTFont makes its face as a TTFontFace

    def hbFont(self, fontSize=10):
        hb_font = super().hbFont(fontSize)
        self.hbAddPrivate = self._private_code  # ReportLab sets its own at each call
        return hb_font

    def _private_code(self, name, gid, advance):
        face = self.face
        codes = self.__dict__.get("_private_codes")
        if codes is None:
            own = set(face.charToGlyph)
            free = (code for code in range(0xE000, 0xF900) if code not in own)
            unencoded = (glyph for glyph in range(face.numGlyphs) if glyph not in face.glyphToChar)
            codes = self._private_codes = dict(zip(unencoded, free, strict=False))
        code = codes.get(gid)
        if code is None:  # more unencoded glyphs than private-use codes: ReportLab's own numbering
            return self._TTFont__addPrivate(name, gid, advance)
        if code not in face.charToGlyph:
            self._bind(code, gid)
        return code

    def _bind(self, code: int, gid: int) -> None:
        face = self.face
        face.charToGlyph[code] = gid
        face.glyphToChar.setdefault(gid, []).append(code)
        face.charWidths[code] = face._pdfScale(face.hmetrics[gid][0])

    def code_for(self, gid: int, text: str) -> int:
        """The code a shaped glyph is drawn with, standing for ``text`` (the characters of its
        cluster, or NOTHING for a cluster's further glyphs: a dot, a mark, a piece of a stroke).

        A glyph that is its own character's (an "a" for "a") keeps that character's code, and an
        encoded ligature keeps its one character (Arabic lam-alef: no reader splits or reverses
        it). Any other (a Nastaliq letter's form, a Bengali conjunct, an Arabic joining form) gets a
        code of its own for this glyph and this text, in plane 15's private use area, and the PDF's
        ToUnicode map says that code is ``text`` (see addObjects): a glyph does not stand for one
        text everywhere (Nastaliq draws ب, ت and ن with one dotless glyph and separate dots), so one
        code per glyph could not be read back right. The numbers depend on what the process shaped
        first; the PDF does not (it writes each subset's own numbering and these texts)."""
        chars = [code for code in self.face.glyphToChar.get(gid, ()) if code < TEXT_CODES]
        own = " " if text == "\u00a0" else text
        for code in chars:
            if chr(code) == own:
                return code
        if len(text) > 1:
            for code in chars:
                if unicodedata.normalize("NFKC", chr(code)) == text:
                    return code
        texts = self.__dict__.setdefault("_text_codes", {})
        code = texts.get((gid, text))
        if code is None:
            code = texts[(gid, text)] = TEXT_CODES + len(texts)
            self.__dict__.setdefault("_code_texts", {})[code] = text
            self._bind(code, gid)
        return code

    @property
    def code_texts(self) -> dict[int, str]:
        """The text each code from code_for stands for."""
        return self.__dict__.get("_code_texts", {})

    def addObjects(self, doc):
        """ReportLab's font objects, with a ToUnicode map that gives each code_for code its text
        (ReportLab's says the code itself: a private-use character no reader can use)."""
        texts = self.code_texts
        state = self.state.get(doc)
        if not texts or state is None:
            return super().addObjects(doc)
        subsets = [(self.getSubsetInternalName(n, doc)[1:], list(subset)) for n, subset in enumerate(state.subsets)]
        super().addObjects(doc)
        fonts = doc.idToObject["BasicFonts"].dict
        for name, subset in subsets:
            if any(code in texts for code in subset):
                cmap = doc.idToObject[fonts[name].ToUnicode.name]
                cmap.content = to_unicode_cmap(fonts[name].BaseFont, subset, texts)


TEXT_CODES = 0xF0000  # the first code code_for gives (Supplementary Private Use Area-A: 65,534 codes)


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


# What a glyph that stands for nothing of its own (a cluster's dot or mark, whose letters its
# first glyph gives) maps to: a character that is invisible and that readers ignore (Unicode's
# default-ignorable code points), in the run's direction so that a reader ordering text by
# direction keeps it inside its word: COMBINING GRAPHEME JOINER left to right (transparent to
# Indic conjuncts), ARABIC LETTER MARK right to left (a strong right-to-left character; a
# grapheme joiner there, a mark with no direction of its own, made pypdf split the word).
NOTHING = {False: "\u034f", True: "\u061c"}
NOTHINGS = frozenset(NOTHING.values())


def to_unicode_cmap(name: str, subset: list[int], texts: dict[int, str]) -> str:
    """A ToUnicode CMap for one subset (as ReportLab's makeToUnicodeCMap), each code given the text
    it stands for: its own character, or ``texts[code]`` (NOTHING for a glyph that stands for
    nothing of its own).

    PDF/UA-1 (ISO 14289-1, 7.21.7; veraPDF's rule 7.21.7-1) wants every glyph used mapped to a
    Unicode value, and an empty mapping is none. Giving the cluster's text to each of its glyphs
    instead (as Typst's PDF/UA export does, under /ActualText) would read the letter twice in any
    reader that ignores /ActualText (pypdf, Preview, Firefox), and Arabic is read through this map
    alone."""
    entries = [
        f"<{index:02X}> <{_utf16((texts[code] or NOTHING[False]) if code in texts else chr(code))}>"
        for index, code in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(entries)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


# ---------------------------------------------------------------- text

# The characters ReportLab's line breaking treats as spaces between words (NBSP is not one).
WORD_SPACES = frozenset(rl_paragraph._wsc)


class ShapedRun(ttfonts.ShapedStr):
    """One piece's shaped glyphs (in visual order) and its direction, which the text they stand
    for is read back with (see TextObject). Spaces added to it (a line's word spacing) keep it one."""

    def __new__(cls, glyphs: str, shape_data, rtl: bool):
        run = super().__new__(cls, glyphs, shape_data)
        run.rtl = rtl
        return run

    def __add__(self, other):
        joined = super().__add__(other)
        return ShapedRun(joined, joined.__shapeData__, self.rtl)

    def __getitem__(self, index):
        part = super().__getitem__(index)
        return ShapedRun(part, part.__shapeData__, self.rtl) if isinstance(part, ttfonts.ShapedStr) else part


class TextObject(PDFTextObject):
    """ReportLab's text object with text rise set right, and each shaped run (ShapedRun) in a
    marked-content span with the properties ``run_properties`` gives it (none: no span).

    ReportLab's own setRise raised an IndexError on a first glyph with a vertical offset, and kept
    the old rise when it merged two settings, so a glyph after a raised one (Nastaliq's letters,
    Indic marks) was drawn raised too."""

    # Per line a paragraph draws, in order: whether a space ends it (see paragraphs.Para.line_ends).
    line_ends: Iterator[bool] | None = None
    # Called with the text object before each run of a paragraph's line is drawn (and whether it
    # ends the line), so marked content can end and begin between runs (tagging.LinkWords).
    before_run: Callable[[Any, bool], None] | None = None

    def run_properties(self, run: ShapedRun, font) -> str:
        """The span's properties for a run, as PDF (``/ActualText <...>``); "" for no span."""
        return ""

    def _textOut(self, text, TStar=0):  # reliance: a paragraph's every line ends with _textOut(..., 1)
        """A line's last text; where the line ends between two words, a space glyph after it, so
        text read in drawing order (the structure tree, a screen reader, copying) has a word boundary
        there (ReportLab draws none: its lines' spaces are the gaps it leaves between words). It is
        drawn after the line's last glyph and moves nothing, as the line's next T* starts afresh."""
        if self.before_run is not None:
            self.before_run(self, bool(TStar))
        ends = self.line_ends
        if TStar and ends is not None and next(ends, False) and not text.endswith(" "):
            if text:
                super()._textOut(text)
            text = " "
        super()._textOut(text, TStar)

    @property
    def canvas(self):
        return self._canvas

    def add_operators(self, code: str) -> None:
        """Operators drawn here, between two runs (marked content may sit inside BT/ET)."""
        self._code.append(code)

    def _formatText(self, text):  # reliance: ReportLab formats every run it draws here, as PDF
        if not isinstance(text, ShapedRun) or not text.strip():
            return super()._formatText(text)
        # The spaces after a word (the line's word spacing) are drawn after its span: a reader
        # then takes a right-to-left word's text as right to left.
        end = len(text.rstrip(" "))
        word = text[:end] if end < len(text) else text
        properties = self.run_properties(word, pdfmetrics.getFont(self._fontname))
        if not properties:
            return super()._formatText(text)
        drawn = f"/Span <<{properties}>> BDC {super()._formatText(word)} EMC"
        return f"{drawn} {super()._formatText(text[end:])}" if end < len(text) else drawn

    def setRise(self, rise):
        value = f"{fp_str(rise)} Ts"
        if self._code and self._code[-1].endswith(" Ts"):
            self._y += self._rise
            self._code[-1] = value
        else:
            self._code.append(value)
        self._rise = rise
        self._y -= rise


def digest(data: bytes) -> str:
    """The name ReportLab gives an image or drawing by its bytes (lib.utils._digester)."""
    return _digester(data)


# ---------------------------------------------------------------- frames, flowables, documents


def frame_used(frame) -> float:
    """How much of a frame is filled, 0 to 1."""
    top = frame._y2 - frame._topPadding
    return (top - frame._y) / max(1.0, top - frame._y1p)


def frame_at_top(frame) -> bool:
    return bool(frame._atTop)


def frame_capacity(frame) -> float:
    """The height a frame holds when empty (inside its paddings)."""
    return frame._height - frame._topPadding - frame._bottomPadding


def frame_room(frame) -> float:
    """The height left below what a frame holds."""
    return max(0.0, frame._y - frame._y1p)


def frame_height(frame) -> float:
    return frame._y2 - frame._y1


def frame_size(frame) -> tuple[float, float]:
    """A frame's inner width and height."""
    return frame._width, frame._height


def frame_of(flowable):
    """The frame a flowable was last laid out in (ReportLab notes it), or None."""
    return getattr(flowable, "_frame", None)


def set_frame_of(flowable, frame) -> None:
    flowable._frame = frame


def postponed(flowable) -> bool:
    """Whether ReportLab has moved this flowable on once already for lack of room."""
    return bool(getattr(flowable, "_postponed", False))


def record_edits(doc, record: Callable) -> None:
    """What a layout changes on the flowables it lays out, recorded as (undo, *args) for ``record``
    (as ReportLab's multiBuild does between its passes)."""
    doc._multiBuildEdits = record


def doc_template(canvas):
    """The document template drawing on ``canvas`` (None: not drawn by a document template)."""
    return getattr(canvas, "_doctemplate", None)


def end_build_unsaved(doc, end_build: Callable[[], None]) -> None:
    """ReportLab's end of a build (``end_build``, the base class's) without writing the file:
    the caller adds to the outline and saves."""
    doc._doSave = 0
    end_build()


class MeasuredTable(Table):
    """A table measured once for each room it is offered, and whose cells can be checked as
    drawn without drawing them.

    ReportLab measures a table again each time it is asked (by a frame, a keep, each of a
    tri-fold's trials), wrapping every cell each time: about a twelfth of a batch's time. The
    measure depends on the width offered only for columns given as percentages (ours are given in
    points), and on the height offered only when a cell spans rows: ReportLab then stops
    measuring rows once they pass it. A measure taken in full, no taller than the room now
    offered, is what measuring again would give. Drawing wraps each cell again itself."""

    def _calc(self, availWidth, availHeight):
        done = self.__dict__.get("_measured")
        if (
            done
            and (done[0] == availWidth or all(isinstance(w, (int, float)) for w in self._argW))
            and (done[1] == availHeight or done[2] and self._height <= availHeight)
        ):
            return
        super()._calc(availWidth, availHeight)
        self._measured = (availWidth, availHeight, self._hmax == self._nrows)

    def cells_wrapped(self) -> Iterator[list]:
        """Each cell's flowables, wrapped as ReportLab's _drawCell wraps them (needs ``self.canv``)."""
        from reportlab.platypus import Flowable

        for row in range(self._nrows):
            for col in range(self._ncols):
                value = self._cellvalues[row][col]
                if isinstance(value, Flowable):
                    value = [value]
                if not isinstance(value, (list, tuple)) or not value:
                    continue
                if self._spanCmds:
                    rect = self._spanRects[col, row]
                    if rect is None:  # hidden under a span
                        continue
                    width, height = rect[2], rect[3]
                else:
                    width, height = self._colWidths[col], self._rowHeights[row]
                self._listCellGeom(value, width, self._cellStyles[row][col], aH=height)
                yield list(value)


# ---------------------------------------------------------------- the canvas and the file


def pdf_document(canvas):
    """The PDF document a canvas writes into (pdfdoc.PDFDocument)."""
    return canvas._doc


def initial_font_name(canvas) -> str:
    return canvas._initialFontName


def page_state(canvas) -> dict:
    """Everything a canvas holds of the page being drawn: to keep the page back and write it later."""
    return dict(canvas.__dict__)


def restore_page(canvas, state: dict) -> None:
    canvas.__dict__.update(state)


def start_page(canvas) -> None:
    """A new, empty page on the canvas, the one drawn so far kept nowhere (see page_state)."""
    canvas._startPage()


def page_code(state: dict) -> list[str]:
    """The content stream of a page kept by page_state, as lines."""
    return state["_code"]


def set_boxes(canvas, trim_box, bleed_box) -> None:
    """TrimBox and BleedBox of every page (None: not written)."""
    canvas._trimBox, canvas._bleedBox = trim_box, bleed_box


def set_media_size(canvas, size: tuple[float, float]) -> None:
    """The page's MediaBox, as it is (the canvas's setPageSize may be overridden)."""
    canvas._pagesize = size


def set_file_id(canvas, ident: bytes) -> None:
    """The document ID in the file's trailer (both halves)."""
    text = PDFText(ident, enc="raw").format(DummyDoc())
    canvas._doc._ID = b"\n[" + text + text + b"]\n"


def new_sheet(code: list[str]) -> dict:
    """A page made of other pages (imposition): its code so far, and no resources yet."""
    return {
        "_code": list(code),
        "_formsinuse": [],
        "_annotationrefs": [],
        "_colorsUsed": {},
        "_shadingUsed": {},
        "_extgstate": ExtGState(),
    }


def place_on_sheet(sheet: dict, page: dict, before: list[str], after: list[str]) -> None:
    """A kept page's code added to a sheet between ``before`` and ``after``, with its resources.

    A page's graphics states (overprint, say) are added to the sheet's, its code renamed to
    match: each page numbers its own states from gRLs0, so two pages on a sheet would clash."""
    states, own = sheet["_extgstate"]._c, page["_extgstate"]._c
    renames = {name: states.setdefault(setting, f"gRLs{len(states)}") for setting, name in own.items()}
    code = page["_code"]
    if any(old != new for old, new in renames.items()):
        pattern = re.compile(r"/(gRLs\d+) gs")
        code = [pattern.sub(lambda m: f"/{renames.get(m.group(1), m.group(1))} gs", line) for line in code]
    sheet["_code"] += [*before, *code, *after]
    sheet["_formsinuse"] += [f for f in page["_formsinuse"] if f not in sheet["_formsinuse"]]
    sheet["_annotationrefs"] += page["_annotationrefs"]
    sheet["_colorsUsed"].update(page["_colorsUsed"])
    sheet["_shadingUsed"].update(page["_shadingUsed"])


class TabbedPages(Canvas):
    """A canvas whose every page with annotations (links, form fields) moves between them in the
    order of the structure tree, not of their rectangles: /Tabs /S (PDF/UA-1, 7.18.3)."""

    def _setAnnotations(self, page):  # reliance: showPage hands each new page object here
        super()._setAnnotations(page)
        if page.Annots:
            page.__NoDefault__ = [*page.__NoDefault__, "Tabs"]  # ReportLab writes only the keys it lists
            page.Tabs = PDFName("S")


def document_language(doc) -> str | None:
    """The language ReportLab writes as the catalog's /Lang (the canvas's ``lang``), or None."""
    lang = doc.Catalog.Lang
    return None if lang is None else lang.s


def set_pdf_version(doc, version: tuple[int, int]) -> None:
    doc._pdfVersion = version


def set_creation_date(doc, date) -> None:
    """The creation and modification dates ReportLab writes (invariant mode writes 2000-01-01)."""
    doc._timeStamp = SimpleNamespace(YMDhms=(date.year, date.month, date.day, 0, 0, 0), dhh=0, dmm=0)


def add_annotation(canvas, obj) -> None:
    """An annotation (a form field's widget) on the page being drawn."""
    canvas._addAnnotation(obj)


def font_program(face) -> bytes:
    """A TrueType face's whole file, as ReportLab read it (embedded whole in a form's fields)."""
    return face._ttf_data


def last_annotation(canvas) -> Any:
    """The object of the annotation added last to the page being drawn."""
    ref = canvas._annotationrefs[-1]
    return canvas._doc.idToObject.get(ref.name)


def take_soft_mask(image):
    """An image XObject's transparency mask (None if it has none), taken off it: ReportLab would
    write it again with every copy of the image."""
    smask = getattr(image, "_smask", None)
    if smask is not None:
        del image._smask
    return smask


# ---------------------------------------------------------------- tagging (layout/tagging.py)


def pages_written(doc) -> list:
    """The document's page objects (pdfdoc.PDFPage), in order, once the canvas has shown them."""
    return list(doc.Pages.pages)


def object_number(doc, obj) -> int:
    """The object number ``obj`` has in the file: registered now if it was not (ReportLab numbers
    objects as they are registered, and writes them in that order)."""
    return doc.idToObjectNumberAndVersion[doc.Reference(obj).name][0]


def last_annotation_number(canvas) -> int:
    """The object number of the annotation added last to the page being drawn."""
    return canvas._doc.idToObjectNumberAndVersion[canvas._annotationrefs[-1].name][0]


def set_page_entry(page, key: str, value: Any) -> None:
    """An entry of a page's dictionary ReportLab does not write by itself (it writes the keys
    listed in the class's ``__NoDefault__``)."""
    if key not in page.__NoDefault__:
        page.__NoDefault__ = [*page.__NoDefault__, key]
    setattr(page, key, value)


def row_after_split(table, height: float) -> tuple[float, float]:
    """The height of the first row of a measured ``table`` that ``height`` cannot hold (0 if it
    holds them all) and of its repeated header rows."""
    rows = table._rowHeights
    first = table._getFirstPossibleSplitRowPosition(height)
    header = sum(rows[: table.repeatRows]) if isinstance(table.repeatRows, int) else 0.0
    return (rows[first] if first < len(rows) else 0.0), header


def split_inside_row(table, height: float) -> list:
    """ReportLab's split of ``table`` inside the first row ``height`` cannot hold, even where it
    could split between rows ([] where it cannot)."""
    return table._splitRows(height, doInRowSplit=1)


def table_size(table) -> tuple[int, int]:
    """A table's rows and columns, as given (before it is measured)."""
    rows = table._cellvalues
    return len(rows), len(rows[0]) if rows else 0


@contextmanager
def without_bullet(para) -> Iterator[None]:
    """A list item's paragraph drawn without its bullet, its lines where ReportLab sets them beside
    it: ReportLab moves the first line over when the bullet ("10.") reaches past the indent
    (drawPara and _drawBullet). Right to left, the bullet moves nothing."""
    style, bullet = para.style, para.bulletText
    kept = para.__dict__.get("_offsets")
    offsets = None
    if style.wordWrap != "RTL":
        from reportlab.pdfbase.pdfmetrics import stringWidth

        base = list(kept or [0])
        end = (
            style.bulletIndent
            + stringWidth(bullet, style.bulletFontName, style.bulletFontSize)
            + style.bulletFontSize * 0.6
            - style.leftIndent
        )
        if end > style.firstLineIndent + base[0]:
            count = max(1, len(para.blPara.lines))
            base += [base[-1]] * (count - len(base))
            offsets = [end - style.firstLineIndent] + base[1:count]
    para.bulletText = None
    if offsets is not None:
        para._offsets = offsets
    try:
        yield
    finally:
        para.bulletText = bullet
        if offsets is not None:
            if kept is None:
                del para._offsets
            else:
                para._offsets = kept


def draw_bullet(para) -> None:
    """A list item's bullet where ReportLab's drawPara puts it (its own _drawBullet), on its own;
    inside the paragraph's own saveState (Flowable.drawOn), so its font and colour go no further."""
    from reportlab.rl_config import paraFontSizeHeightOffset

    lines, style = para.blPara, para.style
    first = lines if lines.kind == 0 else lines.lines[0]
    top = para.height - (first.fontSize if paraFontSizeHeightOffset else getattr(first, "ascent", first.fontSize))
    offset = style.firstLineIndent + (getattr(para, "_offsets", None) or [0])[0]
    rl_paragraph._drawBullet(
        para.canv, offset, top, para.bulletText, style, rtl=style.wordWrap == "RTL" and para._wrapWidths
    )
