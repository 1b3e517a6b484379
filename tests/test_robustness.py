"""Anything an author can type gives a PDF or a clear, located error: never a traceback.

Hypothesis feeds random text, markup and YAML through load, check and build (bounded: a few dozen
examples each, so the suite stays fast), and a 1 MB content file must build in seconds.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import time
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bounded import run_in_process

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
HEAD = {"title": "Robust", "published": dt.date(2026, 9, 1), "review_by": dt.date(2027, 9, 1)}
PROBLEM = re.compile(r"^content\.yaml(:\d+:\d+)?: ", re.MULTILINE)

# Text an author might type: letters from many scripts, the format's own markup, template braces,
# YAML's special characters, emoji and control characters.
_pieces = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.sampled_from(
        list("*-{}%#&<>!|:'\"\n\t[]`@")
        + [
            "**",
            "- ",
            "{{",
            "}}",
            "{{ clinic.name }}",
            "{% if x %}",
            "\n\n",
            "&amp;",
            "<b>",
            "漢",
            "💉",
            "painless",
            "subcutaneous",
            "{{ clinic.fax }}",
        ]
    ),
)
typed = st.lists(_pieces, max_size=16).map("".join)


def assert_pdf_or_clear_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "content.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
        for command in (["check", "content.yaml"], ["build", "content.yaml", "-o", "out.pdf"]):
            code, out, err = run_in_process(*command, folder=folder)
            assert "Traceback" not in out + err and "internal error" not in err, err
            assert code in (0, 1), (code, err)
            if code == 1:  # check's report is on stdout; a file that does not load, on stderr
                said = err or out
                assert PROBLEM.match(said), said
                lines = said.splitlines()
                assert any(line.startswith("    ") for line in lines), f"no hint in:\n{said}"
        pdf = folder / "out.pdf"
        if code == 0:
            assert pdf.read_bytes().startswith(b"%PDF-")
        else:
            assert not pdf.exists()


@SETTINGS
@given(text=typed, heading=typed)
def test_random_text_and_markup_in_a_section(text, heading):
    data = {**HEAD, "sections": [{"heading": heading, "text": text}]}
    assert_pdf_or_clear_error(yaml.safe_dump(data, allow_unicode=True))


@SETTINGS
@given(
    risk=typed,
    action=typed,
    frequency=st.one_of(st.none(), st.sampled_from(["common", "rare", "often"])),
    cell=typed,
    price=st.one_of(st.integers(-5, 10**12), st.floats(allow_nan=True), typed),
)
def test_random_values_in_risks_tables_and_prices(risk, action, frequency, cell, price):
    data = {
        **HEAD,
        "sections": [
            {"heading": "Risks", "risks": [{"text": risk, "frequency": frequency, "serious": True, "action": action}]},
            {"heading": "Table", "table": {"columns": ["A", "B"], "rows": [[cell, cell]]}},
            {"heading": "Prices", "prices": [{"item": "One", "price": price}]},
        ],
    }
    assert_pdf_or_clear_error(yaml.safe_dump(data, allow_unicode=True))


@SETTINGS
@given(text=typed)
def test_random_yaml_source(text):
    assert_pdf_or_clear_error(text)


@SETTINGS
@given(lines=st.lists(typed, max_size=12))
def test_random_lines_after_a_good_start(lines):
    start = "title: Robust\npublished: 2026-09-01\nreview_by: 2027-09-01\nsections:\n  - heading: A\n    text: |\n"
    assert_pdf_or_clear_error(start + "\n".join("      " + line for line in lines) + "\n")


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), typed),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(typed, children, max_size=3),
    max_leaves=12,
)


@SETTINGS
@given(
    extra=st.dictionaries(
        st.sampled_from(
            ["title", "summary", "sections", "sources", "checks", "language", "currency", "version", "published"]
        ),
        json_values,
        max_size=3,
    )
)
def test_random_structures_where_fields_belong(extra):
    data = {**HEAD, "sections": [{"heading": "A", "text": "B"}], **extra}
    assert_pdf_or_clear_error(yaml.safe_dump(data, allow_unicode=True))


def test_a_one_megabyte_content_file_builds_in_seconds(tmp_path):
    sentence = "Your skin may be red for a day or two after each session, so keep it clean."
    paragraph = " ".join([sentence] * 8)
    text = "\n\n".join([paragraph] * 20)
    block = "\n".join("      " + line if line else "" for line in text.splitlines())
    sections = []
    size = 0
    while size < 1_000_000:
        section = f"  - heading: Part {len(sections) + 1}\n    text: |\n{block}\n"
        sections.append(section)
        size += len(section)
    content = tmp_path / "content.yaml"
    content.write_text(
        "title: A very long leaflet\npublished: 2026-09-01\nreview_by: 2027-09-01\nsections:\n" + "".join(sections),
        encoding="utf-8",
    )
    assert content.stat().st_size >= 1_000_000
    start = time.process_time()  # the work done, which a busy machine does not stretch (tests/bounded.py)
    code, out, err = run_in_process("build", str(content), "-o", str(tmp_path / "big.pdf"), folder=tmp_path)
    took = time.process_time() - start
    assert code == 0, err
    assert (tmp_path / "big.pdf").read_bytes().startswith(b"%PDF-")
    assert took < 20, f"a 1 MB leaflet took {took:.1f} s of processor time"
