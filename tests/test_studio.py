"""The studio over HTTP (Starlette's test client): what it refuses, what it saves, what it serves.

The real-browser tests (Playwright in headless Chromium) and the CUPS print are in
test_studio_browser.py.
"""
from __future__ import annotations

import io
import re
import struct
import threading
import zipfile
import zlib

import pytest
from pypdf import PdfReader
from starlette.testclient import TestClient

import leaflet
from conftest import BRANDS, LOGO_PNG, MESO, pdf_text
from leaflet.studio import brandfile, brandform
from leaflet.studio.app import create_app
from leaflet.studio.server import banner
from studio_helpers import csrf_of, digest, fingerprint_of, workspace

LOCAL = "http://127.0.0.1:8765"
SAME_ORIGIN = {"Origin": LOCAL}  # what a browser sends with a form from the studio's own page


def meso_pages(brand: str) -> int:
    """Pages of the A4 mesotherapy leaflet with a sample brand, as `leaflet build` makes it."""
    return len(PdfReader(io.BytesIO(leaflet.build_files(MESO, BRANDS / f"{brand}.yaml"))).pages)


@pytest.fixture
def folders(tmp_path):
    return workspace(tmp_path)


@pytest.fixture
def client(folders):
    content, brands = folders
    with TestClient(create_app(content, brands), base_url=LOCAL, headers=SAME_ORIGIN) as test_client:
        yield test_client


def brand_form(client, brand="harbour-skin", **changes) -> dict:
    """The editor's form as the page fills it in, with ``changes`` (field path -> text)."""
    page = client.get(f"/brands/{brand}")
    assert page.status_code == 200
    text = (client.app.state.folders.brands / f"{brand}.yaml").read_text("utf-8")
    form = brandform.current_values(brandfile.parse(text))
    form.update({"csrf": csrf_of(page.text), "fingerprint": fingerprint_of(page.text),
                 "preview_leaflet": "mesotherapy-rejuvenation", **changes})
    return form


# ---------------------------------------------------------------- pages

def test_library_lists_each_leaflet_with_its_details_and_check_status(client, folders):
    page = client.get("/")
    assert page.status_code == 200
    meso = leaflet.load_leaflet(MESO)
    # its one warning: no clinician has signed it off (LF108)
    for text in ["Mesotherapy for skin rejuvenation", "LF-MESO-001", meso.version, meso.review_by.isoformat(), "1 warning",
                 "Harbour Skin Clinic", "harbour-skin.yaml", "Built-in brand"]:
        assert text in page.text, text


def test_an_overdue_review_stands_out(client, folders):
    content, _ = folders
    text = (content / "mesotherapy-rejuvenation.yaml").read_text("utf-8")
    text = re.sub(r"(?m)^published: .*$", "published: 2020-01-01", text)
    (content / "old.yaml").write_text(re.sub(r"(?m)^review_by: .*$", "review_by: 2021-01-01", text), "utf-8")
    page = client.get("/").text
    row = page[page.index("old.yaml"):]
    assert "Review overdue" in row[:2000] and "1 error" in row[:3000]
    assert "the review date" in row  # the LF111 message, as `leaflet check` words it


def test_a_leaflet_that_does_not_load_is_listed_with_its_problems_and_never_chosen(client, folders):
    content, _ = folders
    (content / "aaa-broken.yaml").write_text("title: Broken\nsections: nope\n", "utf-8")
    library = client.get("/").text
    assert "Does not load" in library and "the required field &#39;published&#39; is missing" in library
    assert "content/aaa-broken.yaml:2:11" in library or "aaa-broken.yaml:2:11" in library
    assert 'value="aaa-broken"' not in library  # not offered to preview, print or download
    editor = client.get("/brands/harbour-skin").text
    assert "preview.png?leaflet=mesotherapy-rejuvenation" in editor
    assert client.get("/preview").status_code == 200
    assert client.get("/preview", params={"leaflet": "aaa-broken"}).status_code == 422


def test_preview_pages_and_images(client):
    page = client.get("/preview", params={"leaflet": "mesotherapy-rejuvenation", "brand": "harbour-skin"})
    assert page.status_code == 200 and f"{meso_pages('harbour-skin')} pages" in page.text
    png = client.get("/preview.png", params={"leaflet": "mesotherapy-rejuvenation", "page": "2"})
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG")


