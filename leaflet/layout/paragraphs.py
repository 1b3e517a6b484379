"""Paragraphs that parse their markup and break their lines once per process, and that watch the
typesetter's rules as they are drawn.

A batch sets the same words in the same styles leaflet after leaflet, and tables, lists and
keep-together blocks measure one paragraph several times at one width; plain ReportLab parses and
breaks lines afresh every time (a third of a warm build). Line breaking marks the fragments it
reads (so a second break of the same fragments can differ in trailing spaces); every paragraph
therefore gets fresh copies, and each (markup, style, width) is broken once, from fresh copies.
Splitting lines between pages changes them too (see Para.split): only for the leaflet being made. A
PDF then depends on its inputs only: tests/test_build.py checks that it is the one a fresh process
makes, whatever was built before it.

Widows and orphans are the styles' business (``allowWidows=0``, ``allowOrphans=0``: a split leaves
two lines at least on each side). What a paragraph cannot avoid, it reports as it is drawn (see
report.py): a single line left alone by a split, text under the build's minimum size, or a phone
number, email address or link broken because a line is shorter than the whole word.
"""

from __future__ import annotations

import html
import random
import re
from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from ..text.markup import unbreakable
from ..text.scripts import COMPLEX
from . import report, shaping, tagging
from . import reportlab_private as rl
from .print_canvas import overprinting, prints_black

KEPT = 2048  # paragraphs (and widths) remembered, about 8 KiB each: at most ~17 MiB, however long the batch
_WRAPPED = ("width", "height", "blPara", "_wrapWidths")  # what Paragraph.wrap sets
_TAG = re.compile(r"<[^<>]*>")  # not [^>]*: on "<<<<..." that rescans to the end from every "<"
_SPACES = re.compile(f"[{re.escape(''.join(sorted(rl.WORD_SPACES)))}]+")  # where lines may break


class Store:
    """At most ``size`` entries; when full, a new one replaces an entry chosen at random.

    Forgetting the oldest (a least-recently-used cache) finds nothing at all in a leaflet, or a
    batch, with more paragraphs than the store holds: it goes round them in the same order every
    time, so each is forgotten just before it is needed again, and a warm build became slower than
    new text. Forgetting at random keeps most of them. Which entries are kept never changes a PDF.
    """

    def __init__(self, size: int):
        self.size = size
        self._entries: dict = {}
        self._keys: list = []
        self._chance = random.Random(0)

    def get(self, key):
        return self._entries.get(key)

    def put(self, key, value) -> None:
        if key in self._entries:
            self._entries[key] = value
            return
        if len(self._keys) >= self.size:
            slot = self._chance.randrange(self.size)
            del self._entries[self._keys[slot]]
            self._keys[slot] = key
        else:
            self._keys.append(key)
        self._entries[key] = value

    def clear(self) -> None:
        self._entries.clear()
        self._keys.clear()

    def __len__(self) -> int:
        return len(self._entries)


# (markup, style) -> (style, fragments as parsed, words no line may break). Styles come from
# make_styles' cache, so one style object recurs across leaflets; the key keeps it alive, so its
# identity stays unique.
parsed = Store(KEPT)
# (markup, style, width) -> what Paragraph.wrap set: the line breaks at that width.
wrapped = Store(KEPT)
# The stored lines that a split in the build being made has changed (see Para.split): for the rest
# of that build only. Builds in one process take turns.
_split_this_build: dict = {}


def new_build() -> None:
    """A new leaflet is being laid out: it starts from the lines as broken, as a fresh process would."""
    _split_this_build.clear()


def _own_words(lines: dict) -> dict:
    """A copy of stored lines whose words (the fragments a split changes) are its own."""
    para = lines["blPara"]
    return dict(
        lines, blPara=para.clone(lines=[line.clone(words=[word.clone() for word in line.words]) for line in para.lines])
    )


def _parse(markup: str, style: ParagraphStyle) -> tuple[ParagraphStyle, tuple, tuple[str, ...]]:
    """The style and fragments ReportLab's parser gives, and the words no line may break. Text
    that needs shaping or runs right to left is prepared for it (shaping.py)."""
    paragraph = Paragraph(markup, style)
    plain = html.unescape(_TAG.sub("", markup))
    words = tuple(unbreakable(plain))
    style, frags = _for_script(paragraph.style, paragraph.frags, plain)
    return style, tuple(frags), words


