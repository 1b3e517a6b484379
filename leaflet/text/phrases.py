"""The words the leaflet itself prints around the content.

The English here is each phrase's msgid: ``Words`` gives them in the leaflet's language from its
message catalogue (text/catalogues.py), and any phrase a catalogue lacks in English (which
`leaflet check` reports, LF701 and LF702). ``{name}`` and the like are filled in after translation.
"""

from __future__ import annotations

from collections.abc import Callable

AT_A_GLANCE = "At a glance"
AT_A_GLANCE_CONTINUED = "At a glance (continued)"
SERIOUS_HEADING = "get help quickly if you notice any of these"
WARNING_LABEL = "Warning"
WARNING_CONTINUED = "Warning (continued)"
OTHER_RISKS_HEADING = "Other side effects"
RISK_COLUMNS = ("Side effect", "How often")
WHAT_TO_DO = "What to do:"
DEFAULT_ACTION = "Contact {name} on {phone} straight away."
PRICE_COLUMNS = ("Treatment", "Price")
RANGE_TO = "to"
AFTERCARE_COLUMNS = ("What to do", "How long")
SOURCES = "Sources"
SOURCES_INTRO = "The numbers in square brackets in this leaflet, such as [1], point to these sources."
ACCESSED = "Read on {date}"
AT_ADDRESS = "at:"
CLINIC_ADVICE = "clinic advice"  # printed with no-break spaces: the label never splits across lines
CLINIC_ADVICE_NOTE = "[clinic advice] marks advice from the clinic itself. It is not from a published source."
CLINIC_PRICES = "These are the prices at {name}."
# (the first sentence, printed in bold; the rest)
GUIDE_PRICES = ("These prices are a guide.", "{name} will tell you its own price before you book.")
MIXED_PRICES = (
    "Prices marked 'guide price' are a guide.",
    "{name} will tell you its own price for them before you book.",
)
GUIDE_PRICE = "Guide price"
SIGNED_OFF = "Reviewed by {name}, {role}, on {date}."
CONTACT = "Contact us"
SCAN_TO_BOOK = "Scan to book, or go to:"
ABOUT = "About this leaflet"
NOTES = "Your notes and questions"
PUBLISHED = "Published"
REVIEW_BY = "Review by"
REFERENCE = "Ref"
VERSION = "Version"
PAGE_OF = "Page {page} of {pages}"
PHONE = "Phone"
EMAIL = "Email"
WEBSITE = "Website"
TRANSLATED_FROM = "Translated from the original leaflet, version {version}."
AWAITING_REVIEW = (
    "This translation is awaiting review by a clinician who is fluent in this language. Until "
    "then, ask the clinic about anything that is not clear."
)
# (the first sentence, printed in bold; the rest): on the first page and in "About this leaflet"
# until a clinician signs the content off (a sign-off of kind 'clinical').
NOT_CLINICALLY_REVIEWED = (
    "Not yet reviewed by a clinician.",
    "No doctor or nurse has checked the advice in this leaflet yet. Ask the clinic about anything you are not sure of.",
)
YOUR_CLINIC = "Your clinic"
YOUR_CLINIC_CONTINUED = "Your clinic (continued)"
# The "Your clinic" box: a label for each of the brand's clinic facts.
CLINIC_FACT_LABELS = {
    "practitioners": "Who treats you",
    "products": "Products used",
    "insurance": "Insurance",
    "complaints": "If you are still not happy",
    "out_of_hours": "When the clinic is closed",
    "interpreters": "Interpreters",
}
ON_REGISTER = "{register}, number {number}"
SKIP_LINK = "Skip to the leaflet"
LOGO_ALT = "{name} logo"

