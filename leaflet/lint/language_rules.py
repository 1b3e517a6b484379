"""The leaflet's language and translations (LF7xx): the words it prints around the content, and a
translation that has drifted from its source.

A translation names its source file (``translation_of``) and the source's ``version`` it was
translated from (``source_version``). Its source moving on to another version makes it stale
(LF703); a risk, aftercare step, price id, source or section added to or taken from one of the two
makes their structure differ (LF704), whatever the words say. Until someone fluent in both
languages has checked it (``translation_review``), it prints that it is awaiting review (LF705).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import LeafletError
from ..load import Leaflet
from ..load.content import Source
from ..load.files import FileProblem
from ..text.catalogues import catalogue
from .consent_rules import consent_phrases
from .findings import Finding, at, untranslated


def catalogue_rules(leaflet: Leaflet) -> Iterator[Finding]:
    """LF701 no catalogue for the leaflet's language; LF702 phrases its catalogue lacks."""
    found = catalogue(leaflet.language)
    if found.english:
        return
    if found.folder is None:
        yield at(
            leaflet,
            "LF701",
            ("language",),
            f"there is no catalogue for the language '{leaflet.language}': the leaflet's own words "
            '(headings such as "At a glance", the warning labels, "Page 1 of 6") will print in English',
            "Add leaflet/locale/<language>/LC_MESSAGES/leaflet.po (copy leaflet/locale/leaflet.pot and "
            "translate it), or check the language tag (for example pl, ar, zh-Hans).",
        )
    elif missing := [m for m in found.missing if m not in consent_phrases()]:  # the form's: LF804
        yield untranslated(leaflet, "LF702", found.folder, missing, "the leaflet's own")


def translation_rules(leaflet: Leaflet) -> Iterator[Finding]:
    """LF706 a source that cannot be read; LF703 stale; LF704 structure differs; LF705 awaiting review."""
    if not leaflet.translation_of:
        return
    if leaflet.translation_review is None:
        yield at(
            leaflet,
            "LF705",
            ("translation_of",),
            "this translation has not been reviewed: it prints that it is awaiting review",
            "Once a clinician fluent in both languages has checked it against the source, add "
            "'translation_review:' with their name, role and the date.",
            key=True,
        )
    try:
        source = load_source(leaflet)
    except (LeafletError, FileProblem) as exc:
        message = str(exc).splitlines()[0] if str(exc) else "it does not load"
        yield at(
            leaflet,
            "LF706",
            ("translation_of",),
            f"the source '{leaflet.translation_of}' cannot be read: {message}",
            "Name the source content file relative to this one (it must be in the same folder "
            "or a folder inside it), and check that it builds.",
        )
        return
    if source.version != leaflet.source_version:
        yield at(
            leaflet,
            "LF703",
            ("source_version",),
            f"the source is now version {source.version or '(none)'}, but this translation was made "
            f"from version {leaflet.source_version}: it is stale",
            "Compare the two versions of the source, bring the translation up to date and set "
            "'source_version' to the source's version.",
        )
    for path, message in differences(source, leaflet):
        yield at(
            leaflet,
            "LF704",
            path,
            message,
            "A translation keeps its source's structure: the same sections, risks (with their "
            "frequency and seriousness), aftercare steps, price ids and sources, in the same order.",
        )


def load_source(leaflet: Leaflet) -> Leaflet:
    """The source a translation names, found beside it (never outside its folder)."""
    from ..load import load_leaflet, translation_source

    here = getattr(leaflet._source, "path", None)
    path = translation_source(leaflet, here)
    assert path is not None  # asked for translations only
    # named beside the translation as its messages name it (a cluster worker's copy as the original)
    shown = getattr(leaflet._source, "file", None) or here
    return load_leaflet(path, str(Path(shown).parent / leaflet.translation_of) if shown else str(path))


def _ids(sources) -> list[str]:
    return [s.id if isinstance(s, Source) else f"#{n}" for n, s in enumerate(sources or [], 1)]


def differences(source: Leaflet, translation: Leaflet) -> Iterator[tuple[tuple, str]]:
    """Where the translation's structure differs from its source's (the place in the translation)."""
    if len(source.summary or []) != len(translation.summary or []):
        yield (
            ("summary",),
            (f"'At a glance' has {len(translation.summary or [])} points; the source has {len(source.summary or [])}"),
        )
    if len(source.sections) != len(translation.sections):
        yield (
            ("sections",),
            (f"the translation has {len(translation.sections)} sections; the source has {len(source.sections)}"),
        )
    for index, (mine, theirs) in enumerate(zip(translation.sections, source.sections, strict=False)):  # counts: above
        here = ("sections", index)
        if mine.block != theirs.block:
            yield (
                here + ("heading",),
                (
                    f"section {index + 1} has {mine.block or 'text only'}; the source's "
                    f"('{theirs.heading}') has {theirs.block or 'text only'}"
                ),
            )
            continue
        if mine.risks is not None:
            shape = [(r.frequency, r.serious, bool(r.action)) for r in mine.risks]
            wanted = [(r.frequency, r.serious, bool(r.action)) for r in theirs.risks]
            if shape != wanted:
                yield (
                    here + ("risks",),
                    (
                        f"the risks of section {index + 1} differ from the source's "
                        f"('{theirs.heading}'): {len(mine.risks)} here, {len(theirs.risks)} "
                        "there, or a frequency, 'serious' or action differs"
                    ),
                )
        if mine.aftercare is not None and len(mine.aftercare) != len(theirs.aftercare):
            yield (
                here + ("aftercare",),
                (
                    f"section {index + 1} has {len(mine.aftercare)} aftercare steps; the "
                    f"source's has {len(theirs.aftercare)}"
                ),
            )
        if mine.prices is not None:
            ids, wanted = [p.id for p in mine.prices], [p.id for p in theirs.prices]
            if ids != wanted:
                yield here + ("prices",), (f"the price ids of section {index + 1} are {ids}; the source's are {wanted}")
    mine, theirs = translation.consent, source.consent
    for name in ("alternatives", "questions", "declarations", "risks"):  # each is a field of the form
        counts = (len(getattr(mine, name) or []) if mine else 0, len(getattr(theirs, name) or []) if theirs else 0)
        if counts[0] != counts[1]:
            yield (
                ("consent", name) if mine and getattr(mine, name) else ("consent",) if mine else ("title",),
                (f"the consent form's {name}: {counts[0]} here, {counts[1]} in the source"),
            )
    if _ids(source.sources) != _ids(translation.sources):
        missing = [i for i in _ids(source.sources) if i not in _ids(translation.sources)]
        yield (
            ("sources",),
            (
                "the sources differ from the source leaflet's"
                + (f": {', '.join(missing)} missing" if missing else " (ids or order)")
            ),
        )
