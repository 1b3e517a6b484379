"""Fuzzing that would have found issue 9's holes: Hypothesis makes hostile templates, numbers,
nesting, image headers, SVG references and output paths, and every run must end in a PDF or a
located message, within a time and memory bound, with nothing written but the outputs it names.

Bounded like the other Hypothesis tests (a fixed seed, a few dozen examples each), and run in this
process under ``bounded`` (an alarm and a cap on the address space), so a hang or a bomb fails
the test instead of the machine.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bounded import bounded, run_in_process, snapshot
from conftest import HAS_PROFILE, LOGO_PNG, pdf_text
from fonts import FONT, tables
from images import png

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
HEAD = {"title": "Fuzzed", "published": dt.date(2026, 9, 1), "review_by": dt.date(2027, 9, 1)}
LOCATED = re.compile(r"^(content|brand)\.yaml:\d+:\d+: |^leaflet: |^p\.icc: ", re.MULTILINE)
FIELDS = ["name", "phone", "email", "website", "address", "booking_url", "tagline", "footer", "fax", "__class__"]


def outcome(folder: Path, *args: str, root: Path | None = None) -> tuple[int, str, str]:
    """Run `leaflet ARGS` in ``folder`` under the bounds; check what every run must do, whatever its
    input, looking at everything under ``root`` (default ``folder``)."""
    root = root or folder
    before = snapshot(root)
    with bounded():
        code, out, err = run_in_process(*args, folder=folder)
    assert "Traceback" not in out + err and "internal error" not in err, err
    assert "\x1b" not in out + err, "a raw escape character reached the terminal"
    assert code in (0, 1, 2), (code, err)
    if code != 0:
        assert LOCATED.search(err), f"a failure without a located message:\n{err}"
        assert snapshot(root) == before, "a failed run wrote or changed a file"
    else:  # what changed is exactly what it said it wrote (and the folders made for it)
        after = snapshot(root)
        changed = {k for k in after if before.get(k) != after[k] and after[k] != "folder"}
        changed |= {k for k in before if k not in after}
        assert changed == {os.path.relpath(folder / p, root) for p in out.split()}, (changed, out)
    return code, out, err


def scratch() -> Path:
    return Path(tempfile.mkdtemp(prefix="leaflet-fuzz-"))


def write(folder: Path, name: str, data) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, (dict, list)):
        data = yaml.safe_dump(data, allow_unicode=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))


# ---------------------------------------------------------------- templates

_template_pieces = st.sampled_from(
    [
        "{{",
        "}}",
        "{%",
        "%}",
        "{#",
        "#}",
        " ",
        "if ",
        "elif ",
        "else",
        "endif",
        "for x in ",
        "endfor",
        "not ",
        "and ",
        "or ",
        "(",
        ")",
        "[",
        "]",
        "clinic",
        ".",
        *FIELDS,
        "|",
        "upper",
        "default(",
        "d(",
        "title",
        "'x'",
        '"y"',
        "1",
        "1e308",
        "==",
        "!=",
        "<",
        "~",
        "*",
        "+",
        "-",
        "**",
        "range(99999)",
        "lipsum",
        "namespace",
        "cycler",
        "self",
        "loop",
        "is ",
        "divisibleby 0",
        "defined",
        ",",
        "set ",
        "=",
        "%",
        "text ",
        "\n",
        "{{ clinic.name }}",
        "{% if clinic.phone %}",
        "{% endif %}",
    ]
)
templates = st.lists(_template_pieces, max_size=40).map("".join)


@SETTINGS
@given(text=templates, heading=templates)
def test_hostile_templates_give_a_pdf_or_a_located_error(text, heading):
    folder = scratch()
    try:
        write(folder, "content.yaml", {**HEAD, "sections": [{"heading": heading or "A", "text": text or "B"}]})
        write(folder, "brand.yaml", {"name": "Fuzz Clinic", "phone": "0117 496 0000", "address": "1 Quay " * 50})
        code, out, err = outcome(folder, "build", "content.yaml", "--brand", "brand.yaml", "-o", "x.pdf")
        if code == 0:
            assert not re.search(
                r"0x[0-9a-fA-F]{6,}|object at", pdf_text(folder / "x.pdf")
            )  # no Python object's address
    finally:
        shutil.rmtree(folder)


# ---------------------------------------------------------------- numbers and nesting

numbers = st.one_of(
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 999_999_999, 1_000_000_000, 1e15, 1e28, -0.0, 5e-324, 1.7976931348623157e308]),
)


@SETTINGS
@given(
    price=st.one_of(numbers, st.lists(numbers, min_size=0, max_size=3)),
    cell=numbers,
    brand_price=st.one_of(numbers, st.lists(numbers, max_size=3)),
)
def test_hostile_numbers_in_prices_and_tables(price, cell, brand_price):
    folder = scratch()
    try:
        write(
            folder,
            "content.yaml",
            {
                **HEAD,
                "sections": [
                    {"heading": "Prices", "prices": [{"id": "session", "item": "One", "price": price}]},
                    {"heading": "Table", "table": {"columns": ["A", "B"], "rows": [["x", cell]]}},
                ],
            },
        )
        write(folder, "brand.yaml", {"name": "Fuzz Clinic", "prices": {"session": brand_price}})
        outcome(folder, "build", "content.yaml", "--brand", "brand.yaml", "-o", "x.pdf")
    finally:
        shutil.rmtree(folder)


nested = st.recursive(
    st.one_of(st.text(max_size=5), st.integers(), st.none()),
    lambda inner: (
        st.lists(inner, min_size=1, max_size=2)
        | st.dictionaries(st.sampled_from(["heading", "text", "risks", "table", "rows", "x"]), inner, max_size=2)
    ),
    max_leaves=60,
)


@SETTINGS
@given(depth=st.integers(1, 60), value=nested, where=st.sampled_from(["summary", "sections", "sources", "checks"]))
def test_hostile_nesting(depth, value, where):
    for _ in range(depth):
        value = [value] if depth % 2 else {"text": value}
    folder = scratch()
    try:
        write(folder, "content.yaml", {**HEAD, "sections": [{"heading": "A", "text": "B"}], where: value})
        outcome(folder, "check", "content.yaml")
    finally:
        shutil.rmtree(folder)


# ---------------------------------------------------------------- images


@SETTINGS
@given(
    width=st.integers(0, 2**31 - 1),
    height=st.integers(0, 2**31 - 1),
    depth_and_colour=st.sampled_from([(1, 0), (8, 0), (8, 2), (8, 6), (16, 6), (3, 3), (7, 2)]),
    cut=st.one_of(st.none(), st.integers(8, 80)),
)
def test_logos_with_any_header_are_refused_before_decoding(width, height, depth_and_colour, cut):
    data = png(width, height, bit_depth=depth_and_colour[0], colour=depth_and_colour[1], real_data=False)
    folder = scratch()
    try:
        write(folder, "content.yaml", {**HEAD, "sections": [{"heading": "A", "text": "B"}]})
        write(folder, "logo.png", data[:cut] if cut else data)
        write(folder, "brand.yaml", {"name": "Fuzz Clinic", "logo": "logo.png"})
        outcome(folder, "build", "content.yaml", "--brand", "brand.yaml", "-o", "x.pdf")
    finally:
        shutil.rmtree(folder)


_refs = st.sampled_from(
    [
        "#a",
        "../secret.png",
        "secret.png",
        "/etc/hostname",
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "other.svg#a",
        "",
    ]
)
_elements = st.one_of(
    st.builds(lambda r: f'<image href="{r}" width="10" height="10"/>', _refs),
    st.builds(lambda r: f'<use xlink:href="{r}"/>', _refs),
    st.builds(lambda r: f'<a href="{r}"><rect width="5" height="5"/></a>', _refs),
    st.builds(lambda r: f'<rect width="5" height="5" fill="url({r})" id="a"/>', _refs),
    st.builds(lambda r: f"<style>@import url({r}); rect {{ fill: url({r}) }}</style>", _refs),
    st.just('<rect width="10" height="10" fill="#0B5563"/>'),
    st.just('<circle cx="5" cy="5" r="4"/>'),
    st.just("<text>T</text>"),
    st.just("<g><g><g/></g></g>"),
)


@SETTINGS
@given(
    parts=st.lists(_elements, max_size=6),
    size=st.sampled_from(['width="120" height="40"', 'viewBox="0 0 9 9"', 'width="0"', 'width="1e30" height="-5"', ""]),
)
def test_svg_logos_never_reach_other_files(parts, size):
    folder = scratch()
    try:
        shutil.copy(LOGO_PNG, folder / "secret.png")
        (folder / "brand").mkdir()
        write(folder, "brand/content.yaml", {**HEAD, "sections": [{"heading": "A", "text": "B"}]})
        write(
            folder,
            "brand/logo.svg",
            '<svg xmlns="http://www.w3.org/2000/svg" '
            f'xmlns:xlink="http://www.w3.org/1999/xlink" {size}>{"".join(parts)}</svg>',
        )
        write(folder, "brand/brand.yaml", {"name": "Fuzz Clinic", "logo": "logo.svg"})
        code, _, _ = outcome(
            folder / "brand", "build", "content.yaml", "--brand", "brand.yaml", "-o", "x.pdf", root=folder
        )
        if code == 0:  # drawn from its own shapes: no picture of any kind came in
            assert b"/Subtype /Image" not in (folder / "brand" / "x.pdf").read_bytes()
    finally:
        shutil.rmtree(folder)


# ---------------------------------------------------------------- output paths

_outputs = st.sampled_from(
    [
        "x.pdf",
        "content.yaml",
        "brand.yaml",
        "logo.png",
        "pipe",
        "dir",
        "dir/",
        "dir/x.pdf",
        "new/deeper/x.pdf",
        "x.html",
        "x",
        ".",
        "..",
        "content.pdf",
        "fonts/My-Regular.ttf",
        "logo-page-1.png",
        "x-page-1.png",
    ]
)


@SETTINGS
@given(output=_outputs, html=st.booleans(), preview=st.booleans())
def test_output_paths_never_destroy_an_input_or_anything_else(output, html, preview):
    folder = scratch()
    try:
        write(folder, "work/content.yaml", {**HEAD, "sections": [{"heading": "A", "text": "B"}]})
        shutil.copy(LOGO_PNG, folder / "work" / "logo.png")
        shutil.copy(LOGO_PNG, folder / "work" / "logo-page-1.png")
        write(folder, "work/brand.yaml", {"name": "Fuzz Clinic", "logo": "logo.png"})
        (folder / "work" / "dir").mkdir()
        os.mkfifo(folder / "work" / "pipe")
        args = (
            ["build", "content.yaml", "--brand", "brand.yaml", "-o", output]
            + ["--html"] * html
            + ["--preview"] * preview
        )
        outcome(folder / "work", *args, root=folder)
        assert (folder / "work" / "pipe").is_fifo()
    finally:
        shutil.rmtree(folder)


# ---------------------------------------------------------------- fonts and colour profiles

# Where a damaged or crafted font differs from a whole one: the table directory and the start of
# each table ReportLab reads (counts, offsets, formats), never the outlines' own points.
_FONT_SPOTS = [12] + sorted(
    offset
    for tag, (offset, _, _) in tables(FONT).items()
    if tag in ("head", "hhea", "maxp", "hmtx", "loca", "cmap", "name", "post", "OS/2", "glyf")
)
_patches = st.lists(st.tuples(st.sampled_from(_FONT_SPOTS), st.integers(0, 63), st.integers(0, 255)), max_size=6)


def _patch(data: bytes, patches, cut) -> bytes:
    data = bytearray(data)
    for spot, at, value in patches:
        data[spot + at] = value
    return bytes(data[:cut] if cut else data)


@settings(SETTINGS, max_examples=25)
@given(
    patches=_patches, cut=st.one_of(st.none(), st.integers(12, len(FONT))), role=st.sampled_from(["body", "headings"])
)
def test_damaged_fonts_give_a_pdf_or_a_located_error(patches, cut, role):
    """Whatever is changed, the build ends in a PDF or a message at the brand's font line: never an
    internal error while the PDF is written, nor a font loader that runs without end."""
    folder = scratch()
    try:
        write(folder, "content.yaml", {**HEAD, "sections": [{"heading": "A\u00c2", "text": "Bold **Ab\u00c2c**"}]})
        write(folder, "look/Look-Regular.ttf", _patch(FONT, patches, cut))
        write(folder, "brand.yaml", {"name": "Fuzz Clinic", "fonts": {role: "look"}})
        code, _, err = outcome(folder, "build", "content.yaml", "--brand", "brand.yaml", "-o", "x.pdf")
        if code == 1 and "font file" in err:
            assert re.search(r"^brand\.yaml:\d+:\d+: the font file 'Look-Regular\.ttf' ", err, re.MULTILINE), err
    finally:
        shutil.rmtree(folder)


_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")


@settings(SETTINGS, max_examples=20)
@given(
    patches=st.lists(st.tuples(st.integers(0, 255), st.integers(0, 255)), max_size=8),
    cut=st.one_of(st.none(), st.integers(0, 200_000)),
    noise=st.booleans(),
)
def test_damaged_colour_profiles_give_a_pdf_or_a_message_naming_them(patches, cut, noise):
    """The header and tag table of a real CMYK profile changed, cut short, or random bytes."""
    base = _PROFILE.read_bytes() if HAS_PROFILE and _PROFILE.is_file() else b""
    data = bytearray(base if base and not noise else bytes((i * 73 + 41) % 256 for i in range(4096)))
    for at, value in patches:
        if at < len(data):
            data[at] = value
    folder = scratch()
    try:
        write(folder, "content.yaml", {**HEAD, "sections": [{"heading": "A", "text": "B"}]})
        write(folder, "p.icc", bytes(data[:cut] if cut is not None else data))
        code, _, err = outcome(folder, "build", "content.yaml", "--cmyk", "--icc-profile", "p.icc", "-o", "x.pdf")
        assert code in (0, 1) and (code == 0 or re.search(r"^p\.icc: ", err, re.MULTILINE)), err
    finally:
        shutil.rmtree(folder)


# ---------------------------------------------------------------- invisible characters (issue 18)

JOINERS = "\u200c\u200d"


def loads(folder: Path, brand: bool = False) -> str | None:
    """Load content.yaml (and brand.yaml) as `check` and `build` do, under the bounds: None if they
    load, else the message. Loading alone decides which characters are allowed (and is fast enough
    to try many); that what is allowed also builds is tests/test_model.py's."""
    import leaflet

    before = snapshot(folder)
    try:
        with bounded():
            leaflet.load_leaflet(folder / "content.yaml", "content.yaml")
            if brand:
                leaflet.load_brand(folder / "brand.yaml", "brand.yaml")
        message = None
    except leaflet.LeafletError as exc:
        message = str(exc)
        assert LOCATED.search(message) and "\x1b" not in message, message
    assert snapshot(folder) == before
    return message


