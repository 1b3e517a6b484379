"""What the benchmark builds: realistic brands, new text, and a long leaflet.

- Brands as clinics have them: address, phone, email, website, a booking link (printed as a QR
  code) and, for most, a logo beside the brand file.
- New text: ``vary(data, n)`` gives the n-th variant of a content file, with about one word in
  three replaced by another word of the same leaflet. Every paragraph is then one the process has
  not set before (nor Typst, which keeps its own results between compilations), with the same
  length, markup, fields and structure. Words, not letters: line breaks and widths change as
  they would for new text.
- ``long_leaflet(copies, extra)``: the mesotherapy leaflet's sections ``copies`` times over (and
  ``extra`` more), each copy in its own words (``vary``): a 64-page leaflet at 14 pt.
"""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SHORT = BENCH / "two-page.yaml"  # the format example: 3 A4 pages at 14 pt, fits every format
MESO = ROOT / "content" / "mesotherapy-rejuvenation.yaml"  # 11 A4 pages
BRAND = BENCH / "brand.yaml"  # Harbour Skin Clinic with logo and booking link
LOGO = BENCH / "logo.png"

# Fields that hold codes, dates or addresses rather than words to vary.
_KEEP = {
    "id",
    "frequency",
    "language",
    "currency",
    "reference",
    "version",
    "published",
    "review_by",
    "url",
    "accessed",
    "source",
    "serious",
    "price",
    "date",
    "checks",
    "duration",
    "kind",
    "purpose",
}
_PLAIN_WORD = re.compile(r"^([A-Za-z]{3,})([.,;:]?)$")  # not {{ names }}, **bold**, [citations] or numbers


class _NoAliases(yaml.SafeDumper):  # leaflet refuses YAML aliases; repeated values are written out
    def ignore_aliases(self, data):
        return True


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1000)


def _vocabulary(data) -> list[str]:
    found: set[str] = set()

    def walk(value, key=None):
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in _KEEP:
                    walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str):
            found.update(m.group(1).lower() for m in map(_PLAIN_WORD.match, value.split()) if m)

    walk(data)
    return sorted(found)


def vary(data: dict, n: int, vocabulary: list[str] | None = None) -> dict:
    """The n-th new-text variant of a content file's data (n = 0 keeps the words as they are)."""
    if n == 0:
        return data
    words = vocabulary or _vocabulary(data)

    def swap(text: str, salt: int) -> str:
        out = []
        for i, token in enumerate(text.split(" ")):
            match = _PLAIN_WORD.match(token)
            if match and (i + n + salt) % 3 == 0:
                new = words[(i * 31 + n * 17 + salt * 7) % len(words)]
                new = new.capitalize() if match.group(1)[0].isupper() else new
                token = new + match.group(2)
            out.append(token)
        return " ".join(out)

    counter = [0]

    def walk(value, key=None):
        if isinstance(value, dict):
            return {k: v if k in _KEEP else walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, key) for v in value]
        if isinstance(value, str):
            counter[0] += 1
            return "\n".join(swap(line, counter[0]) for line in value.split("\n"))
        return value

    return walk(data)


def long_leaflet(copies: int, extra: int = 0) -> dict:
    """The mesotherapy leaflet's sections ``copies`` times and ``extra`` more, every copy in new words."""
    data = load(MESO)
    vocabulary = _vocabulary(data)
    sections = []
    for n in range(copies + (1 if extra else 0)):
        part = vary({"sections": data["sections"]}, n, vocabulary)["sections"]
        part = part[:extra] if n == copies else part
        for section in part:
            section = dict(section)
            if n:
                section["heading"] = f"{section['heading']} (part {n + 1})"
                if "prices" in section:  # price ids are unique within a leaflet
                    section["prices"] = [dict(p, id=f"{p['id']}_{n}") if "id" in p else p for p in section["prices"]]
            sections.append(section)
    return dict(data, sections=sections)


def write_brand(folder: Path, n: int, logo: bool = True, url: bool = True) -> Path:
    """Clinic ``n``: the benchmark brand with its own name, contact details and booking link."""
    data = load(BRAND)
    data.update(
        name=f"Clinic {n:04d} Skin and Laser",
        phone=f"0117 496 {n % 10000:04d}",
        email=f"hello@clinic{n:04d}.example",
        website=f"https://clinic{n:04d}.example",
        address=f"{n % 200 + 1} Quay Street\nBristol BS1 {n % 9 + 1}XX",
    )
    if url:
        data["booking_url"] = f"https://clinic{n:04d}.example/book"
    else:
        data.pop("booking_url", None)
    if logo:
        if not (folder / LOGO.name).exists():
            shutil.copy(LOGO, folder / LOGO.name)  # a logo lives beside its brand file
        data["logo"] = LOGO.name
    else:
        data.pop("logo", None)
    path = folder / f"clinic-{n:04d}.yaml"
    path.write_text(dump(data), encoding="utf-8")
    return path


def brand_data(path: Path) -> dict:
    """A brand file's data, its logo as an absolute path (for the peers)."""
    data = load(path)
    if data.get("logo"):
        data["logo"] = str((path.parent / data["logo"]).resolve())
    return data


_FIELD = re.compile(r"\{\{-?\s*(clinic|prices)\.(\w+)\s*-?\}\}")
_CITE = re.compile(r"\s?\[([a-z0-9][a-z0-9 ,-]*)\]")


def _money(value) -> str:
    if isinstance(value, list):
        return f"£{value[0]:,} to £{value[1]:,}"
    return f"£{value:,}"


def printed(data: dict, brand: dict) -> dict:
    """A content file's data with what leaflet fills in done the simple way, for the peers: the
    brand's fields and prices in the text, citations as numbers, each price row's price as text."""
    data = copy.deepcopy(data)
    ids = {s["id"]: n for n, s in enumerate(data.get("sources") or [], 1) if isinstance(s, dict)}
    prices = {}
    for section in data["sections"]:
        for row in section.get("prices", []):
            row["printed"] = _money(brand.get("prices", {}).get(row.get("id"), row["price"]))
            prices[row.get("id")] = row["printed"]
    clinic = {k: str(v).split("://")[-1] for k, v in brand.items() if isinstance(v, (str, int))}

    def fill(text: str) -> str:
        text = _FIELD.sub(lambda m: (clinic if m.group(1) == "clinic" else prices).get(m.group(2), ""), text)

        def cite(match):
            numbers = [str(ids[k.strip()]) for k in match.group(1).split(",") if k.strip() in ids]
            return f" [{', '.join(numbers)}]" if numbers else ""

        return _CITE.sub(cite, text)

    def walk(value, key=None):
        if isinstance(value, dict):
            return {k: v if k in _KEEP else walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, key) for v in value]
        return fill(value) if isinstance(value, str) else value

    return walk(data)


def qr_runs(url: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The QR code of ``url`` (level M) as the peers draw it: (modules across, including the
    4-module quiet zone on each side; the dark runs as (column, row, length) with the quiet zone
    added, counted from the top left)."""
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.make()
    count, border = code.getModuleCount(), 4
    runs = []
    for r, row in enumerate(code.modules):
        c = 0
        while c < count:
            start = c
            while c < count and row[c] == row[start]:
                c += 1
            if row[start]:
                runs.append((start + border, r + border, c - start))
    return count + 2 * border, runs
