"""Every limit leaflet enforces, in one place: loading, templating, layout, batch and the studio
read them from here, `leaflet limits` prints them, and the Limits table in docs/safety.md is this table.

A limit turns a file that would take minutes or gigabytes into a located message that names the
limit. Each is far above what a real leaflet needs (the mesotherapy leaflet uses under a tenth of
every one) and low enough that the worst file allowed still builds in seconds in bounded memory.
"""

from __future__ import annotations

from dataclasses import dataclass

KIB, MIB = 1024, 1024 * 1024


@dataclass(frozen=True)
class Limit:
    name: str  # how messages and `leaflet limits` call it
    value: int
    unit: str
    what: str
    why: str

    def __str__(self) -> str:
        if self.unit == "bytes":
            return f"{self.value / MIB:g} MB"
        return f"{self.value:,} {self.unit}" if self.unit else f"{self.value:,}"


# Files
FILE_BYTES = Limit(
    "file size",
    5 * MIB,
    "bytes",
    "a content, brand or batch file",
    "read whole before parsing; a leaflet is a few tens of kilobytes",
)
YAML_VALUES = Limit(
    "values in a file",
    20_000,
    "values",
    "values (texts, numbers, lists, fields) in one content or brand file",
    "a long leaflet has about 500; parsing cost grows with the count",
)
YAML_DEPTH = Limit(
    "nesting",
    32,
    "levels",
    "lists and fields inside each other",
    "deeper nesting would exhaust Python's stack in the parser",
)

# Text
FIELD_CHARS = Limit(
    "one text field",
    20_000,
    "characters",
    "one text field, as typed and once brand fields are filled in",
    "a long section is about 3,000",
)
LEAFLET_CHARS = Limit(
    "all text",
    1_500_000,
    "characters",
    "all the text of one leaflet, once brand fields are filled in",
    "about 450 A4 pages; stops a small file from growing through {{ clinic.address }}",
)
LANGUAGE_TAG = Limit(
    "language tag",
    35,
    "characters",
    "a content file's language (a BCP 47 tag such as en-GB)",
    "the longest tag a program must accept (RFC 5646); it goes into the PDF and the page",
)
TEMPLATE_TOKENS = Limit(
    "template tokens",
    400,
    "tokens",
    "words and symbols inside the {{ }} and {% %} of one text field",
    "leaflet text only names fields and chooses between words",
)
TEMPLATE_DEPTH = Limit(
    "template nesting",
    8,
    "levels",
    "{% if %} blocks, brackets and 'not's inside each other in one field",
    "deep templates exhaust the template compiler's stack",
)
SECTIONS = Limit("sections", 200, "sections", "sections in one leaflet", "a long leaflet has about 15")
ITEMS = Limit(
    "list items",
    200,
    "items",
    "items in one list (summary points, risks, aftercare steps, prices, sources)",
    "a long list has about 20",
)
TABLE_ROWS = Limit("table rows", 500, "rows", "rows in one table", "about 25 A4 pages of table")
TABLE_COLUMNS = Limit(
    "table columns",
    8,
    "columns",
    "columns in one table (fewer where the page is narrow)",
    "each column needs room for a readable word at 12 pt",
)
NUMBER_CHARS = Limit(
    "number length",
    30,
    "characters",
    "a number as written: its digits, sign, point and exponent",
    "checked before the number is read: a 400-digit number would overflow",
)
AMOUNT = Limit(
    "numbers",
    1_000_000_000,
    "",
    "a price or a number in a table is under this",
    "larger numbers are typing mistakes, and past about 10^15 they lose digits when printed",
)

# Brand fields (characters)
BRAND_FIELDS = {
    "name": Limit(
        "brand name", 120, "characters", "the clinic's name", "it is printed in the header band of every format"
    ),
    "tagline": Limit("brand tagline", 200, "characters", "the tagline", "it shares the header band with the name"),
    "address": Limit(
        "brand address", 400, "characters", "the address", "printed in the contact block and on the tri-fold's back"
    ),
    "phone": Limit("brand phone", 40, "characters", "the phone number", "printed on every page's footer"),
    "email": Limit("brand email", 254, "characters", "the email address", "the longest address email allows"),
    "website": Limit("brand website", 200, "characters", "the website address", "printed on every page's footer"),
    "booking_url": Limit(
        "brand booking url",
        300,
        "characters",
        "the booking link",
        "a QR code of a longer link is too dense for a phone camera at 32 mm",
    ),
    "footer": Limit("brand footer", 300, "characters", "the footer line", "printed on every page"),
    "logo_alt": Limit(
        "brand logo alt",
        250,
        "characters",
        "the logo's alternative text",
        "a screen reader reads it in place of the logo: a short phrase, not a description",
    ),
}

