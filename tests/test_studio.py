"""The studio over HTTP (Starlette's test client): what it refuses, what it saves, what it serves.

The real-browser tests (Playwright in headless Chromium) and the CUPS print are in
test_studio_browser.py.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import threading
import zipfile
import zlib

import pytest
from pypdf import PdfReader
from starlette.testclient import TestClient

import leaflet
from leaflet.studio import brandfile, brandform
from leaflet.studio.app import create_app
from leaflet.studio.server import banner

from conftest import BRANDS, LOGO_PNG, MESO, pdf_text
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
    form.update(
        {
            "csrf": csrf_of(page.text),
            "fingerprint": fingerprint_of(page.text),
            "preview_leaflet": "mesotherapy-rejuvenation",
            **changes,
        }
    )
    return form


def assert_error_at(page: str, field: str, message: str) -> None:
    """The GOV.UK error pattern: "Error:" in the title, a summary at the top (focused on load)
    whose link goes to ``field``, and the message at the field, which is marked and described by it."""
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title and title.group(1).startswith("Error: "), title
    summary = page[page.index('class="error-summary"') : page.index("</div>", page.index('class="error-summary"'))]
    assert "data-focus-on-load" in summary and page.index('class="error-summary"') < page.index("<h1")
    assert re.search(rf'<a href="#{field}">{re.escape(html_escape(message))}', summary), summary
    at_field = re.search(rf'<p class="error-message" id="{field}-error">.*?</p>', page, re.S)
    assert at_field and html_escape(message) in at_field.group(0)
    control = re.search(rf'<(?:input|button|a)[^>]* id="{field}"[^>]*>', page)
    assert control and f"{field}-error" in control.group(0), control


def html_escape(text: str) -> str:
    import html

    return html.escape(text)


# ---------------------------------------------------------------- pages


def test_library_lists_each_leaflet_with_its_details_and_check_status(client, folders):
    page = client.get("/")
    assert page.status_code == 200
    meso = leaflet.load_leaflet(MESO)
    # its one warning: no clinician has signed it off (LF108)
    for text in [
        "Mesotherapy for skin rejuvenation",
        "LF-MESO-001",
        meso.version,
        meso.review_by.isoformat(),
        "1 warning",
        "Harbour Skin Clinic",
        "harbour-skin.yaml",
        "Built-in brand",
    ]:
        assert text in page.text, text


def test_an_overdue_review_stands_out(client, folders):
    content, _ = folders
    text = (content / "mesotherapy-rejuvenation.yaml").read_text("utf-8")
    text = re.sub(r"(?m)^published: .*$", "published: 2020-01-01", text)
    (content / "old.yaml").write_text(re.sub(r"(?m)^review_by: .*$", "review_by: 2021-01-01", text), "utf-8")
    page = client.get("/").text
    row = page[page.index("old.yaml") :]
    assert "Review overdue" in row[:2000] and "1 error" in row[:3000]
    assert "the review date" in row.lower()  # the LF111 message, as `leaflet check` words it


def test_a_leaflet_that_does_not_load_is_listed_with_its_problems_and_never_chosen(client, folders):
    content, _ = folders
    (content / "aaa-broken.yaml").write_text("title: Broken\nsections: nope\n", "utf-8")
    library = client.get("/").text
    assert "Does not load" in library and "The required field &#39;published&#39; is missing" in library
    assert "aaa-broken.yaml" in library and not re.search(r"\.yaml:\d", library)  # plain words, no file:line
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
    assert (
        'filename="mesotherapy-rejuvenation-harbour-skin-clinic-a5-booklet.pdf"' in pdf.headers["content-disposition"]
    )
    assert pdf.content == leaflet.build_files(
        content / "mesotherapy-rejuvenation.yaml",
        brands / "harbour-skin.yaml",
        leaflet.BuildOptions(format="a5-booklet"),
    )
    html = client.get("/download/html", params=query)
    assert (
        html.status_code == 200 and '<html lang="en-GB" dir="ltr">' in html.text and "Harbour Skin Clinic" in html.text
    )
    archive = zipfile.ZipFile(io.BytesIO(client.get("/download/zip", params={"brand": "harbour-skin"}).content))
    assert archive.namelist() == ["mesotherapy-rejuvenation-harbour-skin-clinic.pdf"]
    assert "Harbour Skin Clinic" in pdf_text(io.BytesIO(archive.read(archive.namelist()[0])))


def test_a_leaflet_the_build_would_stop_is_not_downloaded(client):
    page = client.get("/download/pdf", params={"leaflet": "mesotherapy-rejuvenation", "format": "dl-trifold"})
    assert page.status_code == 422
    assert "does not fit a DL tri-fold" in page.text and "%PDF" not in page.text


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "url",
    [
        "/brands/..%2F..%2F..%2Fetc%2Fpasswd",
        "/brands/../../etc/passwd",
        "/brands/%2e%2e",
        "/preview?leaflet=../README",
        "/preview?leaflet=%2Fetc%2Fpasswd",
        "/preview?leaflet=brands/harbour-skin",
        "/preview.png?leaflet=mesotherapy-rejuvenation&brand=../../content/mesotherapy-rejuvenation",
        "/download/pdf?leaflet=....//....//etc/passwd",
        "/download/zip?brand=..",
        "/static/../app.py",
        "/static/%2e%2e/app.py",
    ],
)
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
    assert (
        client.post("/download/pdf", data={"leaflet": "mesotherapy-rejuvenation", "csrf": "forged"}).status_code == 403
    )
    assert (
        client.post("/download/consent", data={"leaflet": "mesotherapy-rejuvenation", "csrf": "forged"}).status_code
        == 403
    )
    assert client.post("/brands/harbour-skin/restore", data={"version": "x", "csrf": "forged"}).status_code == 403
    assert client.post("/brands/harbour-skin/delete", data={"csrf": "forged"}).status_code == 403
    assert client.post("/brands/harbour-skin/rename", data={"csrf": "forged", "new_name": "evil"}).status_code == 403
    assert client.post("/deleted/harbour-skin/restore", data={"csrf": "forged"}).status_code == 403
    assert digest(brands) == before


# ---------------------------------------------------------------- saving


def test_save_keeps_comments_order_and_what_the_form_does_not_show(client, folders):
    _, brands = folders
    path = brands / "harbour-skin.yaml"
    # The editor shows plain price ids (the pinned example's form); a group it does not show is kept.
    grouped = path.read_text("utf-8")
    start, end = grouped.index("  LF-MESO-001:"), grouped.index("\nfooter:")
    path.write_text(
        grouped[:start] + "  session: 190\n  course: [1100, 1700]\n"
        "  LF-PEEL-001:   # another leaflet's prices\n    peel: 85\n" + grouped[end:],
        "utf-8",
    )
    form = brand_form(
        client, **{"name": "Harbour Skin & Laser", "colors.primary": "#7a1f5c", "prices.session": "210", "phone": ""}
    )
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
    assert keys == [
        "name",
        "tagline",
        "address",
        "email",
        "website",
        "booking_url",
        "purpose",
        "logo",
        "logo_alt",
        "colors",
        "fonts",
        "locale",
        "currency",
        "prices",
        "footer",
        "practitioners",
        "products",
        "insurance",
        "complaints",
        "out_of_hours",
        "interpreters",
    ]  # the clinic facts, not in the form
    assert leaflet.load_brand(path).name == "Harbour Skin & Laser"
    assert "Saved." in client.get(saved.headers["location"]).text


def test_a_bad_colour_is_shown_at_its_field_and_nothing_is_saved(client, folders):
    _, brands = folders
    before = digest(brands)
    answer = client.post("/brands/harbour-skin", data=brand_form(client, **{"colors.primary": "#12345"}))
    assert answer.status_code == 422
    field = answer.text[answer.text.index('id="f-colors-primary-field"') :]
    field = field[: field.index('id="f-colors-accent-field"')]
    assert "Enter the primary colour as a colour code like #0B5563" in field
    assert "RRGGBB" not in answer.text and "quotes" not in answer.text  # no YAML in the studio
    assert 'aria-invalid="true"' in field and "Nothing was saved" in answer.text
    assert digest(brands) == before


def test_a_save_over_someone_elses_change_is_refused(client, folders):
    _, brands = folders
    form = brand_form(client, name="Mine")
    path = brands / "harbour-skin.yaml"
    path.write_text(path.read_text("utf-8").replace("Harbour Skin Clinic", "Theirs"), "utf-8")
    theirs = path.read_text("utf-8")
    answer = client.post("/brands/harbour-skin", data=form)
    assert answer.status_code == 409 and "Someone saved this brand while you were editing it" in answer.text
    assert path.read_text("utf-8") == theirs
    # What was typed is kept, both versions are shown, and saving again (knowingly) replaces theirs.
    assert 'name="name" value="Mine"' in answer.text
    both = answer.text[answer.text.index('id="conflict-heading"') :]
    assert re.search(r"<th scope=\"row\">Clinic name</th><td[^>]*>Theirs</td><td[^>]*>Mine</td>", both)
    again = client.post(
        "/brands/harbour-skin", data={**form, "fingerprint": fingerprint_of(answer.text)}, follow_redirects=False
    )
    assert again.status_code == 303 and leaflet.load_brand(path).name == "Mine"


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
    assert page.status_code == 422 and "This [ list is never closed" in page.text
    form = brand_form(client, name="Overwritten")
    assert client.post("/brands/broken", data={**form, "fingerprint": ""}).status_code == 422
    assert client.post("/brands/broken/preview", data=form).status_code == 422
    assert digest(brands) == before


def test_a_logo_outside_the_brands_folder_is_shown_as_the_problem_it_is(client, folders, tmp_path):
    _, brands = folders
    (tmp_path / "elsewhere.png").write_bytes(LOGO_PNG.read_bytes())
    path = brands / "harbour-skin.yaml"
    path.write_text(
        path.read_text("utf-8").replace("logo: harbour-skin-logo.svg", "logo: ../../elsewhere.png"), "utf-8"
    )
    page = client.get("/brands/harbour-skin").text
    field = page[page.index('id="f-logo-field"') : page.index('id="f-colors-primary-field"')]
    assert "is outside the brand file&#39;s folder" in field and 'id="logo-resolution"></p>' in field
    assert "Not in the brands folder" in field  # nothing outside the folder is shown
    assert re.findall(r' src="/logos/([^"]+)"', field) == ["harbour-skin-logo.svg"]


def test_a_new_brand_starts_from_the_built_in_one(client, folders):
    _, brands = folders
    page = client.get("/brands/new")
    assert page.status_code == 200 and 'value="Patient information"' in page.text
    assert 'name="name" value=""' in page.text  # to be named: never saved as "Your clinic"
    form = brandform.current_values(brandfile.parse(brandfile.NEW_BRAND))
    untouched = client.post("/brands/new", data={**form, "csrf": csrf_of(page.text), "name": "", "file_name": ""})
    assert untouched.status_code == 422 and "Enter the clinic&#39;s name" in untouched.text
    assert sorted(p.name for p in brands.iterdir()) == ["harbour-skin-logo.svg", "harbour-skin.yaml"]
    form.update(csrf=csrf_of(page.text), name="Riverside Clinic", phone="020 7946 0000", file_name="")
    saved = client.post("/brands/new", data=form, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].startswith("/brands/riverside-clinic?saved=1")
    text = (brands / "riverside-clinic.yaml").read_text("utf-8")
    assert text.startswith("# A brand file made with leaflet studio")
    assert leaflet.load_brand(brands / "riverside-clinic.yaml").phone == "020 7946 0000"
    again = client.post("/brands/new", data=form)
    assert again.status_code == 409 and "There is already a brand called" in again.text


def test_the_live_preview_answers_with_problems_by_field_or_a_page(client):
    form = brand_form(client, **{"colors.warning": "#FFEEEE", "preview_page": "4"})
    answer = client.post("/brands/harbour-skin/preview", data=form).json()
    assert not answer["ok"] and "image" not in answer
    assert "too pale to mark a warning" in answer["notes"]["f-colors-warning"]
    assert answer["notes"]["f-name"] == ""
    good = client.post("/brands/harbour-skin/preview", data={**form, "colors.warning": "#9B1C1C"}).json()
    assert good["ok"] and good["page"] == 4 and good["pages"] == meso_pages("harbour-skin")
    assert good["image"].startswith("data:image/png;base64,")
    assert (
        "darker shade"
        in client.post("/brands/harbour-skin/preview", data={**form, "colors.primary": "#66CCFF"}).json()["colours"][
            "f-colors-primary"
        ]
    )


# ---------------------------------------------------------------- logos


def png(width: int, height: int, data: bytes | None = None) -> bytes:
    """A PNG whose header says width x height; its pixels only when ``data`` is None."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width * 3 for _ in range(height))) if data is None else data
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def upload(client, name: str, data: bytes, accept_json: bool = True):
    csrf = csrf_of(client.get("/brands/harbour-skin").text)
    return client.post(
        "/brands/harbour-skin/logo",
        data={"csrf": csrf},
        files={"logo_file": (name, data)},
        headers={"Accept": "application/json"} if accept_json else {},
        follow_redirects=False,
    )