_invisible = st.sampled_from(
    [
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
        "\u200e",
        "\u200f",
        "\u061c",
        "\u200b",
        "\u2060",
        "\ufeff",
        "\u00ad",
        "\u180e",
        "\U000e0041",
        "\u200c",
        "\u200d",
    ]
)
_BRAND_VALUES = {
    "name": "Harbour Skin",
    "tagline": "Skin care",
    "address": "1 Quay Road",
    "phone": "0117 496 0000",
    "email": "hello@example.com",
    "website": "www.example.com",
    "booking_url": "example.com/book",
    "footer": "Thank you",
}
_ADDRESSES = ("phone", "email", "website", "booking_url")  # what is dialled or opened: nothing invisible at all


@SETTINGS
@given(
    field=st.sampled_from(sorted(_BRAND_VALUES)),
    char=_invisible,
    at=st.integers(0, 20),
    language=st.sampled_from(["en-GB", "ar", "fa", "bn"]),
)
def test_invisible_characters_in_brand_fields_are_refused_but_spelling_joiners(field, char, at, language):
    value = _BRAND_VALUES[field]
    at = min(at, len(value))
    folder = scratch()
    try:
        write(
            folder,
            "content.yaml",
            {
                **HEAD,
                "language": language,
                "sections": [{"heading": "A", "text": "B {{ clinic.name }} {{ clinic.phone }}"}],
            },
        )
        write(
            folder,
            "brand.yaml",
            {**{"name": "Clinic", "phone": "0117 496 0000"}, field: value[:at] + char + value[at:]},
        )
        err = loads(folder, brand=True)
        if char in JOINERS and field not in _ADDRESSES:
            assert err is None, err
        else:
            assert err and f"U+{ord(char):04X}" in err and err.startswith("brand.yaml:"), err
    finally:
        shutil.rmtree(folder)


