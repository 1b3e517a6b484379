"""The words the leaflet itself prints around the content (English; one place to translate)."""

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
CLINIC_ADVICE = "clinic\u00a0advice"  # a no-break space: the label never splits across lines
CLINIC_ADVICE_NOTE = ("[clinic advice] marks advice from the clinical team who wrote and checked this "
                      "leaflet. It is not from a published source.")
CLINIC_PRICES = "These are the prices at {name}."
GUIDE_PRICES = "These prices are a guide. {name} will tell you its own price before you book."
MIXED_PRICES = ("Prices marked 'guide price' are a guide. {name} will tell you its own price for "
                "them before you book.")
GUIDE_PRICE = "guide price"
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

# Frequency bands and what they mean in numbers (the usual patient-leaflet convention).
FREQUENCIES = {
    "very common": ("Very common", "more than 1 in 10 people"),
    "common": ("Common", "up to 1 in 10 people"),
    "uncommon": ("Uncommon", "up to 1 in 100 people"),
    "rare": ("Rare", "up to 1 in 1,000 people"),
    "very rare": ("Very rare", "up to 1 in 10,000 people"),
    "not known": ("Not known", "there is not enough research to say"),
}
