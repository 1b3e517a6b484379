"""Prescription-only medicines (POMs) a cosmetic leaflet may name, which CAP Code rule 12.12 forbids
advertising to the public.

The list and its source: the ASA/CAP advice "Botox and other POMs"
(https://www.asa.org.uk/news/botox-and-other-poms.html) names botulinum toxin type A and its brands
Botox, Vistabel, Dysport, Bocouture and Azzalure; "Healthcare: Prescription-only medicine"
(https://www.asa.org.uk/advice-online/healthcare-prescription-only-medicine.html) adds Viagra as an
example, and says that names implying Botox ("Beautytox", "Beautox") count too; "Prescription-only
medicines: key advice resources" (https://www.asa.org.uk/advice-and-resources/resource-library/
prescription-only-medicines-key-advice-resources.html) names Kenalog. Add a name here only with a
source that says it is a POM (the MHRA's product information or the BNF).
"""

from __future__ import annotations

import re

POM_NAMES = (
    "botulinum toxin",
    "botulinum",
    "botox",
    "vistabel",
    "dysport",
    "bocouture",
    "azzalure",
    "beautytox",
    "beautox",
    "kenalog",
    "viagra",
)
POM = re.compile(r"\b(?:" + "|".join(re.escape(name) for name in POM_NAMES) + r")\b", re.IGNORECASE)
