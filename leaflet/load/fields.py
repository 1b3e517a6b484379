"""Field types shared by the content and brand models."""
from __future__ import annotations

import math
import re
from typing import Annotated

from babel.numbers import list_currencies
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr
from pydantic_core import PydanticCustomError


class Model(BaseModel):
    """Strict, closed models: an unknown field or a number where text belongs is an error."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    # Where a loaded object came from (a SourceMap), so later stages can report file:line.
    _source: object = PrivateAttr(default=None)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "this must not be empty",
                                  {"hint": "Write the text, or remove the line."})
    return value


Text = Annotated[str, AfterValidator(_not_blank)]


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
    return value


Amount = Annotated[float, AfterValidator(_amount)]


def _range(value: list[float]) -> list[float]:
    if value[0] > value[1]:
        raise PydanticCustomError("range", "a price range must go from the lower to the higher price",
                                  {"hint": f"Swap them: [{value[1]:g}, {value[0]:g}]."})
    return value


PriceValue = Amount | Annotated[list[Amount], Field(min_length=2, max_length=2), AfterValidator(_range)]
