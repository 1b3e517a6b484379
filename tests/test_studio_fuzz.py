"""Fuzzing the studio (issue 18): Hypothesis makes hostile requests and hostile brand edits.

- Requests: any route, any query, any form, forged or real CSRF tokens, any Origin and
  Sec-Fetch-Site. Every answer is one of the studio's own statuses (never a 500) within the time
  bound; the content folder is never written; a brand file is either untouched or one that loads;
  no temporary file is left.
- Brand edits: brand files written in every style (block, flow, directives, document markers,
  block scalars, comments) and any text put in any field. The file that comes back parses, every
  field reads back as what was put in or what it was, and with nothing changed it is the same bytes.

Bounded like the other Hypothesis tests: a fixed seed, a few dozen examples each, under ``bounded``.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

import leaflet
from leaflet.studio import brandfile, brandform, printing
from leaflet.studio.app import create_app

from bounded import bounded
from studio_helpers import csrf_of, digest, workspace

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
LOCAL = "http://127.0.0.1:8765"
MESO = "mesotherapy-rejuvenation"
STATUSES = {200, 303, 400, 403, 404, 405, 409, 413, 421, 422, 503}

_hostile_words = st.sampled_from(
    [
        "",
        "1",
        "2",
        "0",
        "-1",
        "²",
        "٣",
        "１",
        "9" * 30,
        "1e999",
        "NaN",
        "..",
        "../..",
        "%2e%2e%2f",
        "/etc/passwd",
        MESO,
        "harbour-skin",
        "new",
        "a4",
        "letter",
        "a5-booklet",
        "dl-trifold",
        "\x00",
        "\u202e",
        "é" * 300,
        "<script>alert(1)</script>",
        "{{ 7*7 }}",
        "x" * 5000,
        "null",
        "true",
        "#FF0000",
        "#12345",
        "'",
        '"',
        "a: b",
        "- x",
        "&a",
        "*a",
        "!!python/object:os.system",
        "\n",
        "\r\n",
        "\t",
    ]
)
_values = st.one_of(_hostile_words, st.text(max_size=40))
_params = st.dictionaries(
    st.sampled_from(
        [
            "leaflet",
            "brand",
            "format",
            "large_print",
            "page",
            "copies",
            "printer",
            "preview_leaflet",
            "preview_page",
            "preview_format",
            "name",
            "colors.primary",
            "prices.session",
            "file_name",
            "logo",
            "fingerprint",
            "token",
            "csrf",
        ]
    ),
    _values,
    max_size=6,
)
_paths = st.sampled_from(
    [
        "/",
        "/preview",
        "/preview.png",
        "/download/pdf",
        "/download/html",
        "/download/zip",
        "/print",
        "/brands/new",
        "/brands/harbour-skin",
        "/brands/harbour-skin/preview",
        "/brands/new/preview",
        "/brands/harbour-skin/logo",
        "/brands/..",
        "/static/studio.js",
        "/brands/%2e%2e%2fx",
        "/brands/" + "x" * 300,
    ]
)
_origins = st.sampled_from([LOCAL, LOCAL, "null", "", "http://127.0.0.1:9999", "http://127.0.0.2:8765", None])
_sites = st.sampled_from([None, "same-origin", "same-origin", "same-site", "cross-site", "none", "garbage"])


@pytest.fixture(scope="module")
def studio():
    root = Path(tempfile.mkdtemp(prefix="leaflet-studio-fuzz-"))
    folders = workspace(root)
    pristine = root / "pristine"
    shutil.copytree(folders[0], pristine)
    with TestClient(create_app(*folders), base_url=LOCAL, raise_server_exceptions=False) as client:
        yield client, folders, pristine
    shutil.rmtree(root)


@SETTINGS
@given(
    method=st.sampled_from(["GET", "POST", "POST", "PUT", "DELETE"]),
    path=_paths,
    params=_params,
    form=_params,
    origin=_origins,
    site=_sites,
    real_csrf=st.booleans(),
)
def test_hostile_requests_get_one_of_the_studios_answers_and_harm_nothing(
    studio, monkeypatch, method, path, params, form, origin, site, real_csrf
):
    client, (content, brands), pristine = studio
    jobs = []
    monkeypatch.setattr(printing, "submit", lambda *args: jobs.append(args) or "leaflet-pdf-0")
    shutil.rmtree(brands)
    shutil.copytree(pristine / "brands", brands)  # each example starts from the same brands
    leaflets = {k: v for k, v in digest(content).items() if not k.startswith("brands/")}
    before = digest(brands)
    headers = {} if origin is None else {"Origin": origin}
    if site:
        headers["Sec-Fetch-Site"] = site
    if real_csrf and method == "POST":
        form = {**form, "csrf": csrf_of(client.get("/brands/harbour-skin", headers={"Origin": LOCAL}).text)}
    with bounded():
        answer = client.request(
            method, path, params=params, data=form if method != "GET" else None, headers=headers, follow_redirects=False
        )
    assert answer.status_code in STATUSES, (answer.status_code, answer.text[:500])
    assert "Something went wrong inside the studio" not in answer.text
    assert answer.headers["x-frame-options"] == "DENY"
    assert {k: v for k, v in digest(content).items() if not k.startswith("brands/")} == leaflets
    # No temporary file left behind; the studio's own folder (state.py) holds only what it keeps.
    assert not [p for p in brands.rglob(".*") if p.name != ".leaflet-studio"]
    after = digest(brands)
    if after != before:  # only a real form from the studio's page may save, and what it saves loads
        assert method == "POST" and origin == LOCAL and site in (None, "same-origin") and real_csrf
        for name in after:
            if name.endswith(".yaml") and after[name] != before.get(name):
                leaflet.load_brand(brands / name)
    if jobs:
        assert method == "POST" and path == "/print" and origin == LOCAL and real_csrf


# ---------------------------------------------------------------- brand edits keep the file

_text = st.one_of(_hostile_words, st.text(st.characters(blacklist_categories=["Cs"]), max_size=30))
_styles = st.sampled_from(
    [
        "# comment\nname: Harbour   # required\ntagline: 'Skin'\ncolors:\n  primary: \"#0B5563\"  # band\n",
        "%YAML 1.1\n---\n# c\nname: Harbour\naddress: |+\n  1 Quay\n\n\nfonts:\n  body: Atkinson Hyperlegible\n...\n",
        "{name: Harbour, tagline: Skin, colors: {primary: '#0B5563', accent: '#E07A5F'}}  # flow\n",
        "name: >-\n  Harbour\n  Clinic\nfooter: |\n  Registered\nprices:\n  session: 190\n  course: [1100, 1700]\n",
        '---\nname: "Harbour"\nphone:\nemail: ~\nlocale: en_GB\n',
    ]
)
# Brand files as other tools write them: PyYAML in block or flow style, with or without a
# directive and document markers, any text in the fields.
_dumped = st.builds(
    lambda data, flow, start, end, version: yaml.safe_dump(
        data,
        default_flow_style=flow,
        explicit_start=start,
        explicit_end=end,
        version=(1, 1) if version else None,
        allow_unicode=True,
        sort_keys=False,
        width=60,
    ),
    data=st.fixed_dictionaries(
        {"name": st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=20)},
        optional={
            "tagline": _text,
            "address": _text,
            "footer": _text,
            "colors": st.fixed_dictionaries(
                {},
                optional={
                    "primary": st.sampled_from(["#0B5563", "#aabbcc"]),
                    "warning": st.sampled_from(["#9B1C1C", "#7F1D1D"]),
                },
            ),
            "prices": st.fixed_dictionaries(
                {}, optional={"session": st.integers(0, 999), "course": st.just([1100, 1700])}
            ),
        },
    ),
    flow=st.booleans(),
    start=st.booleans(),
    end=st.booleans(),
    version=st.booleans(),
)
_styles = st.one_of(_styles, _dumped)
_fields = st.sampled_from([f.name for f in brandform.FIELDS] + ["prices.session", "prices.course"])


@SETTINGS
@given(written=_styles, changes=st.dictionaries(_fields, _text, max_size=4))
def test_a_brand_edit_changes_exactly_the_fields_changed(written, changes):
    ids = ["session", "course"]
    shown = brandform.current_values(brandfile.parse(written))
    form = {**shown, **changes}
    with bounded():
        text = brandfile.merged(written, brandform.values_from_form(form, ids), ids)
    assert brandfile.parse(text) is not None
    before = brandform.values_from_form(shown, ids)
    expected = brandform.values_from_form(form, ids)
    got = brandform.values_from_form(brandform.current_values(brandfile.parse(text)), ids)
    data = yaml.safe_load(text)  # the loader the library uses reads the same values
    for field in [f.name for f in brandform.FIELDS]:
        head, _, sub = field.partition(".")
        want = expected[head][sub] if sub else expected[head]
        have = got[head][sub] if sub else got[head]
        was = before[head][sub] if sub else before[head]
        if want == "" and was != "":  # emptied: removed, so the form now shows the default
            raw = data.get(head) if not sub else (data.get(head) or {}).get(sub)
            assert raw in (None, ""), (field, raw)
        else:
            assert have == want, (field, have, want, text)
    if not changes or all(shown.get(k, "").strip() == v.strip() for k, v in changes.items()):
        assert text == written
