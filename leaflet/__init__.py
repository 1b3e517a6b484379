"""leaflet: YAML content and a clinic brand in, a print-ready patient leaflet (PDF) out.

The library API, for integrators::

    import leaflet
    pdf = leaflet.build_files("content/mesotherapy-rejuvenation.yaml", "content/brands/harbour-skin.yaml")
    leaflet.write(pdf, "output/meso.pdf")

or with objects made in code: ``leaflet.build(Leaflet(...), Brand(...))``.
Bad input raises :class:`LeafletError`, whose message names file:line:col and how to fix it.
"""

from __future__ import annotations

from pathlib import Path

from .errors import LeafletError, Problem
from .layout.options import LayoutOptions as BuildOptions
from .layout.report import LayoutReport
from .load import DEFAULT_BRAND, Brand, Leaflet, load_brand, load_leaflet
from .output import default_output
from .output import write_atomic as write
from .pipeline import Pipeline, lay_out_leaflet, prepared_text
from .text.prepare import Prepared, prepare

__all__ = [
    "Brand",
    "BuildOptions",
    "DEFAULT_BRAND",
    "LayoutReport",
    "Leaflet",
    "LeafletError",
    "Pipeline",
    "Problem",
    "build",
    "build_files",
    "build_with_report",
    "default_output",
    "load_brand",
    "load_leaflet",
    "prepare",
    "write",
]
__version__ = "0.1.0"


def build(
    leaflet: Leaflet | None = None,
    brand: Brand | None = None,
    options: BuildOptions = BuildOptions(),
    *,
    prepared: Prepared | None = None,
) -> bytes:
    """The PDF of one leaflet with one brand (the built-in default brand when None), or of a text
    already prepared for a brand: ``build(prepared=prepare(leaflet, brand))``, as `leaflet build`
    does once for the lint and the layout. Give one or the other: both is a TypeError."""
    return build_with_report(leaflet, brand, options, prepared=prepared)[0]


def build_with_report(
    leaflet: Leaflet | None = None,
    brand: Brand | None = None,
    options: BuildOptions = BuildOptions(),
    *,
    prepared: Prepared | None = None,
) -> tuple[bytes, LayoutReport]:
    """The PDF, and what its layout could not avoid (``report.notes``: LF6xx codes with pages)."""
    return lay_out_leaflet(prepared_text(leaflet, brand, prepared), options)


def build_files(content: str | Path, brand: str | Path | None = None, options: BuildOptions = BuildOptions()) -> bytes:
    """Load, validate and build from files; errors name the file and line."""
    return build(load_leaflet(content, str(content)), load_brand(brand, str(brand)) if brand else None, options)
