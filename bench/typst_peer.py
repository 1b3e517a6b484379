"""The Typst peer: the same leaflets typeset by Typst, in this process (the `typst` package on PyPI,
Typst's compiler with Python bindings; ``pip install -e '.[bench]'``).

``source(data, brand)`` writes Typst markup for a content file's data as printed (inputs.printed):
the same words, fonts (Atkinson Hyperlegible, from fonts/ only), sizes, colours, header band with
the same logo, summary box, risks (the serious ones in a bordered block), numbered aftercare, price
and other tables, sources, the contact block with the booking QR code, "Page X of Y" footers. Every
piece of text goes in as a Typst string (``#"..."``), so nothing in it is read as markup.

A ``Peer`` keeps one warm compiler, as a server or batch would: fonts are loaded once and Typst
keeps what it computed between compilations (so new text is what it has to lay out afresh). Typst
has no QR code of its own (its QR packages are downloaded at compile time, which the benchmark
cannot do); the code is encoded in Python once per URL, as Typst memoizes a package's result,
and drawn by Typst as rectangles. Tagged PDF (Typst's default) is off: leaflet's and the floor's
PDFs are untagged, so Typst does no more work than they do.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

BENCH = Path(__file__).resolve().parent
FONTS = BENCH.parent / "fonts" / "AtkinsonHyperlegible"
QR_SIZE = 92


def available() -> str | None:
    """Typst's version, or None when the `typst` package is not installed."""
    try:
        import typst  # noqa: F401  (is it there?)
    except ImportError:
        return None
    from importlib.metadata import version

    return version("typst")