def test_a_logo_upload_lands_in_the_brands_folder_with_its_printed_ppi(client, folders):
    _, brands = folders
    answer = upload(client, "our logo.png", png(1200, 400))
    assert answer.status_code == 200, answer.text
    saved = answer.json()
    assert saved["name"] == "our-logo.png"  # the uploaded file's own name, made safe
    assert (brands / saved["name"]).read_bytes() == png(1200, 400)
    assert saved["resolution"] == "1200 x 400 pixels, printed 58 x 19 mm: 526 ppi, sharp in print."
    assert upload(client, "our logo.png", png(1200, 400)).json()["name"] == "our-logo.png"  # the same again: one file
    assert upload(client, "Our Logo!.PNG", png(600, 200)).json()["name"] == "our-logo-2.png"  # another picture
    assert upload(client, "....png", png(600, 200)).json()["name"] == "harbour-skin-logo.png"  # nothing left of it
    refused = upload(client, "empty.png", b"", accept_json=False)  # without JavaScript: the editor, marked
    assert refused.status_code == 422 and not (brands / "empty.png").exists()
    assert_error_at(refused.text, "logo-file", "The file is empty. Choose the logo file again.")
    redirect = upload(client, "logo.png", png(300, 100), accept_json=False)
    assert redirect.status_code == 303 and "/brands/harbour-skin?logo=logo.png" in redirect.headers["location"]
    page = client.get(redirect.headers["location"]).text
    assert "under 300 ppi, so it may look blurred" in page


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("logo.png", b"this is not a picture", "is not a PNG, JPEG or SVG image"),
        ("logo.gif", b"GIF89a", "is not a PNG, JPEG or SVG file"),
        ("logo.png", b"", "the file is empty"),
        ("bomb.png", png(100_000, 100_000, zlib.compress(b"")), "the most a logo may have is 16,000,000 pixels"),
        ("tall.png", png(1, 20_000_000, zlib.compress(b"")), "the 'logo pixels' limit"),
        (
            "linked.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            b'<image xlink:href="file:///etc/passwd" width="10" height="10"/></svg>',
            "embeds or links a picture",
        ),
        ("script.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "contains a script"),
    ],
)
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
    download = page.text[page.text.index('<form id="print-form"') :]
    assert 'name="brand" value="harbour-skin"' in download and 'formaction="/download/pdf"' in download
    assert 'id="print-copies"' not in page.text  # nothing to type that could only lead to "Not printed"
    sent = client.post(
        "/print",
        data={
            "csrf": csrf_of(page.text),
            "leaflet": "mesotherapy-rejuvenation",
            "copies": "1",
            "printer": "anything",
            "confirm_unreviewed": "yes",
        },
    )
    assert sent.status_code == 503 and "Nothing was printed" in sent.text


