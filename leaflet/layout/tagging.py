"""Tagged PDF (PDF/UA-1): the structure tree, built as the layout draws.

Every mark on a page is either real content or an artifact. Real content is wrapped in a
marked-content sequence with an MCID (``/P <</MCID 3>> BDC ... EMC``) that belongs to one structure
element; artifacts (rules, bands, backgrounds, icons, running footers and page numbers) are wrapped
in ``/Artifact <<...>> BDC ... EMC`` and are not in the tree. When the file is written, ``finish``
adds the ``/StructTreeRoot`` (with its ``/ParentTree`` number tree and ``/ParentTreeNextKey``),
``/MarkInfo << /Marked true >>``, each page's ``/StructParents`` and each link annotation's
``/StructParent`` (``/Tabs /S``, the document's ``/Lang`` and the XMP metadata are metadata.py's).

The API, for everything that draws (each function does nothing on a canvas without a tagger: a
measuring canvas, the imposed booklet sheets):

- ``begin(canvas, role, key=None, **attrs)`` / ``end(canvas)``: open (or, for a ``key`` seen
  before in this file, reopen) a structure element as a child of the current one, and make it
  current; ``element(...)`` is the same as a context manager. A ``key`` is how the parts of one
  thing drawn on several pages (a paragraph split at a page foot, a table row split in two, the
  warning panel continued) stay one element: any object the parts share.
- ``marked(canvas)`` (context): what is drawn inside is content of the current element (one MCID).
  Text-level spans (``/Span <</ActualText (...)>> BDC ... EMC``, ``/Lang``) may nest inside it.
- ``artifact(canvas, kind="Layout", subtype=None)`` (context): what is drawn inside is an artifact
  (``kind="Pagination"`` with ``subtype="Header"``/``"Footer"`` for page furniture). Nothing inside
  is tagged, so a paragraph drawn inside one (the footer's contact line) is an artifact too.
- ``figure(canvas, alt)`` (context): a ``Figure`` with ``/Alt``, its drawing inside.
- ``start_section(canvas)`` / ``end_section(canvas)``: a ``Sect`` at the document's level (each
  section heading opens one; the title ends any).
- ``read_last(canvas)`` (context): elements made inside go at the end of the document whatever
  the drawing order (the tri-fold's back panel is drawn first and read last).
- ``link_entries(canvas, contents)``: the entries a link annotation needs (``/StructParent``,
  ``/Contents``); its ``/OBJR`` goes in the ``Link`` element holding its words (``LinkWords``,
  which a paragraph's text object calls as it draws), else in one made under the current element.
- ``widget_entries(canvas)``: the same for a form field's widget (formfields.py): a ``Form``
  element holding its ``/OBJR``.
- ``table_events``: a ReportLab ``renderCB`` for tables (see ``TableEvents``).
- ``logo_alt(brand)``: the logo's alternative text.

Roles are the standard structure types of PDF 1.7, and ``Warning`` (role-mapped to ``Sect``).
A role of None is a transparent group (a layout table's cell): its children take its place.

ReportLab has no tagging: the operators go into the page stream through ``canvas.addLiteral``, and
what this needs of ReportLab's internals (the page objects, object numbers, a table's size, a
list item's bullet drawn on its own) is in reportlab_private.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFObject, PDFString
from reportlab.platypus import Table

from . import reportlab_private as rl

ROLE_MAP = {"Warning": "Sect"}  # our own roles, and the standard type each stands for


class Element:
    """A structure element: its role, attributes, and children (elements, marked content, annotations)."""

    __slots__ = ("role", "attrs", "kids", "parent")

    def __init__(self, role: str | None, parent: Element | None = None, **attrs: Any):
        self.role, self.attrs, self.parent = role, attrs or None, parent
        self.kids: list = []
        if parent is not None:
            parent.kids.append(self)

    def __repr__(self) -> str:
        return f"Element({self.role!r}, {len(self.kids)} kids)"


class _Content:
    """Marked content: MCID ``mcid`` on page ``page`` (0-based)."""

    __slots__ = ("page", "mcid")

    def __init__(self, page: int, mcid: int):
        self.page, self.mcid = page, mcid


class _Annotation:
    """A link annotation: its reference, its page, and its key in the parent tree (given at the end)."""

    __slots__ = ("ref", "page", "key")

    def __init__(self, page: int, key: _LateNumber):
        self.ref = 0  # its object number
        self.page, self.key = page, key


class _LateNumber(PDFObject):
    """A number written into the file once it is known (an annotation's /StructParent)."""

    def __init__(self):
        self.value = 0

    def format(self, document):
        return str(self.value).encode("ascii")


class Tagger:
    """The structure tree of one file, as its pages are drawn."""

    def __init__(self):
        self.root = Element("Document")
        self._tail = Element(None)  # read last (read_last)
        self._stack: list[Element] = [self.root]
        self._shared: dict[Any, Element] = {}
        self._owners: dict[int, list[Element]] = {}  # page -> the element of each of its MCIDs
        self._annotations: list[_Annotation] = []
        self._artifact = 0  # inside an artifact: nothing is tagged
        self._unlinked: list[Element] = []  # Links whose words are drawn on this line, awaiting their annotation
        self._marking = 0  # inside marked content
        self.page = 0  # the page being drawn, from 0

    @property
    def current(self) -> Element:
        return self._stack[-1]

    def get(self, role: str | None, key: Any = None, parent: Element | None = None, **attrs: Any) -> Element:
        """The element for ``key`` (made the first time, under ``parent`` or the current element)."""
        if key is not None:
            found = self._shared.get(key)
            if found is not None:
                return found
        element = Element(role, parent or self._stack[-1], **attrs)
        if key is not None:
            self._shared[key] = element
        return element

    def known(self, key: Any) -> bool:
        return key in self._shared

    def push(self, element: Element) -> None:
        self._stack.append(element)

    def pop(self) -> None:
        if len(self._stack) > 1:
            self._stack.pop()

    def start_section(self, role: str = "Sect") -> Element:
        del self._stack[1:]
        section = Element(role, self._stack[0])
        self._stack.append(section)
        return section

    def end_section(self) -> None:
        del self._stack[1:]

    def begin_marked(self, canvas, element: Element | None = None, write=None) -> bool:
        """Marked content of ``element`` (the current one) begins: its operator is written with
        ``write`` (inside a text object), else added to ``canvas``."""
        if self._artifact or self._marking:
            return False
        element = element or self.current
        owners = self._owners.setdefault(self.page, [])
        element.kids.append(_Content(self.page, len(owners)))
        (write or canvas.addLiteral)(f"/{element.role or 'Span'} <</MCID {len(owners)}>> BDC")
        owners.append(element)
        self._marking += 1
        return True

    def end_marked(self, canvas, write=None) -> None:
        self._marking -= 1
        (write or canvas.addLiteral)("EMC")

    def begin_artifact(self, canvas, kind: str = "Layout", subtype: str | None = None) -> bool:
        self._artifact += 1
        if self._artifact > 1 or self._marking:
            return False
        canvas.addLiteral(f"/Artifact <</Type /{kind}{f' /Subtype /{subtype}' if subtype else ''}>> BDC")
        return True

    def end_artifact(self, canvas, opened: bool) -> None:
        self._artifact -= 1
        if opened:
            canvas.addLiteral("EMC")

    @property
    def in_artifact(self) -> bool:
        return bool(self._artifact)

    def annotation(self, role: str = "Link", target: str | None = None, **attrs: Any) -> _Annotation:
        """An annotation on this page, its element under the current element: a link's ``Link``,
        a form field widget's ``Form``. The annotations of one link ``target`` there share one
        Link (a web address broken over lines has one annotation per line)."""
        found = _Annotation(self.page, _LateNumber())
        current = self.current
        last = next((e for e in self._unlinked if e.attrs == {"_to": target}), None) if target else None
        if last is not None:  # the Link of its words (LinkWords)
            self._unlinked.remove(last)
        else:
            last = current.kids[-1] if current.kids else None
        if target is None or not (last.__class__ is Element and last.role == role and last.attrs == {"_to": target}):
            last = Element(role, current, **attrs)
            if target is not None:
                last.attrs = {**(last.attrs or {}), "_to": target}  # not written (_element writes the PDF's own)
        last.kids.append(found)
        self._annotations.append(found)
        return found

    # -- writing -------------------------------------------------------------------------------

    def finish(self, canvas) -> None:
        """Write the tree into ``canvas``'s document: call after the last page, before saving.

        The objects are written as bytes made here (_Raw), with the numbers ReportLab gives them as
        they are registered, not as ReportLab dictionaries: its general formatter took a quarter of
        a warm build for the few hundred elements of a leaflet."""
        doc = rl.pdf_document(canvas)

        def number(obj) -> bytes:
            return b"%d 0 R" % rl.object_number(doc, obj)

        pages = rl.pages_written(doc)
        for kid in self._tail.kids:
            if kid.__class__ is Element:
                kid.parent = self.root
        self.root.kids += self._tail.kids
        _flatten(self.root)
        refs: dict[Element, bytes] = {}
        order: list[tuple[Element, _Raw]] = []

        def register(element: Element) -> None:
            found = _Raw()
            refs[element] = number(found)
            order.append((element, found))
            for kid in element.kids:
                if kid.__class__ is Element:
                    register(kid)

        register(self.root)
        page_refs = [number(page) for page in pages]
        tree = _Raw()
        tree_ref = number(tree)
        links: dict[_Annotation, bytes] = {}
        for element, found in order:
            parent = tree_ref if element is self.root else refs[element.parent]  # type: ignore[index]
            found.data = _element(element, refs, page_refs, parent, links)
        nums = []
        for page in range(len(pages)):
            owners = self._owners.get(page)
            if owners:
                nums.append(b"%d [%s]" % (page, b" ".join(refs[e] for e in owners)))
                rl.set_page_entry(pages[page], "StructParents", page)
        for key, annotation in enumerate(self._annotations, len(pages)):
            annotation.key.value = key
            nums.append(b"%d %s" % (key, links[annotation]))
        parent_tree = number(_Raw(b"<< /Nums [%s] >>" % b" ".join(nums)))
        roles = b" ".join(b"/%s /%s" % (role.encode(), std.encode()) for role, std in ROLE_MAP.items())
        tree.data = b"<< /Type /StructTreeRoot /K %s /ParentTree %s /ParentTreeNextKey %d /RoleMap << %s >> >>" % (
            refs[self.root],
            parent_tree,
            len(pages) + len(self._annotations),
            roles,
        )
        canvas.setCatalogEntry("StructTreeRoot", tree)
        canvas.setCatalogEntry("MarkInfo", _Raw(b"<< /Marked true >>"))


class _Raw(PDFObject):
    """An object whose bytes are made before the file is written."""

    def __init__(self, data: bytes = b""):
        self.data = data

    def format(self, document):
        return self.data


def _flatten(element: Element) -> bool:
    """Transparent groups give their children to their parent; empty elements go. Whether anything is left."""
    kids: list = []
    for kid in element.kids:
        if kid.__class__ is not Element:
            kids.append(kid)
        elif _flatten(kid):
            if kid.role is None:
                for grandchild in kid.kids:
                    if grandchild.__class__ is Element:
                        grandchild.parent = element
                kids += kid.kids
            else:
                kids.append(kid)
    element.kids = kids
    return bool(kids) or element.role in _CELLS or bool(element.attrs and "Alt" in element.attrs)


_CELLS = frozenset({"TH", "TD"})  # an empty cell stays: each row keeps every column


def _first_page(element: Element) -> int | None:
    for kid in element.kids:
        found = _first_page(kid) if kid.__class__ is Element else kid.page
        if found is not None:
            return found
    return None


def _element(element: Element, refs: dict, page_refs: list, parent: bytes, links: dict) -> bytes:
    """A structure element's dictionary; notes the Link element of each annotation in ``links``."""
    parts = [b"<< /Type /StructElem /S /%s /P %s" % (element.role.encode(), parent)]  # type: ignore[union-attr]
    page = _first_page(element)
    if page is not None:
        parts.append(b"/Pg " + page_refs[page])
    kids = []
    for kid in element.kids:
        kind = kid.__class__
        if kind is Element:
            kids.append(refs[kid])
        elif kind is _Content:
            kids.append(
                b"%d" % kid.mcid
                if kid.page == page
                else b"<< /Type /MCR /Pg %s /MCID %d >>" % (page_refs[kid.page], kid.mcid)
            )
        else:
            links[kid] = refs[element]
            kids.append(b"<< /Type /OBJR /Obj %d 0 R /Pg %s >>" % (kid.ref, page_refs[kid.page]))
    if kids:
        parts.append(b"/K [%s]" % b" ".join(kids))
    for name, value in (element.attrs or {}).items():
        if name == "Scope":
            parts.append(b"/A << /O /Table /Scope /%s >>" % value.encode())
        elif name in ("Alt", "ActualText", "T", "E", "Lang"):
            parts.append(b"/%s <FEFF%s>" % (name.encode(), value.encode("utf-16-be").hex().upper().encode()))
    parts.append(b">>")
    return b" ".join(parts)


# -- the API on a canvas --------------------------------------------------------------------------


def tagger_of(canvas) -> Tagger | None:
    return getattr(canvas, "tagger", None)


def begin(canvas, role: str | None, key: Any = None, **attrs: Any) -> Element | None:
    tagger = tagger_of(canvas)
    if tagger is None or tagger.in_artifact:
        return None
    element = tagger.get(role, key, **attrs)
    tagger.push(element)
    return element


def end(canvas) -> None:
    tagger = tagger_of(canvas)
    if tagger is not None and not tagger.in_artifact:
        tagger.pop()


@contextmanager
def element(canvas, role: str | None, key: Any = None, **attrs: Any) -> Iterator[Element | None]:
    found = begin(canvas, role, key, **attrs)
    try:
        yield found
    finally:
        if found is not None:
            end(canvas)


@contextmanager
def within(canvas, found: Element | None) -> Iterator[None]:
    """``found`` (an element made earlier) as the current element."""
    tagger = tagger_of(canvas)
    if tagger is None or found is None:
        yield
        return
    tagger.push(found)
    try:
        yield
    finally:
        tagger.pop()


@contextmanager
def marked(canvas, found: Element | None = None) -> Iterator[None]:
    tagger = tagger_of(canvas)
    opened = tagger is not None and tagger.begin_marked(canvas, found)
    try:
        yield
    finally:
        if opened:
            tagger.end_marked(canvas)  # type: ignore[union-attr]


@contextmanager
def artifact(canvas, kind: str = "Layout", subtype: str | None = None) -> Iterator[None]:
    tagger = tagger_of(canvas)
    if tagger is None:
        yield
        return
    opened = tagger.begin_artifact(canvas, kind, subtype)
    try:
        yield
    finally:
        tagger.end_artifact(canvas, opened)


@contextmanager
def figure(canvas, alt: str) -> Iterator[None]:
    """A Figure with alternative text, what is drawn inside its content."""
    with element(canvas, "Figure", Alt=alt) as found, marked(canvas, found):
        yield


def start_section(canvas) -> None:
    tagger = tagger_of(canvas)
    if tagger is not None and not tagger.in_artifact:
        tagger.start_section()


def end_section(canvas) -> None:
    tagger = tagger_of(canvas)
    if tagger is not None and not tagger.in_artifact:
        tagger.end_section()


@contextmanager
def read_last(canvas) -> Iterator[None]:
    tagger = tagger_of(canvas)
    if tagger is None:
        yield
        return
    saved, tagger._stack = tagger._stack, [tagger._tail]
    try:
        yield
    finally:
        tagger._stack = saved


def link_contents(url: str, kind: str = "URI") -> str:
    """A link annotation's /Contents, and the key its words' Link is found by: the address as
    shown (no "https://", "mailto:" or "tel:")."""
    return url.split(":", 1)[-1].lstrip("/") if kind == "URI" else url


class LinkWords:
    """While one text object draws a paragraph's lines (a ``before_run`` of
    reportlab_private.TextObject): each link's words as marked content of its own ``Link``
    element, the one its annotations' OBJRs go in, and the paragraph's other words in the
    paragraph's element (``body``). Between two runs the paragraph's marked content ends, the
    link's begins (a new MCID), and after it the paragraph's again; all inside BT/ET, between
    runs, so a shaped run's /ActualText span nests inside.

    ``targets`` gives, per run drawn (per ``_textOut``), its link's contents (link_contents) or
    None. A link broken over lines stays one Link (an MCID goes on across lines, and each line's
    annotation finds it). A right-to-left line is drawn in visual order: its pieces begin anew on
    each line and are put in the element in reading order (reversed) when the line ends."""

    def __init__(self, tagger: Tagger, body: Element, targets: Iterator[str | None], rtl: bool):
        self.tagger, self.body, self.targets, self.rtl = tagger, body, targets, rtl
        self.target: str | None = None
        self.link: Element | None = None
        self.new_line, self.first_line = True, True
        self.line_start = len(body.kids) - 1  # the paragraph's marked content, begun before BT

    def __call__(self, text, line_end: bool) -> None:
        target = next(self.targets, self.target)
        tagger = self.tagger
        switch = target != self.target or (self.rtl and self.new_line and not self.first_line)
        if switch:
            tagger.end_marked(None, text.add_operators)
            if target is None:
                self.link = None
            elif self.link is None or self.target != target:
                self.link = Element("Link", self.body, _to=target)
            tagger.begin_marked(None, self.link or self.body, text.add_operators)
            self.target = target
        if self.link is not None and (switch or self.new_line) and self.link not in tagger._unlinked:
            tagger._unlinked.append(self.link)
        self.new_line = line_end
        if line_end:
            self.first_line = False
            if self.rtl:
                kids = self.body.kids
                kids[self.line_start :] = kids[self.line_start :][::-1]
                self.line_start = len(kids)


def link_entries(canvas, contents: str) -> dict:
    """Extra entries for a link annotation being made on ``canvas`` (ReportLab's linkURL takes
    them as keywords); call ``link_made`` once it is made."""
    tagger = tagger_of(canvas)
    if tagger is None or tagger.in_artifact:
        return {}
    found = tagger.annotation(target=contents)
    return {"StructParent": found.key, "Contents": PDFString(contents)}


def widget_entries(canvas, alt: str | None = None) -> dict:
    """Extra entries for a form field's widget annotation being added on ``canvas``: its
    ``/StructParent``, its ``Form`` element (holding its ``/OBJR``) made under the current element,
    with ``alt`` as its /Alt when the field's own tooltip does not name this widget (one button
    of a radio group). Call ``link_made`` once it is added. A hidden field needs none (PDF/UA-1
    7.18.4)."""
    tagger = tagger_of(canvas)
    if tagger is None or tagger.in_artifact:
        return {}
    return {"StructParent": tagger.annotation("Form", **({"Alt": alt} if alt else {})).key}


def link_made(canvas, entries: dict) -> None:
    """The annotation made with ``entries`` is the last on the page: note its reference."""
    tagger = tagger_of(canvas)
    if tagger is not None and entries:
        tagger._annotations[-1].ref = rl.last_annotation_number(canvas)


def page_ended(canvas) -> None:
    tagger = tagger_of(canvas)
    if tagger is not None:
        tagger.page += 1


def finish(canvas) -> None:
    tagger = tagger_of(canvas)
    if tagger is not None:
        tagger.finish(canvas)


def logo_alt(brand) -> str:
    """The logo's alternative text: the brand's ``logo_alt:`` where it gives one, else "<name> logo"."""
    given = getattr(brand, "logo_alt", None)
    return given or f"{brand.name} logo"


# -- tables ---------------------------------------------------------------------------------------


class TableEvents:
    """ReportLab's table render callback (``renderCB``): a table's structure as it is drawn.

    A table says how it reads with ``tag_as``: "table" (Table, THead/TBody, TR, TH with
    /Scope /Column, TD), "list" (each body row a list item: its first column the label, the rest
    the body; header rows are artifacts) or, by default, "layout" (a box or columns: each cell's
    content in reading order, no table structure). ``tag_key`` identifies the table across its
    parts, ``tag_rows`` each row's number in the whole table, ``tag_repeated`` how many leading
    rows are a header drawn again on a new page (artifacts), ``tag_rtl`` that its columns were
    mirrored (cells read right to left), ``repeatRows`` (or ``tag_header``) how many header rows
    it has. Backgrounds and rules are artifacts. Elements are made in reading order as each row is
    first drawn, whatever order the cells are drawn in.
    """

    def __call__(self, table, cmd: str, *args) -> None:
        canvas = table.canv
        tagger = tagger_of(canvas)
        if tagger is None:
            return
        if cmd == "startTable":
            table._tag_skip = tagger.in_artifact  # drawn inside an artifact: nothing in it is tagged
        if table._tag_skip and cmd not in ("startBG", "endBG", "startLines", "endLines"):
            return
        getattr(self, cmd)(table, canvas, tagger, *args)

    @staticmethod
    def _info(table) -> tuple[Any, list[int], int, int, bool, str]:
        key = getattr(table, "tag_key", None) or table
        rows = getattr(table, "tag_rows", None) or list(range(rl.table_size(table)[0]))
        header = getattr(table, "tag_header", None)
        if header is None:
            header = table.repeatRows if isinstance(table.repeatRows, int) else 0
        return (
            key,
            rows,
            getattr(table, "tag_repeated", 0),
            header,
            getattr(table, "tag_rtl", False),
            getattr(table, "tag_as", "layout"),
        )

    def startTable(self, table, canvas, tagger) -> None:
        key, rows, repeated, header, rtl, kind = self._info(table)
        table._tag_opened = []
        table._tag_repeated = repeated
        ncols = rl.table_size(table)[1]
        cells: dict[tuple[int, int], Element | None] | None = {}
        table._tag_cells = cells
        if kind == "layout" and not rtl:  # drawn in reading order: the cells' content goes where it is
            table._tag_cells = None
            return
        if kind == "table":
            whole = tagger.get("Table", ("Table", key))
            head = tagger.get("THead", ("THead", key), parent=whole) if header else None
            body = tagger.get("TBody", ("TBody", key), parent=whole)
        elif kind == "list":
            whole = tagger.get("L", ("L", key))
        for number, row in enumerate(rows):
            if number < repeated:
                continue  # a header drawn again: an artifact
            for logical in range(ncols):  # made in reading order
                col = ncols - 1 - logical if rtl else logical
                if kind == "table":
                    tr = tagger.get("TR", ("TR", key, row), parent=head if row < header else body)
                    if row < header:
                        made = tagger.get("TH", ("cell", key, row, logical), parent=tr, Scope="Column")
                    else:
                        made = tagger.get("TD", ("cell", key, row, logical), parent=tr)
                elif kind == "list":
                    if row < header:
                        made = None
                    else:
                        item = tagger.get("LI", ("LI", key, row), parent=whole)
                        if logical == 0:
                            made = tagger.get("Lbl", ("cell", key, row, 0), parent=item)
                        else:
                            made = tagger.get("LBody", ("LBody", key, row), parent=item)
                else:
                    made = tagger.get(None, ("cell", key, row, logical))
                cells[number, col] = made  # type: ignore[index]

    def startBG(self, table, canvas, tagger) -> None:
        table._tag_bg = tagger.begin_artifact(canvas)

    def endBG(self, table, canvas, tagger) -> None:
        tagger.end_artifact(canvas, table._tag_bg)

    startLines, endLines = startBG, endBG

    def startRow(self, table, canvas, tagger, row: int) -> None:
        pass

    def endRow(self, table, canvas, tagger) -> None:
        pass

    # What endCell undoes, as bits: the cell's element made current, its text marked, an artifact
    # opened (or counted only, inside another).
    POP, MARKED, ARTIFACT, COUNTED = 1, 2, 4, 8

    def startCell(self, table, canvas, tagger, row: int, col: int, value, style, pos, size) -> None:
        text = value.__class__ is str
        if isinstance(value, (list, tuple)) and sum(hasattr(v, "tag_role") for v in value) > 1:
            for flowable in value:  # paragraphs of their own in the cell: no two read as one
                flowable.tag_apart = True
        cells = table._tag_cells
        found = None if cells is None else cells.get((row, col))
        if found is None and cells is None and not text:  # a layout in reading order: nothing to do
            undo = 0
        elif text and value.strip() and (found is not None or cells is None):  # plain text: content
            undo = self.MARKED if tagger.begin_marked(canvas, found) else 0
            if found is not None:
                tagger._stack.append(found)
                undo |= self.POP
        elif found is None or text:  # a header drawn again, a list's header, an empty cell
            kind = "Pagination" if row < table._tag_repeated else "Layout"
            undo = self.ARTIFACT if tagger.begin_artifact(canvas, kind) else self.COUNTED
        else:
            tagger._stack.append(found)
            undo = self.POP
        table._tag_opened.append(undo)

    def endCell(self, table, canvas, tagger) -> None:
        undo = table._tag_opened.pop()
        if undo & self.POP:
            tagger.pop()
        if undo & self.MARKED:
            tagger.end_marked(canvas)
        if undo & (self.ARTIFACT | self.COUNTED):
            tagger.end_artifact(canvas, bool(undo & self.ARTIFACT))

    def endTable(self, table, canvas, tagger) -> None:
        pass


table_events = TableEvents()


def split_table(table, parts: list) -> None:
    """After ReportLab splits ``table`` in two: which row of the whole each part's rows are, so a
    row split over two pages stays one row, and which rows are a repeated header."""
    if len(parts) != 2 or not all(isinstance(p, Table) for p in parts):
        return
    rows = getattr(table, "tag_rows", None) or list(range(rl.table_size(table)[0]))
    repeat = table.repeatRows if isinstance(table.repeatRows, int) else 0
    first, second = parts
    n0, n1 = rl.table_size(first)[0], rl.table_size(second)[0]
    extra = n0 + n1 - repeat - len(rows)  # 1 when a row was split in two
    start = n0 - (1 if extra == 1 else 0)
    if extra not in (0, 1):
        return
    first.tag_rows = rows[:n0]
    second.tag_rows = rows[:repeat] + rows[start:]
    first.tag_repeated = getattr(table, "tag_repeated", 0)
    second.tag_repeated = repeat
    for part in parts:
        for name in ("tag_as", "tag_rtl", "tag_header"):
            if hasattr(table, name):
                setattr(part, name, getattr(table, name))
        part.tag_key = getattr(table, "tag_key", None) or table


# -- paragraphs -----------------------------------------------------------------------------------

_DIRECT = frozenset({"TD", "TH", "LBody", "Lbl"})  # a paragraph in one of these is its content, not a P in it


def begin_paragraph(canvas, para) -> tuple | None:
    """A paragraph (paragraphs.Para) starts being drawn: its element, made the first time one of
    its parts is drawn (a section heading opens a Sect, the title ends any; a paragraph in a table
    cell or a list item's body is that element's own content), and for a list item its label.
    Returns (body, label or None, what end_paragraph undoes), or None where nothing is tagged.
    Plain functions rather than a context manager: this runs for every paragraph drawn."""
    tagger = getattr(canvas, "tagger", None)
    if tagger is None or tagger._artifact:
        return None
    if para.tag_role is None:
        return None, None, tagger.begin_artifact(canvas, "Pagination")
    key = ("para", para.tag_key or para)
    label = None
    body = tagger._shared.get(key)
    if body is not None and para.list_key is not None:
        label, body = body.kids[0], body.kids[1]
    elif body is None:
        if para.tag_section:
            tagger.start_section()
        elif para.tag_role == "H1":
            tagger.end_section()
        if para.list_key is not None:
            item = tagger.get("LI", key, parent=tagger.get("L", ("L", para.list_key)))
            label, body = Element("Lbl", item), Element("LBody", item)
        elif para.tag_role == "P" and tagger.current.role in _DIRECT and not getattr(para, "tag_apart", False):
            body = tagger._shared[key] = tagger.current
        else:
            body = tagger.get(para.tag_role, key)
    tagger._stack.append(body)  # a link made while it is drawn goes under it
    return body, label, None


def end_paragraph(canvas, tags: tuple | None) -> None:
    if tags is None:
        return
    tagger = canvas.tagger
    if tags[0] is None:
        tagger.end_artifact(canvas, tags[2])
    else:
        tagger.pop()


def label_apart(para) -> bool:
    """Whether a list item's bullet can be drawn on its own, as its label (a plain-text bullet)."""
    return isinstance(para.bulletText, str) and para.style.bulletAnchor == "start"


without_bullet, draw_bullet = rl.without_bullet, rl.draw_bullet
