"""The studio's web application: every route in one table, each handler a few lines over the library.

Pages are rendered on the server (Jinja2); ``static/studio.js`` adds the live preview, the colour
pickers and the logo upload without a page load, and every page works without it.
"""

from __future__ import annotations

import contextlib
import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from .. import BuildOptions, LeafletError, __version__
from ..layout.options import FORMATS, is_format
from ..limits import LOGO_BYTES
from ..output import default_output, slug
from . import brandfile, brandform, history, printing, state, webfonts
from .engine import PREVIEW_DPI, BrandCheck, Engine, Note, PriceGroup, contained
from .folders import NAME, Folders, NotFound
from .plain import for_staff
from .security import CSRF_FIELD, Guard, Refused, Signer, check_csrf, new_secret
from .uploads import UploadError, save_logo

HERE = Path(__file__).resolve().parent
STUDIO_LANGUAGE = "en"  # the language of the studio's own pages
BUILT_IN = "built-in"  # the print page's value for the built-in brand ("" there means "not chosen")
FORMAT_NAMES = {"a4": "A4", "letter": "US Letter", "a5-booklet": "A5 booklet", "dl-trifold": "DL tri-fold"}
templates = Jinja2Templates(
    env=Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True)
)
templates.env.globals.update(
    FORMAT_NAMES=FORMAT_NAMES,
    FIELDS=brandform.FIELDS,
    form_id=brandform.form_id,
    CSRF_FIELD=CSRF_FIELD,
    version=__version__,
    for_staff=for_staff,
)


@dataclass(frozen=True)
class Selection:
    """What a page or a download is about: a leaflet, a brand (None: the built-in one), a format."""

    leaflet: Path
    brand: Path | None
    options: BuildOptions
    page: int

    @property
    def query(self) -> dict[str, str]:
        return {
            "leaflet": self.leaflet.stem,
            "brand": self.brand.stem if self.brand else "",
            "format": self.options.format,
            "large_print": "1" if self.options.large_print else "",
        }


def _studio(request: Request) -> tuple[Folders, Engine]:
    return request.app.state.folders, request.app.state.engine


def selection(request: Request, params: Any = None) -> Selection:
    """The leaflet, brand and format a request names; NotFound for anything not in the folders."""
    folders, _ = _studio(request)
    params = params if params is not None else request.query_params
    choices = _leaflet_choices(request)
    leaflet = folders.leaflet(params.get("leaflet") or (choices[0][0] if choices else ""))
    brand = folders.brand(params["brand"]) if params.get("brand") not in (None, "", BUILT_IN) else None
    fmt = params.get("format") or "a4"
    if not is_format(fmt):
        raise NotFound(fmt)
    large = bool(params.get("large_print")) and fmt != "dl-trifold"
    return Selection(leaflet, brand, BuildOptions(format=fmt, large_print=large), whole(params.get("page")) or 1)


def whole(text: Any, digits: int = 4) -> int | None:
    """A whole number written in ASCII digits (``²`` and ``٣`` are digits to Python, not to a form),
    at most ``digits`` long; None for anything else."""
    if isinstance(text, str) and text.isascii() and text.isdigit() and len(text) <= digits:
        return int(text)
    return None


def page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    context.setdefault("csrf", request.state.csrf)
    context.setdefault("leaflet_choices", _leaflet_choices(request))
    return templates.TemplateResponse(request, template, context, status_code=status)


def _leaflet_choices(request: Request) -> list[tuple[str, str]]:
    """(file name without .yaml, title) of every leaflet that loads: those to preview, print or
    download, those in the studio's language first (a picker starts on one the staff can read).
    The library page lists the others with their problems."""
    folders, engine = _studio(request)
    found = []
    for path in folders.leaflets():
        try:
            leaflet = engine.leaflet(path)
        except LeafletError:
            continue
        found.append((not leaflet.language.lower().startswith(STUDIO_LANGUAGE), leaflet.title, path.stem))
    return [(stem, title) for _, title, stem in sorted(found)]


@dataclass(frozen=True)
class Pick:
    """One leaflet in the print page's picker."""

    stem: str
    title: str
    language: str  # its name, in English (the studio's language)
    reference: str
    code: str  # its BCP 47 tag, for the title's lang attribute


