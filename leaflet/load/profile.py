"""The CMYK output profile (``--icc-profile``, or the system's): read like every other input file
(files.py), and checked before layout: littleCMS must read it and build the transform every
conversion will use (layout/icc.py converts colours and the logo with it).

The profile is the print shop's own, or else Ghostscript's "Artifex CMYK SWOP" profile where
Ghostscript's data is installed (Debian's libgs-common). It is read where it lies, not shipped with
leaflet: it is licensed AGPL-3+ with Ghostscript. ``--pdfx`` embeds it as the output intent.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from functools import lru_cache

from ..errors import LeafletError, Problem
from ..limits import ICC_BYTES
from .files import FileProblem, read_limited

SYSTEM_PROFILES = (
    "/usr/share/color/icc/ghostscript/default_cmyk.icc",
    "/usr/share/ghostscript/*/iccprofiles/default_cmyk.icc",
    "/usr/local/share/ghostscript/*/iccprofiles/default_cmyk.icc",
)


@dataclass(frozen=True)
class Profile:
    """A CMYK output profile: where it is, what it calls itself, and its bytes (for the output intent)."""

    path: str
    description: str
    data: bytes


def default_profile_path() -> str | None:
    for pattern in SYSTEM_PROFILES:
        found = sorted(glob.glob(pattern))
        if found:
            return found[-1]
    return None


def load_profile(path: str | None) -> Profile:
    """The print shop's profile, or the system's; a located error saying what to do if neither will do."""
    given = path is not None
    path = path or default_profile_path()
    if path is None:
        raise LeafletError(
            Problem(
                "CMYK output needs an ICC output profile, and none was given or found",
                hint="Ask the print shop for theirs and give it with --icc-profile FILE.icc, or install "
                "Ghostscript's profiles (apt-get install libgs-common).",
            )
        )
    try:
        stat = os.stat(path)
    except OSError as exc:
        raise LeafletError(
            Problem(f"cannot read the ICC profile: {exc.strerror}", path, hint="Check the path given to --icc-profile.")
        ) from None
    return _load(os.path.realpath(path), stat.st_mtime_ns, stat.st_size, path if given else None)


@lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int, size: int, given: str | None) -> Profile:
    """Read like every other input (an ordinary file within its limit: never a pipe or a device),
    and refused unless littleCMS can read it and build the transform every conversion will use.
    ``given``: the path as the user gave it, for messages (None: found on this system)."""
    from PIL import ImageCms

    where = given if given is not None else f"{path} (found on this system)"
    hint = "Give the .icc or .icm file the print shop sent."
    try:
        data = read_limited(path, ICC_BYTES, "the ICC profile")
    except FileProblem as exc:
        raise LeafletError(Problem(str(exc), where, hint=exc.hint)) from None
    try:
        profile = ImageCms.ImageCmsProfile(ImageCms.core.profile_frombytes(data))
    except (OSError, ValueError, ImageCms.PyCMSError):
        raise LeafletError(Problem("this file is not an ICC profile littleCMS can read", where, hint=hint)) from None
    if profile.profile.xcolor_space.strip() != "CMYK" or profile.profile.device_class.strip() != "prtr":
        raise LeafletError(
            Problem(
                f"the ICC profile is a {profile.profile.xcolor_space.strip()} "
                f"{profile.profile.device_class.strip()} profile, not a CMYK output (printer) profile",
                where,
                hint="Ask the print shop for their CMYK output profile (FOGRA39, GRACoL, ...).",
            )
        )
    try:
        description = (profile.profile.profile_description or "").strip()
    except ValueError:  # a description littleCMS cannot decode: the profile is named by its file
        description = ""
    loaded = Profile(path, description or os.path.basename(path), data)
    try:
        transform(loaded, "RGB")  # a damaged profile can read but fail here, half way through a build
    except (OSError, ValueError, ImageCms.PyCMSError):
        raise LeafletError(
            Problem(
                "littleCMS cannot convert colours to this ICC profile: it is damaged or incomplete (its "
                "colour tables are missing or cut short)",
                where,
                hint="Ask the print shop to send the profile again, or leave out --icc-profile to use "
                "the system's CMYK profile.",
            )
        ) from None
    return loaded


@lru_cache(maxsize=8)
def transform(profile: Profile, mode: str):
    from PIL import ImageCms

    cmyk = ImageCms.ImageCmsProfile(ImageCms.core.profile_frombytes(profile.data))
    return ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"),
        cmyk,
        mode,
        "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )
