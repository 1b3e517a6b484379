"""Field types shared by the content and brand models."""
from __future__ import annotations

import math
import re
from typing import Annotated
from urllib.parse import urlsplit

from babel.numbers import list_currencies
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, ValidationError
from pydantic_core import PydanticCustomError

from ..limits import AMOUNT, FIELD_CHARS, HINT, Limit


class _MadeInCode(type(BaseModel)):
    """``Brand(colors={"primary": "#12345"})`` in code raises LeafletError, worded as for a file, like
    every other bad input. Only a direct call comes here: files go through model_validate, and
    nested models are built by pydantic itself, so their errors keep their place in the file."""

    def __call__(cls, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except ValidationError as exc:
            from ..errors import LeafletError
            from .validate import problems_from

            raise LeafletError(problems_from(exc, kwargs, None, cls)) from None


class Model(BaseModel, metaclass=_MadeInCode):
    """Strict, closed models: an unknown field or a number where text belongs is an error."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Sourced(Model):
    """A model loaded from a file of its own (a Leaflet, a Brand). Only these carry a private
    attribute: pydantic sets private attributes up on every object it makes, and the parts of a
    leaflet are made a few hundred times per build."""

    # Where a loaded object came from (a SourceMap), so later stages can report file:line.
    _source: object = PrivateAttr(default=None)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "this must not be empty",
                                  {"hint": "Write the text, or remove the line."})
    return value


Text = Annotated[str, Field(max_length=FIELD_CHARS.value), AfterValidator(_not_blank)]


def text_up_to(limit: Limit) -> type:
    """Text of at most ``limit`` characters (brand fields print in narrow places)."""
    return Annotated[str, Field(max_length=limit.value), AfterValidator(_not_blank)]


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
        raise PydanticCustomError(
            "url_scheme", "'{scheme}:' links are not allowed here; only web addresses (http or https)",
            {"scheme": scheme.group(1), "hint": "Write the address of a web page, such as "
                                                "https://www.example-clinic.co.uk/book."})
    host = urlsplit(web_href(value)).hostname or ""
    if _URL_UNSAFE.search(value) or "." not in host.strip("."):
        raise PydanticCustomError(
            "url", "'{value}' is not a web address",
            {"value": value[:80], "hint": "Write it as in a browser's address bar, such as "
                                          "www.example-clinic.co.uk or https://example-clinic.co.uk/book."})
    return value


def _email(value: str) -> str:
    if not re.fullmatch(r"[^@\s\"'<>()\[\],;:\\]+@[^@\s\"'<>()\[\],;:\\]+\.[A-Za-z]{2,}", value):
        raise PydanticCustomError(
            "email", "'{value}' is not an email address",
            {"value": value[:80], "hint": "Write one address such as reception@example-clinic.co.uk, "
                                          "without quotes, spaces or a name."})
    return value


def _phone(value: str) -> str:
    if not any(ch.isdigit() for ch in value):
        raise PydanticCustomError("phone", "'{value}' is not a phone number",
                                  {"value": value[:80], "hint": "Write the number patients call, "
                                                                "such as 0117 496 0000."})
    return value


def web_address(limit: Limit) -> type:
    return Annotated[text_up_to(limit), AfterValidator(_web_address)]


def email_address(limit: Limit) -> type:
    return Annotated[text_up_to(limit), AfterValidator(_email)]


def phone_number(limit: Limit) -> type:
    return Annotated[text_up_to(limit), AfterValidator(_phone)]


def _hex_colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise PydanticCustomError(
            "colour", "'{value}' is not a colour written as \"#RRGGBB\"",
            {"value": value, "hint": 'Write colours in quotes as "#RRGGBB", for example "#0B5563".'})
    return value.upper()


HexColour = Annotated[str, AfterValidator(_hex_colour)]


def _currency(value: str) -> str:
    if value.upper() not in list_currencies():
        raise PydanticCustomError(
            "currency", "'{value}' is not a currency code",
            {"value": value, "hint": "Use an ISO 4217 code such as GBP, EUR or USD."})
    return value.upper()


Currency = Annotated[str, AfterValidator(_currency)]


def _amount(value: float) -> float:
    if not math.isfinite(value) or value < 0:
        raise PydanticCustomError("amount", "a price must be a number of 0 or more",
                                  {"hint": "Write the price without a sign, for example 200."})
    if value >= AMOUNT.value:
        raise PydanticCustomError("amount_size", "a price must be under {most} (the '{limit}' limit)",
                                  {"most": str(AMOUNT), "limit": AMOUNT.name,
                                   "hint": f"Check the number for extra digits. {HINT}"})
    return value


Amount = Annotated[float, AfterValidator(_amount)]


def _range(value: list[float]) -> list[float]:
    if value[0] > value[1]:
        raise PydanticCustomError("range", "a price range must go from the lower to the higher price",
                                  {"hint": f"Swap them: [{value[1]:g}, {value[0]:g}]."})
    return value


PriceValue = Amount | Annotated[list[Amount], Field(min_length=2, max_length=2), AfterValidator(_range)]


def _identifier(kind: str, example: str):
    """A name that text refers to: {{ prices.session }} for a price, [nhs-fillers] for a source."""
    pattern = r"[A-Za-z_][A-Za-z0-9_]*" if kind == "price" else r"[A-Za-z0-9][A-Za-z0-9._-]*"
    allowed = ("letters, digits and _, starting with a letter" if kind == "price"
               else "letters, digits, '-', '.' and '_', starting with a letter or digit")

    def check(value: str) -> str:
        if not re.fullmatch(pattern, value) or len(value) > 60:
            raise PydanticCustomError(
                f"{kind}_id", "'{value}' cannot be a {kind} id",
                {"value": value, "kind": kind,
                 "hint": f"Use {allowed} (at most 60), for example {example}."})
        return value
    return AfterValidator(check)


PriceId = Annotated[str, _identifier("price", "session or course_of_three")]
SourceId = Annotated[str, _identifier("source", "nhs-fillers or who-2024")]
