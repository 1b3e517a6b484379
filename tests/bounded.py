"""Running leaflet on hostile input with a bound on time and memory, and seeing what it wrote.

``run_bounded`` runs the real command in a child process whose address space is capped
(RLIMIT_AS) and whose processor time is capped (RLIMIT_CPU); it reports the child's own peak
memory (VmHWM, as it exits) and processor time (``os.wait4``). ``bounded`` does the same for code run in this process:
a processor-time alarm, and a cap on the address space while it runs, so a test fails fast instead
of spinning or swapping the machine.

The bound is processor time, not time on the clock: a machine busy with other work stretches the
clock time of a run many times over (2 cores shared by several test runs, load average 20) but
not the work it does, so a bound on the work fails for a runaway input and never for a busy
machine. A run that waits instead of working (blocked on a pipe) uses no processor time, so a
clock bound WAIT_FACTOR times longer catches that too.
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

MEMORY = 1024 * 1024 * 1024  # bytes of address space a hostile build may have (a normal one peaks near 100 MB)
SECONDS = 20  # processor seconds any run may use: refusals use well under one, a real build a few
PEAK = 400 * 1024 * 1024  # resident memory no run may reach
WAIT_FACTOR = 10  # a run still going after this many times its processor bound on the clock is stuck


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float  # on the clock (stretched by a busy machine: assert on ``cpu``)
    cpu: float  # processor seconds the child used, user and system
    peak: int  # bytes, the child's maximum resident set


def run_bounded(args: list, cwd: Path, stdin: bytes | None = None, seconds: float = SECONDS) -> Run:
    """`python -m leaflet ARGS` in ``cwd``, capped at MEMORY bytes and ``seconds`` of processor
    time, and killed if still running after WAIT_FACTOR times ``seconds`` on the clock."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        cpu = max(1, round(seconds))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))  # SIGXCPU, then SIGKILL a second later
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # stopped by SIGXCPU: no core file in the folder

    start = time.monotonic()
    peak_file = tempfile.NamedTemporaryFile(prefix="leaflet-peak-", delete=False)  # outside cwd
    peak_file.close()
    proc = subprocess.Popen(
        [sys.executable, "-c", _LAUNCH, *map(str, args)],
        cwd=cwd,
        env={**os.environ, "LEAFLET_TEST_PEAK": peak_file.name},
        preexec_fn=cap,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    streams: dict[str, bytes] = {}

    def read(name: str, stream) -> None:
        streams[name] = stream.read()

    readers = [threading.Thread(target=read, args=(n, s)) for n, s in (("out", proc.stdout), ("err", proc.stderr))]
    if stdin is not None:

        def feed() -> None:
            with contextlib.suppress(OSError):  # the command may stop reading (it should)
                proc.stdin.write(stdin)
                proc.stdin.close()

        readers.append(threading.Thread(target=feed))
    for thread in readers:
        thread.start()
    killer = threading.Timer(seconds * WAIT_FACTOR, proc.kill)
    killer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    killer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for thread in readers:
        thread.join()
    took = time.monotonic() - start
    cpu = usage.ru_utime + usage.ru_stime
    assert proc.returncode != -signal.SIGXCPU and not (proc.returncode == -signal.SIGKILL and cpu >= seconds), (
        f"leaflet {args} used more than {seconds} s of processor time"
    )
    assert proc.returncode != -signal.SIGKILL, (
        f"leaflet {args} was stuck: still running after {took:.0f} s on the clock, "
        f"having used {cpu:.1f} s of processor time"
    )
    reported = Path(peak_file.name).read_text()
    os.unlink(peak_file.name)
    return Run(
        proc.returncode,
        streams["out"].decode("utf-8", "replace"),
        streams["err"].decode("utf-8", "replace"),
        took,
        cpu,
        int(reported) * 1024 if reported else usage.ru_maxrss * 1024,
    )


# The command as the `leaflet` script runs it (cli.run), reporting its own peak (VmHWM, kB) as it
# leaves through os._exit, which only this child process's copy is wrapped for. wait4's ru_maxrss is
# no use for that: Linux carries the forking process's high-water mark across exec, so a child of a
# pytest process grown past 400 MB reported 420 MB for a batch that used far less.
_LAUNCH = """
import os, sys
import leaflet.cli

leave = os._exit

def _leave_reporting_peak(code):
    with open("/proc/self/status") as status, open(os.environ["LEAFLET_TEST_PEAK"], "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
    leave(code)

os._exit = _leave_reporting_peak
sys.argv[0] = "leaflet"
leaflet.cli.run()
"""


class TookTooLong(BaseException):
    """Raised by the alarm; a BaseException so the tool's `except Exception` cannot swallow it."""


def _alarm(signum, frame):
    raise TookTooLong(
        "it used more than its processor time"
        if signum == signal.SIGPROF
        else "it was stuck (no progress on the clock)"
    )


@contextlib.contextmanager
def bounded(seconds: float = SECONDS, memory: int = MEMORY):
    """Run the body with ``memory`` more bytes of address space, stopped (TookTooLong) once this
    process has used ``seconds`` of processor time in it, or is still in it after WAIT_FACTOR
    times ``seconds`` on the clock."""
    with open("/proc/self/statm") as statm:
        now = int(statm.read().split()[0]) * resource.getpagesize()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = now + memory if hard == resource.RLIM_INFINITY else min(now + memory, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    previous = {signum: signal.signal(signum, _alarm) for signum in (signal.SIGPROF, signal.SIGALRM)}
    signal.setitimer(signal.ITIMER_PROF, seconds)  # processor time, of every thread of this process
    signal.setitimer(signal.ITIMER_REAL, seconds * WAIT_FACTOR)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def run_in_process(*args: str, folder: Path) -> tuple[int, str, str]:
    """`leaflet ARGS` through main() in ``folder``: (exit code, stdout, stderr)."""
    from leaflet.cli import main

    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([str(a) for a in args])
    except SystemExit as exc:
        code = exc.code
    finally:
        os.chdir(here)
    return code, out.getvalue(), err.getvalue()


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder`` by relative path: a file's bytes, or the kind of anything else
    (so a pipe replaced by a file, or a file replaced by a link, shows as a change)."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            found[key] = f"link to {os.readlink(path)}"
        elif path.is_fifo():
            found[key] = "pipe"
        elif path.is_file():
            found[key] = path.read_bytes()
        elif path.is_dir():
            found[key] = "folder"
    return found
