"""The brand model: one clinic's name, contact details, look and prices."""

from __future__ import annotations

from ..colours import AA_GRAPHICS, WHITE, contrast
from ..limits import BRAND_FIELDS, ITEMS
from ..message_numbers import figure
from .fields import (
    Currency,
    Sourced,
    Text,
    email_address,
    hex_colour,
    phone_number,
    price_or_prices,
    text_up_to,
    web_address,
)
from .model import Choice, DictOf, Field, Invalid, ListOf, Model, Nested, Optional, Str

DEFAULT_FAMILY = "Atkinson Hyperlegible"


def _warning_visible(value: str) -> str:
    ratio = contrast(value, WHITE)
    if ratio < AA_GRAPHICS:
        raise Invalid(
            f"the warning colour {value} is too pale to mark a warning on paper "
            f"({figure(ratio, AA_GRAPHICS, 1)}:1 against white; it needs at least 3:1)",
            'Choose a darker colour, such as "#9B1C1C".',
        )
    return value


class Colors(Model):
    primary = Field(hex_colour(), "#1D4F73")
    accent = Field(hex_colour(), "#2A7F62")
    warning = Field(hex_colour(_warning_visible), "#9B1C1C")


class Fonts(Model):
    body = Field(Text, DEFAULT_FAMILY)
    headings = Field(Text, DEFAULT_FAMILY)


def _known_locale(value: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(value.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise Invalid(
            f"'{value}' is not a known locale", "Use a locale such as en_GB, en_US, de_DE or fr_FR."
        ) from None
    return value.replace("-", "_")


_MOST = BRAND_FIELDS  # the most characters each printed brand field may have
PURPOSES = ("information", "promotion")


class Practitioner(Model):
    """Someone who treats patients at the clinic, as a patient can check them on their register."""

    name = Field(Text)
    profession = Field(Optional(Text), description="for example: doctor, nurse prescriber, dentist")
    register = Field(
        Optional(Text), description="the professional register they are on, for example: General Medical Council"
    )
    number = Field(Optional(Text), description="their number on that register")


class Brand(Sourced):
    name = Field(text_up_to(_MOST["name"]))
    tagline = Field(Optional(text_up_to(_MOST["tagline"])))
    address = Field(Optional(text_up_to(_MOST["address"])))
    phone = Field(Optional(phone_number(_MOST["phone"])))
    email = Field(Optional(email_address(_MOST["email"])))
    website = Field(Optional(web_address(_MOST["website"])))
    booking_url = Field(Optional(web_address(_MOST["booking_url"])))
    logo = Field(Optional(Text))
    logo_alt = Field(
        Optional(text_up_to(_MOST["logo_alt"])),
        description=(
            "what a screen reader says in place of the logo, such as: Harbour Skin Clinic logo. Give the "
            "words the logo shows; without it the tagged PDF calls it '<name> logo' (LF805)"
        ),
    )
    colors = Field(Nested(Colors), Colors())
    fonts = Field(Nested(Fonts), Fonts())
    locale = Field(
        Str(None, _known_locale),
        "en_GB",
        description="how money and dates are written where the leaflet's language is the locale's; "
        "otherwise the leaflet's language decides",
    )
    currency = Field(
        Optional(Currency),
        description="the currency of this brand's prices; default the content's. "
        "A brand whose currency differs from the content's must price "
        "every row",
    )
    prices = Field(
        DictOf(price_or_prices(ITEMS), ITEMS),
        factory=dict,
        description="this clinic's own prices by the content's price id (session: 180), or, for a clinic "
        "with several leaflets, under each leaflet's reference (LF-MESO-001: {session: 180})",
    )
    footer = Field(Optional(text_up_to(_MOST["footer"])))
    purpose = Field(
        Choice(*PURPOSES),
        "information",
        description=(
            "information (the default): the leaflet informs, so it prints no booking QR code or 'book' "
            "wording; promotion: a marketing leaflet, with the booking QR code"
        ),
    )
    # What a patient needs to know about the clinic itself, printed in the "Your clinic" box.
    practitioners = Field(
        Optional(ListOf(Nested(Practitioner), ITEMS, at_least=1)),
        description="who treats patients: name, profession, register and number",
    )
    products = Field(Optional(Text), description="the products the clinic injects or applies, by name and maker")
    insurance = Field(Optional(Text), description="the clinic's insurance for the treatments it gives")
    complaints = Field(
        Optional(Text),
        description="where a patient can take a complaint after the clinic (a regulator, ISCAS, Trading Standards...)",
    )
    out_of_hours = Field(
        Optional(phone_number(_MOST["phone"])), description="a number to call about a problem when the clinic is closed"
    )
    interpreters = Field(Optional(Text), description="how to ask for an interpreter")

    @property
    def clinic_facts(self) -> bool:
        """The brand gives at least one of the facts for the "Your clinic" box."""
        return any(getattr(self, name) for name in CLINIC_FACTS)

    @property
    def promotion(self) -> bool:
        return self.purpose == "promotion"


CLINIC_FACTS = ("practitioners", "products", "insurance", "complaints", "out_of_hours", "interpreters")


# Used when no brand file is given, so a leaflet builds with nothing else.
DEFAULT_BRAND = Brand(name="Your clinic", tagline="Patient information")
