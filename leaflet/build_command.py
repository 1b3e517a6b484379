"""One `leaflet build` written: the one pipeline (pipeline.py), then the PDF with its HTML and page pictures.

The command line, watch mode and `leaflet preview` all run ``build_and_write``, so each refuses the same
outputs (never one of the build's own inputs, never a device, never two outputs in one file) and
writes its files the same way: all of them, or none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import LeafletError
from .layout.options import LayoutOptions
from .output import check_names, check_outputs, output_path, write_together


@dataclass
class Made:
    written: list[Path] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)  # what the result depends on, for watch mode


def build_and_write(
    content: Path,
    brand_path: Path | None,
    options: LayoutOptions = LayoutOptions(),
    output: str | Path | None = None,
    *,
    folder: Path | None = None,
    pdf: bool = True,
    html: bool = False,
    preview: bool = False,
    dpi: float | None = None,
    release: bool = False,
) -> Made:
    """Build one leaflet and write what was asked. ``output`` is the PDF, or a folder to put it in
    (an existing one, or any name ending in a separator);
    without it the PDF is named after the content and brand, in ``folder`` (default output/).
    ``release``: refuse a leaflet that no clinician has signed off, as errors are refused.

    Raises LeafletError (UsageError for outputs that must not be written); the files known to
    matter so far are in the exception's ``inputs``, so watch mode can wait for a fix to any of them.
    """
    import sys

    from . import DEFAULT_BRAND
    from .load import input_files
    from .pipeline import Pipeline

    pipeline = Pipeline(options, release=release)
    made = Made(inputs=[str(content)] + ([str(brand_path)] if brand_path else []))
    try:
        if output is not None:
            check_names([Path(str(output))])  # a name no file system takes: said before any work
        brand = pipeline.brand(brand_path)
        made.inputs = input_files(content, brand_path, brand or DEFAULT_BRAND)
        leaflet = pipeline.leaflet(content)
        made.inputs = input_files(content, brand_path, brand or DEFAULT_BRAND, leaflet)  # a translation's source too

        def warn(report) -> None:  # the rules' warnings, before the layout; errors stopped the build
            for finding in report.findings:
                if finding.severity == "warning":
                    print(finding, file=sys.stderr)

        built = pipeline.build(leaflet, brand, on_checked=warn)
        for finding in built.layout_warnings():  # what the page breaks could not avoid
            print(finding, file=sys.stderr)
        document = built.pdf
        assert document is not None  # a build that returns has laid out its PDF
        name = brand.name if brand else None
        out = output_path(output, content, name, options, folder=folder or Path("output"), language=leaflet.language)
        files = [(document, out)] if pdf else []
        if html:
            from .html import render_html

            files.append((render_html(leaflet, brand).encode("utf-8"), out.with_suffix(".html")))
        if preview:
            from .preview import previews

            pictures = previews(document, out, dpi) if dpi else previews(document, out)
            files += pictures
        given = output is not None and out == Path(str(output))
        check_names([path for _, path in files], None if given else content)
        check_outputs([path for _, path in files], made.inputs)
        made.written = write_together(files)
        if preview:
            from .preview import remove_stale

            remove_stale(out, len(pictures), made.inputs)
    except LeafletError as exc:
        exc.inputs = made.inputs
        raise
    return made
