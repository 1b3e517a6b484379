"""Field types shared by the content and brand models."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from babel.numbers import list_currencies

from ..errors import describe_char
from ..limits import AMOUNT, FIELD_CHARS, HINT, Limit
from .model import BAD, DictOf, Invalid, Kind, ListOf, Model, Number, OneOf, Str, Worded, own_rules

if TYPE_CHECKING:
    from .yamlpos import SourceMap

# Invisible format characters (Unicode category Cf, as of Unicode 15): bidirectional marks,
# embeddings, overrides and isolates, zero-width spaces and joiners, the soft hyphen, the BOM,
# tags. A right-to-left override turns "0000 694 7110" into a number that prints one way and
# dials another; a zero-width space splits a word that looks whole. tests/test_model.py holds this
# list to Python's own Unicode tables.
FORMAT_CHARS = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)
JOINERS = "\u200c\u200d"  # ZWNJ, ZWJ: part of the spelling in Persian, Arabic, Indic scripts and emoji
BIDI_MARKS = "\u200e\u200f\u061c"  # LRM, RLM, ALM: may be needed to order a right-to-left line
ZERO_WIDTH_SPACE = "\u200b"  # marks where a line may break in languages written without spaces


def invisible(text: str, allowed: str = "") -> str | None:
    """The first invisible format character in ``text`` that is not in ``allowed``, or None."""
    for match in FORMAT_CHARS.finditer(text):
        if match.group() not in allowed:
            return match.group()
    return None


def _no_invisible(what: str):
    def check(value: str) -> str:
        found = invisible(value)
        if found:
            raise Invalid(
                f"this {what} contains {describe_char(found)}, an invisible character that can make "
                "it show or work differently from how it reads",
                "Type it again by hand: invisible "
                "characters often come with text copied from a web page or a document.",
            )
        return value

    return check


class Sourced(Model):
    """A model loaded from a file of its own (a Leaflet, a Brand): it keeps where it came from
    (``_source``, a SourceMap), so later stages can report file:line.

    No text in it may hold invisible format characters but those its language needs
    (``format_allowed``): each one found is a problem at its field."""

    _source: SourceMap | None = None

    def format_allowed(self) -> str:
        """The invisible characters this file's text may hold: those a word's spelling needs."""
        return JOINERS

    @classmethod
    def _check(cls, data, path, found):
        made = super()._check(data, path, found)
        if made is BAD or not isinstance(made, Sourced):
            return made
        allowed = made.format_allowed()
        bad = False
        for at, text in _texts(made, path):
            ch = invisible(text, allowed)
            if ch:
                found.add(
                    at,
                    f"this text contains {describe_char(ch)}, an invisible character that can change "
                    "how the text is shown",
                    _invisible_hint(ch),
                    own=True,
                )
                bad = True
        return BAD if bad else made


def _invisible_hint(ch: str) -> str:
    if ch in BIDI_MARKS:
        return (
            "Remove it: left-to-right and right-to-left marks are allowed only in a leaflet whose language "
            "is written right to left, such as ar, fa, he or ur."
        )
    if "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069":
        return (
            "Remove it: leaflet keeps numbers, addresses and Latin words in order inside right-to-left text "
            "itself (in a right-to-left leaflet a mark, U+200E or U+200F, may be used)."
        )
    return "Remove it: it often comes with text copied from a web page or a document."


def _texts(value, path):
    """Every piece of text in a checked model, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Model):
        for name in value.fields:
            yield from _texts(getattr(value, name), path + (name,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, path + (i,))


def _not_blank(value: str) -> str:
    if not value.strip():
        raise Invalid("this must not be empty", "Write the text, or remove the line.")
    return value


def text_up_to(limit: Limit, *rules) -> Str:
    """Text of at most ``limit`` characters (brand fields print in narrow places)."""
    return Str(limit, _not_blank, *rules)


Text = text_up_to(FIELD_CHARS)


# Links the HTML companion makes live. Anything but the web's own schemes (javascript:, data:,
# file:, ...) would run or open something on the reader's machine, so it is refused.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_URL_UNSAFE = re.compile(r"[\s\"'<>\\^`{|}]")


def web_href(value: str) -> str:
    """The address a link opens: as written if it has http(s)://, else https:// in front."""
    return value if re.match(r"(?i)https?://", value) else "https://" + value


def _web_address(value: str) -> str:
    scheme = _SCHEME.match(value)
    if scheme and scheme.group(1).lower() not in ("http", "https") and not re.match(r"^[^:/]+:\d", value):
        raise Invalid(
            f"'{scheme.group(1)}:' links are not allowed here; only web addresses (http or https)",
            "Write the address of a web page, such as https://www.example-clinic.co.uk/book.",
        )
    host = urlsplit(web_href(value)).hostname or ""
    if _URL_UNSAFE.search(value) or "." not in host.strip("."):
        raise Invalid(
            f"'{value[:80]}' is not a web address",
            "Write it as in a browser's address bar, such as "
            "www.example-clinic.co.uk or https://example-clinic.co.uk/book.",
        )
    return value


def _email(value: str) -> str:
    if not re.fullmatch(r"[^@\s\"'<>()\[\],;:\\]+@[^@\s\"'<>()\[\],;:\\]+\.[A-Za-z]{2,}", value):
        raise Invalid(
            f"'{value[:80]}' is not an email address",
            "Write one address such as reception@example-clinic.co.uk, without quotes, spaces or a name.",
        )
    return value


# A phone number starts with the number (a note, such as "(Mon to Fri)", may follow it): its digits
# are what the tel: link dials, so they are what the page prints.
PHONE_NUMBER = re.compile(r"[\d\s+()./-]*")


def _phone(value: str) -> str:
    match = PHONE_NUMBER.match(value)
    assert match is not None  # the pattern matches the empty string too
    number = match.group()
    digits = [ch for ch in number if ch.isdecimal()]
    if len(digits) < 3:
        raise Invalid(
            f"'{value[:80]}' is not a phone number",
            "Write the number patients call first, such as "
            "0117 496 0000; a note may follow it, such as 0117 496 0000 (Monday to Friday).",
        )
    if len({ord(ch) - int(ch) for ch in digits}) > 1:
        raise Invalid(
            f"the phone number '{value[:80]}' mixes digits of different kinds",
            "Write all its digits in one script, such as 0117 496 0000.",
        )
    return value


def web_address(limit: Limit) -> Str:
    return text_up_to(limit, _no_invisible("web address"), _web_address)


def email_address(limit: Limit) -> Str:
    return text_up_to(limit, _no_invisible("email address"), _email)


def phone_number(limit: Limit) -> Str:
    return text_up_to(limit, _no_invisible("phone number"), _phone)


def _hex_colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise Invalid(
            f"'{value}' is not a colour written as \"#RRGGBB\"",
            'Write colours in quotes as "#RRGGBB", for example "#0B5563".',
        )
    return value.upper()


def hex_colour(*rules) -> Str:
    return Str(None, _hex_colour, *rules)


def _currency(value: str) -> str:
    if value.upper() not in list_currencies():
        raise Invalid(f"'{value}' is not a currency code", "Use an ISO 4217 code such as GBP, EUR or USD.")
    return value.upper()


Currency = Str(None, _currency)


def _amount(value: float) -> float:
    if not math.isfinite(value) or value < 0:
        raise Invalid("a price must be a number of 0 or more", "Write the price without a sign, for example 200.")
    if value >= AMOUNT.value:
        raise Invalid(
            f"a price must be under {AMOUNT} (the '{AMOUNT.name}' limit)", f"Check the number for extra digits. {HINT}"
        )
    return value


def _range(value: list[float]) -> list[float]:
    if value[0] > value[1]:
        raise Invalid(
            "a price range must go from the lower to the higher price", f"Swap them: [{value[1]:g}, {value[0]:g}]."
        )
    return value


class _Range(ListOf):
    """Two prices, the lower first."""

    def __init__(self):
        super().__init__(Number(_amount))

    def check_value(self, value, path, found):
        if len(value) != 2:
            found.add(path, "a range is two prices", "")  # worded as every price mistake is (Worded)
            return BAD
        checked = super().check_value(value, path, found)
        return BAD if checked is BAD else own_rules((_range,), checked, path, found)

    def schema(self, defs):
        return dict(sorted({**super().schema(defs), "maxItems": 2, "minItems": 2}.items()))


_PRICE = (
    "{value} is not a price",
    "Write a number such as 200, or a range such as [1000, 2000], without a currency sign.",
)
_PRICE_FORMS: dict[type | tuple, Kind] = {(int, float): Number(_amount), list: _Range()}
PriceValue = Worded(OneOf(_PRICE_FORMS, _PRICE), *_PRICE)


def price_or_prices(limit: Limit) -> Worded:
    """A brand's price by id, or a set of them under one leaflet's reference."""
    return Worded(OneOf({**_PRICE_FORMS, dict: DictOf(PriceValue, limit)}, _PRICE), *_PRICE)


def _identifier(kind: str, example: str):
    """A name that text refers to: {{ prices.session }} for a price, [nhs-fillers] for a source."""
    pattern = r"[A-Za-z_][A-Za-z0-9_]*" if kind == "price" else r"[A-Za-z0-9][A-Za-z0-9._-]*"
    allowed = (
        "letters, digits and _, starting with a letter"
        if kind == "price"
        else "letters, digits, '-', '.' and '_', starting with a letter or digit"
    )

    def check(value: str) -> str:
        if not re.fullmatch(pattern, value) or len(value) > 60:
            raise Invalid(f"'{value}' cannot be a {kind} id", f"Use {allowed} (at most 60), for example {example}.")
        return value

    return Str(None, check)


PriceId = _identifier("price", "session or course_of_three")
SourceId = _identifier("source", "nhs-fillers or who-2024")
