"""The consent form made from a leaflet's own content (``leaflet consent``), and reading a filled one back.

    pdf = consent_pdf(leaflet, brand, LayoutOptions(format="letter"))
    reading = read_form(filled_pdf_bytes)      # which leaflet, what was ticked, signed and dated

The risks a patient signs for are the risks the leaflet they read lists, in the same words; the form
names the leaflet's reference and version (and, for a translation, the version it was made from).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..layout.options import LayoutOptions
from ..load import Brand, Leaflet
from .form import ConsentForm, consent_form

__all__ = ["ConsentForm", "consent_form", "consent_pdf", "consent_output", "make_consent"]

# The lint's findings that concern the form: printed when a form is made (the rest are the leaflet's).
FORM_CODES = ("LF122", "LF703", "LF801", "LF802", "LF803", "LF804")


def consent_pdf(
    leaflet: Leaflet | None = None,
    brand: Brand | None = None,
    options: LayoutOptions = LayoutOptions(),
    *,
    prepared=None,
) -> bytes:
    """The form's PDF bytes, from a leaflet and brand or from their prepared text (one or the
    other, as ``leaflet.build``). Raises LeafletError as a build would (a {{ name }}, a citation,
    a character no font has)."""
    from ..errors import FieldError
    from ..layout.consent import form_pdf
    from ..load import placed
    from ..load.media import read_media
    from ..pipeline import prepared_text
    from ..text.scripts import script_of

    form = consent_form(prepared_text(leaflet, brand, prepared))
    media = read_media(form.prepared.brand, script_of(form.prepared.leaflet.language).family)
    try:
        return form_pdf(form, options, media)
    except FieldError as exc:
        raise placed(exc) from None


def consent_output(
    requested: str | Path | None, content: Path, brand_name: str | None, options: LayoutOptions, language: str | None
) -> Path:
    """``-o`` as given; otherwise the leaflet's own name with "-consent" (in ``-o folder/`` or output/)."""
    from ..output import output_path

    path = output_path(requested, content, brand_name, options, language=language)
    if requested is not None and path == Path(str(requested)):
        return path
    return path.with_name(f"{path.stem}-consent{path.suffix}")


def make_consent(
    content: Path, brand_path: Path | None, options: LayoutOptions = LayoutOptions(), output: str | Path | None = None
) -> Path:
    """Load, check (errors stop it; the form's own warnings go to stderr), lay out and write one form."""
    from .. import DEFAULT_BRAND
    from ..lint.consent_rules import consent_rules
    from ..load import input_files
    from ..output import check_outputs, write_atomic
    from ..pipeline import Pipeline

    pipeline = Pipeline(options, consent=True)
    brand = pipeline.brand(brand_path)
    leaflet = pipeline.leaflet(content)

    def warn(report) -> None:  # the form's own warnings; errors stopped it
        found = report.findings + (
            []
            if leaflet.consent
            else [  # a leaflet with no consent: block, made a form of
                f for f in consent_rules(leaflet, making_form=True) if f.code not in report.switched_off
            ]
        )
        for finding in dict.fromkeys(found):
            if finding.code in FORM_CODES and finding.severity == "warning":
                print(finding, file=sys.stderr)

    pdf = pipeline.build(leaflet, brand, on_checked=warn).pdf
    assert pdf is not None  # a build that returns has laid out its PDF
    out = consent_output(output, content, brand.name if brand else None, options, leaflet.language)
    check_outputs([out], input_files(content, brand_path, brand or DEFAULT_BRAND))
    return write_atomic(pdf, out)