def test_printing_a_leaflet_no_clinician_signed_off_asks_to_confirm(client, monkeypatch):
    import leaflet.studio.printing as printing_module

    submitted = []
    monkeypatch.setattr(printing_module, "submit", lambda *a, **k: submitted.append(a) or "job-1")
    page = client.get("/print", params={"leaflet": "mesotherapy-rejuvenation", "brand": "harbour-skin"})
    assert "Not yet reviewed by a clinician" in page.text and 'name="confirm_unreviewed"' in page.text
    sent = client.post(
        "/print",
        data={"csrf": csrf_of(page.text), "leaflet": "mesotherapy-rejuvenation", "copies": "1", "printer": "anything"},
    )
    assert sent.status_code == 422 and submitted == []  # nothing printed without the confirmation
    assert '<a href="#print-confirm-unreviewed">Confirm that you know' in sent.text  # in the error summary
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
    for name in ["no-such-clinic", "../brands/harbour-skin"]:
        cli("studio", "--content", str(BRANDS.parent), "--default-brand", name)
        assert cli.code == 1 and f"there is no brand file '{name}.yaml'" in cli.err


# ---------------------------------------------------------------- saving keeps the file as written

FLOW = (
    "# Riverside, written on one line\n"
    "{name: Riverside, tagline: 'By the river', colors: {primary: '#0B5563'}}  # end\n"
)
GROUPED = (
    "name: Grouped\nprices:   # the clinic's own\n  LF-MESO-001:   # mesotherapy, every language\n"
    "    session: 190  # one\n    course: [1100, 1700]\n  LF-PEEL-001:\n    peel: 85\nfooter: Registered.\n"
)
SAVED_EXACTLY = [
    # (what the file says, the change made in the form, what the file must say afterwards)
    (
        "# first comment\n%YAML 1.2\n---\n# second\nname: Quay Clinic   # required\nphone: 0117 496 0000\n...\n",
        {"name": "Quay Skin"},
        "# first comment\n%YAML 1.2\n---\n# second\nname: Quay Skin     # required\nphone: 0117 496 0000\n...\n",
    ),
    (FLOW, {"tagline": "On the river"}, FLOW.replace("'By the river'", "'On the river'")),
    (
        FLOW,
        {"colors.primary": "#7A1F5C", "phone": "020 7946 0000"},
        FLOW.replace("'#0B5563'}", "'#7A1F5C'}").replace("'By the river',", "'By the river', phone: 020 7946 0000,"),
    ),
    (
        "name: Kept\naddress: |+\n  1 Quay Street\n  Bristol\n\n\nfooter: >-\n  Registered\n  here.\n",
        {"name": "Kept Clinic"},
        "name: Kept Clinic\naddress: |+\n  1 Quay Street\n  Bristol\n\n\nfooter: >-\n  Registered\n  here.\n",
    ),
    (
        "name: Last\nfooter: |+\n  Registered here.\n\n\n",
        {"tagline": "New"},
        "name: Last\ntagline: New\nfooter: |+\n  Registered here.\n\n\n",
    ),
    # Only what the person set is written: the form shows the default colours, fonts and locale,
    # and none of them goes into the file.
    ("name: Small\n", {"phone": "0117 496 0000"}, "name: Small\nphone: 0117 496 0000\n"),
    ("name: Small\n", {"colors.warning": "#7F1D1D"}, 'name: Small\ncolors:\n  warning: "#7F1D1D"\n'),
    (
        "---\nname: Marked\ncolors:\n  primary: '#0B5563'   # band\n  accent: '#E07A5F'\n...\n",
        {"colors.primary": ""},
        "---\nname: Marked\ncolors:\n  accent: '#E07A5F'\n...\n",
    ),
    ("name: Nothing changes  # at all\n\n\n# the end\n", {}, "name: Nothing changes  # at all\n\n\n# the end\n"),
    # Prices grouped under the leaflet's reference are edited in place, in the grouped form.
    (GROUPED, {"prices.LF-MESO-001.session": "210"}, GROUPED.replace("session: 190  #", "session: 210  #")),
    (GROUPED, {"prices.LF-MESO-001.course.to": "1800"}, GROUPED.replace("[1100, 1700]", "[1100, 1800]")),
    (GROUPED, {"prices.LF-MESO-001.course.to": ""}, GROUPED.replace("[1100, 1700]", "1100")),
    (
        "name: Unpriced\nfooter: Registered.\n",
        {"prices.LF-MESO-001.session": "180"},
        "name: Unpriced\nprices:\n  LF-MESO-001:\n    session: 180\nfooter: Registered.\n",
    ),
    (
        "name: One\nprices:\n  LF-MESO-001:\n    session: 190\nfooter: Registered.\n",
        {"prices.LF-MESO-001.session": ""},
        "name: One\nfooter: Registered.\n",
    ),
    (
        "{name: Flow, prices: {LF-MESO-001: {session: 190}}}\n",
        {"prices.LF-MESO-001.session": "200"},
        "{name: Flow, prices: {LF-MESO-001: {session: 200}}}\n",
    ),
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


# ---------------------------------------------------------------- prices by what they are


def test_prices_are_shown_by_leaflet_and_row_name_with_the_guide_price(client):
    page = client.get("/brands/harbour-skin").text
    prices = page[page.index("<legend>Prices") :]
    group = prices[prices.index('<h2 class="group-title">') : prices.index("</fieldset>\n    </div>")]
    assert "Mesotherapy for skin rejuvenation" in group and "LF-MESO-001" in group
    session = group[group.index('id="f-prices-LF-MESO-001-session-field"') :]
    assert re.search(r"<legend[^>]*>One session</legend>", session)
    assert "The leaflet's guide price: £200." in session
    assert 'name="prices.LF-MESO-001.session" value="190"' in session  # Harbour's own, not empty
    assert 'name="prices.LF-MESO-001.course.to" value="1700"' in group


def test_prices_typed_into_each_others_boxes_are_flagged_and_can_still_be_saved(client, folders):
    _, brands = folders
    swapped = {
        "prices.LF-MESO-001.session": "1200",
        "prices.LF-MESO-001.session.to": "1800",
        "prices.LF-MESO-001.course": "220",
        "prices.LF-MESO-001.course.to": "",
    }
    live = client.post("/brands/harbour-skin/preview", data=brand_form(client, **swapped)).json()
    course = live["notes"]["f-prices-LF-MESO-001-course"]
    assert (
        "Warning" in course
        and "“A full course of several sessions” would cost £220, less than “One session” (£1,200 to £1,800)" in course
    )
    assert course.count("Warning") == 1 and "id" not in course  # said once, in the form's words
    assert live["notes"]["f-prices-LF-MESO-001-session"] == ""
    saved = client.post("/brands/harbour-skin", data=brand_form(client, **swapped), follow_redirects=False)
    assert saved.status_code == 303  # a warning, not a refusal: a clinic may price a course that way
    text = (brands / "harbour-skin.yaml").read_text("utf-8")
    assert "  LF-MESO-001:" in text and "    session: [1200, 1800]" in text and "    course: 220" in text
    again = client.get("/brands/harbour-skin").text
    assert again.count("less than “One session”") == 1 and "less than &#39;One session&#39;" not in again


def test_a_mistake_in_a_grouped_price_is_shown_at_its_box(client, folders):
    _, brands = folders
    before = digest(brands)
    answer = client.post("/brands/harbour-skin", data=brand_form(client, **{"prices.LF-MESO-001.session": "lots"}))
    assert answer.status_code == 422
    field = answer.text[answer.text.index('id="f-prices-LF-MESO-001-session-field"') :]
    field = field[: field.index("</fieldset>")]
    assert "Enter the price as a number, like 190, without a currency sign" in field and 'aria-invalid="true"' in field
    summary = answer.text[answer.text.index('class="error-summary"') : answer.text.index("<h1>")]
    assert '<a href="#f-prices-LF-MESO-001-session">Enter the price as a number' in summary
    assert digest(brands) == before


# ---------------------------------------------------------------- the front desk's print page


@pytest.fixture
def printed(monkeypatch):
    """Every print job the studio would send to CUPS (the real queue is in test_studio_browser.py)."""
    from leaflet.studio import printing

    jobs = []
    monkeypatch.setattr(printing, "printers", lambda: printing.Printers(True, ("front-desk",), "front-desk"))
    monkeypatch.setattr(printing, "submit", lambda *args: jobs.append(args) or f"front-desk-{len(jobs)}")
    return jobs


def test_the_print_page_starts_on_the_clinics_only_brand_and_refuses_formats_the_leaflet_cannot_fit(client, folders):
    content, _ = folders
    shutil.copy(BRANDS.parent / "mesotherapy-rejuvenation-ar.yaml", content)
    page = client.get("/print").text
    assert re.search(r'<option value="harbour-skin" selected>Harbour Skin Clinic</option>', page)
    assert "Chosen for you: the only brand." in page
    # The English leaflet first, not the Arabic one that comes first by file name.
    assert re.search(r'value="mesotherapy-rejuvenation" checked', page)
    assert page.index('value="mesotherapy-rejuvenation"') < page.index('value="mesotherapy-rejuvenation-ar"')
    trifold = page[page.index('id="print-format-dl-trifold"') - 20 :]
    assert trifold[: trifold.index("</div>")].count("disabled") == 1
    assert "Not available: the leaflet is too long for a DL tri-fold" in trifold
    assert "for <strong>Harbour Skin Clinic</strong>, A4" in page
    assert 'src="/preview.png?leaflet=mesotherapy-rejuvenation&amp;brand=harbour-skin&amp;format=a4' in page
    # Asked for the tri-fold (an old link): the first format it fits, and why.
    asked = client.get("/print", params={"format": "dl-trifold"}).text
    assert "does not fit a DL tri-fold, so A4 is chosen" in asked and 'name="format" value="a4"' in asked


def test_with_several_brands_the_default_is_chosen_or_the_clinic_must_be_chosen(folders, printed):
    content, brands = folders
    shutil.copy(BRANDS / "northfield-aesthetics.yaml", brands)
    with TestClient(create_app(content, brands), base_url=LOCAL, headers=SAME_ORIGIN) as client:
        page = client.get("/print").text
        assert '<option value="" selected>Choose the clinic</option>' in page and 'id="print-form"' not in page
        csrf = csrf_of(client.get("/brands/harbour-skin").text)  # the print form is not offered yet
        sent = client.post(
            "/print",
            data={
                "csrf": csrf,
                "leaflet": "mesotherapy-rejuvenation",
                "brand": "",
                "copies": "0",
                "printer": "front-desk",
            },
        )
        assert sent.status_code == 422 and "<title>Error: Print for a patient" in sent.text
        summary = sent.text[
            sent.text.index('class="error-summary"') : sent.text.index(
                "</div>", sent.text.index('class="error-summary"')
            )
        ]
        assert '<a href="#print-brand">Choose the clinic the leaflet is for</a>' in summary
        assert "Enter the number of copies as a whole number from 1 to 50" in sent.text
        assert printed == []
    with TestClient(
        create_app(content, brands, default_brand="northfield-aesthetics"), base_url=LOCAL, headers=SAME_ORIGIN
    ) as client:
        page = client.get("/print").text
        assert '<option value="northfield-aesthetics" selected>' in page and "the studio&#39;s default brand" in page


def test_print_then_refresh_the_confirmation_sends_one_job(client, printed):
    page = client.get("/print", params={"format": "a5-booklet"}).text
    form = {
        "csrf": csrf_of(page),
        "leaflet": "mesotherapy-rejuvenation",
        "brand": "harbour-skin",
        "format": "a5-booklet",
        "large_print": "",
        "copies": "2",
        "printer": "front-desk",
        "confirm_unreviewed": "yes",
    }
    sent = client.post("/print", data=form, follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"].startswith("/print/sent?")
    for _ in range(2):  # the confirmation, and a refresh of it
        shown = client.get(sent.headers["location"])
        assert shown.status_code == 200 and "Sent to the printer" in shown.text
        assert "front-desk-1" in shown.text and "2 copies" in shown.text and "short edge" in shown.text
        assert "for Harbour Skin Clinic, A5 booklet" in shown.text
    # The confirmation's address is the studio's own: changed or made up, it shows nothing.
    location = sent.headers["location"]
    for crafted in [
        location.replace("copies=2", "copies=20"),
        location.split("&sig=")[0],
        "/print/sent?leaflet=mesotherapy-rejuvenation&brand=harbour-skin&job=fake-1&printer=front-desk",
    ]:
        fake = client.get(crafted)
        assert fake.status_code == 403 and "Sent to the printer" not in fake.text and "fake-1" not in fake.text
    assert len(printed) == 1
    pdf, printer, copies, options = printed[0][:4]
    assert printer == "front-desk" and copies == 2 and options.format == "a5-booklet"
    assert pdf == leaflet.build_files(MESO, BRANDS / "harbour-skin.yaml", leaflet.BuildOptions(format="a5-booklet"))


def test_download_from_the_print_page_is_the_brand_and_format_on_screen(folders):
    content, brands = folders
    shutil.copy(BRANDS / "northfield-aesthetics.yaml", brands)
    with TestClient(create_app(content, brands), base_url=LOCAL, headers=SAME_ORIGIN) as client:
        page = client.get("/print", params={"brand": "northfield-aesthetics", "format": "letter"}).text
        hidden = page[page.index('<form id="print-form"') :]
        assert 'name="brand" value="northfield-aesthetics"' in hidden and 'name="format" value="letter"' in hidden
        got = client.post(
            "/download/pdf",
            data={
                "csrf": csrf_of(page),
                "leaflet": "mesotherapy-rejuvenation",
                "brand": "northfield-aesthetics",
                "format": "letter",
                "large_print": "",
            },
        )
        assert got.status_code == 200 and "northfield-aesthetics-letter.pdf" in got.headers["content-disposition"]
        assert got.content == leaflet.build_files(
            MESO, brands / "northfield-aesthetics.yaml", leaflet.BuildOptions(format="letter")
        )


def test_a_failed_save_has_an_error_summary_in_plain_words_linking_to_each_field(client, folders):
    _, brands = folders
    before = digest(brands)
    answer = client.post("/brands/harbour-skin", data=brand_form(client, **{"name": "", "colors.accent": "teal"}))
    assert answer.status_code == 422
    assert "<title>Error: Brand: " in answer.text
    summary = answer.text[answer.text.index('class="error-summary"') : answer.text.index("<h1>")]
    assert "data-focus-on-load" in summary and "Nothing was saved" in summary
    assert re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary) == [
        ("f-name", "Enter the clinic&#39;s name"),
        ("f-colors-accent", "Enter the accent colour as a colour code like #E07A5F"),
    ]
    for field in ["f-name", "f-colors-accent"]:
        box = answer.text[answer.text.index(f'id="{field}-field"') :]
        box = box[: box.index('-field"', 20)]
        assert (
            'class="field field-error"'
            in answer.text[answer.text.index(f'id="{field}-field"') - 40 : answer.text.index(f'id="{field}-field"')]
        )
        assert 'aria-invalid="true"' in box and "Error:" in box
    tagline = answer.text[answer.text.index('id="f-tagline-field"') : answer.text.index('id="f-address-field"')]
    assert "Error" not in tagline  # the name's problem is at the name, not the field after it
    for yaml_words in ["quotes", "RRGGBB", "harbour-skin.yaml:", "Add a line"]:
        assert yaml_words not in answer.text[answer.text.index("<main") : answer.text.index('id="logo-form"')], (
            yaml_words
        )
    assert digest(brands) == before


def test_the_command_line_keeps_its_file_and_line_for_the_same_problems(cli, tmp_path):
    brand = tmp_path / "bad.yaml"
    brand.write_text("name: ''\ncolors:\n  accent: teal\n", "utf-8")
    cli("check", str(MESO), "--brand", str(brand))
    assert cli.code == 1
    assert f"{brand}:1:" in cli.err or "bad.yaml:1:" in cli.err
    assert "bad.yaml:3:" in cli.err and "#RRGGBB" in cli.err


# ---------------------------------------------------------------- no lost work


def test_each_save_keeps_the_file_before_it_and_restore_brings_it_back_byte_for_byte(client, folders):
    from leaflet.studio import history

    _, brands = folders
    path = brands / "harbour-skin.yaml"
    original = path.read_bytes()
    assert "None yet" in client.get("/brands/harbour-skin").text
    for name in ["Harbour Skin & Laser", "Harbour Laser"]:
        assert (
            client.post("/brands/harbour-skin", data=brand_form(client, name=name), follow_redirects=False).status_code
            == 303
        )
    kept = history.versions(path)
    assert len(kept) == 2 and kept[1].path.read_bytes() == original  # newest first
    assert kept[1].path.parent == brands / "history" / "harbour-skin"
    page = client.get("/brands/harbour-skin").text
    assert page.count('name="version"') == 2 and "Earlier versions" in page and "UTC" in page
    restored = client.post(
        "/brands/harbour-skin/restore", data={"csrf": csrf_of(page), "version": kept[1].name}, follow_redirects=False
    )
    assert restored.status_code == 303 and "Restored." in client.get(restored.headers["location"]).text
    assert path.read_bytes() == original
    assert len(history.versions(path)) == 3  # the file the restore replaced is kept too
    for bad in ["../harbour-skin.yaml", "nope", "20261207T191502123456Z.yaml"]:
        assert (
            client.post("/brands/harbour-skin/restore", data={"csrf": csrf_of(page), "version": bad}).status_code == 404
        )
    assert path.read_bytes() == original


def test_only_the_last_twenty_versions_are_kept(tmp_path):
    from leaflet.studio import history

    brand = tmp_path / "clinic.yaml"
    for n in range(25):
        brand.write_text(f"name: Clinic {n}\n", "utf-8")
        history.keep(brand)
    kept = history.versions(brand)
    assert len(kept) == history.KEEP == 20
    assert (
        kept[0].path.read_text("utf-8") == "name: Clinic 24\n"
        and kept[-1].path.read_text("utf-8") == "name: Clinic 5\n"
    )


def test_the_chosen_logo_is_shown_as_a_picture_and_only_logos_in_the_brands_folder_are_served(client, folders):
    _, brands = folders
    page = client.get("/brands/harbour-skin").text
    assert 'src="/logos/harbour-skin-logo.svg"' in page
    logo = client.get("/logos/harbour-skin-logo.svg")
    assert logo.status_code == 200 and logo.headers["content-type"].startswith("image/svg+xml")
    assert logo.content == (brands / "harbour-skin-logo.svg").read_bytes()
    for bad in ["harbour-skin.yaml", "..%2Fbrands%2Fharbour-skin-logo.svg", "nope.png", ".hidden.png"]:
        assert client.get(f"/logos/{bad}").status_code == 404


def test_a_deleted_brand_is_listed_and_can_be_brought_back_byte_for_byte(client, folders):
    _, brands = folders
    path = brands / "harbour-skin.yaml"
    original = path.read_bytes()
    page = client.get("/brands/harbour-skin").text
    gone = client.post("/brands/harbour-skin/delete", data={"csrf": csrf_of(page)}, follow_redirects=False)
    assert gone.status_code == 303 and not path.exists()
    library = client.get(gone.headers["location"]).text
    assert "Deleted harbour-skin.yaml" in library and "Deleted brands" in library
    assert 'formaction="/deleted/harbour-skin/restore"' in library
    assert 'href="/brands/harbour-skin"' not in library
    back = client.post("/deleted/harbour-skin/restore", data={"csrf": csrf_of(library)}, follow_redirects=False)
    assert back.status_code == 303 and path.read_bytes() == original
    assert "Deleted brands" not in client.get("/").text
    # Pressed again (or a brand of that name made since the list was shown): refused, at that brand.
    again = client.post("/deleted/harbour-skin/restore", data={"csrf": csrf_of(library)})
    assert again.status_code == 409 and path.read_bytes() == original
    assert_error_at(again.text, "brand-harbour-skin", "There is already a brand called harbour-skin.yaml")
    assert client.post("/deleted/northfield-aesthetics/restore", data={"csrf": csrf_of(library)}).status_code == 404
    assert client.post("/deleted/..%2Fx/restore", data={"csrf": csrf_of(library)}).status_code == 404


def test_a_new_brand_cannot_take_a_deleted_brands_name_and_its_history(client, folders):
    """A new brand under a deleted brand's name would inherit its earlier versions (restorable from
    the new brand's editor) and drop it from Deleted brands: refused at the file name, as rename does."""
    _, brands = folders
    original = (brands / "harbour-skin.yaml").read_bytes()
    page = client.get("/brands/harbour-skin").text
    client.post("/brands/harbour-skin/delete", data={"csrf": csrf_of(page)})
    kept = digest(brands)
    new_page = client.get("/brands/new").text
    form = brandform.current_values(brandfile.parse(brandfile.NEW_BRAND))
    form.update(csrf=csrf_of(new_page), name="Harbour Skin", phone="020 7946 0000")
    message = (
        "A deleted brand has the file name harbour-skin.yaml: bring it back from Deleted brands "
        "on the first page, or choose another file name"
    )
    # Named in the File name box, or made from the clinic's name (the box left empty).
    for file_name in ["harbour-skin", "Harbour Skin", ""]:
        refused = client.post("/brands/new", data={**form, "file_name": file_name})
        assert refused.status_code == 409
        assert refused.text.index('id="error-summary"') < refused.text.index("<h1")
        assert f'<a href="#f-file_name">{html_escape(message)}</a>' in refused.text
        assert 'class="field field-error" id="f-file_name-field"' in refused.text
        assert re.search(r'<input[^>]* id="f-file_name"[^>]*aria-invalid="true"', refused.text)
        assert 'value="Harbour Skin"' in refused.text  # what was typed stays in the form
        assert digest(brands) == kept  # nothing written, the history untouched
    library = client.get("/").text
    assert 'formaction="/deleted/harbour-skin/restore"' in library  # still listed to bring back
    back = client.post("/deleted/harbour-skin/restore", data={"csrf": csrf_of(library)}, follow_redirects=False)
    assert back.status_code == 303 and (brands / "harbour-skin.yaml").read_bytes() == original
    # Another name is fine.
    saved = client.post("/brands/new", data={**form, "csrf": csrf_of(new_page), "file_name": "harbour-skin-2"})
    assert saved.status_code == 200 and (brands / "harbour-skin-2.yaml").exists()


def test_the_consent_form_downloads_beside_the_leaflet_for_the_brand_on_screen(folders):
    from leaflet.consent import consent_pdf

    content, brands = folders
    shutil.copy(BRANDS / "northfield-aesthetics.yaml", brands)
    with TestClient(create_app(content, brands), base_url=LOCAL, headers=SAME_ORIGIN) as client:
        page = client.get("/print", params={"brand": "northfield-aesthetics", "format": "letter"}).text
        assert 'formaction="/download/consent"' in page
        got = client.post(
            "/download/consent",
            data={
                "csrf": csrf_of(page),
                "leaflet": "mesotherapy-rejuvenation",
                "brand": "northfield-aesthetics",
                "format": "letter",
            },
        )
        assert got.status_code == 200 and got.headers["content-type"] == "application/pdf"
        assert "consent" in got.headers["content-disposition"] and "letter" in got.headers["content-disposition"]
        assert got.content == consent_pdf(
            leaflet.load_leaflet(MESO),
            leaflet.load_brand(brands / "northfield-aesthetics.yaml"),
            leaflet.BuildOptions(format="letter"),
        )
        preview = client.get("/preview", params={"leaflet": "mesotherapy-rejuvenation"}).text
        assert "/download/consent?leaflet=mesotherapy-rejuvenation" in preview


def test_the_print_page_starts_on_the_clinic_last_printed_for_here(folders, printed):
    content, brands = folders
    shutil.copy(BRANDS / "northfield-aesthetics.yaml", brands)
    with TestClient(create_app(content, brands), base_url=LOCAL, headers=SAME_ORIGIN) as client:
        page = client.get("/print").text
        assert "Choose the clinic" in page  # two brands, no default, nothing printed yet
        page = client.get("/print", params={"brand": "northfield-aesthetics"}).text
        form = {
            "csrf": csrf_of(page),
            "leaflet": "mesotherapy-rejuvenation",
            "brand": "northfield-aesthetics",
            "format": "a4",
            "copies": "1",
            "printer": "front-desk",
            "confirm_unreviewed": "yes",
        }
        assert client.post("/print", data=form, follow_redirects=False).status_code == 303
    # Remembered by the studio (its own folder, not a cookie): another browser, or the studio
    # started again, starts there too, and says why.
    with TestClient(create_app(content, brands), base_url=LOCAL, headers=SAME_ORIGIN) as other:
        page = other.get("/print").text
        assert '<option value="northfield-aesthetics" selected>' in page and "last printed for here" in page
        (brands / "northfield-aesthetics.yaml").unlink()  # gone: the only brand left is chosen
        assert '<option value="harbour-skin" selected>' in other.get("/print").text
    assert [p.name for p in folders[1].iterdir() if p.suffix == ".yaml"] == ["harbour-skin.yaml"]


def test_the_first_pages_checks_are_kept_and_checked_again_when_a_file_changes(folders, monkeypatch):
    from leaflet.studio.engine import Engine

    content, brands = folders
    real, checked = Engine.findings, []
    monkeypatch.setattr(Engine, "findings", lambda self, path, *a: checked.append(path.name) or real(self, path, *a))
    with TestClient(create_app(content, brands), base_url=LOCAL) as first:
        assert "1 warning" in first.get("/").text
    assert checked == ["mesotherapy-rejuvenation.yaml"]
    kept = list((brands / ".leaflet-studio" / "checks").glob("*.json"))
    assert len(kept) == 1
    with TestClient(create_app(content, brands), base_url=LOCAL) as restarted:  # a new studio reads it
        assert "1 warning" in restarted.get("/").text
        assert checked == ["mesotherapy-rejuvenation.yaml"]
        meso = content / "mesotherapy-rejuvenation.yaml"
        text = re.sub(r"(?m)^published: .*$", "published: 2020-01-01", meso.read_text("utf-8"))
        meso.write_text(re.sub(r"(?m)^review_by: .*$", "review_by: 2021-01-01", text), "utf-8")
        assert "Review overdue" in restarted.get("/").text  # the file changed: checked again
        assert len(checked) == 2
    # A kept answer planted in the studio's folder changes what the first page says, never what
    # may be printed or downloaded: those are checked again.
    for planted in list((brands / ".leaflet-studio" / "checks").glob("*.json")):
        planted.write_text("[]", "utf-8")
    with TestClient(create_app(content, brands), base_url=LOCAL) as planted_client:
        assert ">OK<" in planted_client.get("/").text
        got = planted_client.get("/download/pdf", params={"leaflet": "mesotherapy-rejuvenation"})
        assert got.status_code == 422 and "review date" in got.text
        for bad in list((brands / ".leaflet-studio" / "checks").glob("*.json")):
            bad.write_text('[["x", 1, 2]]', "utf-8")  # not an answer the studio wrote: checked again
        assert "review date" in planted_client.get("/").text and len(checked) == 4  # the download, then this


def test_the_history_says_who_saved_each_version(client, folders):
    import getpass

    _, brands = folders
    page = client.get("/brands/harbour-skin").text
    assert "This version: Saved outside the studio" in page  # the sample file: written by hand
    assert f"recorded as {getpass.getuser()} (this computer&#39;s account)" in page
    saves = [{"name": "Harbour Skin & Laser", "saved_by": " Anna\u202e Smith\n"}, {"name": "Harbour Laser"}]
    for changes in saves:  # the name is given once: the second save is hers too
        assert (
            client.post("/brands/harbour-skin", data=brand_form(client, **changes), follow_redirects=False).status_code
            == 303
        )
    page = client.get("/brands/harbour-skin").text
    assert 'name="saved_by" value="Anna Smith"' in page  # one line, no invisible characters
    assert "This version: Saved by Anna Smith," in page
    listed = re.findall(r"<li><span>([^<]*); replaced", page)
    assert len(listed) == 2 and listed[0].startswith("Saved by Anna Smith, ")
    assert listed[1].startswith("Saved outside the studio")
    oldest = re.findall(r'name="version" value="([^"]+)"', page)[-1]
    with TestClient(create_app(*folders), base_url=LOCAL, headers=SAME_ORIGIN) as other:  # no name given
        page = other.get("/brands/harbour-skin").text
        other.post("/brands/harbour-skin/restore", data={"csrf": csrf_of(page), "version": oldest})
        page = other.get("/brands/harbour-skin").text
        assert f"This version: Restored by {getpass.getuser()} (this computer&#39;s account)," in page
    (brands / "history" / "harbour-skin" / "saves.json").write_text('{"not": "a list"}', "utf-8")
    assert "This version: Saved outside the studio" in client.get("/brands/harbour-skin").text


def test_a_brand_renamed_keeps_its_history_and_can_be_renamed_back(client, folders):
    from leaflet.studio import history

    _, brands = folders
    original = (brands / "harbour-skin.yaml").read_bytes()
    assert (
        client.post(
            "/brands/harbour-skin",
            data=brand_form(client, name="Harbour Laser", saved_by="Anna"),
            follow_redirects=False,
        ).status_code
        == 303
    )
    saved = (brands / "harbour-skin.yaml").read_bytes()
    csrf = csrf_of(client.get("/brands/harbour-skin").text)
    moved = client.post(
        "/brands/harbour-skin/rename", data={"csrf": csrf, "new_name": "Harbour Laser Clinic"}, follow_redirects=False
    )
    assert moved.status_code == 303 and moved.headers["location"].startswith("/brands/harbour-laser-clinic?")
    assert not (brands / "harbour-skin.yaml").exists()
    assert (brands / "harbour-laser-clinic.yaml").read_bytes() == saved  # renamed, not rewritten
    page = client.get(moved.headers["location"]).text
    assert "Renamed from harbour-skin.yaml to harbour-laser-clinic.yaml" in page
    assert "This version: Renamed from harbour-skin.yaml by Anna" in page
    kept = history.versions(brands / "harbour-laser-clinic.yaml")
    assert [v.path.read_bytes() for v in kept] == [original]  # its earlier version came with it
    assert "harbour-skin" not in [name for name, _ in history.deleted(brands)]  # not listed as deleted
    # Taken names and names that are not one are refused, and nothing moves.
    (brands / "other.yaml").write_text("name: Other\n", "utf-8")
    for bad, status, message in [
        ("other", 409, "There is already a brand called other.yaml: enter another file name"),
        ("Other", 409, "There is already a brand called other.yaml: enter another file name"),
        ("", 422, "Enter the new file name, in letters, digits and dashes"),
        ("new", 422, "Enter a file name other than new"),
        ("x" * 100, 422, "Enter a file name of 80 letters or fewer"),
    ]:
        before = digest(brands)
        answer = client.post("/brands/harbour-laser-clinic/rename", data={"csrf": csrf, "new_name": bad})
        assert answer.status_code == status and "nothing was renamed" in answer.text.lower(), bad
        assert digest(brands) == before
        # The GOV.UK pattern, in the editor: the message at the field (which is marked and keeps
        # what was typed), the summary at the top linking to it, "Error:" in the title.
        assert_error_at(answer.text, "rename-new", message)
        assert f'value="{bad}"' in answer.text
    back = client.post("/brands/harbour-laser-clinic/rename", data={"csrf": csrf, "new_name": "harbour-skin"})
    assert back.status_code == 200 and (brands / "harbour-skin.yaml").read_bytes() == saved
    assert [v.path.read_bytes() for v in history.versions(brands / "harbour-skin.yaml")] == [original]


def test_logos_are_a_gallery_of_pictures_and_unused_ones_can_be_removed(client, folders):
    _, brands = folders
    upload(client, "Spare logo.png", png(600, 200))
    page = client.get("/brands/harbour-skin").text
    gallery = page[page.index('id="logo-gallery"') : page.index('id="logo-resolution"')]
    assert re.findall(r'type="radio" id="f-logo[^"]*" name="logo" value="([^"]*)"', gallery) == [
        "",
        "harbour-skin-logo.svg",
        "spare-logo.png",
    ]
    assert re.search(r'value="harbour-skin-logo.svg" checked', gallery)  # the brand's own, chosen
    assert 'src="/logos/spare-logo.png"' in gallery
    # Only a logo no brand file names can be removed.
    assert 'formaction="/logos/spare-logo.png/delete"' in gallery
    assert 'formaction="/logos/harbour-skin-logo.svg/delete"' not in gallery
    csrf = csrf_of(page)
    used = client.post("/logos/harbour-skin-logo.svg/delete", data={"csrf": csrf, "brand": "harbour-skin"})
    assert used.status_code == 409 and (brands / "harbour-skin-logo.svg").is_file()
    assert_error_at(used.text, "f-logo", "A brand file uses the logo harbour-skin-logo.svg, so it was not removed")
    gone = client.post(
        "/logos/spare-logo.png/delete", data={"csrf": csrf, "brand": "harbour-skin"}, follow_redirects=False
    )
    assert gone.status_code == 303 and not (brands / "spare-logo.png").exists()
    assert "Removed the logo spare-logo.png" in client.get(gone.headers["location"]).text
    for bad in ["harbour-skin.yaml", "..%2Fharbour-skin-logo.svg", "nope.png"]:
        assert client.post(f"/logos/{bad}/delete", data={"csrf": csrf}).status_code == 404
    assert client.post("/logos/harbour-skin-logo.svg/delete", data={"csrf": "forged"}).status_code == 403


def test_the_front_desk_finds_a_leaflet_in_the_clinics_language_first(folders):
    content, brands = folders
    for language in ("pl", "ar"):
        shutil.copy(MESO.with_name(f"mesotherapy-rejuvenation-{language}.yaml"), content)
    (brands / "krakow.yaml").write_text("name: Klinika Kraków\nlocale: pl_PL\nphone: 12 345 67 89\n", "utf-8")

    def listed(page: str) -> list[str]:
        return re.findall(r'type="radio" id="print-leaflet-\d+" name="leaflet" value="([^"]+)"', page)

    with TestClient(create_app(content, brands), base_url=LOCAL, headers=SAME_ORIGIN) as client:
        page = client.get("/print", params={"brand": "harbour-skin"}).text
        assert listed(page)[0] == "mesotherapy-rejuvenation" and len(listed(page)) == 3
        assert (
            re.search(r'value="mesotherapy-rejuvenation" checked', page)
            and "(English (United Kingdom), LF-MESO-001)" in page
        )
        polish = client.get("/print", params={"brand": "krakow"}).text
        assert listed(polish)[0] == "mesotherapy-rejuvenation-pl"  # the clinic's language first, and chosen
        assert re.search(r'value="mesotherapy-rejuvenation-pl" checked', polish)
        found = client.get("/print", params={"brand": "harbour-skin", "find": "ARABIC"}).text  # without JavaScript
        assert listed(found) == ["mesotherapy-rejuvenation-ar"] and "1 of 3 leaflets match" in found
        assert re.search(r'value="mesotherapy-rejuvenation-ar" checked', found)
        assert 'name="leaflet" value="mesotherapy-rejuvenation-ar"' in found[found.index('id="print-form"') :]
        none = client.get(
            "/print", params={"brand": "harbour-skin", "find": "zzz", "leaflet": "mesotherapy-rejuvenation"}
        )
        assert none.status_code == 200 and "No leaflet matches “zzz”" in none.text and listed(none.text) == []


def test_the_first_page_lists_leaflets_still_being_checked_instead_of_waiting_for_them(folders, monkeypatch):
    from leaflet.studio.engine import Engine

    content, brands = folders
    held, real = threading.Event(), Engine.findings
    monkeypatch.setattr(Engine, "findings", lambda self, *a: held.wait(60) and real(self, *a))
    # As `leaflet studio` makes it: checks start in the background, and the page does not wait for them.
    with TestClient(create_app(content, brands, warm_up=True), base_url=LOCAL) as studio:
        page = studio.get("/").text
        row = page[page.index("mesotherapy-rejuvenation.yaml") :][:2000]
        assert "Being checked now." in row and "Reload this page" in row
        assert ">OK<" not in page and "warning" not in row  # nothing is shown as checked that was not
        assert 'href="/preview?leaflet=mesotherapy-rejuvenation"' in row  # which checks it at once
        held.set()
        assert studio.app.state.engine.check_in_background().wait(60)
        page = studio.get("/").text
        assert "Being checked" not in page and "1 warning" in page


def test_a_format_the_leaflet_cannot_fit_is_no_problem_with_the_brand_form(client, folders):
    _, brands = folders
    form = brand_form(client, name="Harbour Skin and Laser", preview_format="dl-trifold")
    live = client.post("/brands/harbour-skin/preview", data=form).json()
    assert live["ok"] and "does not fit a DL tri-fold" in live["refused"]  # said beside the preview
    assert "note-error" not in "".join(live["notes"].values())  # nothing marked in the form
    saved = client.post("/brands/harbour-skin", data=form, follow_redirects=False)
    assert saved.status_code == 303 and "Harbour Skin and Laser" in (brands / "harbour-skin.yaml").read_text("utf-8")


def test_the_print_pages_formats_are_checked_once_and_kept_for_the_next_start(folders, monkeypatch):
    """Which formats a leaflet fits takes a build each (2-3 s for a long translation): kept on disk
    like the first page's checks, so a restarted studio answers at once; the format chosen is still
    checked again, in memory, before its page is shown."""
    from leaflet.layout.options import FORMATS
    from leaflet.studio.engine import Engine

    content, brands = folders
    gated: list[str] = []
    real = Engine.gate

    def counted(self, path, leaflet_, brand, options):
        gated.append(options.format)
        return real(self, path, leaflet_, brand, options)

    monkeypatch.setattr(Engine, "gate", counted)

    def print_page() -> str:
        with TestClient(create_app(content, brands), base_url=LOCAL, headers=SAME_ORIGIN) as client:
            answer = client.get("/print", params={"leaflet": MESO.stem, "brand": "harbour-skin"})
            assert answer.status_code == 200
            return answer.text

    trifold_refused = r'<input type="radio" id="print-format-dl-trifold"[^>]* disabled'
    first = print_page()
    assert sorted(set(gated)) == sorted(FORMATS)
    assert re.search(trifold_refused, first) and "too long for a DL tri-fold" in first
    gated.clear()
    again = print_page()  # a new studio on the same folders, as after a restart
    assert gated == ["a4"]  # only the format shown, checked again before it is
    assert re.search(trifold_refused, again) and "too long for a DL tri-fold" in again
    # A changed brand is a different question: asked again.
    harbour = brands / "harbour-skin.yaml"
    harbour.write_text(harbour.read_text("utf-8").replace("Harbour", "Harbor"), "utf-8")
    gated.clear()
    print_page()
    assert sorted(set(gated)) == sorted(FORMATS)