# Files a brand names
LOGO_BYTES = Limit("logo file", 5 * MIB, "bytes", "a logo file", "a 300 ppi logo of 58 x 20 mm is well under 1 MB")
LOGO_PIXELS = Limit(
    "logo pixels",
    16_000_000,
    "pixels",
    "a bitmap logo's width x height, read from its header before decoding",
    "a small file can claim billions of pixels (an image bomb)",
)
SVG_ELEMENTS = Limit("SVG elements", 10_000, "elements", "elements in an SVG logo", "a logo has a few hundred")
FONT_BYTES = Limit("font file", 40 * MIB, "bytes", "one font file", "large families with every script are about 20 MB")
FONT_CHARACTERS = Limit(
    "font characters",
    200_000,
    "characters",
    "characters one font file maps to its glyphs",
    "the largest fonts map about 65,000; each is read when the font is loaded",
)
ICC_BYTES = Limit(
    "ICC profile",
    16 * MIB,
    "bytes",
    "the print shop's colour profile (--icc-profile)",
    "real CMYK profiles are 0.2 to 4 MB",
)

# The work of one build
PAGES = Limit(
    "pages", 1_000, "pages", "pages of one leaflet as laid out", "the last guard on the work one leaflet may do"
)
BATCH_SECONDS = Limit(
    "batch time",
    120,
    "seconds",
    "the time one leaflet of a batch may take",
    "a leaflet within every other limit builds in a few seconds; the rest of the batch goes on",
)
MANIFEST_BYTES = Limit("manifest", 64 * MIB, "bytes", "a batch's manifest.json", "about 30,000 leaflets")
MANIFEST_VALUES = Limit(
    "manifest values",
    2_000_000,
    "values",
    "values (texts, numbers, lists, fields) in a batch's manifest.json, counted before it is read",
    "a leaflet's entry has about 30; each value read costs memory",
)
CATALOGUE_BYTES = Limit(
    "message catalogue",
    1 * MIB,
    "bytes",
    "one language's catalogue of the leaflet's own words (a .po file)",
    "a catalogue of every phrase is about 10 kilobytes",
)
SCHEDULER_SECONDS = Limit(
    "scheduler answer",
    20,
    "seconds",
    "the time a Dask scheduler (`batch --scheduler`) has to "
    "accept the connection and answer its handshake (`--scheduler-timeout` sets it, 1 to 600)",
    "a peer that accepts and stays silent would otherwise be waited on for ever",
)
CLUSTER_PDF_BYTES = Limit(
    "PDF from a cluster",
    256 * MIB,
    "bytes",
    "one PDF a cluster worker sends back (`batch --scheduler`)",
    "the largest leaflet allowed is well under 100 MB; a larger answer is not a leaflet",
)

CONSENT_FORM_BYTES = Limit(
    "filled consent form",
    50 * MIB,
    "bytes",
    "a filled consent form read back (`consent --read`)",
    "a form is about 100 KB; tablet apps add pictures of signatures",
)

ALL: tuple[Limit, ...] = (
    FILE_BYTES,
    YAML_VALUES,
    YAML_DEPTH,
    FIELD_CHARS,
    LEAFLET_CHARS,
    LANGUAGE_TAG,
    TEMPLATE_TOKENS,
    TEMPLATE_DEPTH,
    SECTIONS,
    ITEMS,
    TABLE_ROWS,
    TABLE_COLUMNS,
    NUMBER_CHARS,
    AMOUNT,
    *BRAND_FIELDS.values(),
    LOGO_BYTES,
    LOGO_PIXELS,
    SVG_ELEMENTS,
    FONT_BYTES,
    FONT_CHARACTERS,
    ICC_BYTES,
    CATALOGUE_BYTES,
    PAGES,
    BATCH_SECONDS,
    MANIFEST_BYTES,
    MANIFEST_VALUES,
    SCHEDULER_SECONDS,
    CLUSTER_PDF_BYTES,
    CONSENT_FORM_BYTES,
)
HINT = "`leaflet limits` lists every limit and why it is there."


def table() -> str:
    """The limits as a Markdown table: `leaflet limits` prints it and docs/safety.md shows it."""
    rows = ["| limit | at most | what it counts | why |", "|---|---|---|---|"]
    rows += [f"| {limit.name} | {limit} | {limit.what} | {limit.why} |" for limit in ALL]
    return "\n".join(rows)