def _s(text) -> str:
    """Text as a Typst string: printed exactly as it is."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _inline(text: str) -> str:
    """Text with **bold** as Typst content, every run of text a string."""
    parts = str(text).split("**")
    out = []
    for i, part in enumerate(parts):
        if part:
            out.append(f"#strong({_s(part)})" if i % 2 and i < len(parts) - 1 else f"#{_s(part)}")
    return "".join(out) or '#""'


@cache
def _qr(url: str) -> str:
    from inputs import qr_runs  # bench/inputs.py: the code as every peer draws it

    modules, runs = qr_runs(url)
    box = QR_SIZE / modules
    rects = [
        f"place(dx: {c * box:.3f}pt, dy: {r * box:.3f}pt, "
        f"rect(width: {n * box:.3f}pt, height: {box:.3f}pt, fill: black))"
        for c, r, n in runs
    ]
    return f"box(width: {QR_SIZE}pt, height: {QR_SIZE}pt, {{ {' ; '.join(rects)} }})"


def source(data: dict, brand: dict) -> str:
    colours = brand.get("colors", {})
    primary, warning = colours.get("primary", "#0B5563"), colours.get("warning", "#9B1C1C")
    name = brand["name"]
    out = [
        f"#set document(title: {_s(data['title'])}, author: {_s(name)})",
        '#set page(paper: "a4", margin: (x: 24mm, top: 18mm, bottom: 22mm), footer: context [',
        "  #set text(size: 10pt)",
        f"  #{_s(name + ' · ' + str(brand.get('phone', '')))} #h(1fr) Page #counter(page).display() of "
        "#counter(page).final().first()])",
        '#set text(font: "Atkinson Hyperlegible", size: 14pt, lang: "en", region: "gb", hyphenate: false)',
        "#set par(leading: 0.6em, spacing: 0.9em)",
        f'#show heading.where(level: 1): set text(size: 26pt, fill: rgb("{primary}"))',
        f'#show heading.where(level: 2): set text(size: 19pt, fill: rgb("{primary}"))',
        "#show heading: set block(above: 1.1em, below: 0.6em)",
    ]
    logo = ""
    if brand.get("logo"):
        logo = (
            f'box(fill: white, inset: 2.5mm, radius: 2mm, image("{Path(brand["logo"]).name}", '
            'width: 58mm, height: 20mm, fit: "contain")),'
        )
    out.append(
        f'#block(width: 100%, fill: rgb("{primary}"), inset: 6mm)[#grid(columns: '
        f"({'auto, ' if logo else ''}1fr), column-gutter: 5mm, align: horizon, {logo}"
        f'[#text(fill: white, size: 20pt, weight: "bold", {_s(name)}) \\ '
        f"#text(fill: white, {_s(brand.get('tagline', ''))})])]"
    )
    out += [f"= #{_s(data['title'])}", f"#{_s(data.get('subtitle', ''))}", ""]
    if data.get("summary"):
        out.append('#block(fill: rgb("#E7F0F1"), inset: 10pt, radius: 4pt, width: 100%)[')
        out += [f"- {_inline(point)}" for point in data["summary"]]
        out.append("]")
    for section in data["sections"]:
        out += ["", f"== #{_s(section['heading'])}", ""]
        for block in (section.get("text") or "").split("\n\n"):
            lines = block.strip().splitlines()
            plain = " ".join(ln for ln in lines if not ln.strip().startswith("- "))
            if plain:
                out += [_inline(plain), ""]
            out += [f"- {_inline(ln.strip()[2:])}" for ln in lines if ln.strip().startswith("- ")]
        for risk in section.get("risks", []):
            text = f"{_inline('**' + risk['text'] + '**')} #{_s('(' + risk.get('frequency', 'not known') + ')')}"
            if risk.get("serious"):
                out.append(
                    f'#block(stroke: (left: 4pt + rgb("{warning}")), inset: 10pt, breakable: false)'
                    f"[{text} \\ {_inline(risk.get('action', ''))}]"
                )
            else:
                out.append(f"- {text}")
        for step in section.get("aftercare", []):
            duration = f" #{_s('(' + step['duration'] + ')')}" if step.get("duration") else ""
            out.append(f"+ {_inline(step['text'])}{duration}")
        rows = [[p["item"], p["printed"]] for p in section.get("prices", [])]
        if section.get("table"):
            rows = [section["table"]["columns"]] + section["table"]["rows"]
        if rows:
            cells = ", ".join(f"[{_inline(cell)}]" for row in rows for cell in row)
            out.append(f"#table(columns: {len(rows[0])}, stroke: 0.5pt + gray, inset: 7pt, {cells})")
    if data.get("sources"):
        out += ["", "== Sources", ""]
        for item in data["sources"]:
            text = item if isinstance(item, str) else item["text"]
            link = (
                f" #link({_s(item['url'])})[#{_s(item['url'])}]" if isinstance(item, dict) and item.get("url") else ""
            )
            out.append(f"+ #{_s(text)}{link}")
    details = [f"#strong({_s(name)})"] + [f"#{_s(line)}" for line in (brand.get("address") or "").splitlines()]
    details += [
        f"#strong({_s(label + ':')}) #{_s(str(brand[key]).split('://')[-1])}"
        for label, key in (("Phone", "phone"), ("Email", "email"), ("Website", "website"))
        if brand.get(key)
    ]
    left = "[" + " \\ ".join(details) + "]"
    out += ["", "== Contact us", ""]
    if brand.get("booking_url"):
        url = brand["booking_url"]
        out.append(
            f'#grid(columns: (1fr, 190pt), {left}, [#{_qr(url)} \\ #"Scan to book" \\ #{_s(url.split("://")[-1])}])'
        )
    else:
        out.append(left[1:-1])
    dates = f"Published {data['published']}. Review by {data['review_by']}."
    out += ["", f"#{_s(dates)}"]
    return "\n".join(out)


class Peer:
    """One warm Typst compiler; ``build(source)`` gives PDF bytes."""

    def __init__(self):
        import typst

        self._compiler = typst.Compiler(root=str(BENCH), font_paths=[str(FONTS)], ignore_system_fonts=True)

    def build(self, text: str) -> bytes:
        return self._compiler.compile(input=text.encode("utf-8"), pdf_tags=False)


def cold_script(source_path: Path, out: Path) -> list[str]:
    """A fresh process that compiles one Typst file: Typst's cold start, for the cold rows."""
    code = (
        "import sys, typst; from pathlib import Path; "
        f"Path(sys.argv[2]).write_bytes(typst.compile(Path(sys.argv[1]).read_bytes(), root={str(BENCH)!r}, "
        f"font_paths=[{str(FONTS)!r}], ignore_system_fonts=True, pdf_tags=False))"
    )
    return ["-c", code, str(source_path), str(out)]