@SETTINGS
@given(
    char=_invisible,
    language=st.sampled_from(["en-GB", "ar", "he", "ur", "fa", "th", "bn", "pl"]),
    where=st.sampled_from(["title", "heading", "text", "risk", "summary"]),
)
def test_invisible_characters_in_content_only_where_the_language_needs_them(char, language, where):
    text = {
        "ar": "\u0645\u0631\u062d\u0628\u0627",
        "ur": "\u0645\u0631\u062d\u0628\u0627",
        "fa": "\u0645\u06cc\u062e",
        "he": "\u05e9\u05dc\u05d5\u05dd",
        "th": "\u0e2a\u0e27\u0e31\u0e2a",
        "bn": "\u0995\u09cd\u09b7",
    }.get(language, "Hello")
    written = text[:2] + char + text[2:]
    content = {
        **HEAD,
        "language": language,
        "sections": [{"heading": "A", "text": "B"}, {"heading": "R", "risks": [{"text": "C"}]}],
    }
    if where == "title":
        content["title"] = written
    elif where == "heading":
        content["sections"][0]["heading"] = written
    elif where == "text":
        content["sections"][0]["text"] = written
    elif where == "risk":
        content["sections"][1]["risks"][0]["text"] = written
    else:
        content["summary"] = [written]
    rtl = language in ("ar", "he", "ur", "fa")
    allowed = JOINERS + ("\u200e\u200f\u061c" if rtl else "") + ("\u200b" if language == "th" else "")
    folder = scratch()
    try:
        write(folder, "content.yaml", content)
        err = loads(folder)
        if char in allowed:
            assert err is None, err
        else:
            assert err and f"U+{ord(char):04X}" in err and err.startswith("content.yaml:"), err
    finally:
        shutil.rmtree(folder)


