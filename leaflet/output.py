"""Writing the PDF: all or nothing, so a failed build never leaves a half-written file."""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import LeafletError, Problem, UsageError

NAME_BYTES = 255  # the most bytes one file or folder name may have (ext4, XFS, APFS, NTFS)
_SHORTER = f"a file or folder name may be at most {NAME_BYTES} bytes"


def slug(text: str) -> str:
    """A file-name part made of ASCII letters, digits and hyphens: "Clínica Solmar" -> clinica-solmar,
    "Клиника" -> klinika (anyascii transliterates every script; dropping what is not ASCII would
    leave cl-nica-solmar, or nothing)."""
    from anyascii import anyascii  # only output names need it

    return re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-") or "leaflet"


def option_suffix(options, with_format: bool = False) -> list[str]:
    """One name part per option that changes the PDF, so no two different PDFs share a name:
    the format (a4 only if ``with_format``), large print and its size, bleed, crop marks, CMYK,
    PDF/X and the print shop's own colour profile."""
    from .layout.options import LARGE_PRINT_SIZE

    parts = [options.format] if with_format or options.format != "a4" else []
    if options.large_print or options.body_size:
        parts.append("large-print" if options.size == LARGE_PRINT_SIZE else f"large-print-{options.size:g}")
    parts += [f"bleed-{options.bleed:g}mm"] if options.bleed else []
    parts += ["crop-marks"] if options.crop_marks else []
    parts += ["cmyk"] if options.cmyk and not options.pdfx else []
    parts += ["pdfx"] if options.pdfx else []
    parts += [f"icc-{slug(Path(options.icc_profile).stem)}"] if options.icc_profile else []
    parts += ["pages"] if options.format == "a5-booklet" and not options.impose else []
    return parts


def language_part(stem: str, language: str | None) -> list[str]:
    """The language in an output's name ("-pl", "-zh-hans"), unless the content file's name ends
    with it already or the leaflet is in British English (every name before translations)."""
    if not language or language.lower() == "en-gb":
        return []
    tag = slug(language)
    return [] if stem.lower().endswith((f"-{tag}", f".{tag}", f"_{tag}")) else [tag]


def default_output(
    content: Path,
    brand_name: str | None = None,
    folder: Path = Path("output"),
    options=None,
    language: str | None = None,
) -> Path:
    """output/<content>[-<language>][-<brand>][-<format and print options>].pdf; plain A4 adds nothing."""
    parts = [Path(content).stem] + language_part(Path(content).stem, language)
    if brand_name:
        parts.append(slug(brand_name))
    if options is not None:
        parts += option_suffix(options)
    return Path(folder) / f"{'-'.join(parts)}.pdf"


def output_path(
    requested: str | Path | None,
    content: Path,
    brand_name: str | None = None,
    options=None,
    folder: Path = Path("output"),
    language: str | None = None,
) -> Path:
    """Where `build` writes: ``-o`` as given, or inside it when it is a folder or ends in a
    separator (``-o newdir/``, which need not exist yet), or ``folder`` by default."""
    if requested is None:
        return default_output(content, brand_name, folder=folder, options=options, language=language)
    text = str(requested)
    check_names([Path(text)])
    if text.endswith(("/", os.sep)) or Path(text).is_dir():
        return default_output(content, brand_name, folder=Path(text), options=options, language=language)
    return Path(text)


def check_names(outputs: list[Path], named_after: Path | None = None) -> None:
    """Refuse an output whose name (or a folder's on its way) is longer than a file system allows,
    before anything is built: a usage error for a name given on the command line, or a located
    message at the content file when the name is made from its name (``named_after``)."""
    for out in outputs:
        for index, part in enumerate(Path(out).parts):
            size = len(os.fsencode(part))
            if size <= NAME_BYTES:
                continue
            shown = part if len(part) <= 40 else part[:30] + "..." + part[-8:]
            if named_after is None or index < len(Path(out).parts) - 1:  # a folder: given, not made
                raise UsageError(
                    Problem(
                        f"the output name '{shown}' is {size:,} bytes long; {_SHORTER}", hint="Give -o a shorter name."
                    )
                )
            raise LeafletError(
                Problem(
                    f"the output's name, made from this file's name, would be {size:,} bytes long ('{shown}'); "
                    f"{_SHORTER}",
                    str(named_after),
                    hint="Rename the file with a shorter name, or give the output's name with -o.",
                )
            )


