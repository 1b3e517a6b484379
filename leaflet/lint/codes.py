"""Every rule `leaflet check` knows: a stable code, its severity and a one-line title.

Codes never change meaning once published; a retired rule keeps its number unused. The hundreds
group the rules: LF0xx the check itself, LF1xx what a leaflet must contain, LF2xx readability,
LF3xx claims the advertising and patient-information rules forbid, LF4xx printing, LF5xx the brand,
LF6xx what the page layout could not avoid (found by laying the leaflet out; see layout/report.py),
LF7xx the leaflet's language and translations, LF8xx what the PDF made from it needs: the consent
form (LF801-LF804), and tags a screen reader can follow (LF805-LF807, lint/tagging_rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str


RULES = {
    r.code: r
    for r in (
        Rule("LF000", "error", "the leaflet cannot be laid out (or, in JSON output, loaded)"),
        Rule("LF001", "error", "a rule switched off in 'checks' does not exist"),
        Rule("LF002", "error", "a rule is switched off without a reason"),
        Rule("LF101", "warning", "no risks section"),
        Rule("LF102", "warning", "no serious risk that says what to do"),
        Rule("LF103", "warning", "no aftercare section"),
        Rule("LF104", "warning", "no costs section"),
        Rule("LF105", "warning", "the leaflet never says how to contact the clinic"),
        Rule("LF106", "warning", "no sources"),
        Rule("LF107", "warning", "no sign-off: who reviewed the content, their role and when"),
        Rule(
            "LF108",
            "warning",
            "no clinical sign-off: the leaflet prints that no clinician has reviewed it (--release refuses it)",
        ),
        Rule("LF109", "error", "text says a clinician checked the leaflet, but no clinical sign-off exists"),
        Rule("LF111", "error", "the review date has passed"),
        Rule("LF112", "warning", "the review date is more than 3 years after publication"),
        Rule("LF121", "warning", "a risk without a frequency band"),
        Rule("LF122", "warning", "a serious risk without an action"),
        Rule("LF123", "warning", "a risk with a frequency band but no source cited for it"),
        Rule("LF131", "warning", "a source that the text never cites"),
        Rule("LF141", "warning", "an amount in the text that the price table contradicts"),
        Rule("LF142", "warning", "a price typed as a figure, which a clinic's own price would not replace"),
        Rule(
            "LF143",
            "warning",
            "a price, as it will print, cheaper than one the leaflet's guide prices make cheaper "
            "(figures typed under each other's ids)",
        ),
        Rule("LF201", "warning", "the leaflet as a whole is hard to read (Flesch Reading Ease under 60)"),
        Rule("LF202", "warning", "a section is hard to read (Flesch Reading Ease under 60)"),
        Rule("LF203", "warning", "a sentence of more than 25 words"),
        Rule("LF204", "warning", "a very long word"),
        Rule("LF205", "warning", "medical jargon that has a plain alternative"),
        Rule("LF301", "error", "a claim that advertising and patient-information rules forbid"),
        Rule("LF302", "error", "a time-limited offer"),
        Rule("LF303", "error", "an injection described as non-invasive"),
        Rule(
            "LF304",
            "error",
            "a prescription-only medicine named beside a booking link, prices or an offer (CAP Code rule 12.12)",
        ),
        Rule("LF305", "error", "a regulator named as approving the treatment"),
        Rule("LF306", "warning", "a registration line that reads as if the regulator oversees the treatment"),
        Rule("LF307", "warning", "booking wording in an information leaflet"),
        Rule("LF401", "error", "a character no font can print"),
        Rule("LF402", "warning", "HTML markup or an HTML entity, which prints as typed"),
        Rule("LF501", "error", "text colour contrast under 4.5:1"),
        Rule("LF502", "warning", "the logo prints at under 300 ppi"),
        Rule("LF503", "info", "no footer registration line in the brand"),
        Rule("LF504", "warning", "the brand gives neither a phone number nor an email address"),
        Rule("LF505", "warning", "a leaflet about an injectable, with a brand that gives none of the clinic facts"),
        Rule("LF601", "warning", "a serious risk split across pages (taller than a page)"),
        Rule("LF602", "warning", "a phone number, email address or link broken across lines"),
        Rule("LF603", "warning", "a single line of a paragraph alone at the foot or top of a page"),
        Rule("LF604", "warning", "a page before the last left more than half empty"),
        Rule("LF605", "warning", "a table row split across pages"),
        Rule("LF606", "warning", "text under the minimum size (12 pt, 16 pt in large print)"),
        Rule("LF607", "warning", "a number or other left-to-right run broken across lines of right-to-left text"),
        Rule(
            "LF608",
            "warning",
            "a line drawn wider than the room measured for it: past its margin, nearer a fold than 5 mm",
        ),
        Rule("LF701", "warning", "no catalogue for the leaflet's language: its own words print in English"),
        Rule("LF702", "warning", "the language's catalogue lacks some of the leaflet's own phrases"),
        Rule("LF703", "warning", "a stale translation: its source has moved on to another version"),
        Rule("LF704", "warning", "a translation whose structure differs from its source's"),
        Rule("LF705", "info", "a translation not yet reviewed: it prints that it is awaiting review"),
        Rule("LF706", "error", "the source a translation names cannot be read"),
        Rule("LF801", "warning", "a serious risk the consent form adds without an action"),
        Rule("LF802", "warning", "the consent form names no alternatives to the treatment"),
        Rule("LF803", "warning", "the consent form states no cooling-off period (time to decide)"),
        Rule("LF804", "warning", "the language's catalogue lacks some of the consent form's phrases"),
        Rule("LF805", "warning", "a logo without alternative text (logo_alt) for a screen reader"),
        Rule(
            "LF806",
            "warning",
            "a heading typed into a section's text ('## ...'), which skips a level or cannot be tagged as a heading",
        ),
        Rule("LF807", "warning", "a table without a header row: its column headings name nothing"),
    )
}
