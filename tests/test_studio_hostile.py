"""The studio under hostile requests and files (issue 18), over HTTP with Starlette's test client:
forged, planted and cross-site requests refused before any work, the security headers on every
answer, and inputs that were internal errors answered with the right status or a plain-words page.

The same attacks from real pages on a second origin, in Chromium, are in test_studio_browser.py.
"""

from __future__ import annotations

import re
import time

import pytest
from starlette.testclient import TestClient

import leaflet
from leaflet.studio import printing
from leaflet.studio.app import create_app
from leaflet.studio.engine import Engine

from conftest import ROOT
from studio_helpers import csrf_of, digest, workspace
from test_studio import brand_form, png

LOCAL = "http://127.0.0.1:8765"
SAME_ORIGIN = {"Origin": LOCAL}
MESO = "mesotherapy-rejuvenation"
HEAVY = [
    "/",
    "/preview",
    f"/preview.png?leaflet={MESO}",
    f"/download/pdf?leaflet={MESO}",
    f"/download/html?leaflet={MESO}",
    f"/download/consent?leaflet={MESO}",
    "/download/zip?format=a5-booklet",
    f"/print?leaflet={MESO}",
    f"/print/sent?leaflet={MESO}&brand=harbour-skin&job=leaflet-pdf-1&printer=leaflet-pdf&copies=1&pages=2",
    "/brands/harbour-skin",
    "/brands/new",
    "/logos/harbour-skin-logo.svg",
]


@pytest.fixture
def folders(tmp_path):
    return workspace(tmp_path)


def studio(folders, **kwargs) -> TestClient:
    return TestClient(
        create_app(*folders, **kwargs),
        base_url=kwargs.pop("base_url", LOCAL),
        headers=SAME_ORIGIN,
        raise_server_exceptions=False,
    )


@pytest.fixture
def client(folders):
    with studio(folders) as test_client:
        yield test_client


@pytest.fixture
def builds(monkeypatch):
    """Every PDF the studio builds, counted (what a flood of cross-site requests would cost)."""
    made = []
    real = Engine.pdf

    def counted(self, *args, **kwargs):
        made.append(args[0])
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Engine, "pdf", counted)
    return made


@pytest.fixture
def printed(monkeypatch):
    """Every print job the studio would send to CUPS."""
    jobs = []
    monkeypatch.setattr(printing, "submit", lambda *args: jobs.append(args) or "leaflet-pdf-1")
    return jobs


# ---------------------------------------------------------------- forged and cross-site requests


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "null"},  # a form sent through a 307 redirect from another page
        {"Origin": ""},
        {"Origin": "http://127.0.0.1:9999"},  # another port of the same host
        {"Origin": "http://127.0.0.2:8765"},
        {"Origin": LOCAL, "Sec-Fetch-Site": "same-site"},  # a page on another port, told by the browser
        {"Origin": LOCAL, "Sec-Fetch-Site": "cross-site"},
    ],
)
def test_a_form_not_sent_from_the_studios_own_page_is_refused(folders, client, printed, headers):
    _, brands = folders
    before = digest(brands)
    form = brand_form(client, name="Evil Clinic")
    start = time.process_time()  # the work done (the studio answers in this process), not stretched by a busy machine
    answers = [
        client.post("/brands/harbour-skin", data=form, headers=headers),
        client.post("/brands/new", data={**form, "file_name": "evil"}, headers=headers),
        client.post("/brands/harbour-skin/preview", data=form, headers=headers),
        client.post(
            "/print",
            data={"csrf": form["csrf"], "leaflet": MESO, "copies": "50", "printer": "leaflet-pdf"},
            headers=headers,
        ),
        client.post("/download/pdf", data={"csrf": form["csrf"], "leaflet": MESO}, headers=headers),
        client.post("/download/consent", data={"csrf": form["csrf"], "leaflet": MESO}, headers=headers),
        client.post("/brands/harbour-skin/restore", data={"csrf": form["csrf"], "version": "x"}, headers=headers),
        client.post("/brands/harbour-skin/delete", data={"csrf": form["csrf"]}, headers=headers),
        client.post("/brands/harbour-skin/rename", data={"csrf": form["csrf"], "new_name": "evil"}, headers=headers),
        client.post("/logos/harbour-skin-logo.svg/delete", data={"csrf": form["csrf"]}, headers=headers),
        client.post("/deleted/harbour-skin/restore", data={"csrf": form["csrf"]}, headers=headers),
    ]
    assert [a.status_code for a in answers] == [403] * len(answers)
    assert "not sent from the studio" in answers[0].text
    assert time.process_time() - start < 5
    assert digest(brands) == before and printed == []