# ---------------------------------------------------------------- numbers as written (issue 18)

_number_text = st.one_of(
    st.sampled_from(
        [
            "1:30",
            "1:30:15",
            "0x10",
            "0X1f",
            "0b101",
            "010",
            "0o17",
            "-0.0",
            "+0.0",
            "-0",
            "1_000",
            "0.005",
            "199.99",
            "200.50",
            ".5",
            "1e3",
            "1.0e+3",
            "+.inf",
            ".nan",
            "9" * 31,
            "9" * 400,
            "1" + "0" * 29,
            "0.1234567890123456789012345678",
        ]
    ),
    st.from_regex(r"\A[-+]?[0-9_]{1,12}([.:][0-9_]{0,6})?([eE][-+]?[0-9]{1,3})?\Z"),
)


@SETTINGS
@given(price=_number_text)
def test_a_price_prints_as_written_or_is_refused_at_its_line(price):
    """What YAML reads a number as must be what an author means by it: a price either prints the
    value its digits say, to the penny, or is a located error."""
    folder = scratch()
    try:
        write(
            folder,
            "content.yaml",
            "title: Fuzzed\npublished: 2026-09-01\nreview_by: 2027-09-01\nsections:\n"
            f"  - heading: Cost\n    prices:\n      - item: One\n        price: {price}\n",
        )
        code, _, err = outcome(folder, "build", "content.yaml", "-o", "x.pdf")
        if code == 0:
            import decimal

            meant = decimal.Decimal(price.replace("_", ""))  # what the digits say, read by no YAML rule
            value = yaml.safe_load(f"v: {price}")["v"]
            assert decimal.Decimal(repr(float(value))) == decimal.Decimal(repr(float(meant))), (price, value)
            assert -meant.as_tuple().exponent <= 2 or meant == meant.to_integral_value(), price
            assert not (float(value) == 0 and str(value).startswith("-")), price
        else:
            assert err.startswith("content.yaml:8:"), err
    finally:
        shutil.rmtree(folder)


