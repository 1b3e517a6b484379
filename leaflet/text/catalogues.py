"""Message catalogues: the leaflet's own words in the content's language.

Each language has a gettext catalogue, ``leaflet/locale/<folder>/LC_MESSAGES/leaflet.po``, made from
the English phrases in phrases.py (its template is ``leaflet/locale/leaflet.pot``). A catalogue is
compiled by Babel's own compiler (``write_mo``, what ``pybabel compile`` runs) the first time a
process needs it, in memory, and read with Python's gettext: no compiled ``.mo`` file is committed
that could drift from its ``.po``, and a fresh clone works with nothing to build.

A content file's ``language`` (BCP 47) finds its catalogue by language and script, with CLDR's
likely subtags filling in the script: ``zh``, ``zh-CN`` and ``zh-Hans`` take ``zh_Hans``; ``zh-TW``
(traditional) and ``pa-Arab`` (Shahmukhi) take none. A language without a catalogue, or a phrase a
catalogue lacks (or marks fuzzy), prints in English, and `leaflet check` says so (LF701, LF702).
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..limits import CATALOGUE_BYTES
from ..load.files import read_limited
from . import phrases

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "leaflet"


def _subtags(tag: str) -> tuple[str, str | None]:
    """(language, script) of a BCP 47 tag or a catalogue folder name, the script filled in by CLDR."""
    from babel.core import get_global

    def script_in(parts: list[str]) -> str | None:
        return next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)

    parts = tag.replace("-", "_").split("_")
    language = parts[0].lower()
    script = script_in(parts)
    territory = next((p.upper() for p in parts[1:] if len(p) in (2, 3) and p.isalnum()), None)
    if script is None:
        likely = get_global("likely_subtags")
        found = likely.get(f"{language}_{territory}") or likely.get(language)
        script = script_in(found.split("_")) if found else None
    return language, script


def folders() -> list[str]:
    """The catalogues shipped: one folder per language (and script where one language has two)."""
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def folder_for(language: str) -> str | None:
    """The catalogue folder for a content's ``language``, or None when none is shipped."""
    wanted = _subtags(language)
    return next((name for name in folders() if _subtags(name) == wanted), None)


def po_path(folder: str) -> Path:
    return LOCALE_DIR / folder / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=32)
def compiled(folder: str) -> gettext.GNUTranslations:
    """The catalogue compiled with Babel (as ``pybabel compile`` would), once per process."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    data = read_limited(po_path(folder), CATALOGUE_BYTES, f"the catalogue '{folder}'")
    catalog = read_po(io.BytesIO(data), locale=folder, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as pybabel compile leaves them
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@dataclass(frozen=True)
class Catalogue:
    """What the leaflet's language has: its catalogue folder (None: none), and the phrases it lacks."""

    language: str
    folder: str | None
    missing: tuple[str, ...]

    @property
    def english(self) -> bool:
        return _subtags(self.language)[0] == "en"


@lru_cache(maxsize=64)
def catalogue(language: str) -> Catalogue:
    if _subtags(language)[0] == "en":
        return Catalogue(language, folder_for(language), ())
    folder = folder_for(language)
    if folder is None:
        return Catalogue(language, None, tuple(phrases.msgids()))
    table = compiled(folder)._catalog  # type: ignore[attr-defined]  # gettext's own table; the stubs leave it out
    return Catalogue(language, folder, tuple(m for m in phrases.msgids() if not table.get(m)))


@lru_cache(maxsize=64)
def words(language: str) -> phrases.Words:
    """The leaflet's own words in ``language``; English for any phrase it has no translation of."""
    found = catalogue(language)
    if found.folder is None or found.english:
        return phrases.Words(language=language)
    table = compiled(found.folder)._catalog  # type: ignore[attr-defined]  # as above
    return phrases.Words(lambda text: table.get(text) or text, language)


def template() -> bytes:
    """The catalogues' template (``leaflet/locale/leaflet.pot``): every phrase of phrases.py."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(
        project="leaflet", domain=DOMAIN, charset="utf-8", fuzzy=False, creation_date=_EPOCH, revision_date=_EPOCH
    )
    for msgid in phrases.msgids():
        catalog.add(msgid, flags=("python-brace-format",) if "{" in msgid else ())
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False)
    return buffer.getvalue()


_EPOCH = __import__("datetime").datetime(2026, 11, 25, tzinfo=__import__("datetime").timezone.utc)