def test_a_form_without_any_origin_is_refused(folders):
    _, brands = folders
    before = digest(brands)
    with studio(folders) as client:
        form = brand_form(client, name="Evil Clinic")
        client.headers.pop("Origin")
        assert client.post("/brands/harbour-skin", data=form).status_code == 403
    assert digest(brands) == before


def test_a_planted_or_borrowed_session_cookie_does_not_verify(folders, printed):
    _, brands = folders
    before = digest(brands)
    with studio(folders) as victim, studio(folders) as other:
        form = brand_form(victim, name="Evil Clinic")
        name = next(iter(victim.cookies.keys()))
        # Another studio (another secret) or another port: its cookie is its own.
        other.get("/")
        assert next(iter(other.cookies.keys())) != name  # the cookie's name is per instance
        borrowed = other.cookies[next(iter(other.cookies.keys()))]
        for planted in ["x" * 40, borrowed, victim.cookies[name].replace(".0.", ".1.")]:
            victim.cookies.clear()
            victim.cookies.set(name, planted, domain="127.0.0.1")
            answer = victim.post("/brands/harbour-skin", data=form)
            assert answer.status_code == 403 and "form has expired" in answer.text
    assert digest(brands) == before and printed == []


def test_a_session_is_bound_to_the_address_and_port_the_browser_used(folders):
    with studio(folders) as client:
        form = brand_form(client, name="Moved")
        cookie = dict(client.cookies)
    with TestClient(
        create_app(*folders),
        base_url="http://127.0.0.1:8766",
        headers={"Origin": "http://127.0.0.1:8766"},
        cookies=cookie,
    ) as moved:
        assert moved.post("/brands/harbour-skin", data=form).status_code == 403


@pytest.mark.parametrize("url", HEAVY)
@pytest.mark.parametrize("site", ["cross-site", "same-site"])
def test_a_picture_or_frame_on_another_site_makes_the_studio_do_nothing(client, builds, url, site):
    start = time.process_time()
    for dest, mode in [("image", "no-cors"), ("iframe", "navigate"), ("script", "no-cors"), ("empty", "cors")]:
        answer = client.get(url, headers={"Sec-Fetch-Site": site, "Sec-Fetch-Dest": dest, "Sec-Fetch-Mode": mode})
        assert answer.status_code == 403 and "Opened from another site" in answer.text, (url, dest)
    assert builds == [] and time.process_time() - start < 2


def test_a_link_from_another_site_opens_the_library_but_nothing_that_builds(client, builds):
    link = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate"}
    assert client.get("/", headers=link).status_code == 200
    for url in HEAVY[1:]:
        answer = client.get(url, headers=link)
        assert answer.status_code == 403 and 'href="/"' in answer.text, url
    built = len(builds)
    assert client.get(f"/download/pdf?leaflet={MESO}", headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
    assert client.get(f"/download/pdf?leaflet={MESO}", headers={"Sec-Fetch-Site": "none"}).status_code == 200
    assert len(builds) > built


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/static/studio.js",
        "/fonts/urdu.ttf",
        "/brands/no-such",
        "/preview?leaflet=../x",
        "/brands/harbour-skin?x=1",
    ],
)
def test_every_answer_carries_the_security_headers(client, url):
    answers = [
        client.get(url),
        client.get(url, headers={"Host": "attacker.example"}),
        client.get(url, headers={"Sec-Fetch-Site": "cross-site"}),
        client.post(url, headers={"Origin": "null"}),
    ]
    for answer in answers:
        policy = answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "same-origin"


