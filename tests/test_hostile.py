"""Hostile input never harms (issue 9): every file an attacker or a careless user could hand to
`leaflet` is run through the real command in a child process capped at 1 GiB and 20 s. Each must
end in a located message (exit 1) or, for outputs that would destroy something, a usage error
(exit 2); none may print a traceback or "internal error", reach 400 MB, or change any file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bounded import PEAK, SECONDS, run_bounded, snapshot
from conftest import BRANDS, HAS_PROFILE, LOGO_PNG, MESO, ROOT, pdf_text
from fonts import DAMAGE, colliding, damaged
from images import png, ztxt

HEAD = "title: Test leaflet\npublished: 2026-09-01\nreview_by: 2027-09-01\nsections:\n"
GOOD = HEAD + "  - heading: About\n    text: Hello from {{ clinic.name }}.\n"
PIPE, FOLDER = object(), object()  # a FIFO, or a folder, in place of a file
FONT = (ROOT / "fonts" / "AtkinsonHyperlegible" / "AtkinsonHyperlegible-Regular.ttf").read_bytes()
ICC = "/usr/share/color/icc/ghostscript/default_cmyk.icc"  # Debian's libgs-common (conftest: HAS_PROFILE)
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="40">'
    "{}</svg>"
)
ESC = "\x1b"


def link(target: str):
    return ("link", target)


def sparse(size: int):
    return ("sparse", size)


def section(text: str) -> str:
    return HEAD + f"  - heading: About\n    text: {json.dumps(text)}\n"


@dataclass
class Case:
    """Files to make (text, bytes, PIPE, FOLDER, link(...), sparse(...)); the command's arguments
    (default: build content.yaml -o output/x.pdf, with --brand brand.yaml when there is one); and
    what must come back: the exit code, where the first message points ("brand.yaml:2:8", "brand.yaml:2"
    or "brand.yaml"), and a phrase in it."""

    id: str
    where: str | None  # "brand.yaml:2" (line), "brand.yaml" (whole file), or None
    phrase: str
    content: object = GOOD
    brand: object = None
    files: dict = field(default_factory=dict)
    args: list | None = None
    code: int = 1


def make_files(folder: Path, case: Case) -> None:
    files = {
        "content.yaml": case.content,
        **({"brand.yaml": case.brand} if case.brand is not None else {}),
        **case.files,
    }
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if data is PIPE:
            os.mkfifo(path)
        elif data is FOLDER:
            path.mkdir()
        elif isinstance(data, tuple) and data[0] == "link":
            os.symlink(data[1], path)
        elif isinstance(data, tuple) and data[0] == "sparse":
            with open(path, "wb") as handle:
                handle.truncate(data[1])
        else:
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    (folder / "output").mkdir(exist_ok=True)


def outside_secret(folder: Path) -> None:
    """A picture beside the case's folder: what an SVG or a logo path must never reach."""
    shutil.copy(LOGO_PNG, folder.parent / "secret.png")


