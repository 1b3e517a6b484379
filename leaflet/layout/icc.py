"""CMYK through an ICC output profile, with littleCMS (Pillow's ImageCms).

One transform (sRGB to the profile, relative colorimetric with black-point compensation) converts
both the brand colours drawn as vector art and the pixels of the logo, so the band and the logo's
own brand colour print as the same inks. Neutral greys, rules and text are not converted: they
print in black ink only (text at 100% K), as a print shop expects.

The profile is the print shop's own (``--icc-profile``), or else Ghostscript's "Artifex CMYK SWOP"
profile where Ghostscript's data is installed (Debian's libgs-common). It is read where it lies, not
shipped with leaflet: it is licensed AGPL-3+ with Ghostscript. ``--pdfx`` embeds it as the output intent.
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from functools import lru_cache

from ..errors import LeafletError, Problem
from ..limits import ICC_BYTES
from ..load.files import FileProblem, read_limited

SYSTEM_PROFILES = ("/usr/share/color/icc/ghostscript/default_cmyk.icc",
                   "/usr/share/ghostscript/*/iccprofiles/default_cmyk.icc",
                   "/usr/local/share/ghostscript/*/iccprofiles/default_cmyk.icc")


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
        raise LeafletError(Problem(
            "CMYK output needs an ICC output profile, and none was given or found",
            hint="Ask the print shop for theirs and give it with --icc-profile FILE.icc, or install "
                 "Ghostscript's profiles (apt-get install libgs-common)."))
    try:
        stat = os.stat(path)
    except OSError as exc:
        raise LeafletError(Problem(f"cannot read the ICC profile: {exc.strerror}", path,
                                   hint="Check the path given to --icc-profile.")) from None
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
        raise LeafletError(Problem(
            f"the ICC profile is a {profile.profile.xcolor_space.strip()} "
            f"{profile.profile.device_class.strip()} profile, not a CMYK output (printer) profile",
            where, hint="Ask the print shop for their CMYK output profile (FOGRA39, GRACoL, ...)."))
    try:
        description = (profile.profile.profile_description or "").strip()
    except ValueError:  # a description littleCMS cannot decode: the profile is named by its file
        description = ""
    loaded = Profile(path, description or os.path.basename(path), data)
    try:
        _transform(loaded, "RGB")  # a damaged profile can read but fail here, half way through a build
    except (OSError, ValueError, ImageCms.PyCMSError):
        raise LeafletError(Problem(
            "littleCMS cannot convert colours to this ICC profile: it is damaged or incomplete (its "
            "colour tables are missing or cut short)", where,
            hint="Ask the print shop to send the profile again, or leave out --icc-profile to use "
                 "the system's CMYK profile.")) from None
    return loaded


@lru_cache(maxsize=8)
def _transform(profile: Profile, mode: str):
    from PIL import ImageCms

    cmyk = ImageCms.ImageCmsProfile(ImageCms.core.profile_frombytes(profile.data))
    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), cmyk, mode, "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                   flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


@lru_cache(maxsize=256)
def rgb_to_cmyk(profile: Profile, rgb: tuple[int, int, int]) -> tuple[float, float, float, float]:
    """One sRGB colour (0-255 each) as CMYK fractions, through the same transform as the logo."""
    from PIL import Image, ImageCms

    pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), _transform(profile, "RGB"))
    assert pixel is not None  # a new image (None only for a transform in place)
    channels = pixel.getpixel((0, 0))
    assert isinstance(channels, tuple)  # a CMYK pixel: four channels
    c, m, y, k = (round(v / 255, 4) for v in channels)
    return c, m, y, k


def image_to_cmyk(profile: Profile, image):
    """An RGB Pillow image converted for printing."""
    from PIL import ImageCms

    return ImageCms.applyTransform(image.convert("RGB"), _transform(profile, "RGB"))