def test_downloads_are_the_bytes_leaflet_build_makes(client, folders):
    content, brands = folders
    query = {"leaflet": "mesotherapy-rejuvenation", "brand": "harbour-skin", "format": "a5-booklet"}
    pdf = client.get("/download/pdf", params=query)
    assert pdf.status_code == 200
    assert 'filename="mesotherapy-rejuvenation-harbour-skin-clinic-a5-booklet.pdf"' in pdf.headers["content-disposition"]
    assert pdf.content == leaflet.build_files(content / "mesotherapy-rejuvenation.yaml", brands / "harbour-skin.yaml",
                                              leaflet.BuildOptions(format="a5-booklet"))
    html = client.get("/download/html", params=query)
    assert html.status_code == 200 and "<html lang=\"en-GB\" dir=\"ltr\">" in html.text and "Harbour Skin Clinic" in html.text
    archive = zipfile.ZipFile(io.BytesIO(client.get("/download/zip", params={"brand": "harbour-skin"}).content))
    assert archive.namelist() == ["mesotherapy-rejuvenation-harbour-skin-clinic.pdf"]
    assert "Harbour Skin Clinic" in pdf_text(io.BytesIO(archive.read(archive.namelist()[0])))


def test_a_leaflet_the_build_would_stop_is_not_downloaded(client):
    page = client.get("/download/pdf", params={"leaflet": "mesotherapy-rejuvenation", "format": "dl-trifold"})
    assert page.status_code == 422
    assert "does not fit a DL tri-fold" in page.text and "%PDF" not in page.text


# ---------------------------------------------------------------- refusals

@pytest.mark.parametrize("url", [
    "/brands/..%2F..%2F..%2Fetc%2Fpasswd", "/brands/../../etc/passwd", "/brands/%2e%2e",
    "/preview?leaflet=../README", "/preview?leaflet=%2Fetc%2Fpasswd", "/preview?leaflet=brands/harbour-skin",
    "/preview.png?leaflet=mesotherapy-rejuvenation&brand=../../content/mesotherapy-rejuvenation",
    "/download/pdf?leaflet=....//....//etc/passwd", "/download/zip?brand=..", "/static/../app.py",
    "/static/%2e%2e/app.py",
])
def test_no_request_names_a_file_outside_the_two_folders(client, url):
    answer = client.get(url)
    assert answer.status_code == 404, url
    assert "root:" not in answer.text and "def create_app" not in answer.text


def test_a_link_out_of_the_brands_folder_is_not_followed(client, folders, tmp_path):
    _, brands = folders
    (tmp_path / "secret.yaml").write_text("name: Secret Clinic\n", "utf-8")
    (brands / "escape.yaml").symlink_to(tmp_path / "secret.yaml")
    assert client.get("/brands/escape").status_code == 404
    assert "Secret Clinic" not in client.get("/").text


