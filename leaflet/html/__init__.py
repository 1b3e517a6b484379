"""The accessible companion of the PDF: one self-contained HTML file with the same words and brand.

ReportLab cannot tag a PDF for screen readers, so `leaflet build --html` also writes this page:
semantic headings, lists, tables with header cells, the language set, alt text for the logo,
brand colours at 4.5:1 or better (the layout's own palette), and print styles. Everything (CSS,
logo, QR code) is inside the file, so a clinic can publish it as it is.
"""

from __future__ import annotations

import base64
import html as html_text
import io
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..layout.blocks.clinic import clinic_facts
from ..layout.blocks.closing import translation_lines
from ..layout.blocks.prices import amount_text, price_note, whose_prices
from ..layout.shaping import needs_bidi
from ..load import DEFAULT_BRAND, Brand, Leaflet
from ..load.assets import find_family, font_bytes, read_logo
from ..load.fields import PHONE_NUMBER, web_href
from ..text import phrases
from ..text.markup import Bullets, blocks
from ..text.money import long_date
from ..text.prepare import prepare
from ..text.scripts import isolated_runs, script_of
from ..text.templating import clinic_fields

HERE = Path(__file__).resolve().parent
_ENV = Environment(
    loader=FileSystemLoader(HERE),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_ORDER = list(phrases.FREQUENCIES)


_CITATION = re.compile(r"\[(\d+(?:,\u00a0\d+)*)(;\u00a0[^\]]+)?\]")


def _links(html: str) -> str:
    """Each printed citation's numbers as links to their source (a prepared leaflet's [n] always are)."""

    def link(match: re.Match) -> str:
        numbers = ",\u00a0".join(f'<a href="#source-{n}">{n}</a>' for n in match.group(1).split(",\u00a0"))
        return f"[{numbers}{match.group(2) or ''}]"

    return _CITATION.sub(link, html)


def rich(text: str) -> Markup:
    """The format's markup as HTML: paragraphs, bullet lists, bold. Everything else is escaped."""
    html = []
    for block in blocks(text):
        if isinstance(block, Bullets):
            html.append("<ul>" + "".join(f"<li>{_strong(i)}</li>" for i in block.items) + "</ul>")
        else:
            html.append(f"<p>{_strong(block.markup)}</p>")
    return Markup("\n".join(html))


def inline(text: str) -> Markup:
    """One run of text (a cell, a list item): escaped, with bold, no paragraphs."""
    parts = [
        _strong(b.markup) if not isinstance(b, Bullets) else "; ".join(map(_strong, b.items)) for b in blocks(text)
    ]
    return Markup(" ".join(parts))


def _strong(markup: str) -> str:
    # markup.inline() escaped the text (& < > as entities) and added only <b>...</b>.
    return _links(markup.replace("<b>", "<strong>").replace("</b>", "</strong>"))


def _data_uri(path: str | None) -> str | None:
    """The logo inside the page, read and checked as the PDF's is (read_logo)."""
    if not path:
        return None
    logo = read_logo(path)
    mime = {"PNG": "image/png", "JPEG": "image/jpeg", "SVG": "image/svg+xml"}[logo.kind]
    return f"data:{mime};base64,{base64.b64encode(logo.data).decode('ascii')}"


def _tel(phone: str) -> str:
    """The number a tel: link dials: the digits (and +) of the number, before any note after it,
    each digit as the one printed (the brand check allows one kind of digit in a number)."""
    match = PHONE_NUMBER.match(phone)
    assert match is not None  # the pattern matches the empty string too
    number = match.group()
    return "".join(ch if ch == "+" else str(int(ch)) for ch in number if ch == "+" or ch.isdecimal())


def font_faces(brand: Brand, script_family: str | None = None) -> Markup:
    """@font-face rules with the brand's own fonts inside (and the script's, for a leaflet in
    Arabic, Bengali, ...), so the page looks as the PDF does."""
    rules = []
    for role in dict.fromkeys(([script_family] if script_family else []) + [brand.fonts.body, brand.fonts.headings]):
        family = find_family(role)
        for weight, path in (("normal", family.regular), ("bold", family.bold)):
            data = base64.b64encode(font_bytes(path)).decode("ascii")
            rules.append(
                f'@font-face {{ font-family: "{_css_name(role)}"; font-weight: {weight}; '
                f'src: url(data:font/ttf;base64,{data}) format("truetype"); }}'
            )
    return Markup("\n".join(rules))


def _css_name(family: str) -> str:
    return "leaflet-" + "".join(ch for ch in family if ch.isalnum())[-40:]


def _css_names(*families: str | None) -> Markup:
    """A CSS font list: the script's family first, then the brand's (for Latin words)."""
    return Markup(", ".join(f'"{_css_name(f)}"' for f in dict.fromkeys(f for f in families if f)))


def lead(text: str) -> Markup:
    """The first sentence in bold, as the PDF prints a serious risk, so each is found at a glance."""
    end = text.find(". ")
    if "**" in text or not 0 < end < 160:
        return inline(f"**{text}**" if "**" not in text and len(text) < 160 else text)
    return inline(f"**{text[: end + 1]}**{text[end + 1 :]}")


def qr_svg(url: str) -> Markup:
    """The booking address as an inline SVG QR code (the same code the PDF prints)."""
    from reportlab.graphics import renderSVG
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    size = 128
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    out = io.StringIO()
    renderSVG.drawToFile(drawing, out)
    svg = out.getvalue()
    svg = svg[svg.index("<svg") :]
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))