def test_the_fonts_are_fixed_files_at_fixed_addresses_and_nothing_else(client):
    from leaflet.studio import webfonts

    css = client.get("/static/studio.css").text
    assert sorted(set(re.findall(r'url\("(/fonts/[^"]+)"\)', css))) == sorted(webfonts.FILES)
    for address, (family, name) in webfonts.FILES.items():
        answer = client.get(address)
        assert answer.status_code == 200 and answer.headers["content-type"] == "font/ttf"
        assert answer.content == (ROOT / "fonts" / family / name).read_bytes()
    for bad in [
        "/fonts/",
        "/fonts/urdu.ttf/x",
        "/fonts/URDU.ttf",
        "/fonts/NotoNastaliqUrdu-Regular.ttf",
        "/fonts/NotoNastaliqUrdu/NotoNastaliqUrdu-Regular.ttf",
        "/fonts/..%2FREADME.md",
        "/fonts/%2e%2e/fonts/urdu.ttf",
        "/fonts/OFL.txt",
    ]:
        assert client.get(bad).status_code == 404, bad
    # For the studio's own pages only: another site's page cannot use them (or learn the studio is there).
    assert (
        client.get("/fonts/urdu.ttf", headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "font"}).status_code
        == 403
    )


def test_the_pages_have_no_inline_script_or_style(client):
    for url in ["/", f"/preview?leaflet={MESO}", "/brands/harbour-skin", "/brands/new", f"/print?leaflet={MESO}"]:
        html = client.get(url).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert not re.search(r"\son[a-z]+=|\sstyle=|<style", html), url


# ---------------------------------------------------------------- the access token on a shared host


def test_the_access_token_never_leaves_in_a_cookie_and_a_copied_cookie_is_the_browsers_alone(folders):
    token = "open-sesame-0123456789"
    app = create_app(*folders, token=token, loopback_only=False)
    with TestClient(
        app,
        base_url="http://192.0.2.10:8765",
        headers={"Origin": "http://192.0.2.10:8765"},
        client=("192.0.2.50", 40000),
        raise_server_exceptions=False,
    ) as staff:
        opened = staff.get(f"/brands/harbour-skin?token={token}", follow_redirects=False)
        assert opened.status_code == 200 and token not in opened.headers["set-cookie"] + opened.text
        assert staff.get("/brands/harbour-skin").status_code == 200
        cookies = dict(staff.cookies)
        form = brand_form(staff, name="Saved by staff")
    # Another app on this host sees the cookie (browsers send it to every port): from its own
    # address, or to another port, it opens nothing.
    for base, client in [
        ("http://192.0.2.10:8765", ("192.0.2.10", 50000)),
        ("http://192.0.2.10:9000", ("192.0.2.50", 1)),
    ]:
        with TestClient(app, base_url=base, cookies=cookies, client=client, raise_server_exceptions=False) as thief:
            refused = thief.get("/brands/harbour-skin")
            assert refused.status_code == 403 and "Access token needed" in refused.text
            assert thief.post("/brands/harbour-skin", data=form, headers={"Origin": base}).status_code == 403
    assert leaflet.load_brand(folders[1] / "harbour-skin.yaml").name == "Harbour Skin Clinic"


def test_scripts_with_the_token_need_no_browser_headers(folders):
    token = "open-sesame-0123456789"
    with TestClient(
        create_app(*folders, token=token, loopback_only=False),
        base_url="http://192.0.2.10:8765",
        headers={"Authorization": f"Bearer {token}"},
    ) as script:
        form = brand_form(script, name="Scripted Clinic")
        form.pop("csrf")
        assert script.post("/brands/harbour-skin", data=form, follow_redirects=False).status_code == 303
    assert leaflet.load_brand(folders[1] / "harbour-skin.yaml").name == "Scripted Clinic"


# ---------------------------------------------------------------- what were internal errors


@pytest.mark.parametrize("digits", ["²", "٣", "１", "⁴", "1" * 40, "-1", "0x10"])
def test_page_numbers_and_copies_in_any_digits_are_not_internal_errors(client, printed, digits):
    assert client.get("/preview.png", params={"leaflet": MESO, "page": digits}).status_code == 200
    assert client.get("/preview", params={"leaflet": MESO, "page": digits}).status_code == 200
    page = client.get("/print", params={"leaflet": MESO, "copies": digits})
    assert page.status_code == 200
    sent = client.post(
        "/print", data={"csrf": csrf_of(page.text), "leaflet": MESO, "copies": digits, "printer": "leaflet-pdf"}
    )
    assert sent.status_code == 422 and "whole number from 1 to" in sent.text
    form = brand_form(client, preview_page=digits)
    assert client.post("/brands/harbour-skin/preview", data=form).json()["page"] == 1
    assert printed == []