def test_on_the_network_every_request_needs_the_token(folders):
    content, brands = folders
    app = create_app(content, brands, token="s3cret-token", loopback_only=False)
    with TestClient(app, base_url="http://192.0.2.10:8765") as anyone:
        for url in ["/", "/brands/harbour-skin", "/static/studio.css", "/download/pdf"]:
            refused = anyone.get(url)
            assert refused.status_code == 403 and "Access token needed" in refused.text, url
        assert anyone.get("/?token=wrong").status_code == 403
        assert anyone.get("/", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
        first = anyone.get("/brands/harbour-skin?token=s3cret-token&x=1", follow_redirects=False)
        # A page that moves on by itself to the address without the token (a redirect after a
        # link from another site would keep the browser from sending the new cookie).
        assert first.status_code == 200 and 'content="0; url=/brands/harbour-skin?x=1"' in first.text
        assert "s3cret-token" not in first.text
        opened = anyone.get("http://192.0.2.10:8765//evil.example/?token=s3cret-token", follow_redirects=False).text
        assert "url=//" not in opened and "url=/evil.example/" in opened  # never to another site
        cookie = first.headers["set-cookie"]
        assert "HttpOnly" in cookie and "s3cret-token" not in cookie  # a signed session, never the token
        assert anyone.get("/brands/harbour-skin").status_code == 200  # the cookie from now on


def test_on_this_computer_only_requests_addressed_to_it_are_answered(client):
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 421  # DNS rebinding
    assert client.get("/", headers={"Host": "localhost:8765"}).status_code == 200


def test_the_address_printed_at_start_up():
    network = banner("http://0.0.0.0:8765/?token=abc", "content", "content/brands", False, 1)
    assert "?token=abc" in network and "needs the token" in network
    assert "Only this computer" in banner("http://127.0.0.1:8765/", "content", "content/brands", True, 1)


def test_forms_without_the_csrf_token_are_refused(client, folders):
    _, brands = folders
    before = digest(brands)
    form = brand_form(client, name="Evil Clinic")
    for bad in [{**form, "csrf": "forged"}, {k: v for k, v in form.items() if k != "csrf"}]:
        assert client.post("/brands/harbour-skin", data=bad).status_code == 403
    elsewhere = client.post("/brands/harbour-skin", data=form, headers={"Origin": "http://attacker.example"})
    assert elsewhere.status_code == 403
    assert client.post("/print", data={"leaflet": "mesotherapy-rejuvenation"}).status_code == 403
    assert digest(brands) == before


# ---------------------------------------------------------------- saving

def test_save_keeps_comments_order_and_what_the_form_does_not_show(client, folders):
    _, brands = folders
    path = brands / "harbour-skin.yaml"
    # The editor shows plain price ids (the pinned example's form); a group it does not show is kept.
    grouped = path.read_text("utf-8")
    start, end = grouped.index("  LF-MESO-001:"), grouped.index("\nfooter:")
    path.write_text(grouped[:start] + "  session: 190\n  course: [1100, 1700]\n"
                    "  LF-PEEL-001:   # another leaflet's prices\n    peel: 85\n" + grouped[end:], "utf-8")
    form = brand_form(client, **{"name": "Harbour Skin & Laser", "colors.primary": "#7a1f5c",
                                 "prices.session": "210", "phone": ""})
    saved = client.post("/brands/harbour-skin", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    text = path.read_text("utf-8")
    # The comments stay where they were, in their column.
    assert "name: Harbour Skin & Laser                           # required\n" in text
    assert 'primary: "#7A1F5C"                                 # header band, headings\n' in text
    assert "  session: 210\n" in text and "  course: [1100, 1700]\n" in text
    assert "  LF-PEEL-001:   # another leaflet's prices\n    peel: 85\n" in text
    assert "phone:" not in text  # emptied: the field is removed, so its default applies
    assert text.startswith("# yaml-language-server: $schema=../../schemas/brand.schema.json\n# A brand file")
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys == ["name", "tagline", "address", "email", "website", "booking_url", "purpose", "logo", "colors",
                    "fonts", "locale", "currency", "prices", "footer", "practitioners", "products", "insurance",
                    "complaints", "out_of_hours", "interpreters"]  # the clinic facts, which the form does not show
    assert leaflet.load_brand(path).name == "Harbour Skin & Laser"
    assert "Saved." in client.get(saved.headers["location"]).text


def test_a_bad_colour_is_shown_at_its_field_and_nothing_is_saved(client, folders):
    _, brands = folders
    before = digest(brands)
    answer = client.post("/brands/harbour-skin", data=brand_form(client, **{"colors.primary": "#12345"}))
    assert answer.status_code == 422
    field = answer.text[answer.text.index('id="f-colors-primary-field"'):]
    field = field[:field.index('id="f-colors-accent-field"')]
    assert "&#39;#12345&#39; is not a colour written as &#34;#RRGGBB&#34;" in field
    assert 'aria-invalid="true"' in field and "Nothing was saved" in answer.text
    assert digest(brands) == before


def test_a_save_over_someone_elses_change_is_refused(client, folders):
    _, brands = folders
    form = brand_form(client, name="Mine")
    path = brands / "harbour-skin.yaml"
    path.write_text(path.read_text("utf-8").replace("Harbour Skin Clinic", "Theirs"), "utf-8")
    theirs = path.read_text("utf-8")
    answer = client.post("/brands/harbour-skin", data=form)
    assert answer.status_code == 409 and "someone saved this brand while you were editing it" in answer.text
    assert path.read_text("utf-8") == theirs


def test_saves_at_the_same_moment_never_mix_or_corrupt_the_file(folders):
    content, brands = folders
    app = create_app(content, brands)
    results, clients = [], []
    for n in range(6):
        test_client = TestClient(app, base_url=LOCAL, headers=SAME_ORIGIN)
        clients.append((test_client, brand_form(test_client, name=f"Clinic number {n}")))
    barrier = threading.Barrier(len(clients))

    def save(test_client, form):
        barrier.wait()
        results.append(test_client.post("/brands/harbour-skin", data=form, follow_redirects=False).status_code)
    threads = [threading.Thread(target=save, args=pair) for pair in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [303] + [409] * 5  # one wins; the others are told, not overwritten
    brand = leaflet.load_brand(brands / "harbour-skin.yaml")
    assert brand.name.startswith("Clinic number ")
    assert not [p for p in brands.iterdir() if p.name.startswith(".")]  # no temporary files left


def test_a_brand_file_the_form_cannot_show_is_never_replaced(client, folders):
    _, brands = folders
    broken = brands / "broken.yaml"
    broken.write_text("name: [Harbour\n# an unclosed list, but the clinic's words are in here\n", "utf-8")
    before = digest(brands)
    page = client.get("/brands/broken")
    assert page.status_code == 422 and "this [ list is never closed" in page.text
    form = brand_form(client, name="Overwritten")
    assert client.post("/brands/broken", data={**form, "fingerprint": ""}).status_code == 422
    assert client.post("/brands/broken/preview", data=form).status_code == 422
    assert digest(brands) == before


def test_a_logo_outside_the_brands_folder_is_shown_as_the_problem_it_is(client, folders, tmp_path):
    _, brands = folders
    (tmp_path / "elsewhere.png").write_bytes(LOGO_PNG.read_bytes())
    path = brands / "harbour-skin.yaml"
    path.write_text(path.read_text("utf-8").replace("logo: harbour-skin-logo.svg", "logo: ../../elsewhere.png"),
                    "utf-8")
    page = client.get("/brands/harbour-skin").text
    field = page[page.index('id="f-logo-field"'):page.index('id="f-colors-primary-field"')]
    assert "is outside the brand file&#39;s folder" in field and "ppi" not in field


def test_a_new_brand_starts_from_the_built_in_one(client, folders):
    _, brands = folders
    page = client.get("/brands/new")
    assert page.status_code == 200 and 'value="Your clinic"' in page.text and 'value="Patient information"' in page.text
    form = brandform.current_values(brandfile.parse(brandfile.NEW_BRAND))
    form.update(csrf=csrf_of(page.text), name="Riverside Clinic", phone="020 7946 0000", file_name="")
    saved = client.post("/brands/new", data=form, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].startswith("/brands/riverside-clinic?saved=1")
    text = (brands / "riverside-clinic.yaml").read_text("utf-8")
    assert text.startswith("# A brand file made with leaflet studio")
    assert leaflet.load_brand(brands / "riverside-clinic.yaml").phone == "020 7946 0000"
    again = client.post("/brands/new", data=form)
    assert again.status_code == 409 and "there is already a brand called" in again.text


def test_the_live_preview_answers_with_problems_by_field_or_a_page(client):
    form = brand_form(client, **{"colors.warning": "#FFEEEE", "preview_page": "4"})
    answer = client.post("/brands/harbour-skin/preview", data=form).json()
    assert not answer["ok"] and "image" not in answer
    assert "too pale to mark a warning" in answer["notes"]["f-colors-warning"]
    assert answer["notes"]["f-name"] == ""
    good = client.post("/brands/harbour-skin/preview", data={**form, "colors.warning": "#9B1C1C"}).json()
    assert good["ok"] and good["page"] == 4 and good["pages"] == meso_pages("harbour-skin")
    assert good["image"].startswith("data:image/png;base64,")
    assert "darker shade" in client.post("/brands/harbour-skin/preview",
                                         data={**form, "colors.primary": "#66CCFF"}).json()["colours"]["f-colors-primary"]


# ---------------------------------------------------------------- logos

def png(width: int, height: int, data: bytes | None = None) -> bytes:
    """A PNG whose header says width x height; its pixels only when ``data`` is None."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width * 3 for _ in range(height))) if data is None else data
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))


def upload(client, name: str, data: bytes, accept_json: bool = True):
    csrf = csrf_of(client.get("/brands/harbour-skin").text)
    return client.post("/brands/harbour-skin/logo", data={"csrf": csrf}, files={"logo_file": (name, data)},
                       headers={"Accept": "application/json"} if accept_json else {}, follow_redirects=False)


def test_a_logo_upload_lands_in_the_brands_folder_with_its_printed_ppi(client, folders):
    _, brands = folders
    answer = upload(client, "our logo.png", png(1200, 400))
    assert answer.status_code == 200, answer.text
    saved = answer.json()
    assert saved["name"].startswith("harbour-skin-logo-") and saved["name"].endswith(".png")
    assert (brands / saved["name"]).read_bytes() == png(1200, 400)
    assert saved["resolution"] == "1200 x 400 pixels, printed 58 x 19 mm: 526 ppi, sharp in print."
    redirect = upload(client, "logo.png", png(300, 100), accept_json=False)
    assert redirect.status_code == 303 and "/brands/harbour-skin?logo=harbour-skin-logo-" in redirect.headers["location"]
    page = client.get(redirect.headers["location"]).text
    assert "under 300 ppi, so it may look blurred" in page


@pytest.mark.parametrize("name, data, words", [
    ("logo.png", b"this is not a picture", "is not a PNG, JPEG or SVG image"),
    ("logo.gif", b"GIF89a", "is not a PNG, JPEG or SVG file"),
    ("logo.png", b"", "the file is empty"),
    ("bomb.png", png(100_000, 100_000, zlib.compress(b"")), "the most a logo may have is 16,000,000 pixels"),
    ("tall.png", png(1, 20_000_000, zlib.compress(b"")), "the 'logo pixels' limit"),
    ("linked.svg", b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                   b'<image xlink:href="file:///etc/passwd" width="10" height="10"/></svg>', "embeds or links a picture"),
    ("script.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "contains a script"),
])
def test_bad_logos_are_refused_and_leave_nothing_behind(client, folders, name, data, words):
    _, brands = folders
    before = digest(brands)
    answer = upload(client, name, data)
    assert answer.status_code == 422 and words in answer.json()["message"] + answer.json()["hint"]
    assert digest(brands) == before and not [p for p in brands.iterdir() if p.name.startswith(".")]


def test_a_logo_over_the_size_limit_is_refused_before_it_is_read(client, folders):
    from leaflet.limits import LOGO_BYTES

    _, brands = folders
    before = digest(brands)
    answer = upload(client, "huge.png", b"\0" * (LOGO_BYTES.value + 512 * 1024))
    assert answer.status_code == 413
    assert digest(brands) == before


# ---------------------------------------------------------------- printing without CUPS

def test_without_cups_the_print_page_says_so_and_offers_the_pdf(client, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    page = client.get("/print", params={"leaflet": "mesotherapy-rejuvenation", "brand": "harbour-skin"})
    assert page.status_code == 200
    assert "CUPS is not installed on this computer" in page.text
    assert 'href="/download/pdf?leaflet=mesotherapy-rejuvenation&amp;brand=harbour-skin' in page.text
    sent = client.post("/print", data={"csrf": csrf_of(page.text), "leaflet": "mesotherapy-rejuvenation",
                                       "copies": "1", "printer": "anything", "confirm_unreviewed": "yes"})
    assert sent.status_code == 503 and "Nothing was printed" in sent.text


def test_printing_a_leaflet_no_clinician_signed_off_asks_to_confirm(client, monkeypatch):
    import leaflet.studio.printing as printing_module

    submitted = []
    monkeypatch.setattr(printing_module, "submit", lambda *a, **k: submitted.append(a) or "job-1")
    page = client.get("/print", params={"leaflet": "mesotherapy-rejuvenation", "brand": "harbour-skin"})
    assert "Not yet reviewed by a clinician" in page.text and 'name="confirm_unreviewed"' in page.text
    sent = client.post("/print", data={"csrf": csrf_of(page.text), "leaflet": "mesotherapy-rejuvenation",
                                       "copies": "1", "printer": "anything"})
    assert sent.status_code == 200 and submitted == []  # nothing printed without the confirmation
    assert "Error:</span> Confirm that you know no clinician has reviewed this leaflet" in sent.text


def test_cups_options_for_each_format():
    from leaflet.studio.printing import job_options

    assert job_options(leaflet.BuildOptions()) == {"media": "A4", "sides": "two-sided-long-edge"}
    assert job_options(leaflet.BuildOptions(format="letter")) == {"media": "Letter", "sides": "two-sided-long-edge"}
    assert job_options(leaflet.BuildOptions(format="a5-booklet")) == {"media": "A4", "sides": "two-sided-short-edge"}
    assert job_options(leaflet.BuildOptions(large_print=True))["sides"] == "two-sided-long-edge"


def test_the_content_folder_is_never_written(client, folders):
    content, _ = folders
    leaflets = {k: v for k, v in digest(content).items() if not k.startswith("brands/")}
    form = brand_form(client, name="Changed")
    client.post("/brands/harbour-skin", data=form)
    client.post("/brands/harbour-skin/preview", data=form)
    client.get("/download/zip")
    assert {k: v for k, v in digest(content).items() if not k.startswith("brands/")} == leaflets


def test_the_studio_command_checks_its_folders(cli):
    cli("studio", "--content", "nowhere")
    assert cli.code == 1 and "nowhere: the content folder does not exist" in cli.err
    cli("studio", "--port", "99999")
    assert cli.code == 2 and "not a port number" in cli.err


# ---------------------------------------------------------------- saving keeps the file as written

FLOW = "# Riverside, written on one line\n{name: Riverside, tagline: 'By the river', colors: {primary: '#0B5563'}}  # end\n"
SAVED_EXACTLY = [
    # (what the file says, the change made in the form, what the file must say afterwards)
    ("# first comment\n%YAML 1.2\n---\n# second\nname: Quay Clinic   # required\nphone: 0117 496 0000\n...\n",
     {"name": "Quay Skin"},
     "# first comment\n%YAML 1.2\n---\n# second\nname: Quay Skin     # required\nphone: 0117 496 0000\n...\n"),
    (FLOW, {"tagline": "On the river"},
     FLOW.replace("'By the river'", "'On the river'")),
    (FLOW, {"colors.primary": "#7A1F5C", "phone": "020 7946 0000"},
     FLOW.replace("'#0B5563'}", "'#7A1F5C'}").replace("'By the river',", "'By the river', phone: 020 7946 0000,")),
    ("name: Kept\naddress: |+\n  1 Quay Street\n  Bristol\n\n\nfooter: >-\n  Registered\n  here.\n",
     {"name": "Kept Clinic"},
     "name: Kept Clinic\naddress: |+\n  1 Quay Street\n  Bristol\n\n\nfooter: >-\n  Registered\n  here.\n"),
    ("name: Last\nfooter: |+\n  Registered here.\n\n\n", {"tagline": "New"},
     "name: Last\ntagline: New\nfooter: |+\n  Registered here.\n\n\n"),
    # Only what the person set is written: the form shows the default colours, fonts and locale,
    # and none of them goes into the file.
    ("name: Small\n", {"phone": "0117 496 0000"}, "name: Small\nphone: 0117 496 0000\n"),
    ("name: Small\n", {"colors.warning": "#7F1D1D"}, 'name: Small\ncolors:\n  warning: "#7F1D1D"\n'),
    ("---\nname: Marked\ncolors:\n  primary: '#0B5563'   # band\n  accent: '#E07A5F'\n...\n",
     {"colors.primary": ""}, "---\nname: Marked\ncolors:\n  accent: '#E07A5F'\n...\n"),
    ("name: Nothing changes  # at all\n\n\n# the end\n", {}, "name: Nothing changes  # at all\n\n\n# the end\n"),
]


@pytest.mark.parametrize("written, changes, expected", SAVED_EXACTLY)
def test_a_save_changes_only_the_fields_changed_byte_for_byte(client, folders, written, changes, expected):
    _, brands = folders
    path = brands / "styled.yaml"
    path.write_bytes(written.encode("utf-8"))
    saved = client.post("/brands/styled", data=brand_form(client, "styled", **changes), follow_redirects=False)
    assert saved.status_code == 303, saved.text
    assert path.read_bytes() == expected.encode("utf-8")
    leaflet.load_brand(path)  # and it still loads
