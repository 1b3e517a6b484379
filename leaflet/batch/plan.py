"""What a batch builds: the files named (globs, folders, a batch file) and every content x brand x format."""

from __future__ import annotations

import dataclasses
import glob
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import LeafletError, Problem
from ..layout.options import FORMATS, LayoutOptions, is_format
from ..output import language_part, option_suffix, slug
from . import cache

DEFAULT_BRAND_DIR = "default"  # the built-in brand's folder
# A brand file called default.yaml: slug() never makes an underscore, so no other brand file's folder
# (nor the built-in brand's) can have this name.
DEFAULT_FILE_DIR = "default_brand"
BATCH_FIELDS = ("content", "brands", "formats", "output", "jobs")


@dataclass(frozen=True)
class Job:
    """One leaflet of a batch: a content file, a brand file (None: the built-in brand), options."""

    content: Path
    brand: Path | None
    options: LayoutOptions
    output: Path  # where the PDF goes
    key: str  # the output's path inside the batch's folder, as the manifest names it
    consent: bool = False  # the leaflet's consent form (leaflet consent), not the leaflet
    release: bool = False  # refuse it without a clinical sign-off (`--release`)


def expand(patterns: Iterable[str | Path], what: str, base: Path | None = None) -> list[Path]:
    """Files named by globs, folders (their *.yaml and *.yml) or plain paths; each one once, in order."""
    found: list[Path] = []
    for pattern in patterns:
        text = str(pattern)
        path = Path(text) if base is None or Path(text).is_absolute() else base / text
        if path.is_dir():
            matches = sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
        elif any(ch in text for ch in "*?["):
            matches = sorted(Path(p) for p in glob.glob(str(path), recursive=True) if Path(p).is_file())
        else:
            matches = [path] if path.is_file() else []
        if not matches:
            raise LeafletError(
                Problem(
                    f"no {what} file matches '{text}'",
                    text,
                    hint="Give a YAML file, a folder of them, or a glob such as 'content/*.yaml'.",
                )
            )
        found += [m for m in matches if m not in found]
    return found


def plan(
    contents: list[Path],
    brands: list[Path | None],
    formats: Iterable[str],
    out: Path = Path("output"),
    options: LayoutOptions = LayoutOptions(),
    consent: bool = False,
    release: bool = False,
) -> list[Job]:
    """Every content x brand x format, brand by brand (so a worker reuses one brand's fonts and logo).
    ``consent``: each leaflet's consent form too, on A4 and Letter among the formats (A4 if neither).
    ``release``: each refuses a leaflet no clinician has signed off, as `leaflet build --release`."""
    asked = list(dict.fromkeys(formats))
    for name in asked:
        if not is_format(name):
            raise LeafletError(Problem(f"'{name}' is not a format", hint=f"Use one of: {', '.join(FORMATS)}."))
    chosen = [name for name in asked if is_format(name)] or [options.format]
    jobs: list[Job] = []
    seen: dict[str, tuple[Path, Path | None]] = {}
    for brand in brands or [None]:
        folder = slug(brand.stem) if brand else DEFAULT_BRAND_DIR
        folder = DEFAULT_FILE_DIR if brand and folder == DEFAULT_BRAND_DIR else folder
        for content in contents:
            for name in chosen:
                job_options = dataclasses.replace(options, format=name)
                parts = [content.stem] + language_part(content.stem, _language(content))
                key = f"{folder}/{'-'.join(parts + option_suffix(job_options, with_format=True))}.pdf"
                if key in seen and seen[key] != (content, brand):
                    first = " with ".join(str(p) for p in seen[key] if p)
                    second = " with ".join(str(p) for p in (content, brand) if p)
                    raise LeafletError(
                        Problem(
                            f"'{first}' and '{second}' would both write {out / key}",
                            str(content),
                            hint="Outputs are named after the files: rename one of them.",
                        )
                    )
                if key in seen:
                    continue
                seen[key] = (content, brand)
                jobs.append(Job(content, brand, job_options, out / key, key, release=release))
            if consent:
                for name in [f for f in chosen if f in ("a4", "letter")] or ["a4"]:
                    job_options = dataclasses.replace(options, format=name)
                    parts = [content.stem] + language_part(content.stem, _language(content))
                    key = f"{folder}/{'-'.join(parts + option_suffix(job_options, with_format=True))}-consent.pdf"
                    jobs.append(Job(content, brand, job_options, out / key, key, consent=True, release=release))
    return jobs


def _language(content: Path) -> str | None:
    """A content's language, for its output's name (None if it does not load: the build says why)."""
    try:
        return cache.load_leaflet(content).language
    except Exception:  # a bug in leaflet too: the build reports it as this leaflet's failure
        return None


def load_batch_file(path: Path) -> dict:
    """A batch file: ``content``, ``brands``, ``formats`` (lists), ``output`` and ``jobs``; paths relative to it."""
    from ..load.yamlpos import load_yaml

    data, source = load_yaml(path, str(path))
    problems = []
    if not isinstance(data, dict):
        raise LeafletError(
            Problem(
                "a batch file is a mapping of content, brands, formats, output and jobs",
                str(path),
                1,
                1,
                hint="See docs/batch-and-cluster.md.",
            )
        )
    for key in data:
        if key not in BATCH_FIELDS:
            problems.append(
                source.problem(
                    (key,),
                    f"unknown field '{key}' in a batch file",
                    f"Fields allowed here: {', '.join(BATCH_FIELDS)}.",
                    key=True,
                )
            )
    spec: dict = {}
    for key in ("content", "brands", "formats"):
        value = data.get(key, [])
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(
                source.problem((key,), f"'{key}' must be a list of text", "Write one item a line, each starting '- '.")
            )
            continue
        spec[key] = value
    if "output" in data:
        if isinstance(data["output"], str):
            spec["output"] = path.parent / data["output"]
        else:
            problems.append(
                source.problem(("output",), "'output' must be a folder name", "Write a path such as output.")
            )
    if "jobs" in data:
        if isinstance(data["jobs"], int) and not isinstance(data["jobs"], bool) and data["jobs"] >= 1:
            spec["jobs"] = data["jobs"]
        else:
            problems.append(
                source.problem(("jobs",), "'jobs' must be a whole number, 1 or more", "For example: jobs: 4")
            )
    if problems:
        raise LeafletError(problems)
    spec["base"] = path.parent
    return spec
