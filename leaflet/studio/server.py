"""`leaflet studio`: check the folders, choose the token, print the address, run uvicorn."""

from __future__ import annotations

import os
import socket
import sys
import threading
import webbrowser
from pathlib import Path

from ..errors import LeafletError, Problem
from .security import is_loopback, new_secret, new_token


def serve(
    content: Path,
    brands: Path,
    host: str,
    port: int,
    *,
    open_browser: bool = False,
    workers: int = 1,
    default_brand: str | None = None,
) -> int:
    import uvicorn

    if not content.is_dir():
        raise LeafletError(
            Problem(
                "the content folder does not exist",
                str(content),
                hint="Give the folder of leaflet files with --content.",
            )
        )
    if not brands.exists():
        brands.mkdir(parents=True)  # no brand yet: the built-in one works, and new ones go here
        print(f"leaflet studio: made the brands folder {brands}", file=sys.stderr)
    if not brands.is_dir():
        raise LeafletError(
            Problem(
                "the brands folder is not a folder", str(brands), hint="Give the folder of brand files with --brands."
            )
        )
    if not os.access(brands, os.W_OK):
        print(f"leaflet studio: the brands folder {brands} is read-only: brands cannot be saved there", file=sys.stderr)
    if default_brand and not _is_brand(content, brands, default_brand):
        raise LeafletError(
            Problem(
                f"there is no brand file '{default_brand}.yaml' in the brands folder",
                str(brands),
                hint="Give --default-brand the name of a brand file without .yaml, such as harbour-skin.",
            )
        )
    local = is_loopback(host)
    token = None if local else (os.environ.get("LEAFLET_STUDIO_TOKEN") or new_token())
    # Every worker process reads its settings from here (uvicorn starts them with an import string).
    os.environ.update(
        LEAFLET_STUDIO_CONTENT=str(content.resolve()),
        LEAFLET_STUDIO_BRANDS=str(brands.resolve()),
        LEAFLET_STUDIO_TOKEN=token or "",
        LEAFLET_STUDIO_LOOPBACK="1" if local else "0",
        LEAFLET_STUDIO_SECRET=new_secret(),
        LEAFLET_STUDIO_DEFAULT_BRAND=default_brand or "",
    )
    # Listening on every address: print this computer's name, which the others can open.
    shown = socket.gethostname() if host in ("0.0.0.0", "::") else f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    print(banner(address, content, brands, local, workers), flush=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(address,)).start()
    # proxy_headers off: uvicorn would otherwise take the client's address from X-Forwarded-For on
    # any request from 127.0.0.1, and another app on this host could claim a staff browser's address.
    uvicorn.run(
        "leaflet.studio.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        server_header=False,
        proxy_headers=False,
    )
    return 0


def _is_brand(content: Path, brands: Path, name: str) -> bool:
    from .folders import Folders, NotFound

    try:
        Folders(content, brands).brand(name)
    except NotFound:
        return False
    return True


def banner(address: str, content: Path, brands: Path, local: bool, workers: int) -> str:
    lines = [f"leaflet studio: {address}", f"    content (read only): {content}", f"    brands: {brands}"]
    if workers > 1:
        lines.append(f"    {workers} worker processes")
    if local:
        lines.append("    Only this computer can open it. Ctrl-C stops it.")
    else:
        lines.append("    Open to the network: anyone who opens it needs the token in this address.")
        lines.append("    Give it only to the clinic's staff. Ctrl-C stops it.")
    return "\n".join(lines)
