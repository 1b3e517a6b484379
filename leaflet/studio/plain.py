"""The library's problems in the words of a form (the GOV.UK Design System's error messages).

`leaflet check` and the studio report the same list of problems: the CLI prints each with its
``file:line:col`` and the library's words, which speak of the YAML file ("write colours in quotes",
"a range such as [1000, 2000]", "add a line 'name: ...'"). In the studio each problem belongs to a
form field, and a mistake of form gets that field's own instruction ("Enter a colour code like
#0B5563"); any other finding (a colour too pale for a warning, a logo that cannot be read) keeps the
library's message and hint. No file position is shown: the person is looking at the field.

The library, preview and message pages show a leaflet's problems the same way (``for_staff``):
the library's message, with no file position or rule number, and its hint only where it says
what to do rather than what to write in the file.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .engine import Note

# The instruction for a field whose value is not of the right form (missing, empty or unreadable).
ENTER = {
    "name": "Enter the clinic's name",
    "tagline": "Enter a short tagline, or leave it empty",
    "address": "Enter the address, one line of it on each line",
    "phone": "Enter a phone number, like 0117 496 0000",
    "email": "Enter an email address, like reception@example-clinic.co.uk",
    "website": "Enter a web address, like https://example-clinic.co.uk",
    "booking_url": "Enter the booking page's web address, like https://example-clinic.co.uk/book",
    "footer": "Enter the footer line, or leave it empty",
    "logo_alt": "Enter the words the logo shows, or leave it empty",
    "colors.primary": "Enter the primary colour as a colour code like #0B5563",
    "colors.accent": "Enter the accent colour as a colour code like #E07A5F",
    "colors.warning": "Enter the warning colour as a colour code like #9B1C1C",
    "locale": "Choose how numbers, money and dates are written from the list",
    "currency": "Choose a currency from the list",
    "fonts.body": "Choose a body font from the list",
    "fonts.headings": "Choose a headings font from the list",
}
PRICE = "Enter the price as a number, like 190, without a currency sign"
RANGE = "Enter the lower price in Price and the higher one in Up to"
# The library's words for a value of the wrong form: each is answered by the field's instruction.
FORM_MISTAKES = re.compile(
    r"must not be empty|is empty|is missing|is not an? |a set of fields|is not text|"
    r"a range is two prices|must be a number|is not a known"
)
REQUIRED = re.compile(r"the required field '([A-Za-z_]+)' is missing")


def field_of(note: Note, field: str | None) -> str | None:
    """The field a problem belongs to: the one named by "the required field 'name' is missing"
    (reported where the file starts, not at a field), else the one at its line."""
    missing = REQUIRED.search(note.message)
    return missing.group(1) if missing else field


def plain(field: str | None, note: Note) -> Note:
    """``note`` as the studio shows it at ``field``."""
    note = replace(note, where=None)
    if note.severity != "error" or not field:
        return note
    if field.startswith("prices."):
        if "lower to the higher" in note.message:
            return replace(note, message=RANGE, hint=None)
        if FORM_MISTAKES.search(note.message):
            return replace(note, message=PRICE, hint=None)
        return note
    if field in ENTER and FORM_MISTAKES.search(note.message):
        return replace(note, message=ENTER[field], hint=None)
    return note


# A hint that tells the author what to write in the file: YAML keys, command-line options, code.
AUTHORS_WORDS = re.compile(r"'[A-Za-z_.]+:'|`|(?<![\w-])--[a-z]|\byaml\b|YAML|\[\d")
FOR_AUTHOR = "Ask whoever looks after the leaflet and brand files to fix this: leaflet check shows them where."


def for_staff(note: Note) -> Note:
    """``note`` as a page for the clinic's staff shows it: a sentence, without its line and column,
    rule number or instructions in the file's own terms (then: who can fix it). ``where`` keeps
    the file's name alone, for a page about several files."""
    hint = FOR_AUTHOR if note.hint and AUTHORS_WORDS.search(note.hint) else note.hint
    message = note.message[:1].upper() + note.message[1:]
    if message and message[-1] not in ".!?":
        message += "."
    where = re.sub(r"(:\d+)+$", "", note.where).replace("\\", "/").rsplit("/", 1)[-1] if note.where else None
    return replace(note, message=message, hint=hint, where=where, code=None)