# The consent form (leaflet consent): plain words, read by a patient about to sign.
CONSENT_TITLE = "Consent form"
CONSENT_INTRO = (
    "Go through this form with the person who will treat you. Tick each box when you have "
    "talked about it. Ask about anything that is not clear."
)
CONSENT_LEAFLET = "I have been given leaflet {reference} version {version}, published on {date}."
CONSENT_LEAFLET_UNNUMBERED = 'I have been given the leaflet "{title}", published on {date}.'
CONSENT_TRANSLATED = "The leaflet and this form are a translation of version {version} of the original leaflet."
CONSENT_STALE = "The original leaflet is now version {current}. Ask if anything has changed since version {version}."
CONSENT_GIVEN_ON = "Date I was given the leaflet"
CONSENT_RISKS = "Risks we talked about"
CONSENT_RISKS_INTRO = (
    "Tick each risk when you have talked about it. The person treating you writes their initials beside it."
)
CONSENT_RISK_COLUMNS = ("Talked about", "Risk", "Initials")
CONSENT_SERIOUS = "Serious:"
CONSENT_CHOICES = "Other choices we talked about"
CONSENT_NO_TREATMENT = "No treatment at all"
CONSENT_TIME = "Time to decide"
CONSENT_QUESTIONS = "Questions for you"
CONSENT_YES = "Yes"
CONSENT_NO = "No"
CONSENT_CLINIC = "Filled in by the clinic"
CONSENT_PRODUCTS = "Products to be used"
CONSENT_TREATED_BY = "Who will treat you"
CONSENT_AGREE = "What you agree to"
CONSENT_DECLARATIONS = (
    "I have read the leaflet, or someone has read it to me.",
    "I have had time to ask questions, and I am happy with the answers.",
    "I know I can change my mind at any time, before or during the treatment.",
    "I agree to have this treatment.",
)
CONSENT_PATIENT = "You (the patient)"
CONSENT_PRACTITIONER = "The person treating you"
CONSENT_PRACTITIONER_SAYS = "I have talked about this treatment, its risks and the other choices with the patient."
CONSENT_SIGNATURE = "Signature"
CONSENT_NAME = "Full name"
CONSENT_DATE = "Date"
CONSENT_WITHDRAWN = "If you change your mind"
CONSENT_WITHDRAWN_SAYS = "I no longer agree to this treatment."

# Frequency bands and what they mean in numbers (the usual patient-leaflet convention).
FREQUENCIES = {
    "very common": ("Very common", "more than 1 in 10 people"),
    "common": ("Common", "up to 1 in 10 people"),
    "uncommon": ("Uncommon", "up to 1 in 100 people"),
    "rare": ("Rare", "up to 1 in 1,000 people"),
    "very rare": ("Very rare", "up to 1 in 10,000 people"),
    "not known": ("Not known", "there is not enough research to say"),
}

# What a patient reads where the clinic has not given a brand field ({{ clinic.phone }} and friends).
UNSET_BRAND_FIELDS = {
    "tagline": "",
    "address": "the address on your appointment letter",
    "phone": "the number on your appointment letter",
    "email": "the email address on your appointment letter",
    "website": "the clinic's website",
    "booking_url": "the clinic's booking page",
    "footer": "",
}

_NAMES = [name for name in dir() if name.isupper() and not name.startswith("_")]
CONSENT_NAMES = [name for name in _NAMES if name.startswith("CONSENT_")]


def msgids() -> list[str]:
    """Every phrase to translate, in a stable order (the catalogues' template)."""
    out: list[str] = []

    def add(value) -> None:
        if isinstance(value, str):
            if value and value not in out:
                out.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                add(item)
        else:
            for item in value:
                add(item)

    for name in sorted(_NAMES):
        add(globals()[name])
    return out


class Words:
    """The phrases in one language, by the names above: ``words.AT_A_GLANCE``."""

    def __init__(self, translate: Callable[[str], str] = lambda text: text, language: str = "en"):
        self._translate, self.language = translate, language

    def __getattr__(self, name: str):
        if name not in _NAMES:
            raise AttributeError(name)
        value = self._translate_all(globals()[name])
        setattr(self, name, value)  # translated once
        return value

    def _translate_all(self, value):
        if isinstance(value, str):
            return self._translate(value) if value else value
        if isinstance(value, dict):
            return {key: self._translate_all(item) for key, item in value.items()}
        return tuple(self._translate_all(item) for item in value)


ENGLISH = Words()