SECURITY = [
    # An SVG logo may draw only its own shapes: no pictures, files, addresses, fonts or entities.
    Case(
        "svg-image-outside-the-folder",
        "brand.yaml:2",
        "embeds or links a picture",
        brand="name: T\nlogo: logo.svg\n",
        files={"logo.svg": SVG.format('<image xlink:href="../secret.png" width="120" height="40"/>')},
    ),
    Case(
        "svg-image-data-uri",
        "brand.yaml:2",
        "embeds or links a picture",
        brand="name: T\nlogo: logo.svg\n",
        files={"logo.svg": SVG.format('<image href="data:image/svg+xml;base64,PHN2Zy8+" width="9" height="9"/>')},
    ),
    Case(
        "svg-use-another-file",
        "brand.yaml:2",
        "refers to another file",
        brand="name: T\nlogo: logo.svg\n",
        files={"logo.svg": SVG.format('<use xlink:href="other.svg#shape"/>')},
    ),
    Case(
        "svg-style-import",
        "brand.yaml:2",
        "refers to another file",
        brand="name: T\nlogo: logo.svg\n",
        files={"logo.svg": SVG.format("<style>@import url(http://example.com/a.css);</style>")},
    ),
    Case(
        "svg-fill-from-another-file",
        "brand.yaml:2",
        "refers to another file",
        brand="name: T\nlogo: logo.svg\n",
        files={"logo.svg": SVG.format('<rect width="9" height="9" fill="url(other.svg#g)"/>')},
    ),
    Case(
        "svg-with-text",
        "brand.yaml:2",
        "it has text",
        brand="name: T\nlogo: logo.svg\n",
        files={"logo.svg": SVG.format("<text x='0' y='20'>Clinic</text>")},
    ),
    Case(
        "svg-entities",
        "brand.yaml:2",
        "entities",
        brand="name: T\nlogo: logo.svg\n",
        files={
            "logo.svg": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>'
            + SVG.format("<desc>&a;&a;&a;</desc>")
        },
    ),
    Case(
        "svg-onload",
        "brand.yaml:2",
        "it has an event handler ('onload')",
        brand="name: T\nlogo: logo.svg\n",
        files={"logo.svg": SVG.format('<rect width="9" height="9" onload="alert(document.cookie)"/>')},
    ),
    Case(
        "svg-onclick-in-capitals",
        "brand.yaml:2",
        "it has an event handler ('ONCLICK')",
        brand="name: T\nlogo: logo.svg\n",
        files={"logo.svg": SVG.format('<rect width="9" height="9" ONCLICK="alert(1)"/>')},
    ),
    Case(
        "svg-set-href-javascript",
        "brand.yaml:2",
        "it has a script address ('javascript:alert(1)')",
        brand="name: T\nlogo: logo.svg\n",
        files={
            "logo.svg": SVG.format(
                '<a><set attributeName="href" to="javascript:alert(1)"/><rect width="9" height="9"/></a>'
            )
        },
    ),
    Case(
        "svg-animate-href",
        "brand.yaml:2",
        "an animation that changes a link",
        brand="name: T\nlogo: logo.svg\n",
        files={
            "logo.svg": SVG.format(
                '<a xlink:href="#r"><animate attributeName="xlink:href" values="https://evil.example"/>'
                '<rect id="r" width="9" height="9"/></a>'
            )
        },
    ),
    Case(
        "logo-outside-the-folder",
        "brand.yaml:2",
        "outside the brand file's folder",
        brand="name: T\nlogo: ../secret.png\n",
    ),
    Case(
        "logo-link-to-outside",
        "brand.yaml:2",
        "outside the brand file's folder",
        brand="name: T\nlogo: logo.png\n",
        files={"logo.png": link("../secret.png")},
    ),
    Case(
        "logo-absolute-path", "brand.yaml:2", "outside the brand file's folder", brand="name: T\nlogo: /etc/hostname\n"
    ),
    Case(
        "font-folder-outside",
        "brand.yaml:3",
        "outside the brand file's folder",
        brand="name: T\nfonts:\n  body: ../fonts\n",
        files={"../fonts/X-Regular.ttf": FONT},
    ),
    Case(
        "font-file-links-to-a-font-outside",
        "brand.yaml:3",
        "a link to a file outside its font folder",
        brand="name: T\nfonts:\n  body: myfont\n",
        files={
            "../elsewhere/Other-Regular.ttf": FONT,
            "myfont/My-Regular.ttf": link("../../elsewhere/Other-Regular.ttf"),
        },
    ),
    Case(
        "bold-font-links-to-a-font-outside",
        "brand.yaml:3",
        "a link to a file outside its font folder",
        brand="name: T\nfonts:\n  headings: myfont\n",
        files={
            "myfont/My-Regular.ttf": FONT,
            "myfont/My-Bold.ttf": link(str(ROOT / "fonts/DejaVuSans/DejaVuSans-Bold.ttf")),
        },
    ),
    # Links in the HTML companion: only the web's own schemes, and addresses without quotes.
    Case(
        "website-javascript",
        "brand.yaml:2",
        "'javascript:' links are not allowed",
        brand='name: T\nwebsite: "javascript:alert(document.cookie)"\n',
    ),
    Case(
        "booking-link-data-uri",
        "brand.yaml:2",
        "'data:' links are not allowed",
        brand='name: T\nbooking_url: "data:text/html,<script>alert(1)</script>"\n',
    ),
    Case(
        "website-with-quotes",
        "brand.yaml:2",
        "is not a web address",
        brand="name: T\nwebsite: 'example.com\" onmouseover=\"alert(1)'\n",
    ),
    Case("email-with-quotes", "brand.yaml:2", "is not an email address", brand="name: T\nemail: 'a\"@example.com'\n"),
    Case(
        "email-with-markup", "brand.yaml:2", "is not an email address", brand="name: T\nemail: '<script>@example.com'\n"
    ),
    # Templates cannot multiply the file, reach Python objects, or print their addresses.
    Case(
        "template-amplification-in-one-field",
        "content.yaml:6",
        "once it is filled in",
        content=section("{{ clinic.address }}" * 200),
        brand="name: T\naddress: '" + "Harbour Road, " * 28 + "'\n",
    ),
    Case(
        "template-amplification-across-fields",
        "content.yaml",
        "the 'all text' limit",
        content=HEAD
        + "".join(f"  - heading: Part {i}\n    text: {json.dumps('{{ clinic.address }}' * 45)}\n" for i in range(190)),
        brand="name: T\naddress: '" + "Harbour Road, " * 28 + "'\n",
    ),
    Case(
        "template-python-method", "content.yaml:6", "can only fill in names", content=section("{{ clinic.name.upper }}")
    ),
    Case("template-lipsum", "content.yaml:6", "unknown name 'lipsum'", content=section("{{ lipsum }}")),
    Case(
        "template-lipsum-called",
        "content.yaml:6",
        "can only fill in names",
        content=section("{{ lipsum(99, false, 999) }}"),
    ),
    Case("template-namespace", "content.yaml:6", "unknown name 'namespace'", content=section("{{ namespace }}")),
    Case("template-field-set", "content.yaml:6", "unknown name 'clinic'", content=section("{{ clinic }}")),
    # Control characters from YAML escapes never reach the PDF, the HTML or the terminal.
    Case(
        "text-with-escape-sequence",
        "content.yaml:6",
        "U+001B",
        content=HEAD + '  - heading: About\n    text: "a\\e[2Jb"\n',
    ),
    Case("text-with-nul", "content.yaml:6", "U+0000", content=HEAD + '  - heading: About\n    text: "a\\0b"\n'),
    Case("text-with-bell", "content.yaml:5", "U+0007", content=HEAD + '  - heading: "Ring\\a"\n    text: b\n'),
    Case(
        "text-with-lone-surrogate",
        "content.yaml:6",
        "U+D800",
        content=HEAD + '  - heading: About\n    text: "\\ud800"\n',
    ),
    Case(
        "field-name-with-escape-sequence",
        "content.yaml:6",
        "U+001B",
        content=HEAD + '  - heading: About\n    "\\e]0;owned\\a\\e[2J": x\n',
    ),
    # Invisible controls: a number that prints one way and dials another, text that reads out of order.
    Case(
        "phone-with-right-to-left-override",
        "brand.yaml:2:8",
        "U+202E (RIGHT-TO-LEFT OVERRIDE)",
        brand='name: T\nphone: "\\u202e0000 694 7110\\u202c"\n',
    ),
    Case(
        "phone-with-override-checked",
        "brand.yaml:2:8",
        "U+202E",
        brand='name: T\nphone: "\\u202e0000 694 7110\\u202c"\n',
        args=["check", "content.yaml", "--brand", "brand.yaml"],
    ),
    Case("address-with-isolate", "brand.yaml:2:10", "U+2067", brand='name: T\naddress: "1 Quay \\u2067Road\\u2069"\n'),
    Case(
        "website-with-zero-width-space", "brand.yaml:2:10", "U+200B", brand='name: T\nwebsite: "exa\\u200bmple.com"\n'
    ),
    Case("email-with-left-to-right-mark", "brand.yaml:2:8", "U+200E", brand='name: T\nemail: "a@exa\\u200emple.com"\n'),
    Case("brand-name-with-word-joiner", "brand.yaml:1:7", "U+2060", brand='name: "Har\\u2060bour"\n'),
    Case("content-text-with-override", "content.yaml:6", "U+202D", content=section("Call \u202d0000 694 7110")),
    Case("english-text-with-right-to-left-mark", "content.yaml:6", "U+200F", content=section("Price\u200f: 200")),
    # Special files: never read without end, never waited on.
    Case("content-is-dev-zero", "/dev/zero", "not an ordinary file", args=["build", "/dev/zero", "-o", "output/x.pdf"]),
    Case(
        "brand-is-dev-urandom",
        "/dev/urandom",
        "not an ordinary file",
        args=["build", "content.yaml", "--brand", "/dev/urandom", "-o", "output/x.pdf"],
    ),
    Case(
        "content-is-a-pipe",
        "pipe.yaml",
        "not an ordinary file",
        files={"pipe.yaml": PIPE},
        args=["build", "pipe.yaml", "-o", "output/x.pdf"],
    ),
    Case(
        "content-links-to-dev-zero",
        "zero.yaml",
        "not an ordinary file",
        files={"zero.yaml": link("/dev/zero")},
        args=["check", "zero.yaml"],
    ),
    Case(
        "content-over-5-mb-sparse",
        "big.yaml",
        "the 'file size' limit",
        files={"big.yaml": sparse(50 << 20)},
        args=["build", "big.yaml", "-o", "output/x.pdf"],
    ),
    Case(
        "logo-is-a-pipe",
        "brand.yaml:2",
        "not an ordinary file",
        brand="name: T\nlogo: logo.png\n",
        files={"logo.png": PIPE},
    ),
    Case(
        "logo-links-to-dev-zero",
        "brand.yaml:2",
        "outside the brand file's folder",
        brand="name: T\nlogo: logo.png\n",
        files={"logo.png": link("/dev/zero")},
    ),
    Case(
        "font-is-a-pipe",
        "brand.yaml:3",
        "not an ordinary file",
        brand="name: T\nfonts:\n  body: myfont\n",
        files={"myfont/My-Regular.ttf": PIPE},
    ),
    Case(
        "font-links-to-dev-zero",
        "brand.yaml:3",
        "outside its font folder",
        brand="name: T\nfonts:\n  body: myfont\n",
        files={"myfont/My-Regular.ttf": link("/dev/zero")},
    ),
    Case(
        "font-file-over-the-limit",
        "brand.yaml:3",
        "the 'font file' limit",
        brand="name: T\nfonts:\n  body: myfont\n",
        files={"myfont/My-Regular.ttf": sparse(41 << 20)},
    ),
    # Image bombs: the header is read, nothing is decoded.
    Case(
        "png-of-179-megapixels",
        "brand.yaml:2",
        "179,560,000 pixels",
        brand="name: T\nlogo: logo.png\n",
        files={"logo.png": png(13_400, 13_400)},
    ),
    Case(
        "png-just-over-the-limit",
        "brand.yaml:2",
        "4,001 x 4,000 pixels",
        brand="name: T\nlogo: logo.png\n",
        files={"logo.png": png(4_001, 4_000)},
    ),
    Case(
        "png-of-four-billion-pixels",
        "brand.yaml:2",
        "the 'logo pixels' limit",
        brand="name: T\nlogo: logo.png\n",
        files={"logo.png": png(65_535, 65_535, real_data=False)},
    ),
    Case(
        "png-ztxt-bomb",
        "brand.yaml:2",
        "cannot be read",
        brand="name: T\nlogo: logo.png\n",
        files={"logo.png": png(64, 32, extra=ztxt(256 << 20))},
    ),
    Case(
        "png-truncated",
        "brand.yaml:2",
        "cannot be read",
        brand="name: T\nlogo: logo.png\n",
        files={"logo.png": png(640, 200, colour=2, bit_depth=8)[:300]},
    ),
    Case(
        "logo-over-the-limit",
        "brand.yaml:2",
        "the 'logo file' limit",
        brand="name: T\nlogo: logo.svg\n",
        files={"logo.svg": SVG.format("<g/>" * 1_500_000)},
    ),
    Case(
        "svg-of-too-many-elements",
        "brand.yaml:2",
        "the 'SVG elements' limit",
        brand="name: T\nlogo: logo.svg\n",
        files={"logo.svg": SVG.format('<rect width="1" height="1"/>' * 20_000)},
    ),
    Case("svg-empty", "brand.yaml:2", "cannot be used", brand="name: T\nlogo: logo.svg\n", files={"logo.svg": ""}),
    Case(
        "svg-unparseable",
        "brand.yaml:2",
        "not well-formed XML",
        brand="name: T\nlogo: logo.svg\n",
        files={"logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'><rect"},
    ),
    Case(
        "svg-that-is-html",
        "brand.yaml:2",
        "not an SVG image",
        brand="name: T\nlogo: logo.svg\n",
        files={"logo.svg": "<html><body/></html>"},
    ),
    Case(
        "svg-of-no-size",
        "brand.yaml:2",
        "no usable size",
        brand="name: T\nlogo: logo.svg\n",
        files={"logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>'},
    ),
    Case(
        "svg-of-absurd-size",
        "brand.yaml:2",
        "no usable size",
        brand="name: T\nlogo: logo.svg\n",
        files={
            "logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="1e30" height="1e30">'
            '<rect width="5" height="5"/></svg>'
        },
    ),
    Case(
        "font-truncated",
        "brand.yaml:3",
        "damaged or not a TrueType font",
        brand="name: T\nfonts:\n  body: myfont\n",
        files={"myfont/My-Regular.ttf": FONT[:2000]},
    ),
    Case(
        "font-corrupt",
        "brand.yaml:3",
        "damaged or not a TrueType font",
        brand="name: T\nfonts:\n  body: myfont\n",
        files={"myfont/My-Regular.ttf": FONT[:12] + bytes(range(256)) * 40},
    ),
    # Fonts damaged where ReportLab looks only when it writes the PDF (or looks for ever): each is
    # refused when the brand is loaded, at the line naming it. The headings' bold face too.
    *(
        Case(
            f"font-{kind}",
            "brand.yaml:3",
            phrase,
            brand="name: T\nfonts:\n  body: myfont\n",
            files={"myfont/My-Regular.ttf": damaged(kind)},
        )
        for kind, phrase in DAMAGE.items()
    ),
    Case(
        "bold-font-loca-past-glyf",
        "brand.yaml:3",
        DAMAGE["loca-past-glyf"],
        brand="name: T\nfonts:\n  headings: myfont\n",
        files={"myfont/My-Regular.ttf": FONT, "myfont/My-Bold.ttf": damaged("loca-past-glyf")},
    ),
]

INTERNAL = [
    # What used to end in "internal error ... bug in leaflet" now points at the line to fix.
    Case(
        "jinja-divisible-by-zero",
        "content.yaml:6",
        "can only fill in names",
        content=section("{{ 6 is divisibleby 0 }}"),
    ),
    Case(
        "jinja-text-less-than-number", "content.yaml:6", "compare only with == and !=", content=section("{{ 'a' < 1 }}")
    ),
    Case(
        "jinja-default-with-four-arguments",
        "content.yaml:6",
        "can only fill in names",
        content=section("{{ clinic.phone | default(1, 2, 3, 4) }}"),
    ),
    Case(
        "jinja-100-nested-ifs",
        "content.yaml:6",
        "the 'template nesting' limit",
        content=section("{% if clinic.phone %}" * 100 + "x" + "{% endif %}" * 100),
    ),
    Case(
        "jinja-deep-brackets",
        "content.yaml:6",
        "the 'template nesting' limit",
        content=section("{{ " + "(" * 500 + "clinic.name" + ")" * 500 + " }}"),
    ),
    Case(
        "jinja-deep-nots",
        "content.yaml:6",
        "the 'template nesting' limit",
        content=section("{{ " + "not " * 900 + "1 }}"),
    ),
    Case(
        "jinja-long-chain",
        "content.yaml:6",
        "the 'template tokens' limit",
        content=section("{{ " + " or ".join(["clinic.name"] * 300) + " }}"),
    ),
    Case(
        "field-empty-once-filled-in",
        "content.yaml:6",
        "empty once the brand's fields are filled in",
        content=section("{{ clinic.footer }}"),
    ),
    Case(
        "price-of-1e28",
        "content.yaml:8",
        "a price must be under 1,000,000,000",
        content=HEAD + "  - heading: Cost\n    prices:\n      - item: One\n        price: 1.0e+28\n",
    ),
    Case(
        "brand-price-of-1e28", "brand.yaml:3", "a price must be under", brand="name: T\nprices:\n  session: 1.0e+28\n"
    ),
    Case(
        "table-number-of-1e27",
        "content.yaml:9",
        "a number in a table must be under",
        content=HEAD + "  - heading: T\n    table:\n      columns: [A, B]\n      rows:\n        - [x, 1.0e+27]\n",
    ),
    Case(
        "price-of-400-digits",
        "content.yaml:8",
        "the 'number length' limit",
        content=HEAD + "  - heading: Cost\n    prices:\n      - item: One\n        price: " + "9" * 400 + "\n",
    ),
    Case(
        "brand-price-of-400-digits",
        "brand.yaml:3",
        "the 'number length' limit",
        brand="name: T\nprices:\n  session: " + "9" * 400 + "\n",
    ),
    Case(
        "table-number-of-400-digits",
        "content.yaml:9",
        "the 'number length' limit",
        content=HEAD
        + "  - heading: T\n    table:\n      columns: [A, B]\n      rows:\n        - [x, "
        + "1" * 400
        + "]\n",
    ),
    # Numbers that would print other than written.
    Case(
        "price-of-negative-zero",
        "content.yaml:8",
        "negative zero",
        content=HEAD + "  - heading: Cost\n    prices:\n      - item: One\n        price: -0.0\n",
    ),
    Case(
        "price-written-as-a-time",
        "content.yaml:8",
        "'1:30' is read as a time in minutes and seconds, the number 90",
        content=HEAD + "  - heading: Cost\n    prices:\n      - item: One\n        price: 1:30\n",
    ),
    Case(
        "price-in-hexadecimal",
        "content.yaml:8",
        "'0x10' is read as the hexadecimal number 16",
        content=HEAD + "  - heading: Cost\n    prices:\n      - item: One\n        price: 0x10\n",
    ),
    Case(
        "price-of-half-a-penny",
        "content.yaml:8",
        "more decimal places than GBP prices have",
        content=HEAD + "  - heading: Cost\n    prices:\n      - item: One\n        price: 0.005\n",
    ),
    Case(
        "brand-price-of-half-a-penny",
        "brand.yaml:3",
        "more decimal places than GBP prices have",
        content=HEAD + "  - heading: Cost\n    prices:\n      - item: One\n        id: one\n        price: 5\n",
        brand="name: T\nprices:\n  one: 0.005\n",
    ),
    # The language goes into the PDF's /Lang and the page's lang="": a tag, never a line break or a book.
    Case("language-with-a-line-break", "content.yaml:1", "is not a language tag", content='language: "en\\n"\n' + GOOD),
    Case(
        "language-of-19800-letters",
        "content.yaml:1",
        "the 'language tag' limit",
        content="language: " + "a" * 19_800 + "\n" + GOOD,
    ),
    Case(
        "translation-of-itself",
        "content.yaml:1",
        "a leaflet cannot be a translation of itself",
        content='translation_of: content.yaml\nsource_version: "1"\n' + GOOD,
    ),
    Case(
        "table-of-36-columns",
        "content.yaml:7",
        "'columns' has 36 items; the most it may have is 8 columns",
        content=HEAD
        + "  - heading: T\n    table:\n      columns: ["
        + ", ".join(f"C{i}" for i in range(36))
        + "]\n      rows:\n        - ["
        + ", ".join("1" for _ in range(36))
        + "]\n",
    ),
    Case(
        "booking-link-too-long-for-a-qr-code",
        "brand.yaml:2",
        "the 'brand booking url' limit",
        brand="name: T\nbooking_url: https://example.com/" + "a" * 3000 + "\n",
    ),
    Case(
        "brand-tagline-of-300-characters",
        "brand.yaml:2",
        "the most it may have is 200 characters",
        brand="name: T\ntagline: '" + "Skin " * 60 + "'\n",
    ),
]

# ICC profiles: read like every other input, and refused unless littleCMS can convert colours with them.
PROFILES = [
    Case("icc-random-bytes", "p.icc", "not an ICC profile littleCMS can read", files={"p.icc": bytes(range(256)) * 12}),
    Case("icc-empty", "p.icc", "not an ICC profile littleCMS can read", files={"p.icc": b""}),
    Case("icc-is-a-pipe", "p.icc", "not an ordinary file", files={"p.icc": PIPE}),
    Case("icc-is-a-folder", "p.icc", "is a folder", files={"p.icc": FOLDER}),
    Case("icc-over-the-limit", "p.icc", "the 'ICC profile' limit", files={"p.icc": sparse(17 << 20)}),
    *(
        [
            Case(
                "icc-truncated",
                "p.icc",
                "littleCMS cannot convert colours to this ICC profile",
                files={"p.icc": Path(ICC).read_bytes()[:90_000]},
            ),
            Case(
                "icc-rgb-not-cmyk",
                "p.icc",
                "not a CMYK output (printer) profile",
                files={"p.icc": Path(ICC).with_name("default_rgb.icc").read_bytes()},
            ),
        ]
        if HAS_PROFILE
        else []
    ),
]
for _case in PROFILES:
    _case.args = ["build", "content.yaml", "--cmyk", "--icc-profile", "p.icc", "-o", "output/x.pdf"]

SLOW = [
    Case(
        "100000-sections",
        "content.yaml",
        "the 'values in a file' limit",
        content=HEAD + "".join(f"  - heading: S{i}\n    text: x\n" for i in range(100_000)),
    ),
    Case(
        "1000-sections",
        "content.yaml:4",
        "the most it may have is 200 sections",
        content=HEAD + "".join(f"  - heading: S{i}\n    text: x\n" for i in range(1_000)),
    ),
    Case(
        "10000-table-rows",
        "content.yaml",
        "the 'values in a file' limit",
        content=HEAD
        + "  - heading: T\n    table:\n      columns: [A, B]\n      rows:\n"
        + "".join(f"        - [r{i}, {i}]\n" for i in range(10_000)),
    ),
    Case(
        "600-table-rows",
        "content.yaml:8",
        "the most it may have is 500 rows",
        content=HEAD
        + "  - heading: T\n    table:\n      columns: [A, B]\n      rows:\n"
        + "".join(f"        - [r{i}, {i}]\n" for i in range(600)),
    ),
    Case(
        "a-4-mb-tagline",
        "brand.yaml:2",
        "the 'one text field' limit",
        brand="name: T\ntagline: " + "x" * (4 << 20) + "\n",
    ),
    Case("a-4-mb-word-of-bold", "content.yaml:6", "the 'one text field' limit", content=section("**a " * 1_000_000)),
]


def problems(err: str) -> list[str]:
    """The lines of stderr that state a problem: not the lint's warnings a build prints first, not hints."""
    return [
        line
        for line in err.splitlines()
        if not line.startswith(" ") and not re.search(r": LF\d{3} (warning|info): ", line)
    ]


def check(tmp_path: Path, case: Case):
    """Run the case; every refusal must be fast, small, located, and change nothing."""
    folder = tmp_path / "case"
    folder.mkdir()
    outside_secret(folder)
    make_files(folder, case)
    before = snapshot(tmp_path)
    args = case.args or (
        ["build", "content.yaml", "-o", "output/x.pdf"] + (["--brand", "brand.yaml"] if case.brand is not None else [])
    )
    run = run_bounded(args, folder)
    assert run.cpu < SECONDS and run.peak < PEAK, (run.cpu, run.peak)
    assert "Traceback" not in run.err + run.out and "internal error" not in run.err, run.err
    assert ESC not in run.err + run.out and "\x07" not in run.err, "a raw control character reached the terminal"
    assert run.code == case.code, (run.code, run.err)
    assert run.out == ""
    first = problems(run.err)[0]
    if case.where:
        assert first.startswith(case.where + ":"), f"expected {case.where}:\n{run.err}"
        if re.fullmatch(r"[^:]+:\d+:\d+", case.where):  # line and column
            assert first.startswith(case.where + ": "), run.err
        elif re.fullmatch(r"[^:]+:\d+", case.where):
            assert re.match(rf"{re.escape(case.where)}:\d+: ", first), run.err
    assert case.phrase in first, run.err
    lines = run.err.splitlines()
    assert lines[lines.index(first) + 1].startswith("    "), f"no hint under the message:\n{run.err}"
    assert snapshot(tmp_path) == before, "a refused run wrote or changed a file"
    return run


@pytest.mark.parametrize("case", SECURITY, ids=lambda c: c.id)
def test_hostile_files_are_refused_at_their_line(tmp_path, case):
    check(tmp_path, case)


@pytest.mark.parametrize("case", INTERNAL, ids=lambda c: c.id)
def test_what_was_an_internal_error_is_a_located_message(tmp_path, case):
    check(tmp_path, case)


@pytest.mark.parametrize("case", PROFILES, ids=lambda c: c.id)
def test_a_profile_littlecms_cannot_use_is_refused_by_name(tmp_path, case):
    check(tmp_path, case)


@pytest.mark.parametrize("case", SLOW, ids=lambda c: c.id)
def test_what_was_slow_is_refused_quickly(tmp_path, case):
    check(tmp_path, case)


@pytest.mark.parametrize(
    "case",
    [
        c
        for c in SECURITY + INTERNAL
        if c.id
        in {
            "svg-image-outside-the-folder",
            "jinja-divisible-by-zero",
            "png-ztxt-bomb",
            "font-corrupt",
            "price-of-1e28",
            "field-name-with-escape-sequence",
            "svg-of-no-size",
        }
    ],
    ids=lambda c: c.id,
)
def test_json_check_reports_every_failure_as_a_located_finding(tmp_path, case):
    folder = tmp_path / "case"
    folder.mkdir()
    make_files(folder, case)
    before = snapshot(folder)
    args = ["check", "content.yaml", "--output-format", "json"] + (["--brand", "brand.yaml"] if case.brand else [])
    run = run_bounded(args, folder)
    report = json.loads(run.out)
    assert run.code == 1 and report["ok"] is False
    finding = report["findings"][0]
    assert finding["severity"] == "error" and case.phrase in finding["message"], finding
    assert f"{finding['file']}:{finding['line']}".startswith(case.where), finding
    assert ESC not in run.out and "internal error" not in run.out
    assert snapshot(folder) == before


# ---------------------------------------------------------------- outputs never destroy inputs


@pytest.fixture
def clinic(tmp_path) -> Path:
    """The mesotherapy leaflet and the Harbour brand (with its logo), copied to a scratch folder."""
    shutil.copy(MESO, tmp_path / "content.yaml")
    shutil.copy(BRANDS / "harbour-skin.yaml", tmp_path / "brand.yaml")
    shutil.copy(BRANDS / "harbour-skin-logo.svg", tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "output, extra",
    [
        pytest.param("content.yaml", [], id="the-content-file"),
        pytest.param("brand.yaml", [], id="the-brand-file"),
        pytest.param("harbour-skin-logo.svg", [], id="the-logo"),
        pytest.param("x.html", ["--html"], id="the-pdf-and-its-html-in-one-file"),
        pytest.param("pipe", [], id="a-pipe"),
        pytest.param("folder/x.pdf", ["--html"], id="html-over-a-folder"),
        pytest.param("content-page-1.png", ["--preview"], id="a-picture-over-an-input"),
    ],
)
def test_an_output_that_would_destroy_something_is_refused(clinic, output, extra):
    os.mkfifo(clinic / "pipe")
    (clinic / "folder" / "x.html").mkdir(parents=True)
    (clinic / "content-page-1.png").write_bytes(b"an input of this build, as the logo")
    shutil.copy(clinic / "brand.yaml", clinic / "brand-with-picture.yaml")
    brand = "brand.yaml"
    if output == "content-page-1.png":  # a logo named like the first page's picture of -o content.pdf
        (clinic / "brand.yaml").write_text(
            (clinic / "brand.yaml").read_text().replace("harbour-skin-logo.svg", "content-page-1.png")
        )
        (clinic / "content-page-1.png").write_bytes(LOGO_PNG.read_bytes())
        output = "content.pdf"
    before = snapshot(clinic)
    run = run_bounded(["build", "content.yaml", "--brand", brand, "-o", output, *extra], clinic)
    assert run.code == 2, run.err
    assert problems(run.err)[0].startswith("leaflet: ") and "Traceback" not in run.err
    assert snapshot(clinic) == before


def test_a_failed_html_write_leaves_the_old_pdf_and_names_the_html(clinic, monkeypatch, cli):
    """The PDF and the HTML land together or not at all (the HTML's rename fails here)."""
    old_pdf = b"%PDF-1.4 an earlier leaflet\n"
    (clinic / "x.pdf").write_bytes(old_pdf)
    real_replace = os.replace

    def failing_replace(src, dst, *a, **k):
        if str(dst).endswith(".html"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", failing_replace)
    monkeypatch.chdir(clinic)
    cli("build", "content.yaml", "-o", "x.pdf", "--html")
    assert cli.code == 1
    assert "x.html" in cli.err.splitlines()[-2] and "No space left" in cli.err, cli.err
    assert (clinic / "x.pdf").read_bytes() == old_pdf
    assert sorted(p.name for p in clinic.iterdir()) == ["brand.yaml", "content.yaml", "harbour-skin-logo.svg", "x.pdf"]


# ---------------------------------------------------------------- batch


def test_a_table_as_wide_as_allowed_on_a_tri_fold_is_set_as_stacked_rows(tmp_path):
    """Eight columns cannot sit side by side on a 88 mm panel; they used to end in "internal error"."""
    (tmp_path / "content.yaml").write_text(
        HEAD
        + "  - heading: T\n    table:\n      columns: ["
        + ", ".join(f"Column {i}" for i in range(8))
        + "]\n      rows:\n        - ["
        + ", ".join(f"value {i}" for i in range(8))
        + "]\n"
    )
    run = run_bounded(["build", "content.yaml", "--format", "dl-trifold", "-o", "x.pdf"], tmp_path)
    assert run.code == 0, run.err
    assert "Column 7: value 7" in pdf_text(tmp_path / "x.pdf")


def test_a_batch_survives_a_manifest_naming_a_pipe_and_damaged_entries(clinic):
    first = run_bounded(["batch", "content.yaml", "--brand", "brand.yaml", "-o", "out", "--jobs", "1"], clinic)
    assert first.code == 0, first.err
    manifest_path = clinic / "out" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    ((key, entry),) = manifest["outputs"].items()
    os.mkfifo(clinic / "pipe")
    entry["inputs"][str(clinic / "pipe")] = "0" * 64  # a reader of this pipe would wait for ever
    manifest["outputs"]["brand/other-a4.pdf"] = {"config": 5, "inputs": "x", "sha256": None}
    manifest_path.write_text(json.dumps(manifest))
    second = run_bounded(["batch", "content.yaml", "--brand", "brand.yaml", "-o", "out", "--jobs", "1"], clinic)
    assert second.code == 0, second.err
    assert "1 built" in second.out and "internal error" not in second.err


def test_a_batch_refuses_to_write_its_manifest_over_an_input(clinic):
    (clinic / "out").mkdir()
    shutil.copy(clinic / "content.yaml", clinic / "out" / "manifest.json")
    before = snapshot(clinic)
    run = run_bounded(["batch", "out/manifest.json", "-o", "out"], clinic)
    assert run.code == 2 and "one of this build's own inputs" in run.err, run.err
    assert snapshot(clinic) == before


def test_schema_names_the_files_it_wrote_with_escapes_shown_not_acted_on(tmp_path):
    folder = "schemas\x1b[2J\u202e"
    run = run_bounded(["schema", "-o", folder], tmp_path)
    assert run.code == 0, run.err
    assert ESC not in run.out and "\u202e" not in run.out
    assert run.out.splitlines() == [
        "schemas\\x1b[2J\\u202e/content.schema.json",
        "schemas\\x1b[2J\\u202e/brand.schema.json",
    ]
    assert sorted(p.name for p in (tmp_path / folder).iterdir()) == ["brand.schema.json", "content.schema.json"]


def test_a_content_file_piped_to_dev_stdin_is_refused_not_read_without_end(tmp_path):
    run = run_bounded(["build", "/dev/stdin", "-o", "x.pdf"], tmp_path, stdin=GOOD.encode() * 500_000)
    assert run.code == 1 and "not an ordinary file" in run.err, run.err
    assert list(tmp_path.iterdir()) == []


def test_the_docs_show_the_limits_the_code_enforces(cli):
    from leaflet.limits import table

    assert table() in (ROOT / "docs" / "safety.md").read_text(encoding="utf-8")
    cli("limits")
    assert cli.code == 0 and cli.out.strip() == table()


@pytest.mark.parametrize(
    "junk",
    [
        pytest.param(lambda: b"[" * 400_000, id="400-kb-of-brackets"),
        pytest.param(
            lambda: (
                b'{"version":1,"outputs":{'
                + b",".join(b'"%d":{"config":{},"inputs":{},"sha256":"","bytes":0}' % i for i in range(1_100_000))
                + b"}}"
            ),
            id="63-mb-of-junk-entries",
        ),
        pytest.param(
            lambda: b'{"version":1,"outputs":{' + b",".join(b'"%d":[]' % i for i in range(150_000)) + b"}}",
            id="junk-entries-under-the-value-limit",
        ),
    ],
)
def test_a_hostile_manifest_is_read_in_bounded_memory_and_never_written_back_over_its_limit(clinic, junk):
    from leaflet.limits import MANIFEST_BYTES

    (clinic / "out").mkdir()
    data = junk()
    assert len(data) < MANIFEST_BYTES.value
    (clinic / "out" / "manifest.json").write_bytes(data)
    run = run_bounded(["batch", "content.yaml", "--brand", "brand.yaml", "-o", "out", "--jobs", "1"], clinic)
    assert run.code == 0, run.err
    assert run.cpu < SECONDS and run.peak < PEAK, (run.cpu, run.peak)
    assert "1 built" in run.out and "warning: out/manifest.json could not be used as it was" in run.out, run.out
    assert (clinic / "out" / "manifest.json").stat().st_size < 10_000  # the junk is not kept
    again = run_bounded(["batch", "content.yaml", "--brand", "brand.yaml", "-o", "out", "--jobs", "1"], clinic)
    assert again.code == 0 and "1 skipped" in again.out and "could not be used" not in again.out


# ---------------------------------------------------------------- one brand's fonts never reach another's leaflets


@pytest.fixture
def impostor(clinic) -> Path:
    """Beside Harbour: a brand whose font calls itself AtkinsonHyperlegible-Regular (the shipped
    font Harbour prints in) but draws its vowels as x."""
    (clinic / "impostor" / "look").mkdir(parents=True)
    (clinic / "impostor" / "look" / "Look-Regular.ttf").write_bytes(colliding())
    (clinic / "impostor" / "impostor.yaml").write_text(
        "name: Impostor\nphone: 0117 496 0001\nfonts:\n  body: look\n  headings: look\n"
    )
    return clinic / "impostor" / "impostor.yaml"


def fresh_build(folder: Path, brand: str) -> bytes:
    """The PDF a new process makes, with nothing built before it."""
    run = run_bounded(["build", "content.yaml", "--brand", brand, "-o", "fresh.pdf"], folder)
    assert run.code == 0, run.err
    return (folder / "fresh.pdf").read_bytes()


def test_a_font_named_like_a_shipped_one_never_changes_another_brands_pdf_in_one_process(clinic, impostor):
    from leaflet import build_files

    harbour = fresh_build(clinic, "brand.yaml")
    before = build_files(clinic / "content.yaml", clinic / "brand.yaml")
    theirs = build_files(clinic / "content.yaml", impostor)
    after = build_files(clinic / "content.yaml", clinic / "brand.yaml")
    assert before == after == harbour
    assert theirs != harbour
    # Each embeds its own font program, named after its own file: the impostor's name is not Harbour's.
    names = {pdf: set(re.findall(rb"/BaseFont /([A-Z]{6}\+[^\s/]+)", pdf)) for pdf in (harbour, theirs)}
    assert names[theirs] and all(n[7:].startswith(b"AtkinsonHyperlegible-Regular-") for n in names[theirs])
    assert b"AtkinsonHyperlegible-Regular" in b" ".join(names[harbour])
    assert {n[7:] for n in names[theirs]}.isdisjoint({n[7:] for n in names[harbour]}), names


def test_a_font_named_like_a_shipped_one_never_changes_another_brands_pdf_in_a_batch(clinic, impostor):
    harbour = fresh_build(clinic, "brand.yaml")
    run = run_bounded(
        [
            "batch",
            "content.yaml",
            "--brand",
            "impostor/impostor.yaml",
            "--brand",
            "brand.yaml",
            "-o",
            "out",
            "--jobs",
            "1",
        ],
        clinic,
    )
    assert run.code == 0, run.err
    assert (clinic / "out" / "brand" / "content-a4.pdf").read_bytes() == harbour
    assert (clinic / "out" / "impostor" / "content-a4.pdf").read_bytes() != harbour


def test_a_damaged_font_fails_only_its_own_brands_leaflets_in_a_batch(clinic):
    harbour = fresh_build(clinic, "brand.yaml")
    (clinic / "broken" / "look").mkdir(parents=True)
    # passes ReportLab's load and used to fail as the PDF was written, and fail the brands after it
    (clinic / "broken" / "look" / "Look-Regular.ttf").write_bytes(damaged("zero-glyphs"))
    (clinic / "broken" / "broken.yaml").write_text("name: Broken\nphone: 0117 496 0001\nfonts:\n  body: look\n")
    run = run_bounded(
        [
            "batch",
            "content.yaml",
            "--brand",
            "broken/broken.yaml",
            "--brand",
            "brand.yaml",
            "-o",
            "out",
            "--jobs",
            "1",
            "--format",
            "a4",
            "letter",
        ],
        clinic,
    )
    assert run.code == 1 and "internal error" not in run.err, run.err
    assert "4 leaflets: 2 built, 0 skipped (unchanged), 2 failed" in run.err, run.err
    assert re.search(r"broken/broken\.yaml:4:9: the font file 'Look-Regular\.ttf' cannot be used", run.err), run.err
    assert sorted(p.relative_to(clinic / "out").as_posix() for p in (clinic / "out").rglob("*.pdf")) == [
        "brand/content-a4.pdf",
        "brand/content-letter.pdf",
    ]
    assert (clinic / "out" / "brand" / "content-a4.pdf").read_bytes() == harbour


# ---------------------------------------------------------------- output names


def test_an_output_name_longer_than_a_file_system_allows_is_refused_before_any_work(clinic):
    before = snapshot(clinic)
    for output in ["a" * 300 + ".pdf", "out/" + "b" * 256 + "/x.pdf", "c" * 256 + "/"]:
        run = run_bounded(["build", "content.yaml", "--brand", "brand.yaml", "-o", output], clinic)
        assert run.code == 2 and "Traceback" not in run.err, run.err
        assert problems(run.err)[0].startswith("leaflet: the output name '") and "at most 255 bytes" in run.err
        assert snapshot(clinic) == before


def test_an_output_named_after_a_content_file_too_long_for_it_is_a_located_message(clinic):
    long_name = "x" * 240 + ".yaml"  # a name the file system takes, and the PDF's (with the brand's) it does not
    shutil.copy(clinic / "content.yaml", clinic / long_name)
    before = snapshot(clinic)
    run = run_bounded(["build", long_name, "--brand", "brand.yaml", "--html", "--preview"], clinic)
    assert run.code == 1, run.err
    assert problems(run.err)[0].startswith(f"{long_name}: the output's name, made from this file's name, would be")
    assert "Rename the file" in run.err and snapshot(clinic) == before
    # Given -o, the same file builds; the longest name a file system takes is written too.
    longest = "y" * 251 + ".pdf"
    run = run_bounded(["build", long_name, "--brand", "brand.yaml", "-o", longest], clinic)
    assert run.code == 0 and (clinic / longest).is_file(), run.err


def test_a_folder_named_like_a_page_picture_is_a_message_or_left_alone(clinic):
    pictures = clinic / "output"
    (pictures / "content-harbour-skin-clinic-page-1.png").mkdir(parents=True)
    (pictures / "content-harbour-skin-clinic-page-99.png" / "keep").mkdir(parents=True)  # a stale page's name
    before = snapshot(clinic)
    run = run_bounded(["preview", "content.yaml", "--brand", "brand.yaml"], clinic)
    assert run.code == 2 and "page-1.png' exists and is not an ordinary file" in run.err, run.err
    assert snapshot(clinic) == before
    (pictures / "content-harbour-skin-clinic-page-1.png").rmdir()
    run = run_bounded(["preview", "content.yaml", "--brand", "brand.yaml"], clinic)
    assert run.code == 0 and "internal error" not in run.err, run.err
    assert (pictures / "content-harbour-skin-clinic-page-1.png").is_file()
    assert (pictures / "content-harbour-skin-clinic-page-99.png" / "keep").is_dir()


def test_a_brand_file_called_default_and_the_built_in_brand_never_share_an_output(clinic):
    shutil.copy(clinic / "brand.yaml", clinic / "default.yaml")
    assert run_bounded(["batch", "content.yaml", "-o", "out", "--jobs", "1"], clinic).code == 0
    run = run_bounded(["batch", "content.yaml", "--brand", "default.yaml", "-o", "out", "--jobs", "1"], clinic)
    assert run.code == 0, run.err
    built_in, brand_file = (
        clinic / "out" / "default" / "content-a4.pdf",
        clinic / "out" / "default_brand" / "content-a4.pdf",
    )
    assert "Your clinic" in pdf_text(built_in) and "Harbour" in pdf_text(brand_file)
    manifest = json.loads((clinic / "out" / "manifest.json").read_text())
    assert set(manifest["outputs"]) == {"default/content-a4.pdf", "default_brand/content-a4.pdf"}


@pytest.mark.skipif(not HAS_PROFILE, reason="no CMYK ICC profile: apt-get install libgs-common")
def test_a_profile_whose_description_cannot_be_decoded_is_named_by_its_file(clinic):
    """Found by the fuzzing: one byte of the description made Pillow raise while reading it."""
    data = bytearray(Path(ICC).read_bytes())
    data[252] = 128
    (clinic / "p.icc").write_bytes(bytes(data))
    run = run_bounded(
        ["build", "content.yaml", "--brand", "brand.yaml", "--pdfx", "--icc-profile", "p.icc", "-o", "x.pdf"], clinic
    )
    assert run.code == 0 and "internal error" not in run.err, run.err
    assert b"(p.icc)" in (clinic / "x.pdf").read_bytes()  # the output intent's name


def test_a_brands_pdf_never_depends_on_which_brands_came_before(clinic):
    """Two brands sharing a font's bytes, in folders of their own: one has no bold face, the other's
    bold is a copy of its regular. Whichever is built first in a process, each gives a new process's bytes."""
    from leaflet import build_files

    for name, files in (("one", ["Look-Regular.ttf"]), ("two", ["Look-Regular.ttf", "Look-Bold.ttf"])):
        (clinic / name / "look").mkdir(parents=True)
        for file in files:
            (clinic / name / "look" / file).write_bytes(FONT)
        (clinic / name / "brand.yaml").write_text(f"name: Clinic {name}\nphone: 0117 496 0001\nfonts:\n  body: look\n")
    fresh = fresh_build(clinic, "two/brand.yaml")
    build_files(clinic / "content.yaml", clinic / "one" / "brand.yaml")
    assert build_files(clinic / "content.yaml", clinic / "two" / "brand.yaml") == fresh
