"""Reading the files a build names: ordinary files only, never more bytes than a limit allows, and
never outside the folder of the file that names them.

Every read goes through ``read_limited``. It opens without blocking and checks the open file itself,
so a pipe cannot hang a build, a device such as /dev/zero cannot fill memory, a symbolic link to
either is caught, and a file that grows while it is read is still cut off at the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..limits import HINT, MIB, Limit

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class FileProblem(ValueError):
    """A named file cannot be used; the message says what is wrong, the hint how to fix it."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


def size_text(size: int) -> str:
    return f"{size / MIB:.1f} MB" if size >= MIB / 10 else f"{size:,} bytes"


def too_big(what: str, size: int | str, limit: Limit) -> FileProblem:
    size = size_text(size) if isinstance(size, int) else size
    return FileProblem(f"{what} is {size}; the most it may be is {limit} (the '{limit.name}' limit)", HINT)


def read_limited(path: str | Path, limit: Limit, what: str | None = None, head: int | None = None) -> bytes:
    """The bytes of an ordinary file of at most ``limit`` bytes (only the first ``head`` if given).

    ``what`` names the file in messages ("the logo file 'x.png'"); by default its path.
    """
    what = what or f"the file '{path}'"
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise FileProblem(f"{what} does not exist", "Check the path and the spelling of the name.") from None
    except PermissionError:
        raise FileProblem(f"{what} cannot be read: permission denied", "Check the file's permissions.") from None
    except OSError as exc:
        raise FileProblem(f"{what} cannot be read: {exc.strerror or exc}", "Check the path and the file.") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileProblem(f"{what} is a folder, not a file", "Give the path of a file.")
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(
                f"{what} is not an ordinary file (it is a device, a pipe or a socket)",
                "Give the path of a file saved on disk.",
            )
        if info.st_size > limit.value:
            raise too_big(what, info.st_size, limit)
        want = limit.value + 1 if head is None else min(head, limit.value + 1)
        chunks, got = [], 0
        while got < want:
            chunk = os.read(fd, min(want - got, MIB))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as exc:
        raise FileProblem(f"{what} cannot be read: {exc.strerror or exc}", "Check the file.") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if head is None and len(data) > limit.value:  # it grew after it was measured
        raise too_big(what, f"more than {limit}", limit)
    return data


def inside(folder: Path, name: str, what: str) -> Path:
    """``name`` (relative to ``folder``) as an absolute path, refused if it leads out of ``folder``.

    Symbolic links are followed before the check, so a link inside the folder that points
    elsewhere is refused too. A brand shared between clinics can then only use its own files.
    """
    base = os.path.realpath(folder)
    target = os.path.realpath(os.path.join(base, name))
    if os.path.commonpath([base, target]) != base:
        raise FileProblem(
            f"{what} '{name}' is outside the brand file's folder",
            "Put the file in the brand file's folder (or a folder inside it) and give its "
            "name relative to the brand file; a brand can only use its own files.",
        )
    return Path(target)