# In the body: an element whose text is not set as written (style, script), any other tag, or text.
_BODY_PARTS = re.compile(r"(<(style|script)\b.*?</\2\s*>|<[^<>]*>)|([^<]+)", re.DOTALL)
_CITED = re.compile(r'\[(?:<a href="#source-\d+">\d+</a>(?:,\u00a0)?)+\]')


def isolate_left_to_right(page: str) -> str:
    """A right-to-left page with every run that reads left to right (phone numbers, addresses,
    prices, Latin words, numbered citations: the runs the PDF isolates) in ``<bdi dir="ltr">``,
    so a browser prints "+44 117 496 0000", not "44 117 496 0000+"."""
    body = page.find("<body")
    page = page[:body] + _CITED.sub(lambda m: f'<bdi dir="ltr">{m.group(0)}</bdi>', page[body:])
    out, inside = [page[:body]], 0  # inside: how many isolates (of citations) hold this text
    for match in _BODY_PARTS.finditer(page, body):
        tag, _, text = match.groups()
        inside += tag == '<bdi dir="ltr">' or -(tag == "</bdi>")
        runs = isolated_runs(html_text.unescape(text)) if text and not inside else []
        if not runs:
            out.append(tag or text)
            continue
        plain, start = html_text.unescape(text), 0
        for begin, end in runs:
            out += [
                html_text.escape(plain[start:begin], quote=False),
                '<bdi dir="ltr">',
                html_text.escape(plain[begin:end], quote=False),
                "</bdi>",
            ]
            start = end
        out.append(html_text.escape(plain[start:], quote=False))
    return "".join(out)


def render_html(leaflet: Leaflet, brand: Brand | None = None) -> str:
    """The HTML page of one leaflet with one brand (the built-in brand when None)."""
    page = _render(leaflet, brand)
    return isolate_left_to_right(page) if script_of(leaflet.language).rtl else page


def _render(leaflet: Leaflet, brand: Brand | None) -> str:
    from ..layout.styles import palette  # the same colours the PDF prints, each text at 4.5:1

    brand = brand or DEFAULT_BRAND
    prepared = prepare(leaflet, brand)
    script = script_of(leaflet.language)
    rendered, locale, book = prepared.leaflet, prepared.locale, prepared.prices
    words = prepared.words
    clinic = clinic_fields(brand, words)
    sections = []
    for index, section in enumerate(rendered.sections):
        risks = section.risks or []
        mixed = book.kind(index) == "mixed"
        sections.append(
            {
                "id": f"section-{index + 1}",
                "section": section,
                "serious": [r for r in risks if r.serious],
                "others": sorted(
                    (r for r in risks if not r.serious), key=lambda r: _ORDER.index(r.frequency or "not known")
                ),
                "prices": [
                    (row, price_note(row, mixed, words), amount_text(row, locale)) for row in book.tables.get(index, ())
                ],
                "whose_prices": whose_prices(book, index, brand.name, words) if index in book.tables else None,
            }
        )
    template = _ENV.get_template("leaflet.html.j2")
    return template.render(
        leaflet=rendered,
        brand=brand,
        clinic=clinic,
        sections=sections,
        phrases=words,
        sources=prepared.sources,
        cited=prepared.cited,
        clinic_advice=prepared.clinic_advice,
        colours=palette(brand),
        fonts=font_faces(brand, script.family),
        lead=lead,
        body_font=_css_names(script.family, brand.fonts.body),
        heading_font=_css_names(script.family, brand.fonts.headings),
        direction="rtl" if script.rtl else "ltr",
        logo=_data_uri(brand.logo),
        css=Markup((HERE / "leaflet.css").read_text("utf-8")),
        published=long_date(rendered.published, locale),
        review_by=long_date(rendered.review_by, locale),
        sign_off=[
            words.SIGNED_OFF.format(name=who.name, role=who.role, date=long_date(who.date, locale))
            for who in rendered.sign_off or []
        ]
        + [inline(line) for line in translation_lines(rendered, words, locale)],
        default_action=words.DEFAULT_ACTION.format(name=clinic["name"], phone=clinic["phone"]),
        qr=qr_svg(brand.booking_url) if brand.booking_url and brand.promotion else None,
        not_reviewed=None
        if rendered.clinically_reviewed
        else inline("**{}** {}".format(*words.NOT_CLINICALLY_REVIEWED)),
        clinic_facts=[
            (label, [(line, "auto" if needs_bidi(line) else "ltr") for line in lines])
            for label, lines in clinic_facts(brand, words, split=script.rtl)
        ],
        tel=_tel(brand.phone) if brand.phone else None,
        website_href=web_href(brand.website) if brand.website else None,
        booking_href=web_href(brand.booking_url) if brand.booking_url else None,
        rich=rich,
        inline=inline,
        frequency=lambda r: words.FREQUENCIES[r.frequency or "not known"],
        cell=lambda v: inline(v if isinstance(v, str) else f"{v:g}"),
    )
