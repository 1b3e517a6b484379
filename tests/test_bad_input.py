"""Bad input: a located message and a hint on stderr, exit 1, no traceback, and nothing written.

Every case runs `leaflet build content.yaml [--brand brand.yaml] -o output/x.pdf` in a scratch
folder that already holds output/x.pdf with known bytes: a failed build must leave that file exactly
as it was and create nothing else (no PDF, no temporary file). Line numbers are counted by hand
from the YAML of each case (1-based).

The contract (file:line, exit code, phrase, nothing written) and the hint line are tested
separately, so a missing hint does not hide a wrong line number or the other way round.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bounded import TookTooLong, bounded
from conftest import MESO, first_line_matches

SECONDS = 5  # the most processor time any refusal may use
ABSENT = object()  # a file named on the command line that is not there
OLD_PDF = b"%PDF-1.4\n% an earlier, good leaflet that a failed build must not touch\n%%EOF\n"

# Lines 1-4 of most content files; a case's sections then start on line 5.
HEAD = "title: Test leaflet\npublished: 2026-09-01\nreview_by: 2027-09-01\nsections:\n"
GOOD = HEAD + "  - heading: About\n    text: Hello from {{ clinic.name }}.\n"
AFTER_TITLE = GOOD.split("\n", 1)[1]  # GOOD without its title line (lines 2-6 become 1-5)

BILLION_LAUGHS = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"{x}: &{x} [{', '.join([f'*{p}'] * 9)}]\n" for p, x in zip("abcdefgh", "bcdefghi", strict=True)
)


@dataclass
class Case:
    """One bad input: the files to create, and where (file, line) and what the complaint must be.

    ``content``/``brand``/``files`` give text, bytes, None for a folder, or ABSENT for no file;
    ``brand`` None means no --brand. ``file`` is the name the message must start with (the brand
    file when there is one); ``line`` None means a problem with the whole file (no line to show).
    ``phrase`` is a plain string that must appear, or a compiled regex that must match.
    """

    id: str
    line: int | None
    phrase: str | re.Pattern
    content: object = GOOD
    brand: object = None
    files: dict = field(default_factory=dict)
    file: str | None = None

    def __post_init__(self):
        self.file = self.file or ("brand.yaml" if self.brand is not None else "content.yaml")


CASES = [
    # --- broken YAML -------------------------------------------------------------------------
    Case("yaml-unclosed-bracket-last-line", 7, "this [ list is never closed", content=GOOD + "summary: [one, two\n"),
    Case(
        "yaml-unclosed-bracket-mid-file",
        4,
        "this [ list is never closed",
        content="title: Test leaflet\npublished: 2026-09-01\nreview_by: 2027-09-01\n"
        "summary: [one, two\nsections:\n  - heading: About\n    text: Hello\n",
    ),
    Case(
        "yaml-unclosed-quote",
        1,
        "this quoted text is never closed",
        content=GOOD.replace("title: Test leaflet", 'title: "Test leaflet'),
    ),
    Case("yaml-bad-indentation", 6, "not valid YAML", content=HEAD + "  - heading: About\n     text: Hello\n"),
    Case(
        "yaml-tab-indentation", 5, re.compile(r"(?i)\btabs?\b"), content=HEAD + "\t- heading: About\n\t  text: Hello\n"
    ),
    Case(
        "yaml-python-tag",
        1,
        "YAML tags such as",
        content='title: !!python/object/apply:os.system ["echo hi"]\n' + AFTER_TITLE,
    ),
    Case(
        "yaml-custom-include-tag",
        4,
        "YAML tags such as",
        content="title: Test leaflet\npublished: 2026-09-01\nreview_by: 2027-09-01\nsections: !include other.yaml\n",
    ),
    Case("yaml-billion-laughs", 2, "aliases", content=BILLION_LAUGHS),
    Case("yaml-deep-nesting", 1, "nested too deeply", content="title: " + "[" * 5000 + "\n"),
    Case(
        "yaml-duplicate-key",
        4,
        "the field 'title' appears twice (first on line 1)",
        content="title: Test leaflet\npublished: 2026-09-01\nreview_by: 2027-09-01\n"
        "title: Another title\nsections:\n  - heading: About\n    text: Hello\n",
    ),
    Case("yaml-top-level-list", 1, "not a list", content="- title: Test leaflet\n- sections: []\n"),
    # --- the file itself ---------------------------------------------------------------------
    Case("file-empty", 1, "empty", content=""),
    Case("file-comments-only", 1, "empty", content="# a leaflet, to be written\n\n   # later\n"),
    # libyaml reads a byte order mark after a comment as no document at all (it once crashed the build)
    Case("file-comment-then-byte-order-mark", 1, "empty", content="# a leaflet, to be written\n\ufeff"),
    Case(
        "file-not-utf8",
        5,
        "not UTF-8",
        content=(HEAD + "  - heading: Caf\xe9 opening hours\n    text: Hello\n").encode("latin-1"),
    ),
    Case("file-does-not-exist", None, "file not found", content=ABSENT),
    Case("file-is-a-folder", None, "folder", content=None),
    Case("file-over-5-mb", None, "MB", content=GOOD + "# " + "x" * (6 * 1024 * 1024) + "\n"),
    # --- wrong types -------------------------------------------------------------------------
    Case("title-is-a-list", 1, "'title' should be text, not a list", content="title: [Test, leaflet]\n" + AFTER_TITLE),
    Case("title-is-a-number", 1, 'Put it in quotes: title: "2026"', content="title: 2026\n" + AFTER_TITLE),
    Case(
        "title-left-blank",
        1,
        re.compile(r"'title'.*\b(empty|blank|missing|no value)\b"),
        content="title:\n" + AFTER_TITLE,
    ),
    Case(
        "date-with-slashes",
        2,
        "'published' should be a date, not '01/02/2026'",
        content=GOOD.replace("published: 2026-09-01", "published: 01/02/2026"),
    ),
    Case(
        "date-with-time",
        2,
        "YYYY-MM-DD",
        content=GOOD.replace("published: 2026-09-01", "published: 2026-09-01 10:00:00"),
    ),
    Case(
        "date-that-does-not-exist",
        3,
        "day is out of range for month",
        content=GOOD.replace("review_by: 2027-09-01", "review_by: 2027-02-30"),
    ),
    Case(
        "version-unquoted-float",
        2,
        'Put it in quotes: version: "1.2"',
        content="title: Test leaflet\nversion: 1.2\npublished: 2026-09-01\nreview_by: 2027-09-01\n"
        "sections:\n  - heading: About\n    text: Hello\n",
    ),
    Case(
        "price-with-pound-sign",
        8,
        "'£200' is not a price",
        content=HEAD + "  - heading: Cost\n    prices:\n      - item: One treatment\n        price: £200\n",
    ),
    Case(
        "price-range-backwards",
        8,
        "lower to the higher",
        content=HEAD + "  - heading: Cost\n    prices:\n      - item: One treatment\n        price: [500, 200]\n",
    ),
    Case(
        "price-negative",
        8,
        "0 or more",
        content=HEAD + "  - heading: Cost\n    prices:\n      - item: One treatment\n        price: -5\n",
    ),
    Case(
        "serious-yes-please",
        8,
        "'serious' should be true or false, not 'yes please'",
        content=HEAD + "  - heading: Risks\n    risks:\n      - text: Infection\n        serious: yes please\n",
    ),
    Case(
        "frequency-sometimes",
        8,
        "'sometimes' is not a frequency",
        content=HEAD + "  - heading: Risks\n    risks:\n      - text: Redness\n        frequency: sometimes\n",
    ),
    Case(
        "frequency-typo",
        8,
        "did you mean 'uncommon'",
        content=HEAD + "  - heading: Risks\n    risks:\n      - text: Redness\n        frequency: uncomon\n",
    ),
    Case(
        "language-not-a-tag",
        2,
        "'English' is not a language tag",
        content=GOOD.replace("title: Test leaflet\n", "title: Test leaflet\nlanguage: English\n"),
    ),
    Case(
        "content-currency-unknown",
        4,
        "'XYZ' is not a currency code",
        content="title: Test leaflet\npublished: 2026-09-01\nreview_by: 2027-09-01\ncurrency: XYZ\n"
        "sections:\n  - heading: About\n    text: Hello\n",
    ),
    # --- fields: unknown, missing, inconsistent ----------------------------------------------
    Case(
        "field-typo-tetx",
        6,
        "unknown field 'tetx' — did you mean 'text'?",
        content=HEAD + "  - heading: About\n    tetx: Hello\n",
    ),
    Case(
        "unknown-top-level-field",
        4,
        "unknown field 'author'",
        content="title: Test leaflet\npublished: 2026-09-01\nreview_by: 2027-09-01\n"
        "author: Dr Example\nsections:\n  - heading: About\n    text: Hello\n",
    ),
    Case("missing-title", 1, "the required field 'title' is missing", content=AFTER_TITLE),
    Case(
        "missing-sections",
        1,
        "the required field 'sections' is missing",
        content="title: Test leaflet\npublished: 2026-09-01\nreview_by: 2027-09-01\n",
    ),
    Case(
        "sections-empty-list",
        4,
        "'sections' needs at least one item",
        content=HEAD.replace("sections:", "sections: []"),
    ),
    Case(
        "review-before-published",
        3,
        "must be later than the publication date",
        content=GOOD.replace("review_by: 2027-09-01", "review_by: 2026-01-01"),
    ),
    Case(
        "section-with-risks-and-prices",
        5,
        "only one of risks, aftercare, prices or table",
        content=HEAD + "  - heading: Mixed\n    risks:\n      - text: Redness\n"
        "    prices:\n      - item: One treatment\n        price: 100\n",
    ),
    Case(
        "section-with-only-a-heading", 5, "has a heading but nothing under it", content=HEAD + "  - heading: Lonely\n"
    ),
    Case(
        "several-problems-all-reported",
        6,
        re.compile(
            r"content\.yaml:6:5: unknown field 'tetx'.*\n.*\n"
            r"content\.yaml:10:\d+: 'sometimes' is not a frequency"
        ),
        content=HEAD + "  - heading: About\n    tetx: Hello\n  - heading: Risks\n    risks:\n"
        "      - text: Redness\n        frequency: sometimes\n",
    ),
    Case(
        "table-row-wrong-width",
        10,
        "this row has 1 cell but the table has 2 columns",
        content=HEAD + "  - heading: Depths\n    table:\n      columns: [Area, Depth]\n"
        "      rows:\n        - [Forehead, 0.5 mm]\n        - [Cheeks]\n",
    ),
    # --- templates ---------------------------------------------------------------------------
    Case(
        "template-unknown-name",
        6,
        "unknown name 'clinic.fax'",
        content=HEAD + "  - heading: About\n    text: Fax us on {{ clinic.fax }}.\n",
    ),
    Case(
        "template-typo-did-you-mean",
        6,
        "unknown name 'clinic.phnoe' — did you mean 'clinic.phone'?",
        content=HEAD + "  - heading: About\n    text: Call {{ clinic.phnoe }}.\n",
    ),
    Case(
        "template-unknown-name-in-block-text",
        9,
        "unknown name 'clinic.fax'",
        content=HEAD + "  - heading: About\n    text: |\n      First line.\n      Second line.\n"
        "      Fax us on {{ clinic.fax }}.\n",
    ),
    Case(
        "template-unsafe",
        6,
        "can only fill in names",
        content=HEAD + "  - heading: About\n    text: \"{{ ''.__class__.__mro__ }}\"\n",
    ),
    Case(
        "template-syntax-error",
        6,
        "not written correctly",
        content=HEAD + '  - heading: About\n    text: "Call {{ clinic.name "\n',
    ),
    Case(
        "template-syntax-error-in-block-text",
        8,
        "not written correctly",
        content=HEAD + "  - heading: About\n    text: |\n      First line.\n"
        "      Call {{ clinic.name }\n      Last line.\n",
    ),
    Case(
        "template-endless-loop",
        6,
        "can only fill in names",
        content=HEAD + '  - heading: About\n    text: "{% for i in range(99999) %}'
        '{% for j in range(99999) %}{% endfor %}{% endfor %}"\n',
    ),
    Case(
        "template-huge-text",
        6,
        "can only fill in names",
        content=HEAD + "  - heading: About\n    text: \"{{ 'x' * 1000000 }}\"\n",
    ),
    Case(
        "text-too-long", 6, "characters long", content=HEAD + "  - heading: About\n    text: " + "word " * 6000 + "\n"
    ),
    Case(
        "character-no-font-has",
        5,
        "'漢' (U+6F22) is not in the font",
        content=HEAD + "  - heading: About 漢\n    text: Hello\n",
    ),
    Case(
        "character-no-font-has-in-block-text",
        9,
        "(U+6F22) is not in the font",
        content=HEAD + "  - heading: About\n    text: |\n      First line.\n      Second line.\n"
        "      The sign 漢 is on the door.\n",
    ),
    # --- brand files (with the good content file) --------------------------------------------
    Case("brand-file-does-not-exist", None, "file not found", brand=ABSENT),
    Case(
        "brand-missing-name",
        1,
        "the required field 'name' is missing",
        brand="tagline: Skin health\nphone: 0117 496 0000\n",
    ),
    Case(
        "brand-typo-colours",
        2,
        "unknown field 'colours' — did you mean 'colors'?",
        brand='name: Test Clinic\ncolours:\n  primary: "#0B5563"\n',
    ),
    Case(
        "brand-colour-word",
        3,
        "'teal' is not a colour written as \"#RRGGBB\"",
        brand="name: Test Clinic\ncolors:\n  primary: teal\n",
    ),
    Case(
        "brand-colour-short-hex",
        3,
        "'#12345' is not a colour written as \"#RRGGBB\"",
        brand='name: Test Clinic\ncolors:\n  accent: "#12345"\n',
    ),
    Case("brand-warning-too-pale", 3, "too pale", brand='name: Test Clinic\ncolors:\n  warning: "#FFFF00"\n'),
    Case("brand-logo-missing", 2, "the logo file", brand="name: Test Clinic\nlogo: no-such-logo.png\n"),
    Case(
        "brand-logo-fake-png",
        2,
        "is not a PNG, JPEG or SVG image",
        brand="name: Test Clinic\nlogo: logo.png\n",
        files={"logo.png": "this is not a picture, just some text\n"},
    ),
    Case(
        "brand-font-unknown",
        3,
        "no font family or folder called 'Comic Sans Imaginary'",
        brand="name: Test Clinic\nfonts:\n  body: Comic Sans Imaginary\n",
    ),
    Case(
        "brand-font-cff-otf",
        4,
        "'MyFont-Regular.otf' is a CFF OpenType font",
        brand="name: Test Clinic\nfonts:\n  body: Atkinson Hyperlegible\n  headings: myfont\n",
        files={"myfont": None, "myfont/MyFont-Regular.otf": b"OTTO" + bytes(200)},
    ),
    Case(
        "brand-font-folder-without-fonts",
        3,
        "holds no .ttf files",
        brand="name: Test Clinic\nfonts:\n  body: myfont\n",
        files={"myfont": None, "myfont/readme.txt": "fonts go here\n"},
    ),
    Case(
        "brand-font-file-not-a-font",
        3,
        "MyFont-Regular.ttf",
        brand="name: Test Clinic\nfonts:\n  body: myfont\n",
        files={"myfont": None, "myfont/MyFont-Regular.ttf": b"not a font at all\n" * 10},
    ),
    Case("brand-currency-unknown", 2, "'XYZ' is not a currency code", brand="name: Test Clinic\ncurrency: XYZ\n"),
    Case("brand-locale-unknown", 2, "'xx_XX' is not a known locale", brand="name: Test Clinic\nlocale: xx_XX\n"),
    Case("brand-price-with-pound-sign", 3, "£200", brand="name: Test Clinic\nprices:\n  session: £200\n"),
    Case(
        "brand-character-no-font-has",
        2,
        "(U+1FAE0) is not in the font",
        brand="name: Test Clinic\ntagline: Smile \U0001fae0\n",
    ),
]


def make_files(folder: Path, case: Case) -> None:
    files = {"content.yaml": case.content, **case.files}
    if case.brand is not None:
        files["brand.yaml"] = case.brand
    for name, data in files.items():
        path = folder / name
        if data is None:
            path.mkdir(parents=True, exist_ok=True)
        elif data is not ABSENT:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    (folder / "output").mkdir(exist_ok=True)
    (folder / "output" / "x.pdf").write_bytes(OLD_PDF)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (the inputs and output/x.pdf included), by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def refuse(cli, case: Case, command: str = "build") -> None:
    """Run the case; check what every refusal must do: exit 1, no traceback, nothing written, fast."""
    make_files(cli.folder, case)
    before = snapshot(cli.folder)
    args = [command, "content.yaml"] + (["-o", "output/x.pdf"] if command == "build" else [])
    if case.brand is not None:
        args += ["--brand", "brand.yaml"]
    start = time.process_time()  # the work done, which a busy machine does not stretch (tests/bounded.py)
    try:
        with bounded(seconds=SECONDS):
            cli(*args)
    except TookTooLong as exc:
        pytest.fail(f"leaflet {' '.join(args)}: {exc} ({SECONDS} s)")
    assert time.process_time() - start < SECONDS
    assert "Traceback" not in cli.err + cli.out, cli.err
    assert cli.code == 1, (cli.code, cli.err)
    if command == "build":  # check's report is its output; a file that does not load goes to stderr
        assert cli.out == "", cli.out
    assert snapshot(cli.folder) == before, "a failed run wrote or changed a file"
    assert [p for p in cli.written() if p.relative_to(cli.folder).as_posix() not in before] == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input_is_refused_at_its_line_and_nothing_is_written(cli, case):
    refuse(cli, case)
    assert "internal error" not in cli.err, cli.err
    where = cli.err.split(" ", 1)[0]
    if case.line is None:  # a problem with the file as a whole
        assert where == f"{case.file}:", cli.err
    else:
        assert first_line_matches(cli.err, case.file, case.line), f"expected {case.file}:{case.line}:\n{cli.err}"
    if isinstance(case.phrase, re.Pattern):
        assert case.phrase.search(cli.err), f"{case.phrase.pattern!r} not in:\n{cli.err}"
    else:
        assert case.phrase in cli.err, cli.err
    assert len(cli.err.splitlines()) <= 25, cli.err


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_every_problem_is_followed_by_an_indented_hint(cli, case):
    refuse(cli, case)
    lines = cli.err.splitlines()
    assert cli.err.startswith(f"{case.file}:"), cli.err
    for i, line in enumerate(lines):
        if not line.startswith(" "):  # a problem: the next line must say how to fix it
            assert i + 1 < len(lines) and re.match(r"    \S", lines[i + 1]), f"no hint under {line!r}:\n{cli.err}"


BY_ID = {c.id: c for c in CASES}


@pytest.mark.parametrize(
    "case_id",
    [
        "yaml-bad-indentation",
        "yaml-billion-laughs",
        "file-not-utf8",
        "field-typo-tetx",
        "template-unknown-name",
        "character-no-font-has",
        "brand-logo-fake-png",
        "brand-font-cff-otf",
    ],
)
def test_check_on_bad_input_writes_nothing_and_exits_1(cli, case_id):
    case = BY_ID[case_id]
    refuse(cli, case, command="check")
    said = cli.err or cli.out  # bad input on stderr; a finding of the rules (LF401) in the report
    assert not (cli.err and cli.out), (cli.err, cli.out)
    assert first_line_matches(said, case.file, case.line), said
    assert "OK" not in said


def test_a_good_build_after_a_failed_one_writes_the_pdf(cli):
    content = cli.folder / "content.yaml"
    content.write_text(HEAD + "  - heading: About\n    tetx: Hello\n", encoding="utf-8")
    (cli.folder / "output").mkdir()
    (cli.folder / "output" / "x.pdf").write_bytes(OLD_PDF)
    cli("build", "content.yaml", "-o", "output/x.pdf")
    assert cli.code == 1 and first_line_matches(cli.err, "content.yaml", 6), cli.err
    assert (cli.folder / "output" / "x.pdf").read_bytes() == OLD_PDF

    content.write_text(GOOD, encoding="utf-8")
    cli("build", "content.yaml", "-o", "output/x.pdf")
    assert cli.code == 0, cli.err
    assert cli.out.strip() == "output/x.pdf"
    # A good file may still break `leaflet check`'s advice (no risks section, no sources...):
    # build prints those warnings, each with its hint, and nothing else.
    lines = cli.err.splitlines()
    assert lines[0::2] and all(re.match(r"content\.yaml:\d+:\d+: LF\d{3} warning: ", w) for w in lines[0::2]), cli.err
    assert all(re.match(r"    \S", h) for h in lines[1::2]) and len(lines) % 2 == 0, cli.err
    new = (cli.folder / "output" / "x.pdf").read_bytes()
    assert new.startswith(b"%PDF-") and new != OLD_PDF
    assert cli.written() == [cli.folder / "output" / "x.pdf"]  # and no temporary file left behind


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([], id="no-arguments"),
        pytest.param(["publish", "content.yaml"], id="unknown-command"),
        pytest.param(["build"], id="build-without-content-file"),
        pytest.param(["build", "content.yaml", "--page-size", "a3"], id="page-size-a3"),
        pytest.param(["build", "content.yaml", "--colour", "red"], id="unknown-option"),
        pytest.param(["check", "content.yaml", "-o", "output/x.pdf"], id="check-with-output"),
    ],
)
def test_command_line_misuse_exits_2_with_usage_and_writes_nothing(cli, args):
    (cli.folder / "content.yaml").write_text(GOOD, encoding="utf-8")
    cli(*args)
    assert cli.code == 2, (cli.code, cli.err)
    assert "usage: leaflet" in cli.err and "Traceback" not in cli.err + cli.out
    assert len(cli.err.splitlines()) <= 25, cli.err
    assert cli.written() == []


def test_page_size_a3_names_the_sizes_there_are(cli):
    cli("build", MESO, "--page-size", "a3")
    assert cli.code == 2 and "'a3'" in cli.err and "a4" in cli.err and "letter" in cli.err, cli.err
