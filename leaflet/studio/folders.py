"""The two folders the studio may touch, and the only way a request can name a file in them.

A request names a leaflet or a brand by its file name without the folder or the ``.yaml``
(``mesotherapy-rejuvenation``, ``harbour-skin``). A name is a plain word of letters, digits, dots,
dashes and underscores that does not start with a dot; the file it names must be a regular file
directly inside its folder, after symbolic links are resolved. ``../`` or an absolute path can
never get through, whatever its encoding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
YAML_SUFFIXES = (".yaml", ".yml")
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")


class NotFound(LookupError):
    """No such leaflet, brand or logo in the studio's folders (or a name that could escape them)."""


def inside(folder: Path, name: str, suffixes: tuple[str, ...]) -> Path:
    """The regular file ``name`` + one of ``suffixes`` directly inside ``folder``."""
    if not NAME.fullmatch(name or "") or ".." in name:
        raise NotFound(name)
    root = folder.resolve()
    for suffix in ("",) + suffixes if name.lower().endswith(suffixes) else suffixes:
        path = root / f"{name}{suffix}"
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            continue
        if real.parent == root and real.is_file():
            return path
    raise NotFound(name)


def listing(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The files a request could name in ``folder``: sorted, no hidden or temporary files."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in suffixes and NAME.fullmatch(path.name):
            try:
                inside(folder, path.name, suffixes)
            except NotFound:
                continue
            found.append(path)
    return found


@dataclass(frozen=True)
class Folders:
    """Content is only ever read; brands (and their logos) are read and written."""

    content: Path
    brands: Path

    def leaflet(self, name: str) -> Path:
        return inside(self.content, name, YAML_SUFFIXES)

    def brand(self, name: str) -> Path:
        return inside(self.brands, name, YAML_SUFFIXES)

    def leaflets(self) -> list[Path]:
        return listing(self.content, YAML_SUFFIXES)

    def brand_files(self) -> list[Path]:
        return listing(self.brands, YAML_SUFFIXES)

    def logos(self) -> list[Path]:
        return listing(self.brands, LOGO_SUFFIXES)

    def logo(self, name: str) -> Path:
        return inside(self.brands, name, LOGO_SUFFIXES)

    def new_brand_path(self, name: str) -> Path:
        """Where a new brand called ``name`` (already a safe slug) is written."""
        if not NAME.fullmatch(name):
            raise NotFound(name)
        return self.brands.resolve() / f"{name}.yaml"