@pytest.mark.parametrize(
    "upload_name, file_name",
    [("a" * 260 + ".png", ""), ("b" * 120 + ".png", ""), ("logo.png", "c" * 260), ("logo.png", "d" * 120)],
)
def test_long_names_give_a_logo_the_studio_lists(client, folders, upload_name, file_name):
    _, brands = folders
    editor = "/brands/new" if file_name else "/brands/harbour-skin"
    csrf = csrf_of(client.get(editor).text)
    answer = client.post(
        f"{editor}/logo",
        data={"csrf": csrf, "file_name": file_name},
        files={"logo_file": (upload_name, png(600, 200))},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 200, answer.text
    saved = answer.json()["name"]
    assert (brands / saved).is_file() and saved in [p.name for p in client.app.state.folders.logos()]
    assert not [p for p in brands.iterdir() if p.name.startswith(".")]


def test_a_new_brand_with_a_file_name_too_long_is_told_so_at_the_field(client, folders):
    _, brands = folders
    before = digest(brands)
    form = brand_form(client, name="Long Clinic")
    for field in ["file_name", "name"]:
        answer = client.post("/brands/new", data={**form, "file_name": "", field: "c" * 260})
        assert answer.status_code == 422
        field_html = answer.text[
            answer.text.index('id="f-file_name-field"') : answer.text.index('id="f-file_name-notes"') + 300
        ]
        assert "The file name is longer than 80 letters" in field_html
    assert digest(brands) == before


def test_a_folder_where_the_logo_would_go_is_explained_and_left_alone(client, folders):
    _, brands = folders
    data = png(600, 200)
    blocker = brands / "logo.png"
    blocker.mkdir()
    (blocker / "inside.txt").write_text("keep me", "utf-8")
    csrf = csrf_of(client.get("/brands/harbour-skin").text)
    answer = client.post(
        "/brands/harbour-skin/logo",
        data={"csrf": csrf},
        files={"logo_file": ("logo.png", data)},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 422 and "is not a logo file" in answer.json()["message"]
    assert (blocker / "inside.txt").read_text("utf-8") == "keep me"
    assert client.get("/").status_code == 200 and client.get("/brands/harbour-skin").status_code == 200


def test_folders_named_like_files_the_studio_reads(client, folders):
    content, brands = folders
    for folder in [content / "folder.yaml", brands / "folder.yaml", brands / "preview.png", brands / "page-1.png"]:
        folder.mkdir()
    for url in ["/", "/brands/harbour-skin", "/brands/new", f"/preview?leaflet={MESO}", "/download/zip"]:
        assert client.get(url).status_code == 200, url
    assert client.get("/brands/folder").status_code == 404
    assert client.get("/preview", params={"leaflet": "folder"}).status_code == 404


def test_a_brand_file_that_is_not_utf8_is_shown_as_a_problem_and_never_replaced(client, folders):
    _, brands = folders
    latin = brands / "latin.yaml"
    latin.write_bytes("name: Clínica Solmar\ntagline: Piel y salud\n".encode("latin-1"))
    before = digest(brands)
    page = client.get("/brands/latin")
    assert page.status_code == 422 and "Traceback" not in page.text
    assert "latin" in client.get("/").text
    form = brand_form(client, name="Overwritten")
    assert client.post("/brands/latin", data={**form, "fingerprint": ""}).status_code == 422
    assert client.post("/brands/latin/preview", data=form).status_code == 422
    assert digest(brands) == before


def test_one_content_file_that_breaks_the_library_never_breaks_the_studio(client, folders, monkeypatch):
    """Whatever goes wrong inside the library with one leaflet (here a 400-digit price, and a
    failure made on purpose in loading, checking and building), that leaflet is shown as having a
    problem and every page works for the others."""
    from leaflet.studio import engine as engine_module

    content, _ = folders
    meso = (content / f"{MESO}.yaml").read_text("utf-8")
    (content / "huge-price.yaml").write_text(
        re.sub(r"(?m)^(\s+price: )\d+", r"\g<1>" + "9" * 400, meso, count=1), "utf-8"
    )
    (content / "breaks-loading.yaml").write_text(meso, "utf-8")
    (content / "breaks-building.yaml").write_text(re.sub(r"(?m)^title: .*$", "title: Breaks building", meso), "utf-8")
    real_load, real_build = engine_module.load_leaflet, engine_module.build

    def load(path, *args, **kwargs):
        if "breaks-loading" in str(path):
            raise RecursionError("made on purpose")
        return real_load(path, *args, **kwargs)

    def build(*args, prepared, **kwargs):
        if prepared.leaflet.title == "Breaks building":
            raise OverflowError("made on purpose")
        return real_build(*args, prepared=prepared, **kwargs)

    monkeypatch.setattr(engine_module, "load_leaflet", load)
    monkeypatch.setattr(engine_module, "build", build)
    library = client.get("/")
    assert library.status_code == 200
    assert library.text.count("this is a bug in leaflet") >= 1
    for url in [
        "/preview",
        f"/preview?leaflet={MESO}",
        f"/preview.png?leaflet={MESO}",
        f"/download/pdf?leaflet={MESO}",
        "/print",
        "/brands/harbour-skin",
        "/brands/new",
    ]:
        assert client.get(url).status_code == 200, url
    for bad in ["huge-price", "breaks-loading", "breaks-building"]:
        for url in [f"/preview.png?leaflet={bad}", f"/download/pdf?leaflet={bad}", f"/download/html?leaflet={bad}"]:
            answer = client.get(url)
            assert answer.status_code == 422, (url, answer.status_code)
            assert "Something went wrong inside the studio" not in answer.text
        shown = client.get(f"/preview?leaflet={bad}")  # the page, with the problem on it
        assert shown.status_code in (200, 422) and (
            "this is a bug in leaflet" in shown.text or "9" * 40 in shown.text or "price" in shown.text
        )
    zipped = client.get("/download/zip")
    assert zipped.status_code == 200
    form = brand_form(client, preview_leaflet="breaks-building")
    assert client.post("/brands/harbour-skin/preview", data=form).status_code == 200


def test_one_brand_file_that_breaks_the_library_never_breaks_the_studio(client, folders, monkeypatch):
    from leaflet.studio import engine as engine_module

    _, brands = folders
    (brands / "breaks.yaml").write_text("name: Breaks\n", "utf-8")
    real = engine_module.load_brand

    def load(path, *args, **kwargs):
        if "breaks" in str(path) or "studio" in str(path) and "Breaks" in open(path, encoding="utf-8").read():
            raise MemoryError("made on purpose")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(engine_module, "load_brand", load)
    library = client.get("/")
    assert library.status_code == 200 and "breaks (has problems)" in library.text
    assert client.get("/preview", params={"brand": "breaks"}).status_code == 422
    assert client.get("/download/zip", params={"brand": "breaks"}).status_code == 422
    assert client.get("/brands/breaks").status_code == 200
    assert client.get("/preview", params={"brand": "harbour-skin"}).status_code == 200


def test_the_studio_command_takes_the_browsers_address_from_the_connection_not_a_header(folders):
    """uvicorn believes X-Forwarded-For from 127.0.0.1 by default: another app on this host could
    then claim a staff browser's address. `leaflet studio` turns that off."""
    import os
    import socket
    import subprocess
    import sys
    import urllib.request

    from studio_helpers import free_port

    content, brands = folders
    port, token = free_port(), "open-sesame-0123456789"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "leaflet",
            "studio",
            "--content",
            str(content),
            "--brands",
            str(brands),
            "--host",
            "0.0.0.0",
            "--port",
            str(port),
        ],
        env={**os.environ, "LEAFLET_STUDIO_TOKEN": token},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        base = f"http://127.0.0.1:{port}"
        opened = urllib.request.urlopen(f"{base}/?token={token}", timeout=20)
        cookie = opened.headers["set-cookie"].split(";", 1)[0]

        def status(**headers) -> int:
            request = urllib.request.Request(f"{base}/static/studio.css", headers={"Cookie": cookie, **headers})
            try:
                return urllib.request.urlopen(request, timeout=20).status
            except urllib.error.HTTPError as exc:
                return exc.code

        assert status() == 200
        assert status(**{"X-Forwarded-For": "192.0.2.50"}) == 200  # the header is not believed
    finally:
        server.terminate()
        server.wait(10)