def check_outputs(outputs: list[Path], inputs: Sequence[str | Path]) -> None:
    """Refuse outputs that would destroy something: an input of the same build (the content, the
    brand, its logo or fonts), a device, pipe or folder, or one file named for two outputs."""
    sources = [(source, _stat(source)) for source in inputs]  # each file looked at once
    made: list[tuple[Path, os.stat_result | None]] = []
    for out in outputs:
        found = _stat(out)
        for source, there in sources:
            if _same(out, found, source, there):
                raise UsageError(
                    Problem(
                        f"the output '{out}' would overwrite '{source}', one of this build's own inputs",
                        hint="Choose another output file with -o, such as output/leaflet.pdf.",
                    )
                )
        for other, there in made:
            if _same(out, found, other, there):
                raise UsageError(
                    Problem(
                        f"two outputs of this build would both be '{out}'",
                        hint="Give -o a name ending in .pdf: the HTML and pictures are named after it.",
                    )
                )
        made.append((out, found))
        if found is not None and not stat.S_ISREG(found.st_mode):
            raise UsageError(
                Problem(
                    f"the output '{out}' exists and is not an ordinary file",
                    hint="Choose the name of a file to write (or a folder to write in).",
                )
            )


def _stat(path: str | Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _same(a: str | Path, a_stat: os.stat_result | None, b: str | Path, b_stat: os.stat_result | None) -> bool:
    """Whether two paths name one file: the same file if both exist, the same place if neither does
    (a path that exists and one that does not can never be one file)."""
    if a_stat is not None and b_stat is not None:
        return (a_stat.st_dev, a_stat.st_ino) == (b_stat.st_dev, b_stat.st_ino)
    if a_stat is None and b_stat is None:
        return os.path.realpath(a) == os.path.realpath(b)
    return False


def write_atomic(data: bytes, path: Path) -> Path:
    """Write beside the target, then rename over it: readers see the old file or the new one."""
    return write_together([(data, Path(path))])[0]


def write_together(files: list[tuple[bytes, Path]]) -> list[Path]:
    """Write every file or none (a PDF and its HTML, say): each goes to a temporary file beside its
    target first, and only when all are written are they renamed into place. If a rename fails,
    the files already replaced get their old contents back. On failure nothing new is left behind,
    not even a folder made for the output, and the message names the file that failed."""
    made: list[Path] = []  # folders created here, removed again on failure
    staged: list[tuple[str, Path]] = []
    current = None
    try:
        for data, path in files:
            current = path = Path(path)
            made += _make_folders(path.parent)
            # The temporary name is cut short so a name of the longest a file system allows still fits.
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:64]}.", suffix=".tmp")
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, _mode(path))
        _swap_in(staged)
    except BaseException as exc:  # an interrupt or a time limit must not leave temporary files either
        for tmp, _ in staged:
            _remove(tmp)
        for folder in reversed(made):
            try:
                folder.rmdir()
            except OSError:
                pass
        if not isinstance(exc, OSError):
            raise
        hint = (
            f"Give a shorter name: {_SHORTER} on most file systems, fewer on some."
            if exc.errno == errno.ENAMETOOLONG
            else "Check that the folder exists and you may write to it."
        )
        raise LeafletError(Problem(f"cannot write the file: {exc.strerror or exc}", str(current), hint=hint)) from None
    return [path for _, path in files]


def _swap_in(staged: list[tuple[str, Path]]) -> None:
    """Rename each temporary file over its target, keeping a hard link to each old file until all
    are in place, so a failure half way can put the old files back."""
    done: list[tuple[Path, str | None]] = []
    try:
        for tmp, path in staged:
            backup = None
            if len(staged) > 1 and os.path.lexists(path):  # one file alone needs none: a rename is atomic
                backup = f"{tmp}.old"
                try:
                    os.link(path, backup, follow_symlinks=False)
                except OSError:  # a file system without hard links
                    shutil.copyfile(path, backup)
            os.replace(tmp, path)
            done.append((path, backup))
    except BaseException as exc:
        for path, backup in reversed(done):
            if backup:
                os.replace(backup, path)
            else:
                _remove(path)
        raise exc from None
    finally:
        for _path, backup in done:
            if backup and os.path.lexists(backup):
                _remove(backup)


def _mode(path: Path) -> int:
    """The permissions the file gets: those of the file it replaces, or what the umask gives a new
    file. mkstemp's own 0600 would hide the leaflet from colleagues and the print shop."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _make_folders(folder: Path) -> list[Path]:
    """Make ``folder`` and any missing parents; the ones made here, outermost first."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    made = []
    for new in reversed(missing):
        try:
            new.mkdir()
            made.append(new)
        except FileExistsError:  # another process (a batch's other worker) made it just now
            pass
    return made


def _remove(path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