# ---------------------------------------------------------------- manifests (issue 18)

_json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8)),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=40,
)


@SETTINGS
@given(
    manifest=st.one_of(
        _json_values.map(lambda v: json.dumps(v).encode()),
        _json_values.map(
            lambda v: json.dumps({"version": 1, "outputs": {"default/content-a4.pdf": v, "x": v}}).encode()
        ),
        st.integers(1, 200_000).map(lambda n: b"[" * n),
        st.integers(1, 200_000).map(lambda n: b'{"outputs":' * n),
        st.binary(max_size=200),
    )
)
def test_any_manifest_means_build_again_never_a_crash(manifest):
    folder = scratch()
    try:
        write(folder, "content.yaml", {**HEAD, "sections": [{"heading": "A", "text": "B"}]})
        (folder / "output").mkdir()
        (folder / "output" / "manifest.json").write_bytes(manifest)
        with bounded():
            code, out, err = run_in_process("batch", "content.yaml", "--jobs", "1", folder=folder)
        assert code == 0 and "1 built" in out, err
        assert "Traceback" not in out + err and "internal error" not in out + err
        written = json.loads((folder / "output" / "manifest.json").read_bytes())
        assert list(written["outputs"]) == ["default/content-a4.pdf"]
    finally:
        shutil.rmtree(folder)
