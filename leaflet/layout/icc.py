"""CMYK through an ICC output profile, with littleCMS (Pillow's ImageCms).

One transform (sRGB to the profile, relative colorimetric with black-point compensation) converts
both the brand colours drawn as vector art and the pixels of the logo, so the band and the logo's
own brand colour print as the same inks. Neutral greys, rules and text are not converted: they
print in black ink only (text at 100% K), as a print shop expects.

The profile is read and checked before layout (load/profile.py) and given to it as a Profile.
"""

from __future__ import annotations

from functools import lru_cache

from ..load.profile import Profile, transform

__all__ = ["Profile", "image_to_cmyk", "rgb_to_cmyk"]


@lru_cache(maxsize=256)
def rgb_to_cmyk(profile: Profile, rgb: tuple[int, int, int]) -> tuple[float, float, float, float]:
    """One sRGB colour (0-255 each) as CMYK fractions, through the same transform as the logo."""
    from PIL import Image, ImageCms

    pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), transform(profile, "RGB"))
    assert pixel is not None  # a new image (None only for a transform in place)
    channels = pixel.getpixel((0, 0))
    assert isinstance(channels, tuple)  # a CMYK pixel: four channels
    c, m, y, k = (round(v / 255, 4) for v in channels)
    return c, m, y, k


def image_to_cmyk(profile: Profile, image):
    """An RGB Pillow image converted for printing."""
    from PIL import ImageCms

    return ImageCms.applyTransform(image.convert("RGB"), transform(profile, "RGB"))
