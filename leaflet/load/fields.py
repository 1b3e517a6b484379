"""Field types shared by the content and brand models."""
from __future__ import annotations

import math
import re
from urllib.parse import urlsplit

from babel.numbers import list_currencies

from ..limits import AMOUNT, FIELD_CHARS, HINT, Limit
from .model import BAD, DictOf, Invalid, ListOf, Model, Number, OneOf, Str, Worded, own_rules

class Sourced(Model):
    """A model loaded from a file of its own (a Leaflet, a Brand): it keeps where it came from
    (``_source``, a SourceMap), so later stages can report file:line."""

    _source = None


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
        raise Invalid(f"'{scheme.group(1)}:' links are not allowed here; only web addresses (http or https)",
                      "Write the address of a web page, such as https://www.example-clinic.co.uk/book.")
    host = urlsplit(web_href(value)).hostname or ""
    if _URL_UNSAFE.search(value) or "." not in host.strip("."):
        raise Invalid(f"'{value[:80]}' is not a web address", "Write it as in a browser's address bar, such as "
                      "www.example-clinic.co.uk or https://example-clinic.co.uk/book.")
    return value


def _email(value: str) -> str:
    if not re.fullmatch(r"[^@\s\"'<>()\[\],;:\\]+@[^@\s\"'<>()\[\],;:\\]+\.[A-Za-z]{2,}", value):
        raise Invalid(f"'{value[:80]}' is not an email address", "Write one address such as "
                      "reception@example-clinic.co.uk, without quotes, spaces or a name.")
    return value


def _phone(value: str) -> str:
    if not any(ch.isdigit() for ch in value):
        raise Invalid(f"'{value[:80]}' is not a phone number", "Write the number patients call, such as 0117 496 0000.")
    return value


def web_address(limit: Limit) -> Str:
    return text_up_to(limit, _web_address)


def email_address(limit: Limit) -> Str:
    return text_up_to(limit, _email)


def phone_number(limit: Limit) -> Str:
    return text_up_to(limit, _phone)


def _hex_colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise Invalid(f"'{value}' is not a colour written as \"#RRGGBB\"",
                      'Write colours in quotes as "#RRGGBB", for example "#0B5563".')
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
        raise Invalid(f"a price must be under {AMOUNT} (the '{AMOUNT.name}' limit)",
                      f"Check the number for extra digits. {HINT}")
    return value


def _range(value: list[float]) -> list[float]:
    if value[0] > value[1]:
        raise Invalid("a price range must go from the lower to the higher price", f"Swap them: [{value[1]:g}, {value[0]:g}].")
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


_PRICE = ("{value} is not a price",
          "Write a number such as 200, or a range such as [1000, 2000], without a currency sign.")
_PRICE_FORMS = {(int, float): Number(_amount), list: _Range()}
PriceValue = Worded(OneOf(_PRICE_FORMS, _PRICE), *_PRICE)


def price_or_prices(limit: Limit) -> Worded:
    """A brand's price by id, or a set of them under one leaflet's reference."""
    return Worded(OneOf({**_PRICE_FORMS, dict: DictOf(PriceValue, limit)}, _PRICE), *_PRICE)


def _identifier(kind: str, example: str):
    """A name that text refers to: {{ prices.session }} for a price, [nhs-fillers] for a source."""
    pattern = r"[A-Za-z_][A-Za-z0-9_]*" if kind == "price" else r"[A-Za-z0-9][A-Za-z0-9._-]*"
    allowed = ("letters, digits and _, starting with a letter" if kind == "price"
               else "letters, digits, '-', '.' and '_', starting with a letter or digit")

    def check(value: str) -> str:
        if not re.fullmatch(pattern, value) or len(value) > 60:
            raise Invalid(f"'{value}' cannot be a {kind} id", f"Use {allowed} (at most 60), for example {example}.")
        return value
    return Str(None, check)


PriceId = _identifier("price", "session or course_of_three")
SourceId = _identifier("source", "nhs-fillers or who-2024")