def _language_name(code: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(STUDIO_LANGUAGE) or code
    except (ValueError, UnknownLocaleError):
        return code


def leaflet_picks(request: Request, clinic_language: str, find: str = "") -> list[Pick]:
    """The leaflets the print page offers: those in the clinic's language first (the language of
    its brand's locale), then the others, each by title; with ``find``, only those whose title,
    reference, language or file name contain it (any case)."""
    folders, engine = _studio(request)
    found = []
    needle = find.casefold().strip()
    for path in folders.leaflets():
        try:
            leaflet = engine.leaflet(path)
        except LeafletError:
            continue
        pick = Pick(
            path.stem, leaflet.title, _language_name(leaflet.language), leaflet.reference or "", leaflet.language
        )
        if needle and needle not in " ".join([pick.title, pick.language, pick.reference, pick.stem]).casefold():
            continue
        language = leaflet.language.lower().split("-")[0]
        found.append((language != clinic_language, pick.title.casefold(), pick))
    return [pick for *_, pick in sorted(found, key=lambda item: item[:2])]


def _brand_choices(request: Request) -> list[tuple[str, str]]:
    """(file name without .yaml, clinic name) of every brand file; the clinic name only if it loads."""
    folders, engine = _studio(request)
    found = []
    for path in folders.brand_files():
        try:
            brand = engine.brand(path)
            assert brand is not None  # a file is never the built-in brand
            found.append((path.stem, brand.name))
        except LeafletError:
            found.append((path.stem, f"{path.stem} (has problems)"))
    return found


# ---------------------------------------------------------------- library and previews


async def library(request: Request, status: int = 200, problems: dict[str, str] | None = None) -> HTMLResponse:
    """The first page. ``problems``: what stopped bringing a deleted brand back, {the id of its
    button: message}, shown at that brand and in an error summary at the top."""
    folders, engine = _studio(request)
    leaflets = await run_in_threadpool(engine.catalogue, request.app.state.first_page_wait)
    return page(
        request,
        "library.html",
        status,
        leaflets=leaflets,
        brands=_brand_choices(request),
        content_folder=folders.content,
        brands_folder=folders.brands,
        deleted=history.deleted(folders.brands),
        just_deleted=request.query_params.get("deleted", ""),
        errors=problems or {},
    )


async def preview_page(request: Request) -> HTMLResponse:
    chosen = selection(request)
    _, engine = _studio(request)

    def work():
        leaflet = engine.leaflet(chosen.leaflet)
        brand = engine.brand(chosen.brand)
        findings = engine.findings(chosen.leaflet, leaflet, brand, chosen.options)
        try:
            pages = engine.page_count(engine.pdf(chosen.leaflet, leaflet, brand, chosen.options))
        except LeafletError:
            pages = 0
        return leaflet, brand, findings, pages

    leaflet, brand, findings, pages = await run_in_threadpool(work)
    return page(
        request,
        "preview.html",
        chosen=chosen,
        leaflet=leaflet,
        brand=brand,
        findings=findings,
        pages=pages,
        brands=_brand_choices(request),
    )


async def preview_png(request: Request) -> Response:
    chosen = selection(request)
    _, engine = _studio(request)

    def work():
        leaflet = engine.leaflet(chosen.leaflet)
        return engine.page_png(
            chosen.leaflet, leaflet, engine.brand(chosen.brand), chosen.options, chosen.page, PREVIEW_DPI
        )[0]

    return Response(await run_in_threadpool(work), media_type="image/png", headers={"Cache-Control": "no-cache"})


# ---------------------------------------------------------------- downloads


async def _built(request: Request, chosen: Selection) -> tuple[bytes, str]:
    """The PDF `leaflet build` writes for this selection, and its file name; LeafletError if the
    build would stop (a lint error, a layout refusal), with the same messages."""
    _, engine = _studio(request)

    def work():
        leaflet = engine.leaflet(chosen.leaflet)
        brand = engine.brand(chosen.brand)
        errors = engine.gate(chosen.leaflet, leaflet, brand, chosen.options)
        if errors:
            raise StopBuild(errors)
        pdf = engine.pdf(chosen.leaflet, leaflet, brand, chosen.options)
        name = default_output(chosen.leaflet, brand.name if brand else None, options=chosen.options).name
        return pdf, name

    return await run_in_threadpool(work)


async def _consent_built(request: Request, chosen: Selection) -> tuple[bytes, str, BuildOptions]:
    """The consent form `leaflet consent` writes for this leaflet and brand (on A4 unless Letter is
    chosen), its file name and options; stopped by the same rules as the leaflet."""
    from ..consent import consent_output, consent_pdf

    _, engine = _studio(request)
    options = BuildOptions(
        format="letter" if chosen.options.format == "letter" else "a4", large_print=chosen.options.large_print
    )

    def work():
        leaflet = engine.leaflet(chosen.leaflet)
        brand = engine.brand(chosen.brand)
        errors = engine.gate(chosen.leaflet, leaflet, brand, options)
        if errors:
            raise StopBuild(errors)
        with engine.lock:
            pdf = consent_pdf(leaflet, brand, options)
        name = consent_output(None, chosen.leaflet, brand.name if brand else None, options, leaflet.language).name
        return pdf, name, options

    return await run_in_threadpool(work)


class StopBuild(Exception):
    """The build's own rules stop it: the notes say why, as `leaflet build` would print them."""

    def __init__(self, notes: list[Note]):
        super().__init__("the leaflet has errors")
        self.notes = notes


def _attachment(data: bytes, name: str, media: str) -> Response:
    return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def _download_choice(request: Request) -> Selection:
    """What a download is of: the link's query, or from the print page's form (POST) exactly the
    leaflet, brand and format shown there (that brand is then the one the print page starts with)."""
    if request.method != "POST":
        return selection(request)
    form = await request.form()
    check_csrf(request, form)
    chosen = selection(request, form)
    if chosen.brand is not None:
        state.remember_brand(request.app.state.folders, chosen.brand.stem)
    return chosen


async def download_pdf(request: Request) -> Response:
    """The leaflet's PDF, as `leaflet build` writes it."""
    pdf, name = await _built(request, await _download_choice(request))
    return _attachment(pdf, name, "application/pdf")


async def download_consent(request: Request) -> Response:
    """The leaflet's consent form, as `leaflet consent` writes it, for the same brand."""
    pdf, name, _ = await _consent_built(request, await _download_choice(request))
    return _attachment(pdf, name, "application/pdf")


async def download_html(request: Request) -> Response:
    from ..html import render_html

    chosen = selection(request)
    _, name = await _built(request, chosen)
    _, engine = _studio(request)
    html = await run_in_threadpool(
        lambda: contained(
            engine.display(chosen.leaflet),
            lambda: render_html(engine.leaflet(chosen.leaflet), engine.brand(chosen.brand)),
        )
    )
    return _attachment(html.encode("utf-8"), Path(name).with_suffix(".html").name, "text/html; charset=utf-8")


async def download_zip(request: Request) -> Response:
    """Every leaflet of the content folder with one brand, as `leaflet batch` would build them;
    those the build's rules stop are listed, with why, in NOT-BUILT.txt."""
    folders, engine = _studio(request)
    params = request.query_params
    brand_path = folders.brand(params["brand"]) if params.get("brand") else None

    def work():
        brand = engine.brand(brand_path)
        buffer, failed = io.BytesIO(), []
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in folders.leaflets():
                chosen = selection(request, {**params, "leaflet": path.stem})
                try:
                    leaflet = engine.leaflet(path)
                    errors = engine.gate(path, leaflet, brand, chosen.options)
                    pdf = None if errors else engine.pdf(path, leaflet, brand, chosen.options)
                except LeafletError as exc:
                    errors, pdf = [Note.of(p) for p in exc.problems], None
                if pdf is None:
                    failed.append(f"{path.name}:\n" + "\n".join(f"    {_note_text(n)}" for n in errors))
                    continue
                name = default_output(path, brand.name if brand else None, options=chosen.options).name
                archive.writestr(zipfile.ZipInfo(name, (2000, 1, 1, 0, 0, 0)), pdf)
            if failed:
                archive.writestr(zipfile.ZipInfo("NOT-BUILT.txt", (2000, 1, 1, 0, 0, 0)), "\n".join(failed) + "\n")
        return buffer.getvalue(), slug(brand.name if brand else "default")

    data, name = await run_in_threadpool(work)
    return _attachment(data, f"leaflets-{name}.zip", "application/zip")


def _note_text(note: Note) -> str:
    note = for_staff(note)
    return f"{note.message} {note.hint}" if note.hint else note.message


# ---------------------------------------------------------------- printing


@dataclass(frozen=True)
class FormatChoice:
    value: str
    name: str
    refusal: str  # why the leaflet cannot be printed in it, in plain words; "" if it can


def front_desk_brand(request: Request, params: Any) -> tuple[str, str]:
    """(brand file name without .yaml, why) for the print page: the one the link names; else the
    studio's default (`leaflet studio --default-brand`); else the only brand in the folder; else
    the brand last printed or downloaded from the print page (``state.py``: kept by the studio, not
    in a cookie another app could plant). "" with several brands and none of these: the clinic
    must be chosen, never guessed."""
    asked = params.get("brand")
    if asked:
        return asked, ""
    folders, _ = _studio(request)
    default = request.app.state.default_brand
    if default:
        try:
            return folders.brand(default).stem, "the studio's default brand"
        except NotFound:
            pass  # removed since the studio started: as if none were set
    brands = folders.brand_files()
    if len(brands) == 1:
        return brands[0].stem, "the only brand"
    last = state.last_brand(folders)
    if last:
        return last, "the clinic last printed for here"
    return "", ""


def _format_choices(request: Request, chosen: Selection) -> list[FormatChoice]:
    """Every format, with why this leaflet and brand cannot be printed in it (the build's own
    refusals, such as a tri-fold too short for the text)."""
    _, engine = _studio(request)
    leaflet, brand = engine.leaflet(chosen.leaflet), engine.brand(chosen.brand)
    choices = []
    for fmt in FORMATS:
        options = BuildOptions(format=fmt, large_print=chosen.options.large_print and fmt != "dl-trifold")
        errors = engine.fits(chosen.leaflet, leaflet, brand, options)
        choices.append(FormatChoice(fmt, FORMAT_NAMES[fmt], _refusal_words(fmt, errors)))
    return choices


def _refusal_words(fmt: str, errors: list[Note]) -> str:
    if not errors:
        return ""
    first = errors[0].message
    if "does not fit" in first:
        return f"Not available: the leaflet is too long for a {FORMAT_NAMES[fmt]} ({first.split(': ', 1)[-1]})."
    return "Not available: the leaflet has problems to fix first (see its preview page)."


def _print_context(request: Request, params: Any, errors: dict[str, str] | None = None) -> dict:
    """What the print page shows: the choices, the formats the leaflet fits, the first page."""
    folders, engine = _studio(request)
    brand_stem, brand_reason = front_desk_brand(request, params)
    find = params.get("find") if isinstance(params.get("find"), str) else ""
    find = find[:100]
    clinic = None
    if brand_stem and brand_stem != BUILT_IN:
        try:
            clinic = engine.brand(folders.brand(brand_stem))
        except (NotFound, LeafletError):
            clinic = None
    clinic_language = (clinic.locale if clinic else STUDIO_LANGUAGE).split("_")[0].lower()
    picks = leaflet_picks(request, clinic_language, find)
    asked = params.get("leaflet")
    if picks and asked not in [p.stem for p in picks]:
        asked = picks[0].stem  # the first that matches what was looked for, in the clinic's language first
    elif not picks:
        asked = asked or ""
    chosen = selection(request, {**dict(params.items()), "brand": brand_stem, "leaflet": asked})
    formats = _format_choices(request, chosen)
    usable = [f.value for f in formats if not f.refusal]
    moved = ""
    if chosen.options.format not in usable and usable:
        moved = (
            f"This leaflet does not fit a {FORMAT_NAMES[chosen.options.format]}, "
            f"so {FORMAT_NAMES[usable[0]]} is chosen."
        )
        chosen = selection(
            request, {**dict(params.items()), "brand": brand_stem, "leaflet": asked, "format": usable[0]}
        )
    leaflet = engine.leaflet(chosen.leaflet)
    brand = engine.brand(chosen.brand)
    blocked = engine.gate(chosen.leaflet, leaflet, brand, chosen.options)
    pages = 0 if blocked else engine.page_count(engine.pdf(chosen.leaflet, leaflet, brand, chosen.options))
    return dict(
        chosen=chosen,
        leaflet=leaflet,
        brand=brand,
        formats=formats,
        moved=moved,
        blocked=blocked,
        picks=picks,
        find=find,
        every_leaflet=len(_leaflet_choices(request)),
        unreviewed=not leaflet.clinically_reviewed,
        pages=pages,
        brand_stem=brand_stem if params.get("brand") != BUILT_IN else BUILT_IN,
        brand_reason=brand_reason,
        brand_missing=not brand_stem and params.get("brand") != BUILT_IN,
        errors=errors or {},
    )


async def print_page(request: Request) -> Response:
    """The front desk's print page: choose, see the first page, print or download exactly that."""
    params: Any = request.query_params
    queues = await run_in_threadpool(printing.printers)
    errors: dict[str, str] = {}
    if request.method == "POST":
        params = await request.form()
        check_csrf(request, params)
        errors = _print_errors(request, params)
        if not errors:
            return await _send_to_printer(request, params)
    context = await run_in_threadpool(_print_context, request, params, errors)
    return page(
        request,
        "print.html",
        422 if errors else 200,
        queues=queues,
        copies=params.get("copies") or "1",
        printer=params.get("printer") or queues.default,
        brands=_brand_choices(request),
        max_copies=printing.MAX_COPIES,
        **context,
    )


def _print_errors(request: Request, form: Any) -> dict[str, str]:
    """What stops a print, by the form field to fix (GOV.UK's error message pattern)."""
    _, engine = _studio(request)
    errors = {}
    if not front_desk_brand(request, form)[0] and form.get("brand") != BUILT_IN:
        errors["print-brand"] = "Choose the clinic the leaflet is for"
    number = whole(form.get("copies") or "")
    if number is None or not 1 <= number <= printing.MAX_COPIES:
        errors["print-copies"] = f"Enter the number of copies as a whole number from 1 to {printing.MAX_COPIES}"
    leaflet = engine.leaflet(selection(request, form).leaflet)
    if not leaflet.clinically_reviewed and form.get("confirm_unreviewed") != "yes":
        # printed on it; the person printing confirms they know
        errors["print-confirm-unreviewed"] = (
            "Confirm that you know no clinician has reviewed this leaflet, "
            "or choose a leaflet a clinician has signed off"
        )
    return errors


async def _send_to_printer(request: Request, form: Any) -> Response:
    """Print, then send the browser to the confirmation (post/redirect/get: a refresh shows the
    confirmation again and never sends the job twice)."""
    _, engine = _studio(request)
    chosen = selection(request, form)
    consent = form.get("document") == "consent"  # "Print the consent form", beside "Print the leaflet"
    if consent:
        pdf, name, options = await _consent_built(request, chosen)
    else:
        (pdf, name), options = await _built(request, chosen), chosen.options
    leaflet = engine.leaflet(chosen.leaflet)
    copies = whole(form.get("copies"))
    assert copies is not None  # _print_errors has refused anything but a whole number
    job = await run_in_threadpool(
        printing.submit, pdf, form.get("printer", ""), copies, options, f"{leaflet.title} ({name})"
    )
    query = {
        **chosen.query,
        "brand": chosen.brand.stem if chosen.brand else BUILT_IN,
        "job": job,
        "printer": form.get("printer", ""),
        "copies": str(copies),
        "pages": str(engine.page_count(pdf)),
        "document": "consent" if consent else "leaflet",
    }
    if chosen.brand is not None:
        state.remember_brand(request.app.state.folders, chosen.brand.stem)
    return RedirectResponse(f"/print/sent?{request.app.state.signer.query(query)}", 303)


async def print_sent(request: Request) -> HTMLResponse:
    """The confirmation of a print job: what was sent where (the job id is CUPS's own). Only the
    studio's own redirect after a print makes its address (signed): a crafted link shows nothing."""
    params = request.query_params
    if not request.app.state.signer.verify(params):
        raise Refused(
            403,
            "This confirmation was not made by the studio, so it shows nothing. "
            "To print a leaflet, open Print for a patient.",
        )
    chosen = selection(request, params)
    _, engine = _studio(request)
    leaflet = await run_in_threadpool(engine.leaflet, chosen.leaflet)
    brand = engine.brand(chosen.brand)
    consent = params.get("document") == "consent"
    options = (
        BuildOptions(format="letter" if chosen.options.format == "letter" else "a4") if consent else chosen.options
    )
    sent = {
        "job": params.get("job", ""),
        "printer": params.get("printer", ""),
        "consent": consent,
        "copies": whole(params.get("copies")) or 1,
        "pages": whole(params.get("pages")) or 0,
        "options": printing.job_options(options),
    }
    return page(request, "print_sent.html", chosen=chosen, leaflet=leaflet, brand=brand, sent=sent)


# ---------------------------------------------------------------- brand editor


def _brand_target(request: Request) -> tuple[str, Path | None]:
    """(slug, file) of the brand a request edits; file None for a new brand."""
    folders, _ = _studio(request)
    name = request.path_params.get("name")
    if name is None:
        return "", None
    return name, folders.brand(name)


def _editor_context(
    request: Request,
    slug_: str,
    values: dict[str, str],
    check,
    fingerprint: str | None,
    preview: dict[str, str],
    **extra,
) -> dict:
    folders, engine = _studio(request)
    logo_files = [p.name for p in folders.logos()]
    logos = list(logo_files)
    if values.get("logo") and values["logo"] not in logos:
        logos.append(values["logo"])
    fonts = brandform.font_choices()
    for role in ("fonts.body", "fonts.headings"):
        if values.get(role) and values[role] not in [v for v, _ in fonts]:
            fonts = fonts + [(values[role], values[role])]
    groups = _price_groups(request, values)
    # A problem with something the form does not show (a price kept for another leaflet, say) is
    # shown above the form, never dropped: "Nothing was saved" must always say why.
    shown = {f.name for f in brandform.FIELDS} | {brandform.price_name(k) for k in _price_keys(groups)} | {"file_name"}
    notes: dict[str, list] = {}
    for name, items in (check.notes if check else {}).items():
        notes.setdefault(name if name in shown else "", []).extend(n for n in items if n.code != PRICE_ORDER)
    for name, note in brandform.price_order_notes(values, groups).items():
        notes.setdefault(name, []).append(note)
    versions = history.versions(folders.brand(slug_)) if slug_ else []
    saver = request.app.state.names.get(request.state.csrf, "")
    extra.setdefault("form_errors", {})
    return dict(
        slug=slug_,
        values=values,
        notes=notes,
        errors=extra.get("form_errors") or _error_links(notes, shown),
        versions=versions,
        unused_logos=_unused_logos(folders),
        removed_logo=_removed_logo(request),
        current_saved=history.current(folders.brand(slug_)) if slug_ else None,
        saver=_clean_name(values.get("saved_by")) or saver,
        default_saver=default_saver(request),
        colour_notes=brandform.colour_notes(values),
        fingerprint=fingerprint or "",
        logos=sorted(logos),
        logo_files=logo_files,
        fonts=fonts,
        locales=brandform.locale_choices(),
        currencies=brandform.currency_choices(),
        price_groups=groups,
        price_words=_price_words,
        preview=preview,
        formats=FORMATS,
        max_logo=LOGO_BYTES,
        logo_resolution=_logo_words(folders, values.get("logo")),
        **extra,
    )


# `leaflet check`'s rule for prices out of the leaflet's order: the editor gives it in the form's own
# words, at the box (brandform.price_order_notes), instead of the rule's, which speak of price ids.
PRICE_ORDER = "LF143"


def _error_links(notes: dict[str, list[Note]], fields: set[str]) -> dict[str, str]:
    """The error summary: {the id of the field to fix: its message}, in the form's order."""
    order = ["", "file_name"] + [f.name for f in brandform.FIELDS]
    ranked = sorted(notes, key=lambda name: order.index(name) if name in order else len(order))
    links: dict[str, str] = {}
    for name in ranked:
        for note in notes[name]:
            if note.severity == "error":
                target = brandform.form_id(name) if name in fields else "f--notes"
                links.setdefault(target, note.message[:1].upper() + note.message[1:])
    return links


def _price_groups(request: Request, values: dict[str, str]) -> list[PriceGroup]:
    """The price groups the editor shows for a brand whose form holds ``values``: each leaflet
    reference's, and the plain ids the brand already sets."""
    _, engine = _studio(request)
    plain = {name.split(".")[1] for name in values if name.startswith("prices.") and name.count(".") == 1}
    return engine.price_groups(plain)


def _price_keys(groups: list[PriceGroup]) -> list[tuple[str, ...]]:
    return [row.key for group in groups for row in group.rows]


def _file_values(text: str) -> dict[str, str]:
    try:
        return brandform.current_values(brandfile.parse(text))
    except brandfile.Unreadable:
        return {}


def _price_words(value: Any, currency: str) -> str:
    from ..text.money import price_text

    try:
        return price_text(value, currency, "en_GB")
    except (ValueError, TypeError):
        return str(value)


def _logo_words(folders: Folders, name: str | None) -> str:
    """The logo's printed resolution, if the brand names a logo inside its folder."""
    from ..load.files import FileProblem, inside
    from .uploads import resolution

    try:
        return resolution(inside(folders.brands, name, "the logo")) if name else ""
    except FileProblem:
        return ""


def _preview_choice(request: Request, params: Any) -> dict[str, str]:
    names = [stem for stem, _ in _leaflet_choices(request)]
    chosen = params.get("preview_leaflet") if params.get("preview_leaflet") in names else (names[0] if names else "")
    fmt = params.get("preview_format") if is_format(params.get("preview_format")) else "a4"
    return {
        "leaflet": chosen,
        "format": fmt,
        "page": str(whole(params.get("preview_page")) or 1),
        "large_print": "1" if params.get("preview_large_print") and fmt != "dl-trifold" else "",
    }


def _preview_options(preview: dict[str, str]) -> BuildOptions:
    fmt = preview["format"]
    assert is_format(fmt)  # _preview_choice chose it
    return BuildOptions(format=fmt, large_print=bool(preview["large_print"]))


async def _preview_refusal(request: Request, slug_: str, preview: dict[str, str]) -> str:
    """Why the editor's preview image (the saved brand, or the built-in one for a new brand) cannot
    be drawn, in plain words, such as a tri-fold too short for the leaflet; "" if it can. Said in
    place of the image, which would be a broken one without JavaScript. The build is the one the
    image would make (kept by the engine), so asking costs nothing more."""
    folders, engine = _studio(request)
    if not preview["leaflet"]:
        return ""

    def work() -> str:
        content = folders.leaflet(preview["leaflet"])
        brand_path = folders.brand(slug_) if slug_ else None
        try:
            brand = engine.brand(brand_path)
            engine.pdf(content, engine.leaflet(content), brand, _preview_options(preview))
        except LeafletError as exc:
            if brand_path is not None and any(p.file == engine.display(brand_path) for p in exc.problems):
                return "The saved brand cannot be previewed until the problems marked in the form are fixed and saved."
            why = " ".join(_note_text(Note.of(p)) for p in exc.problems)
            return (
                f"This leaflet cannot be shown as a {FORMAT_NAMES[preview['format']]} (nothing to do with the "
                f"brand): {why} Choose another format to see it."
            )
        return ""

    return await run_in_threadpool(work)


async def brand_editor(request: Request) -> Response:
    slug_, path = _brand_target(request)
    if request.method == "POST":
        return await _save_brand(request, slug_, path)
    return await _editor_page(request, slug_, path)


async def _editor_page(
    request: Request,
    slug_: str,
    path: Path | None,
    status: int = 200,
    problems: dict[str, str] | None = None,
    **extra: str,
) -> HTMLResponse:
    """The editor with the brand as saved. ``problems``: what stopped one of its smaller forms
    (rename, logo upload, logo removal), {field id: message}, shown the GOV.UK way: the message at
    its field, the field marked, a summary at the top linking to it, "Error:" in the title; ``extra``:
    what was typed in that form, shown again."""
    folders, engine = _studio(request)
    try:
        text = brandfile.read(path) if path else brandfile.NEW_BRAND
        values = brandform.current_values(brandfile.parse(text))
    except brandfile.Unreadable:  # show the loader's own messages; never offer to overwrite it
        engine.brand(path)
        raise
    if request.query_params.get("logo") in [p.name for p in folders.logos()]:
        values["logo"] = request.query_params["logo"]  # just uploaded, not yet saved
    if path is None:  # nothing is written until the clinic is named (not "Your clinic")
        values.update(file_name="", name="")
    preview = _preview_choice(request, request.query_params)
    content = folders.leaflet(preview["leaflet"]) if preview["leaflet"] else None
    check = await run_in_threadpool(
        engine.check_brand, text, path.name if path else "new-brand.yaml", content, _preview_options(preview)
    )
    renamed_from = request.query_params.get("renamed_from", "")
    refused = await _preview_refusal(request, slug_, preview)
    return page(
        request,
        "brand.html",
        status,
        **_editor_context(
            request,
            slug_,
            values,
            check,
            brandfile.fingerprint(text) if path else "",
            preview,
            saved=request.query_params.get("saved") == "1",
            restored=request.query_params.get("restored") == "1",
            renamed_from=renamed_from if NAME.fullmatch(renamed_from) else "",
            form_errors=problems or {},
            preview_refused=refused,
            **extra,
        ),
    )


async def brand_restore(request: Request) -> Response:
    """Put an earlier version of a brand file back, byte for byte (the current one is kept too)."""
    folders, _ = _studio(request)
    slug_, path = _brand_target(request)
    form = await request.form()
    check_csrf(request, form)
    name = form.get("version")
    if not isinstance(name, str):
        raise NotFound("no version")

    who = saved_by(request, form)

    def work():
        with brandfile.locked(folders.brands):
            history.restore(path, name)
            history.record(path, who, "restored")

    await run_in_threadpool(work)
    return RedirectResponse(f"/brands/{slug_}?restored=1", 303)


FILE_NAME_LETTERS = 80  # of a new brand's file name: with ".yaml" well inside what a folder allows
SAVER_LETTERS = 60  # of the name a person gives for the history
REMEMBERED_NAMES = 1000


def _clean_name(text: Any) -> str:
    """A name as typed, on one line, with no control or invisible format characters."""
    import unicodedata

    if not isinstance(text, str):
        return ""
    kept = "".join(c if not unicodedata.category(c).startswith("C") else " " for c in text)
    return " ".join(kept.split())[:SAVER_LETTERS]


def default_saver(request: Request) -> str:
    """Who a save is recorded as when no name was given. A studio that answers only this computer
    runs as the account of whoever started it, the person at this computer: that account's name.
    On the network, the one fact the studio knows is the browser's address (never taken from a
    header: see server.py)."""
    if request.app.state.loopback_only:
        import getpass

        try:
            return f"{getpass.getuser()} (this computer's account)"
        except (KeyError, OSError):
            return "this computer's user (no name given)"
    return f"someone at {(request.client.host if request.client else '') or 'an unknown address'} (no name given)"


def saved_by(request: Request, form: Any = None) -> str:
    """Who is saving, for the history: the name typed in "Your name" on this browser's session (given
    once, remembered by this studio process for the session), else ``default_saver``."""
    names: dict[str, str] = request.app.state.names
    typed = _clean_name(form.get("saved_by")) if form is not None else ""
    if typed:
        names.pop(request.state.csrf, None)
        names[request.state.csrf] = typed
        while len(names) > REMEMBERED_NAMES:
            names.pop(next(iter(names)))
    return names.get(request.state.csrf) or default_saver(request)


def _new_file_name(form: Any) -> str:
    return slug(form.get("file_name") or form.get("name") or "new-brand")


async def _save_brand(request: Request, slug_: str, path: Path | None) -> Response:
    folders, engine = _studio(request)
    form = await request.form()
    check_csrf(request, form)
    try:
        on_disk = brandfile.read(path) if path else brandfile.NEW_BRAND
    except FileNotFoundError:
        on_disk = brandfile.NEW_BRAND
    keys = _price_keys(_price_groups(request, _file_values(on_disk)))
    values = brandform.values_from_form(form, keys)
    preview = _preview_choice(request, form)
    content = folders.leaflet(preview["leaflet"]) if preview["leaflet"] else None
    typed = {k: v for k, v in form.items() if isinstance(v, str)}
    if path is None:
        slug_ = _new_file_name(form)
        if len(slug_) > FILE_NAME_LETTERS:
            check = BrandCheck(None)
            check.add(
                "file_name",
                Note(
                    f"the file name is longer than {FILE_NAME_LETTERS} letters",
                    "Choose a shorter file name, such as the clinic's name in a few words.",
                ),
            )
            refused = await _preview_refusal(request, "", preview)
            return page(
                request,
                "brand.html",
                422,
                **_editor_context(request, "", typed, check, "", preview, save_failed=True, preview_refused=refused),
            )
        target = folders.new_brand_path(slug_)
    else:
        target = path
    who = saved_by(request, form)

    def work():
        with brandfile.locked(folders.brands):
            try:
                current = brandfile.read(target)
            except FileNotFoundError:
                current = None
            text = brandfile.merged(current if current is not None else brandfile.NEW_BRAND, values, keys)
            check = engine.check_brand(text, target.name, content, _preview_options(preview))
            expected = form.get("fingerprint") or None if path else None
            if path is None and (current is not None or slug_ == "new"):
                check.add(
                    "file_name",
                    Note(
                        f"there is already a brand called '{target.name}'"
                        if current is not None
                        else "'new' cannot be a brand's file name",
                        "Choose another file name.",
                    ),
                )
                return check, 409, None
            if path is None and os.path.lexists(history.folder(target)):
                # A deleted brand's earlier versions are kept under its name: a new brand of that
                # name would take them over and hide it from Deleted brands (rename refuses too).
                check.add(
                    "file_name",
                    Note(
                        f"a deleted brand has the file name {target.name}: bring it back from Deleted brands "
                        "on the first page, or choose another file name",
                        "Its earlier versions are kept under that name.",
                    ),
                )
                return check, 409, None
            if check.errors:
                return check, 422, None
            try:
                brandfile.save(target, text, expected)
                history.record(target, who)
            except brandfile.Conflict:
                check.add(
                    "",
                    Note(
                        "someone saved this brand while you were editing it, so nothing was saved",
                        "What you typed is still in the form; the fields where their version differs "
                        "are listed below. Save again to replace their version with what is in the form, "
                        "or Discard changes to keep theirs.",
                    ),
                )
                return check, 409, current
            return check, 200, None

    check, status, theirs = await run_in_threadpool(work)
    if status == 200:
        return RedirectResponse(f"/brands/{target.stem}?saved=1&preview_leaflet={preview['leaflet']}", 303)
    sent = form.get("fingerprint")
    fingerprint = sent if isinstance(sent, str) else None  # a file sent under its name is none
    conflict = []
    if theirs is not None:  # the next save is made knowing their version: it may replace it
        fingerprint = brandfile.fingerprint(theirs)
        conflict = _differences(_file_values(theirs), typed, keys)
    refused = await _preview_refusal(request, "" if path is None else slug_, preview)
    return page(
        request,
        "brand.html",
        status,
        **_editor_context(
            request,
            "" if path is None else slug_,
            typed,
            check,
            fingerprint,
            preview,
            save_failed=True,
            conflict=conflict,
            preview_refused=refused,
        ),
    )


def _differences(theirs: dict[str, str], typed: dict[str, str], keys: list) -> list[tuple[str, str, str]]:
    """(field, their saved value, what was typed) for every field where the two differ."""
    labels = {f.name: f.label for f in brandform.FIELDS}
    for key in keys:
        name = brandform.price_name(key)
        labels[name] = f"Price {' / '.join(key)}"
        labels[f"{name}.to"] = f"Price {' / '.join(key)}, up to"
    found = []
    for name, label in labels.items():
        mine, saved = (typed.get(name) or "").replace("\r\n", "\n").strip(), (theirs.get(name) or "").strip()
        if mine != saved:
            found.append((label, saved or "(empty)", mine or "(empty)"))
    return found


async def brand_preview(request: Request) -> JSONResponse:
    """The live preview: the form as it is now, checked and built; problems by field, one page."""
    folders, engine = _studio(request)
    slug_, path = _brand_target(request)
    form = await request.form()
    check_csrf(request, form)
    on_disk = brandfile.read(path) if path else brandfile.NEW_BRAND
    groups = _price_groups(request, _file_values(on_disk))
    values = brandform.values_from_form(form, _price_keys(groups))
    preview = _preview_choice(request, form)
    file_name = path.name if path else f"{_new_file_name(form)}.yaml"

    def work():
        text = brandfile.merged(on_disk, values, _price_keys(groups))
        content = folders.leaflet(preview["leaflet"]) if preview["leaflet"] else None
        check = engine.check_brand(text, file_name, content, _preview_options(preview))
        image, refused = None, []
        if check.brand is not None and content is not None:
            try:
                png, shown, count = engine.page_png(
                    content, engine.leaflet(content), check.brand, _preview_options(preview), int(preview["page"])
                )
                image = {"png": png, "page": shown, "pages": count}
            except LeafletError as exc:
                lines = brandfile.field_lines(text)
                for problem in exc.problems:
                    if problem.file == engine.display(folders.brands / file_name):
                        check.add(brandfile.field_at(lines, problem.line), Note.of(problem))
                    else:  # the leaflet's own (a tri-fold too short for it): about the preview, not the form
                        refused.append(_note_text(Note.of(problem)))
        return check, image, refused

    check, image, refused = await run_in_threadpool(work)
    notes_macro = templates.get_template("_notes.html").module.notes  # type: ignore[attr-defined]  # a macro
    names = (
        [f.name for f in brandform.FIELDS] + [brandform.price_name(k) for k in _price_keys(groups)] + ["file_name", ""]
    )
    typed = {k: v for k, v in form.items() if isinstance(v, str)}
    for items in check.notes.values():
        items[:] = [n for n in items if n.code != PRICE_ORDER]
    for name, note in brandform.price_order_notes(typed, groups).items():
        check.add(name, note)
    body = {
        "ok": not check.errors,
        "refused": " ".join(refused),
        "notes": {brandform.form_id(n): str(notes_macro(check.notes.get(n, []))) for n in names},
        "colours": {
            brandform.form_id(n): text
            for n, text in brandform.colour_notes({k: v for k, v in form.items() if isinstance(v, str)}).items()
        },
    }
    if image:
        import base64

        body.update(
            image="data:image/png;base64," + base64.b64encode(image["png"]).decode("ascii"),
            page=image["page"],
            pages=image["pages"],
        )
    return JSONResponse(body)


async def brand_delete(request: Request) -> Response:
    """Delete a brand file; it is kept in its history, so it can be brought back from the first page."""
    folders, _ = _studio(request)
    slug_, path = _brand_target(request)
    check_csrf(request, await request.form())

    def work():
        with brandfile.locked(folders.brands):
            history.keep(path)
            path.unlink()

    await run_in_threadpool(work)
    return RedirectResponse(f"/?deleted={slug_}", 303)


async def brand_rename(request: Request) -> Response:
    """Give a brand file a new name; its history goes with it, and records the old name, so the
    rename can be undone by renaming it back."""
    folders, _ = _studio(request)
    slug_, path = _brand_target(request)
    assert path is not None  # the route names a brand
    form = await request.form()
    check_csrf(request, form)
    who = saved_by(request, form)
    typed = form.get("new_name")
    typed = typed[:200] if isinstance(typed, str) else ""
    new = slug(typed) if typed.strip() else ""
    problem = ""
    if not new:
        problem = "Enter the new file name, in letters, digits and dashes"
    elif new == "new":
        problem = "Enter a file name other than new (the studio's address for a new brand)"
    elif len(new) > FILE_NAME_LETTERS:
        problem = f"Enter a file name of {FILE_NAME_LETTERS} letters or fewer"

    def work() -> str:
        with brandfile.locked(folders.brands):
            target = folders.new_brand_path(new)
            if os.path.lexists(target):
                return f"There is already a brand called {new}.yaml: enter another file name"
            if os.path.lexists(history.folder(target)):
                return (
                    f"A deleted brand called {new}.yaml keeps its earlier versions under that name: "
                    "enter another file name, or bring that brand back from the first page"
                )
            if os.path.lexists(history.folder(path)):
                history.folder(target).parent.mkdir(exist_ok=True)
                os.rename(history.folder(path), history.folder(target))
            if state.last_brand(folders) == path.stem:
                state.remember_brand(folders, new)  # still the same clinic
            os.rename(path, target)
            history.record(target, who, f"renamed from {path.name}")
            return ""

    if not problem and new != slug_:
        problem = await run_in_threadpool(work)
        if problem:
            return await _editor_page(request, slug_, path, 409, {"rename-new": problem}, rename_value=typed)
        if request.app.state.default_brand == slug_:
            request.app.state.default_brand = new
    if problem:
        return await _editor_page(request, slug_, path, 422, {"rename-new": problem}, rename_value=typed)
    return RedirectResponse(f"/brands/{new}?renamed_from={slug_}" if new != slug_ else f"/brands/{new}", 303)


async def brand_undelete(request: Request) -> Response:
    """Bring a deleted brand back as it was when deleted (its newest kept version)."""
    folders, _ = _studio(request)
    form = await request.form()
    check_csrf(request, form)
    who = saved_by(request, form)
    name = request.path_params["name"]
    target = folders.new_brand_path(name)
    found = dict(history.deleted(folders.brands))
    if name not in found and not (os.path.lexists(target) and history.versions(target)):
        raise NotFound(name)

    def work() -> bool:
        with brandfile.locked(folders.brands):
            if os.path.lexists(target):
                return False
            history.restore(target, found[name].name)
            history.record(target, who, "brought back")
            return True

    if name not in found or not await run_in_threadpool(work):
        # Since the list was shown, a brand of that name was made (it took the deleted one's
        # earlier versions): shown at that brand, in the Brands list.
        problem = (
            f"There is already a brand called {name}.yaml, so the deleted one was not brought back: "
            "it is the newest of that brand's earlier versions, and can be restored from its editor"
        )
        return await library(request, 409, {f"brand-{name}": problem})
    return RedirectResponse(f"/brands/{name}?restored=1", 303)


async def logo_upload(request: Request) -> Response:
    folders, _ = _studio(request)
    slug_, path = _brand_target(request)
    form = await request.form(max_files=1, max_fields=8)
    check_csrf(request, form)
    upload = form.get("logo_file")
    wants_json = "application/json" in request.headers.get("accept", "")
    try:
        if upload is None or isinstance(upload, str) or not (upload.filename or upload.size):  # the box left empty
            raise UploadError("no file was chosen", "Choose the logo file, then press Upload logo.")
        saved = await save_logo(upload, folders.brands, slug_ or _new_file_name(form))
    except UploadError as exc:
        if wants_json:
            return JSONResponse({"message": str(exc), "hint": exc.hint}, status_code=422)
        words = str(exc)
        problem = f"{words[:1].upper()}{words[1:]}. {exc.hint}"
        return await _editor_page(request, slug_, path, 422, {"logo-file": problem})
    if wants_json:
        return JSONResponse({"name": saved.name, "resolution": saved.resolution})
    return RedirectResponse(f"/brands/{slug_ or 'new'}?logo={saved.name}", 303)


def _unused_logos(folders: Folders) -> set[str]:
    """The logos in the brands folder whose file name no brand file mentions (read as text, so a
    brand file the form cannot show still keeps its logo)."""
    texts = []
    for path in folders.brand_files():
        try:
            texts.append(path.read_text("utf-8", errors="replace"))
        except OSError:
            return set()  # cannot tell: offer to remove nothing
    return {p.name for p in folders.logos() if not any(p.name in text for text in texts)}


def _removed_logo(request: Request) -> str:
    name = request.query_params.get("removed_logo", "")
    return name if NAME.fullmatch(name) else ""


async def logo_remove(request: Request) -> Response:
    """Remove a logo no brand file names; back to the editor it was removed from."""
    folders, _ = _studio(request)
    form = await request.form()
    check_csrf(request, form)
    path = folders.logo(request.path_params["name"])
    brand = form.get("brand")
    back = brand if isinstance(brand, str) and NAME.fullmatch(brand) else "new"

    def work() -> bool:
        with brandfile.locked(folders.brands):
            if path.name not in _unused_logos(folders):
                return False
            path.unlink()
            return True

    if not await run_in_threadpool(work):
        slug_ = back if back != "new" else ""
        return await _editor_page(
            request,
            slug_,
            folders.brand(slug_) if slug_ else None,
            409,
            {
                brandform.form_id("logo"): f"A brand file uses the logo {path.name}, so it was not removed: "
                "choose another logo for that brand and save it first"
            },
        )
    return RedirectResponse(f"/brands/{back}?removed_logo={path.name}", 303)


LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


async def logo_file(request: Request) -> Response:
    """A logo in the brands folder, for the editor's thumbnail (an SVG shown as a picture runs nothing)."""
    folders, _ = _studio(request)
    path = folders.logo(request.path_params["name"])
    data = await run_in_threadpool(path.read_bytes)
    return Response(data, media_type=LOGO_TYPES[path.suffix.lower()], headers={"Cache-Control": "no-cache"})


# ---------------------------------------------------------------- errors


async def not_found(request: Request, exc: Exception) -> HTMLResponse:
    return page(
        request,
        "message.html",
        404,
        title="Not found",
        message="There is no such leaflet, brand or page in the studio's folders.",
    )


async def refused(request: Request, exc: Refused) -> HTMLResponse:
    return page(request, "message.html", exc.status, title="Not done", message=str(exc))


async def stopped(request: Request, exc: StopBuild) -> HTMLResponse:
    return page(
        request,
        "message.html",
        422,
        title="The leaflet cannot be built",
        message="It has problems to fix first:",
        notes=exc.notes,
    )


async def bad_input(request: Request, exc: LeafletError) -> HTMLResponse:
    return page(
        request,
        "message.html",
        422,
        title="A file has problems",
        message="Checking the files finds:",
        notes=[Note.of(p) for p in exc.problems],
    )


async def unreadable(request: Request, exc: brandfile.Unreadable) -> HTMLResponse:
    return page(
        request,
        "message.html",
        422,
        title="This brand file cannot be edited here",
        message="It is not a set of fields the form can show, so the studio will not replace it. "
        "Open it in a text editor, or start a new brand.",
    )


async def print_failed(request: Request, exc: printing.PrintError) -> HTMLResponse:
    return page(
        request, "message.html", 503, title="Not printed", message=f"Nothing was printed: {exc}.", offer_pdf=True
    )


async def internal(request: Request, exc: Exception) -> HTMLResponse:
    return HTMLResponse(
        '<!doctype html><html lang="en"><head><title>Internal error</title></head><body><main>'
        "<h1>Something went wrong inside the studio</h1><p>This is a bug in leaflet, not in "
        "your files. Nothing was saved. The studio's window shows the details.</p></main>"
        "</body></html>",
        status_code=500,
    )


ROUTES = [
    Route("/", library),
    Route("/preview", preview_page),
    Route("/preview.png", preview_png),
    Route("/download/pdf", download_pdf, methods=["GET", "POST"]),
    Route("/download/consent", download_consent, methods=["GET", "POST"]),
    Route("/download/html", download_html),
    Route("/download/zip", download_zip),
    Route("/print", print_page, methods=["GET", "POST"]),
    Route("/print/sent", print_sent),
    Route("/brands/new", brand_editor, methods=["GET", "POST"]),
    Route("/brands/new/preview", brand_preview, methods=["POST"]),
    Route("/brands/new/logo", logo_upload, methods=["POST"]),
    Route("/brands/{name}", brand_editor, methods=["GET", "POST"]),
    Route("/brands/{name}/preview", brand_preview, methods=["POST"]),
    Route("/brands/{name}/logo", logo_upload, methods=["POST"]),
    Route("/brands/{name}/restore", brand_restore, methods=["POST"]),
    Route("/brands/{name}/delete", brand_delete, methods=["POST"]),
    Route("/brands/{name}/rename", brand_rename, methods=["POST"]),
    Route("/deleted/{name}/restore", brand_undelete, methods=["POST"]),
    Route("/logos/{name}", logo_file),
    Route("/logos/{name}/delete", logo_remove, methods=["POST"]),
    *webfonts.ROUTES,
    Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
]


@contextlib.asynccontextmanager
async def _warming(app: Starlette):
    app.state.engine.check_in_background()
    yield


FIRST_PAGE_WAIT = 0.25  # seconds the first page waits for checks not kept yet (see checks.py)


def create_app(
    content: Path,
    brands: Path,
    *,
    token: str | None = None,
    loopback_only: bool = True,
    secret: str | None = None,
    default_brand: str | None = None,
    warm_up: bool = False,
) -> Starlette:
    """The studio over two folders. ``token``: required on every request (for a non-local address);
    ``loopback_only``: answer only requests addressed to this computer; ``secret``: what sessions
    and forms are signed with (one made up when not given; worker processes share theirs);
    ``default_brand``: the brand file (name without .yaml) the print page starts with;
    ``warm_up``: check every leaflet in the background as the studio starts, and never let the
    first page wait longer than ``FIRST_PAGE_WAIT`` for a check (it lists a leaflet not checked
    yet as being checked); without it, the first page waits for every check (one studio in a test
    or a script, where a complete answer matters more than a quick one)."""
    secret = secret or new_secret()
    # Each handler takes its own exception class: Starlette's type for the mapping cannot say so.
    handlers: dict[Any, Callable[..., Any]] = {
        NotFound: not_found,
        404: not_found,
        Refused: refused,
        StopBuild: stopped,
        LeafletError: bad_input,
        brandfile.Unreadable: unreadable,
        printing.PrintError: print_failed,
        Exception: internal,
    }
    app = Starlette(
        routes=ROUTES,
        lifespan=_warming if warm_up else None,
        middleware=[
            Middleware(
                Guard, token=token, loopback_only=loopback_only, max_body=LOGO_BYTES.value + 256 * 1024, secret=secret
            )
        ],
        exception_handlers=handlers,
    )
    app.state.folders = Folders(Path(content), Path(brands))
    app.state.engine = Engine(app.state.folders)
    app.state.default_brand = default_brand
    app.state.first_page_wait = FIRST_PAGE_WAIT if warm_up else None
    app.state.signer = Signer(secret)
    app.state.loopback_only = loopback_only
    app.state.names = {}  # the name each session gave for the history (saved_by)
    return app


def app_from_environment() -> Starlette:
    """For ``uvicorn --factory`` with several workers: the settings `leaflet studio` put in the environment."""
    return create_app(
        Path(os.environ["LEAFLET_STUDIO_CONTENT"]),
        Path(os.environ["LEAFLET_STUDIO_BRANDS"]),
        token=os.environ.get("LEAFLET_STUDIO_TOKEN") or None,
        loopback_only=os.environ.get("LEAFLET_STUDIO_LOOPBACK", "1") == "1",
        secret=os.environ.get("LEAFLET_STUDIO_SECRET") or None,
        default_brand=os.environ.get("LEAFLET_STUDIO_DEFAULT_BRAND") or None,
        warm_up=True,
    )