def _for_script(style: ParagraphStyle, frags: list, plain: str) -> tuple[ParagraphStyle, list]:
    """Fragments prepared for shaping and bidi where the style or the text needs it. A paragraph of
    a right-to-left leaflet with no right-to-left letter in it (a cited English title, an address)
    is set left to right."""
    rtl = style.wordWrap == "RTL"
    if getattr(style, "ink_above", 0.0) and not COMPLEX.search(plain):
        style = _without_climbing(style)
    if style.shaping or rtl or shaping.needs_bidi(plain):
        return _shaped(style), shaping.prepare(frags, 1 if rtl and shaping.needs_bidi(plain) else 0, rtl)
    return style, frags


@lru_cache(maxsize=256)
def _without_climbing(style: ParagraphStyle) -> ParagraphStyle:
    """The style for a paragraph with none of a tall script's letters (an address, an English
    title): the line spacing the script's own would have had but for its ascent and descent."""
    return style.clone(f"{style.name}-latin", leading=style.latin_leading, ink_above=0.0)


@lru_cache(maxsize=256)
def _shaped(style: ParagraphStyle) -> ParagraphStyle:
    """The style with ReportLab's shaping on (one object per style, for the paragraph stores)."""
    return style if style.shaping else style.clone(f"{style.name}-shaped", shaping=1)


def line_words(lines, kind: int) -> set[str]:
    """Every word set on the lines of a broken paragraph (no-break spaces stay inside words);
    shaped text is read as typed, not as glyphs."""
    if kind == 0:
        return {w.strip(".,;:!?)(") for line in lines for w in line[1]}
    return {w.strip(".,;:!?)(") for line in lines for w in _typed(line.words).split(" ")}


def _typed(frags) -> str:
    """A line's text as typed: a shaped word's pieces (in visual order) read in their own order."""
    out: list[str] = []
    pieces: list = []
    word = None

    def flush() -> None:
        if pieces:
            out.append("".join(f._logical for f in sorted(pieces, key=lambda f: f._bidi[0])))
            if getattr(pieces[-1], "text", "").endswith(" ") or any(f.text.endswith(" ") for f in pieces):
                out.append(" ")
            pieces.clear()

    for f in frags:
        tag = getattr(f, "_word", None)
        if tag != word:
            flush()
            word = tag
        if tag is None:
            out.append(getattr(f, "text", ""))
        else:
            pieces.append(f)
    flush()
    return "".join(out)


def _link_targets(lines):
    """Per run ReportLab draws of ``lines`` (per ``_textOut``: each text fragment, and a line's
    closing callback), the contents of the link it is part of (tagging.link_contents), or None."""
    target = None
    for line in lines:
        words = line.words
        for f in words:
            if hasattr(f, "cbDefn"):
                if f is words[-1]:
                    yield target  # the line's last _textOut, drawing nothing
                continue
            links = [href for _, href in f.link if not href.startswith("#")]
            target = tagging.link_contents(links[-1]) if links else None
            yield target


