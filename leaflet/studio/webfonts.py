"""The project's own fonts for the studio's pages, so a leaflet's title in Arabic, Urdu, Bengali or
Punjabi shows its letters on any computer, not only on one with those fonts installed.

A fixed table: each address serves one file of the fonts folder, named here. Nothing in a request
is ever part of a path; ``studio.css`` declares them (@font-face, each with the letters it covers,
so a browser fetches one only for a page that shows those letters).
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from ..load.assets import FONT_DIRS

# address -> (family folder, file)
FILES = {
    "/fonts/arabic.ttf": ("NotoSansArabic", "NotoSansArabic-Regular.ttf"),
    "/fonts/arabic-bold.ttf": ("NotoSansArabic", "NotoSansArabic-Bold.ttf"),
    "/fonts/urdu.ttf": ("NotoNastaliqUrdu", "NotoNastaliqUrdu-Regular.ttf"),
    "/fonts/urdu-bold.ttf": ("NotoNastaliqUrdu", "NotoNastaliqUrdu-Bold.ttf"),
    "/fonts/bengali.ttf": ("NotoSansBengali", "NotoSansBengali-Regular.ttf"),
    "/fonts/bengali-bold.ttf": ("NotoSansBengali", "NotoSansBengali-Bold.ttf"),
    "/fonts/gurmukhi.ttf": ("NotoSansGurmukhi", "NotoSansGurmukhi-Regular.ttf"),
    "/fonts/gurmukhi-bold.ttf": ("NotoSansGurmukhi", "NotoSansGurmukhi-Bold.ttf"),
}


def font_file(family: str, name: str) -> Path | None:
    """The shipped file (the wheel's copy, or the checkout's); None if this install lacks it."""
    for folder in FONT_DIRS:
        if (folder / family / name).is_file():
            return folder / family / name
    return None


def _serve(path: Path | None):
    async def serve(request: Request) -> Response:
        if path is None:
            return Response(status_code=404)
        # The files change only with a new version of leaflet: a day in the browser's cache.
        return FileResponse(path, media_type="font/ttf", headers={"Cache-Control": "max-age=86400"})

    return serve


ROUTES = [Route(address, _serve(font_file(*where))) for address, where in FILES.items()]
