"""Text in scripts that join, stack or run right to left: OpenType shaping with HarfBuzz
(``reportlab[shaping]``) and the Unicode bidirectional algorithm (python-bidi), per laid-out line.

ReportLab shapes each word as one run in one font, guessing its direction, and its own bidi path
needs ``rlbidi``, which cannot be installed here. So a paragraph with such text goes through three
steps instead:

1. ``prepare`` (once per paragraph, before line breaking): the Unicode bidi algorithm resolves the
   level of every character over the whole paragraph (python-bidi's reference implementation, with
   every left-to-right run of right-to-left text an isolate: see ``levels``);
   the fragments are cut so that each piece of a word has one font and one level, and tagged with
   its word, its level, the word's level and that of the space before it.
2. ``shape_word`` (ReportLab's word shaping, for tagged words and words that mix fonts): each
   piece is shaped by HarfBuzz on its own, in its own direction (odd levels right to left, which
   also mirrors brackets). Numbers and Latin runs inside Arabic text keep their order; widths are
   the shaped ones, so lines break right.
3. ``visual_lines`` (as a paragraph is drawn): the pieces of each laid-out line go into visual
   order by the algorithm's rule L2, from their levels and the levels of the spaces between words:
   the order UAX #9 gives character by character, since every piece has one level.

What the glyphs say: each shaped glyph is drawn with a code for its glyph and the letters of its
cluster (reportlab_private.ShapedFont.code_for), which the PDF's ToUnicode map gives back; a run
whose glyphs do not read back in order is marked with its text (/ActualText) by TextObject, and a
Latin run in a leaflet of another script with its language (/Lang). See docs/accessibility.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics, ttfonts

from ..text.scripts import RTL, isolated_runs, script_of
from . import reportlab_private as rl

_SPACES = rl.WORD_SPACES
_ISOLATE = "\ufffc"  # an "other neutral": how the text around an isolate sees it (rule X5a, BD8)


def levels(text: str, base: int) -> list[int]:
    """The resolved bidi level of every character of a paragraph (rules P to I of UAX #9).

    In right-to-left text every run that reads left to right (text.scripts.isolated_runs) is a
    left-to-right isolate, as if between U+2066 and U+2069: the text around it sees one neutral
    character, and the run is resolved on its own at the next even level. python-bidi's reference
    implementation predates isolates (its Rust one has them but gives no levels), so they are
    applied here: "+44 117 496 0000" prints whole, not "44 117 496 0000+", and "12 Quay Street"
    in its own order."""
    runs = isolated_runs(text) if base % 2 else []
    if not runs:
        return _resolved(text, base)
    outside, start = [], 0
    for begin, end in runs:
        outside += [text[start:begin], _ISOLATE]
        start = end
    outside.append(text[start:])
    outer = _resolved("".join(outside), base)
    result, start, at = [], 0, 0
    for begin, end in runs:
        result += outer[at : at + begin - start]
        at += begin - start + 1
        result += [level + base + 1 for level in _resolved(text[begin:end], 0)]
        start = end
    result += outer[at:]
    return result


def _resolved(text: str, base: int) -> list[int]:
    from bidi import algorithm as uba

    storage = uba.get_empty_storage()
    storage["base_level"], storage["base_dir"] = base, ("L", "R")[base]
    uba.get_embedding_levels(text, storage)
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    # Rule X9 removed the joiners (ZWJ, ZWNJ: class BN) that Persian, Urdu and Indic words are
    # spelled with: each takes the level of the character before it, so there is one level a character.
    kept, resolved = iter(storage["chars"]), []
    following = next(kept, None)
    for ch in text:
        if following is not None and following["ch"] == ch:
            resolved.append(following["level"])
            following = next(kept, None)
        else:
            resolved.append(resolved[-1] if resolved else base)
    _pair_brackets(text, resolved)
    return resolved


_OPENING = {")": "(", "]": "[", "}": "{"}


def _pair_brackets(text: str, resolved: list[int]) -> None:
    """A closing bracket at its opening bracket's level: a short form of rule N0 (bracket pairs),
    which python-bidi's implementation predates, so "C [1]" in Arabic text stays one run."""
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in "([{":
            stack.append((ch, i))
            if len(stack) > 63:  # as UAX #9's BD16: give up on deeper nesting
                stack.clear()
        elif ch in _OPENING:
            while stack and stack[-1][0] != _OPENING[ch]:
                stack.pop()
            if stack:
                resolved[i] = resolved[stack.pop()[1]]


def needs_bidi(text: str) -> bool:
    return RTL.search(text) is not None


def prepare(frags: list, base: int, rtl: bool = False) -> list:
    """The paragraph's fragments cut into pieces of one word, font and level each, tagged (see
    above). ``rtl``: the paragraph is in a right-to-left leaflet (``base`` 0 if it has no
    right-to-left letter)."""
    text_frags = [f for f in frags if _is_text(f)]
    text = "".join(f.text for f in text_frags)
    if not text:
        return frags
    if base % 2:
        frags, text = _join_numbers(frags, text)
    level = levels(text, base)
    out: list = []
    position, word, space_level = 0, 0, base
    in_word = False
    word_pieces: list = []

    def close_word() -> None:
        nonlocal word
        if word_pieces:
            unit = min(piece._bidi[1] for piece in word_pieces)
            for piece in word_pieces:
                piece._word = (word, unit, piece._word_space)
                piece.nobr = word + 1  # never merged with another word's piece on a line
            word += 1
            word_pieces.clear()

    for f in frags:
        if not _is_text(f):
            out.append(f)
            continue
        run, run_level, run_space = "", base, False  # run_level: set by a word's first letter before it is read
        for ch in f.text:
            space = ch in _SPACES
            this_level = level[position]
            position += 1
            if space:
                if in_word:
                    if run:
                        out.append(_piece(f, run, run_level, space_level, word_pieces))
                    close_word()
                    run, in_word = "", False
                space_level = this_level
                run += ch
                run_space = True
                continue
            if run_space:  # spaces before this word: a piece of their own, untagged
                out.append(_plain(f, run))
                run, run_space = "", False
            if in_word and this_level != run_level and run:
                out.append(_piece(f, run, run_level, space_level, word_pieces))
                run = ""
            in_word, run_level = True, this_level
            run += ch
        if run_space:
            out.append(_plain(f, run))
        elif run:
            out.append(_piece(f, run, run_level, space_level, word_pieces))
    close_word()
    if base % 2:
        _tag_runs(out, text)
    if rtl:
        _spaces_in_runs(out)
    return out


def _spaces_in_runs(pieces: list) -> None:
    """A space between two words of a left-to-right run measured in the font it is drawn in (the
    word before it: see visual_lines): measured in the script's font (Nastaliq's space is narrow),
    a line of English was set wider than measured, past its margin."""
    after: list = [None] * len(pieces)  # the next word's piece after each piece
    following = None
    for index in range(len(pieces) - 1, -1, -1):
        after[index] = following
        if hasattr(pieces[index], "_bidi"):
            following = pieces[index]
    before = None
    for index, piece in enumerate(pieces):
        if hasattr(piece, "_bidi"):
            before = piece
        elif before is not None and _is_text(piece) and not piece.text.strip() and before._bidi[1] % 2 == 0:
            nxt = after[index]
            if nxt is not None and nxt._bidi[1] % 2 == 0 and piece.fontName != before.fontName:
                piece.fontName = before.fontName


def _numbered_runs(text: str) -> list[tuple[int, int]]:
    """The short left-to-right runs of words with a number in them: "NHS 111", "SPF 30", "1 July
    2023". Split over two lines of right-to-left text, their parts are easily read the wrong way
    round. (A cited English title is expected to wrap.)"""
    return [
        (begin, end)
        for begin, end in isolated_runs(text)
        if any(ch.isdigit() for ch in text[begin:end]) and 1 <= len(text[begin:end].split()) - 1 <= 3
    ]


def _join_numbers(frags: list, text: str) -> tuple[list, str]:
    """The spaces inside short numbered runs made no-break spaces, so a line never ends inside
    one (as phone numbers are kept whole)."""
    inside = {i for begin, end in _numbered_runs(text) for i in range(begin, end) if text[i] == " "}
    if not inside:
        return frags, text
    out, position = [], 0
    for f in frags:
        if _is_text(f):
            joined = "".join("\u00a0" if position + i in inside else ch for i, ch in enumerate(f.text))
            position += len(f.text)
            if joined != f.text:
                f = f.clone()
                f.text = joined
        out.append(f)
    return out, "".join("\u00a0" if i in inside else ch for i, ch in enumerate(text))


def _tag_runs(pieces: list, text: str) -> None:
    """Each piece inside a short numbered run (see _numbered_runs) tagged with that run, so the
    layout report can name a line that still had to break inside one (too long for the line)."""
    text = text.replace("\u00a0", " ")  # as typed, for the report
    runs = _numbered_runs(text)
    if not runs:
        return
    position, index = 0, 0
    for piece in pieces:
        if not _is_text(piece):
            continue
        while index < len(runs) and runs[index][1] <= position:
            index += 1
        if hasattr(piece, "_bidi") and index < len(runs) and runs[index][0] <= position:
            piece._isolate = (runs[index][0], text[runs[index][0] : runs[index][1]])
        position += len(piece.text)


def _is_text(f) -> bool:
    return bool(getattr(f, "text", "")) and not hasattr(f, "cbDefn") and not getattr(f, "lineBreak", False)


def _plain(f, text: str):
    piece = f.clone()
    piece.text = text
    return piece


def _piece(f, text: str, level: int, space_level: int, word_pieces: list):
    piece = f.clone()
    piece.text = text
    piece._bidi = (len(word_pieces), level)
    piece._word_space = space_level
    piece._logical = text  # what the glyphs say, for the layout report
    word_pieces.append(piece)
    return piece


def _visual(items: list, level_of) -> list:
    """Rule L2: from the highest level to the lowest odd one, reverse every run at that level or above."""
    if not items:
        return items
    items = list(items)
    levels_ = [level_of(i) for i in items]
    odd = [lv for lv in levels_ if lv % 2]
    if not odd:
        return items
    for lv in range(max(levels_), min(odd) - 1, -1):
        start = None
        for i in range(len(items) + 1):
            inside = i < len(items) and levels_[i] >= lv
            if inside and start is None:
                start = i
            elif not inside and start is not None:
                items[start:i] = items[start:i][::-1]
                levels_[start:i] = levels_[start:i][::-1]
                start = None
    return items


def _shape_piece(f, text: str, rtl: bool):
    """HarfBuzz's glyphs for one piece in one font and direction, as ReportLab draws them."""
    import uharfbuzz

    font = pdfmetrics.getFont(f.fontName)
    if not getattr(font, "shapable", False):
        return text, pdfmetrics.stringWidth(text, f.fontName, f.fontSize)
    hb_font = font.hbFont(f.fontSize)
    buffer = uharfbuzz.Buffer()
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    uharfbuzz.shape(hb_font, buffer, {"kern": True, "liga": True})
    glyphs, data, width = [], [], 0.0
    face = font.face
    infos = buffer.glyph_infos
    said = cluster_texts(text, [info.cluster for info in infos])
    for info, pos, says in zip(infos, buffer.glyph_positions, said, strict=True):
        gid = info.codepoint
        code = font.code_for(gid, says or rl.NOTHING[rtl])
        advance = font.pdfScale(pos.x_advance)
        data.append(
            ttfonts.ShapeData(
                info.cluster,
                advance,
                font.pdfScale(pos.y_advance),
                font.pdfScale(pos.x_offset),
                font.pdfScale(pos.y_offset),
                face.charWidths[code],
            )
        )
        glyphs.append(chr(code))
        width += advance * f.fontSize / 1000
    return rl.ShapedRun("".join(glyphs), data, rtl), width


def cluster_texts(text: str, clusters: list[int]) -> list[str]:
    """What each shaped glyph stands for: the characters of its cluster (``clusters``: HarfBuzz's
    index of each glyph's first character in ``text``) for the cluster's first glyph, nothing for
    the others. Read in order, left to right text gives its characters back; right to left text
    (glyphs in visual order) gives them back read from the right."""
    starts = sorted(set(clusters))
    ends = dict(zip(starts, starts[1:] + [len(text)], strict=True))
    out, given = [], set()
    for cluster in clusters:
        out.append("" if cluster in given else text[cluster : ends[cluster]])
        given.add(cluster)
    return out


def shape_word(w, features=None, force=False):
    """ReportLab's word shaping, for words prepared above or mixing fonts: each piece shaped on its
    own, in its direction, the pieces in visual order. Other words are shaped as ReportLab does."""
    if isinstance(w, ttfonts.ShapedFragWord):
        return w
    pieces = w[1:]
    tagged = any(hasattr(f, "_bidi") for f, _ in pieces)
    if not tagged and len({f.fontName for f, _ in pieces if not hasattr(f, "cbDefn")}) <= 1:
        return rl.reportlab_shape_word(w, features, force)
    out, width = [], 0.0
    for f, text in pieces:  # in logical order: visual_lines orders them with the rest of the line
        if hasattr(f, "cbDefn") or not text:
            out.append((f, text))
            width += getattr(f, "width", 0) if hasattr(f, "cbDefn") else 0
            continue
        shaped, piece_width = _shape_piece(f, text, getattr(f, "_bidi", (0, 0))[1] % 2 == 1)
        out.append((f, shaped))
        width += piece_width
    return ttfonts.makeShapedFragWord(w)([width] + out)


# ReportLab's paragraphs call this for every word they shape while leaflet draws (reportlab_private.
# drawing); words not prepared here and in one font go to ReportLab's own function unchanged.
rl.shape_words_with(shape_word)


def visual_lines(para_lines, rtl: bool):
    """A copy of a broken paragraph (kind 1) with the words of every line in visual order. For a
    right-to-left style ReportLab reverses each line's fragments as it draws them, so they are
    given reversed."""
    lines = []
    for line in para_lines.lines:
        units: list[tuple] = []  # (word tag, its pieces)
        tail: list = []  # what ends the line (a <br/>)
        for f in line.words:
            tag = getattr(f, "_word", None)
            if tag is None:
                (units[-1][1] if units and not getattr(f, "lineBreak", False) else tail).append(f)
            elif units and units[-1][0] == tag:
                units[-1][1].append(f)
            else:
                units.append((tag, [f]))
        if not units:
            lines.append(line)
            continue
        sequence: list = []  # pieces in logical order, with the spaces between words
        for index, (tag, frags) in enumerate(units):
            if index:  # the space before this word, and the piece it was measured in
                sequence.append((_Space(_measured_space(units[index - 1][1])), tag[2]))
            pieces = sorted(frags, key=lambda f: getattr(f, "_bidi", (-1,))[0])
            # an untagged piece (the spaces before a word) sorts first: at its first piece's level,
            # so it never splits a run of higher level ("procedure" of "procedure." in Arabic text)
            first = next((f._bidi[1] for f in pieces if hasattr(f, "_bidi")), tag[1])
            sequence += [(_without_trailing_space(f), getattr(f, "_bidi", (0, first))[1]) for f in pieces]
        ordered = _visual(sequence, lambda item: item[1])
        words: list = []
        for frag, _ in ordered:
            if isinstance(frag, _Space):  # a space between words, in the font it was measured in
                last = next((w for w in reversed(words) if _is_text(w)), None)
                measured = frag.piece
                if (
                    measured is not None
                    and last is not None
                    and (last.fontName, last.fontSize) != (measured.fontName, measured.fontSize)
                ):
                    words.append(_plain(measured, " "))  # not the word before's font: a line set wider than measured
                elif last is not None:
                    last.text = last.text + " "
            else:
                words.append(frag)
        words += tail
        lines.append(line.clone(words=words[::-1] if rtl else words))
    return para_lines.clone(lines=lines)


class _Space:
    """The space between two words of a line, and the piece of text it was measured in."""

    def __init__(self, piece):
        self.piece = piece


def _measured_space(frags: list):
    """The spaces after a word: the last untagged piece of spaces among its pieces, if any."""
    return next((f for f in reversed(frags) if not hasattr(f, "_bidi") and _is_text(f) and not f.text.strip()), None)


def _without_trailing_space(f):
    copy = f.clone()
    text = getattr(f, "text", "")
    if text.endswith(" "):
        copy.text = text[:-1]
    return copy


def run_text(run: rl.ShapedRun, font) -> str:
    """The text a shaped run stands for, in logical order: each glyph's text (its character, or
    what code_for gave it), read from the right in a right-to-left run; spaces after the last
    glyph (a line's word spacing) stay after it."""
    texts = font.code_texts
    glyphs = str(run)
    core = glyphs.rstrip(" ")
    said = [texts.get(ord(ch), ch) for ch in core]
    said = ["" if text in rl.NOTHINGS else text for text in said]
    return "".join(reversed(said) if run.rtl else said) + glyphs[len(core) :]


@dataclass(frozen=True)
class Marking:
    """What the runs a canvas draws are marked with (see span_properties): the language of Latin
    words in a leaflet of another script (the clinic's name and address, an English source's title
    in an Urdu leaflet: the brand locale's), and whether right-to-left words need /ActualText."""

    latin: str | None = None
    rtl_words: bool = False


def marking(canvas) -> Marking:
    styled = getattr(rl.doc_template(canvas), "styled", None)  # the leaflet being drawn, if any
    if styled is None:
        return Marking()
    script = script_of(styled.leaflet.language)
    return Marking(styled.brand.locale.replace("_", "-") if script.family else None, script.climbs)


_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")


def span_properties(run: rl.ShapedRun, font, marks: Marking) -> str:
    """The marked-content properties a shaped run needs, as PDF (PDF/UA-1, 7.2): /Lang when it is
    in Latin letters in a leaflet of another script; /ActualText when its glyphs, read in order
    through the ToUnicode map, do not give its text, so copying and reading aloud give the real
    letters: a Bengali vowel drawn before its consonant, a ligature.

    Right to left, the map gives each letter back (the glyphs are in visual order, as readers
    expect), so a word needs /ActualText only where its letters climb off the line (Nastaliq), and
    position-based extraction would scatter them. There it is the word, in logical order, as the
    standard says; poppler's pdftotext (22.12) reverses the characters of a right-to-left
    /ActualText, so its text of an Urdu leaflet has each word backwards (docs/accessibility.md)."""
    text = run_text(run, font)
    out = []
    if marks.latin and _LATIN_LETTER.search(text):
        out.append(f"/Lang ({marks.latin})")
    if (marks.rtl_words or not run.rtl) and text.replace("\u00a0", " ") != str(run).replace("\u00a0", " "):
        out.append(f"/ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>")
    return " ".join(out)


class TextObject(rl.TextObject):
    """ReportLab's text object (reportlab_private.TextObject), each shaped run marked with the text
    it stands for and, where it is not the document's, its language (see span_properties)."""

    def run_properties(self, run: rl.ShapedRun, font) -> str:
        if not hasattr(self, "_marks"):
            self._marks = marking(self.canvas)
        return span_properties(run, font, self._marks)