class Para(Paragraph):
    """A paragraph of our markup in one of our styles, whose parse and line breaks are shared.

    The style must come from make_styles (never a clone made while laying out): a new style object
    per leaflet would miss the stores every time and crowd out the entries that do recur.
    """

    _piece = False  # one part of a paragraph split between pages or columns
    _climbs = False  # has letters of a script that may climb above one font size (see drawOn)
    _whole: tuple[str, ...] = ()  # phone numbers, emails and links: each must sit on one line
    # Its structure (tagging.py): a role ("P", "H1"...; None: an artifact, as a "(continued)"
    # heading), whether it opens a section, and the list it is an item of. Its parts after a split
    # share its ``tag_key``, so they stay one element.
    tag_role: str | None = "P"
    tag_section = False
    list_key: object | None = None
    tag_key = None
    _tags: tuple | None = None  # while drawn: what tagging.begin_paragraph gave
    _continues = False  # the first part of a paragraph split between pages or columns
    _words: tuple[frozenset[str], str] | None = None  # its text's words, as typed (_text_words)
    _ends = None  # while its lines are drawn: line_ends, as an iterator
    _marking = None  # while its lines are drawn as marked content: (tagger, its element)

    def __init__(self, text, style, bulletText=None, frags=None, **kw):
        self._source = None
        if frags is None and not bulletText:  # ReportLab's own splits pass their fragments in
            self._source = (text, style)
            found = parsed.get(self._source)
            if found is None:
                found = _parse(text, style)
                parsed.put(self._source, found)
            style, self._pristine, self._whole = found
            frags = [frag.clone() for frag in self._pristine]  # line breaking marks the fragments it reads
        elif frags is None:
            self._whole = tuple(unbreakable(html.unescape(_TAG.sub("", text))))
        super().__init__(text, style, bulletText, frags, **kw)
        self._climbs = bool(getattr(self.style, "ink_above", 0.0) and COMPLEX.search(text or ""))
        if frags is None and bulletText:  # parsed by ReportLab just now: prepare it here
            self.style, self.frags = _for_script(self.style, self.frags, html.unescape(_TAG.sub("", text)))
            self._parsed, self._layout = [frag.clone() for frag in self.frags], None

    def _restart(self) -> None:
        """A paragraph ReportLab breaks itself (a numbered item) marks its fragments as it breaks
        them; laid out again in another document (a tri-fold's trials and its real layout share
        their flowables), it starts again from its fragments as parsed, as a new paragraph would."""
        if hasattr(self, "_parsed"):
            layout = rl.doc_template(getattr(self, "canv", None))
            if layout is not self._layout:
                self.frags, self._layout = [frag.clone() for frag in self._parsed], layout
                self.__dict__.pop("blPara", None)  # broken in the other layout

    def beginText(self, x, y):
        text = shaping.TextObject(self.canv, x, y)
        text.line_ends = self._ends
        if self._marking is not None:
            text.before_run = self._link_words(*self._marking)
        return text

    def _link_words(self, tagger, element):
        """Its links' words as content of their Link elements (tagging.LinkWords), if it has links."""
        lines = getattr(self, "blPara", None)  # as drawn: in visual order
        if (
            lines is None
            or lines.kind != 1
            or not any(getattr(f, "link", None) for line in lines.lines for f in line.words)
        ):
            return None
        return tagging.LinkWords(tagger, element, _link_targets(lines.lines), self.style.wordWrap == "RTL")

    def line_ends(self, lines) -> list[bool]:
        """Per line of this part (broken as ``lines``), whether a space is drawn at its end: every
        line but the paragraph's last, unless it ends inside a word (a link's address or a long word
        split over lines, a word broken after its hyphen). Text without spaces between words (CJK)
        gets none."""
        if self.style.wordWrap == "CJK":
            return []
        if lines.kind == 0:
            texts = [" ".join(words) for _, words in lines.lines]
            forced: list[bool] = [False] * len(texts)
            links: list[list] = [[] for _ in texts]
        else:
            texts = [_typed(line.words) for line in lines.lines]
            forced = [any(getattr(f, "lineBreak", False) for f in line.words) for line in lines.lines]
            links = [[getattr(f, "link", None) for f in line.words if getattr(f, "text", "")] for line in lines.lines]
        ends = []
        for n, (this, after) in enumerate(zip(texts, texts[1:], strict=False)):
            if links[n] and links[n + 1] and links[n][-1] and links[n][-1] == links[n + 1][0]:
                ends.append(False)  # a link's address, broken over lines (at a '/': sources_block)
            elif forced[n]:
                ends.append(True)  # a <br/> between words ("Read on ... at:", then the address)
            else:
                last, first = this.rsplit(None, 1)[-1:], after.split(None, 1)[:1]
                ends.append(not (last and first and self._inside_word(last[0], first[0])))
        if texts:
            ends.append(self._continues)
        return ends

    def _inside_word(self, last: str, first: str) -> bool:
        """Whether ``last`` + ``first`` are the two ends of one word of the paragraph's text: not
        when both are words of it (most lines), else when their join is part of one of its words."""
        words, plain = self._text_words()
        if last in words and first in words:
            return False
        bare = last.rstrip("-\u00ad\u2010") + first  # a hyphen drawn where a word was broken
        return (last + first).replace("\u00ad", "") in plain or bare in plain

    def _text_words(self) -> tuple[frozenset[str], str]:
        """The words of the paragraph's text, and the text with one space between words."""
        if self._words is None:
            markup = self._source[0] if self._source is not None else getattr(self, "text", "")
            words = _SPACES.split(html.unescape(_TAG.sub("", markup or "")).replace("\u00ad", ""))
            self._words = frozenset(words), " ".join(words)
        return self._words

    def drawPara(self, debug=0):
        """The paragraph as marked content of its element; a list item's bullet apart, as its label."""
        tags = self._tags
        if tags is None or tags[0] is None:
            return self._draw_lines(debug)
        body, label, _ = tags
        bullet = self.bulletText if label is not None else None
        if bullet and tagging.label_apart(self):
            # the label first, so text read in drawing order (copying, pypdf) gives "1. Source"
            self._draw_marked(label, debug, tagging.draw_bullet)
            with tagging.without_bullet(self):
                self._draw_marked(body, debug)
        else:
            self._draw_marked(body, debug)

    def _draw_marked(self, element, debug, draw=None):
        """Draw (the lines, or ``draw(self)``) as marked content of ``element``."""
        tagger, canvas = self.canv.tagger, self.canv
        opened = tagger.begin_marked(canvas, element)
        try:
            if draw is None:
                self._marking = (tagger, element) if opened else None
                self._draw_lines(debug)
            else:
                draw(self)
        finally:
            self._marking = None
            tagger._unlinked.clear()  # each found its annotations as its lines were drawn
            if opened:
                tagger.end_marked(canvas)

    def _draw_lines(self, debug=0):
        """Lines with shaped or right-to-left words are drawn with their words in visual order;
        a space ends each line that ends between words (line_ends)."""
        lines = getattr(self, "blPara", None)
        self._ends = None if lines is None else iter(self.line_ends(lines))
        try:
            if lines is None or lines.kind != 1 or not self.style.shaping:
                return super().drawPara(debug)
            self.blPara = shaping.visual_lines(lines, self.style.wordWrap == "RTL")
            try:
                return super().drawPara(debug)
            finally:
                self.blPara = lines
        finally:
            self._ends = None

    def wrap(self, availWidth, availHeight):
        if self._source is None or availWidth <= 0:
            self._restart()
            return super().wrap(availWidth, availHeight)
        key = (*self._source, availWidth)
        lines = _split_this_build.get(key) or wrapped.get(key)
        if lines is None:  # broken once per width, always from fresh fragments
            fresh = Para(self._source[0], self.style, frags=[frag.clone() for frag in self._pristine])
            Paragraph.wrap(fresh, availWidth, 0)  # the height never depends on the height available
            lines = {name: fresh.__dict__[name] for name in _WRAPPED}
            if fresh.style.shaping:  # the shaped words, so a split at a page foot never shapes twice
                lines["frags"] = list(fresh.frags)
            wrapped.put(key, lines)
        self.__dict__.update(lines)
        if "frags" in lines:
            self.frags = list(lines["frags"])
        self._stored = key, lines
        return self.width, self.height

    def broken(self) -> list[str]:
        """The phone numbers, emails and links this paragraph, as wrapped, breaks across lines."""
        if not self._whole or not hasattr(self, "blPara"):
            return []
        words = line_words(self.blPara.lines, self.blPara.kind)
        return [w for w in self._whole if w not in words]

    def broken_runs(self) -> list[str]:
        """The left-to-right runs with a number in them (right-to-left text only) that this
        paragraph, as wrapped, breaks across lines: "NHS" at the end of one line, "111" at the
        start of the next."""
        lines = getattr(self, "blPara", None)
        if lines is None or lines.kind != 1:
            return []
        found: dict = {}
        for number, line in enumerate(lines.lines):
            for frag in line.words:
                run = getattr(frag, "_isolate", None)
                if run:
                    found.setdefault(run, set()).add(number)
        return [text for (_, text), numbers in found.items() if len(numbers) > 1]

    def split(self, availWidth, availHeight):
        self._restart()
        if not hasattr(self, "blPara"):
            self.wrap(availWidth, availHeight)
        broken = self.broken()
        stored = getattr(self, "_stored", None)
        if (
            stored
            and stored[1]["blPara"] is self.blPara
            and self.blPara.kind == 1
            and stored[0] not in _split_this_build
        ):
            # ReportLab's split adds a space to the last word of each line it splits off, in the
            # lines themselves. As in a fresh process, they stay so for the rest of this build;
            # the store keeps the lines as broken for the next.
            wrapped.put(stored[0], _own_words(stored[1]))
            _split_this_build[stored[0]] = stored[1]
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            for part in parts:
                part._piece, part._whole, part._climbs = True, (), self._climbs
            parts[0]._broken_before = broken  # reported once, where the paragraph starts
            parts[0]._continues = True
            for part in parts:
                part._words = self._text_words()
            parts[1].bulletText = None  # a list item's bullet marks its first line only
            for part in parts:
                part.tag_role, part.list_key = self.tag_role, self.list_key
                part.tag_key = self.tag_key or self
            parts[0].tag_section = self.tag_section
            if "spaceAfter" in self.__dict__:
                parts[1].spaceAfter = self.spaceAfter
        return parts

    def drawOn(self, canvas, x, y, _sW=0):
        found = report.report_of(canvas)
        if found is not None:
            self._check(canvas, found)
            if hasattr(self, "outline_title") or hasattr(self, "section_index"):
                rl.doc_template(canvas).heading_drawn(self, canvas, x, y + self.height)
            if report.trial(canvas):
                return
        # ReportLab sets a paragraph's first baseline one font size under its top: a script that
        # climbs higher (Nastaliq) is set lower by the difference, into the room its leading gives
        # under the last line, so its letters stay inside the box (clear of rules and the line above).
        # Latin words alone (the clinic's name in the band) stay where they are.
        if getattr(self.style, "ink_above", 0.0) and self._climbs:
            y -= self.style.ink_above * self.style.fontSize
        self._tags = tags = tagging.begin_paragraph(canvas, self)
        try:
            if getattr(canvas, "overprint_black", False) and prints_black(self.style.textColor):
                with overprinting(canvas):
                    super().drawOn(canvas, x, y, _sW)
            else:
                super().drawOn(canvas, x, y, _sW)
        finally:
            self._tags = None
            tagging.end_paragraph(canvas, tags)

    def _check(self, canvas, found: report.LayoutReport) -> None:
        size = min(self.style.fontSize, self.style.bulletFontSize if self.bulletText else self.style.fontSize)
        if size < found.min_size - 0.01:
            report.note(
                canvas,
                report.SMALL_TEXT,
                f'text at {size:g} pt, under the minimum {found.min_size:g} pt: "{self._start()}"',
            )
        if self._piece and len(self.blPara.lines) == 1:
            report.note(canvas, report.LONE_LINE, f'a single line of a paragraph alone on the page: "{self._start()}"')
        for word in getattr(self, "_broken_before", None) or self.broken():
            report.note(canvas, report.BROKEN_CONTACT, f"'{word}' is broken across lines")
        for run in self.broken_runs():
            report.note(
                canvas,
                report.BROKEN_RUN,
                f"'{run}' reads left to right and is broken across lines of right-to-left text",
            )
        wider = self.wider_than_measured()
        if wider > 0.05:
            report.note(
                canvas,
                report.WIDE_LINE,
                f"a line is drawn {wider:.2f} pt wider than measured, past "
                f'its margin (or nearer a fold): "{self._start()}"',
            )

    def wider_than_measured(self) -> float:
        """How much wider than measured its widest line is drawn, in points: words put in visual
        order (right-to-left or shaped text) must take the room they were measured in, or a line
        set to the right margin runs past it, into a tri-fold's fold or off the page."""
        lines = getattr(self, "blPara", None)
        if lines is None or lines.kind != 1 or not self.style.shaping:
            return 0.0

        def width(words) -> float:
            return sum(
                stringWidth(f.text, f.fontName, f.fontSize)
                for f in words
                if getattr(f, "text", "") and not hasattr(f, "cbDefn")
            )

        drawn = shaping.visual_lines(lines, self.style.wordWrap == "RTL")
        pairs = zip(lines.lines, drawn.lines, strict=True)
        return max((width(shown.words) - width(line.words) for line, shown in pairs), default=0.0)

    def _start(self) -> str:
        """The paragraph's first words as typed, to name it in a note: shaped words are glyph
        codes (private-use characters) once their lines are broken, so they are read back as the
        letters they were shaped from."""
        lines = getattr(self, "blPara", None)
        if lines is not None and lines.kind == 1 and self.style.shaping:
            text = " ".join(_typed(line.words) for line in lines.lines)
        else:
            text = self.getPlainText()
        return " ".join(text.split()[:8])
