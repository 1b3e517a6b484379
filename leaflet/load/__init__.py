"""Load and validate: YAML files in, validated Leaflet and Brand objects out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import FieldError, LeafletError, Problem
from .assets import FALLBACK_FAMILY, check_logo, find_family
from .brand import DEFAULT_BRAND, Brand
from .content import Leaflet
from .fields import Sourced
from .files import FileProblem, inside
from .model import Model
from .yamlpos import DataPath, SourceMap, load_yaml

__all__ = [
    "Brand",
    "DEFAULT_BRAND",
    "Leaflet",
    "SourceMap",
    "input_files",
    "load_brand",
    "load_leaflet",
    "placed",
    "problem_at",
    "source_of",
    "text_fields",
    "translation_source",
]


# Fields that hold codes, paths or settings, never words the patient reads. (A brand's prices are
# numbers, so its text walks past them; a content's price rows print their item and note.)
NOT_PRINTED = frozenset(
    {
        "id",
        "frequency",
        "language",
        "currency",
        "checks",
        "logo",
        "colors",
        "kind",
        "purpose",
        "fonts",
        "locale",
        "source",
        "translation_of",
        "source_version",
    }
)


def text_fields(model: Model) -> list[tuple[DataPath, str]]:
    """Every printed piece of text in a Leaflet or Brand, with its path for error positions, in
    the order of ``model_dump()``. The models are walked as they are: the lint reads every
    leaflet's fields several times, and a dump made a dict or list of each of its parts."""
    found: list[tuple[DataPath, str]] = []

    def walk(value: Any, path: DataPath) -> None:
        if isinstance(value, str):
            found.append((path, value))
        elif isinstance(value, Model):
            for key in value.fields:
                if key not in NOT_PRINTED:
                    walk(getattr(value, key), path + (key,))
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in NOT_PRINTED:
                    walk(item, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, path + (i,))

    walk(model, ())
    return found


def problem_at(
    model: Sourced,
    path: DataPath,
    message: str,
    hint: str | None = None,
    *,
    needle: str | None = None,
    key: bool = False,
) -> Problem:
    """A problem at ``path`` of a loaded Leaflet or Brand; objects made in code have no file,
    so the path itself says where."""
    return (model._source or SourceMap(None)).problem(path, message, hint, needle=needle, key=key)


def placed(error: FieldError) -> LeafletError:
    """Problems layout found at fields (errors.FieldError), each at its file:line:col."""
    return LeafletError(
        [
            problem_at(f.model, f.path, f.message, f.hint, needle=f.needle, key=f.key)  # type: ignore[arg-type]
            for f in error.found
        ]
    )


def source_of(obj: Sourced) -> SourceMap | None:
    """Where a loaded Leaflet or Brand came from (None for objects made in code)."""
    return obj._source


def _validate(model: type[Model], path: Path, display: str | None):
    data, source = load_yaml(path, display)
    obj = model.model_validate(data, source)
    obj._source = source
    return obj


def load_leaflet(path: str | Path, display: str | None = None) -> Leaflet:
    leaflet = _validate(Leaflet, Path(path), display)
    if leaflet.translation_of and _same_file(Path(path).parent / leaflet.translation_of, Path(path)):
        raise LeafletError(
            problem_at(
                leaflet,
                ("translation_of",),
                "a leaflet cannot be a translation of itself",
                "Name the file this one was translated from, or remove 'translation_of' "
                "and 'source_version' if it is not a translation.",
            )
        )
    return leaflet


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or a.samefile(b)
    except (OSError, ValueError, RuntimeError):  # no such file: the lint says so
        return False


def load_brand(path: str | Path, display: str | None = None) -> Brand:
    """A brand whose logo and font folders are checked and made absolute paths."""
    path = Path(path)
    brand = _validate(Brand, path, display)
    base = path.resolve().parent
    where: tuple = ("logo",)
    try:
        logo = str(check_logo(base, brand.logo)) if brand.logo else None
        fonts = {}
        for role in ("body", "headings"):
            where = ("fonts", role)
            family = find_family(getattr(brand.fonts, role), base)
            fonts[role] = family.name
    except FileProblem as exc:
        raise LeafletError(problem_at(brand, where, str(exc), exc.hint)) from None
    return brand.model_copy(update={"logo": logo, "fonts": brand.fonts.model_copy(update=fonts)})


def translation_source(leaflet: Leaflet, content: str | Path | None) -> Path | None:
    """The source file a translation names in ``translation_of``, beside the translation's own file
    ``content`` (None: a leaflet made in code, beside the working folder); None for a leaflet that
    is not a translation. Raises FileProblem for a name that leads out of the translation's folder."""
    if not leaflet.translation_of:
        return None
    folder = Path(content).resolve().parent if content else Path.cwd()
    return inside(folder, leaflet.translation_of, "the source file")


def input_files(content: Path, brand_path: Path | None, brand: Brand, leaflet: Leaflet | None = None) -> list[str]:
    """Every file a leaflet's PDF is made from: the content, the brand, its logo and the font files
    of its families, and (given the loaded ``leaflet``) the source a translation is checked against.
    Batch hashes them, watch mode polls them, and no output may be one of them."""
    files = [str(content)] + ([str(brand_path)] if brand_path else [])
    try:
        source = translation_source(leaflet, content) if leaflet is not None else None
    except FileProblem:  # outside the folder: never read, and the lint says so (LF706)
        source = None
    if source is not None:
        files.append(str(source))
    if brand.logo:
        files.append(str(brand.logo))
    for name in dict.fromkeys((brand.fonts.body, brand.fonts.headings, FALLBACK_FAMILY)):
        family = find_family(name)
        files += [str(p) for p in dict.fromkeys((family.regular, family.bold, family.italic, family.bold_italic))]
    return list(dict.fromkeys(files))
