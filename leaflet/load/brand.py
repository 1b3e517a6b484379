"""The brand model: one clinic's name, contact details, look and prices."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from ..colours import AA_GRAPHICS, WHITE, contrast
from ..limits import BRAND_FIELDS, ITEMS
from ..wording import figure
from .fields import (Currency, HexColour, Model, PriceValue, Sourced, Text, email_address, phone_number,
                     text_up_to, web_address)

DEFAULT_FAMILY = "Atkinson Hyperlegible"


class Colors(Model):
    primary: HexColour = "#1D4F73"
    accent: HexColour = "#2A7F62"
    warning: HexColour = "#9B1C1C"

    @field_validator("warning")
    @classmethod
    def _warning_visible(cls, value: str) -> str:
        ratio = contrast(value, WHITE)
        if ratio < AA_GRAPHICS:
            raise PydanticCustomError(
                "pale_warning", "the warning colour {value} is too pale to mark a warning on paper "
                "({ratio}:1 against white; it needs at least 3:1)",
                {"value": value, "ratio": figure(ratio, AA_GRAPHICS, 1),
                 "hint": 'Choose a darker colour, such as "#9B1C1C".'})
        return value


class Fonts(Model):
    body: Text = DEFAULT_FAMILY
    headings: Text = DEFAULT_FAMILY


_MOST = BRAND_FIELDS  # the most characters each printed brand field may have


class Brand(Sourced):
    name: text_up_to(_MOST["name"])
    tagline: text_up_to(_MOST["tagline"]) | None = None
    address: text_up_to(_MOST["address"]) | None = None
    phone: phone_number(_MOST["phone"]) | None = None
    email: email_address(_MOST["email"]) | None = None
    website: web_address(_MOST["website"]) | None = None
    booking_url: web_address(_MOST["booking_url"]) | None = None
    logo: Text | None = None
    colors: Colors = Colors()
    fonts: Fonts = Fonts()
    locale: str = Field("en_GB", description="how money and dates are written where the leaflet's language "
                                               "is the locale's; otherwise the leaflet's language decides")
    currency: Currency | None = Field(None, description="the currency of this brand's prices; default the "
                                                        "content's. A brand whose currency differs from the "
                                                        "content's must price every row")
    prices: dict[str, PriceValue | Annotated[dict[str, PriceValue], Field(max_length=ITEMS.value)]] = Field(
        default_factory=dict, max_length=ITEMS.value,
        description="this clinic's own prices by the content's price id (session: 180), or, for a clinic "
                    "with several leaflets, under each leaflet's reference (LF-MESO-001: {session: 180})")
    footer: text_up_to(_MOST["footer"]) | None = None

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        from babel import Locale, UnknownLocaleError

        try:
            Locale.parse(value.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            raise PydanticCustomError(
                "locale", "'{value}' is not a known locale",
                {"value": value, "hint": "Use a locale such as en_GB, en_US, de_DE or fr_FR."}) from None
        return value.replace("-", "_")


# Used when no brand file is given, so a leaflet builds with nothing else.
DEFAULT_BRAND = Brand(name="Your clinic", tagline="Patient information")
