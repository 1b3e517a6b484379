"""The command line: a thin shell over the library API. Exit 0 done, 1 bad input, 2 misuse."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import NoReturn

from . import BuildOptions, LeafletError, Problem, __version__, load_brand, load_leaflet
from .errors import UsageError, printable
from .layout.options import FORMATS, MIN_LARGE_PRINT
from .limits import SCHEDULER_SECONDS
from .preview import DPI, MAX_DPI, MIN_DPI


def _millimetres(text: str) -> float:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(mm)?\s*", text)
    if not match or not 0 <= float(match.group(1)) <= 10:
        raise argparse.ArgumentTypeError(f"'{text}' is not a bleed such as 3mm (0 to 10 mm)")
    return float(match.group(1))


def _points(text: str) -> float:
    try:
        size = float(text)
    except ValueError:
        size = 0
    if not MIN_LARGE_PRINT <= size <= 36:
        raise argparse.ArgumentTypeError(f"'{text}' is not a large-print size ({MIN_LARGE_PRINT:g} to 36 pt)")
    return size


def add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("content", type=Path, help="the content file (YAML)")
    parser.add_argument("--brand", type=Path, help="the brand file (YAML); default: the built-in brand")


def add_layout_options(parser: argparse.ArgumentParser, many_formats: bool = False) -> None:
    """The options every command that lays out a leaflet shares. A batch takes several formats,
    in one flag or many: ``--format a4 letter`` or ``--format a4 --format letter``."""
    group = parser.add_argument_group("format and print")
    if many_formats:
        group.add_argument(
            "--format",
            "--page-size",
            choices=FORMATS,
            nargs="+",
            action="extend",
            metavar="FORMAT",
            help="formats to build (default a4; repeat or list several)",
        )
    else:
        group.add_argument("--format", choices=FORMATS, default="a4", help="what to print (default a4)")
        group.add_argument("--page-size", choices=("a4", "letter"), dest="format", help="same as --format")
    group.add_argument("--large-print", action="store_true", help="body text 18 pt, one column")
    group.add_argument(
        "--large-print-size",
        type=_points,
        metavar="PT",
        help="large-print body size in points (16 to 36; implies --large-print)",
    )
    group.add_argument(
        "--bleed",
        type=_millimetres,
        default=None,
        metavar="MM",
        help="print-shop bleed on each side, such as 3mm (crop marks and --pdfx add 3 mm unless given)",
    )
    group.add_argument("--crop-marks", action="store_true", help="crop marks outside the bleed")
    group.add_argument(
        "--cmyk", action="store_true", help="every colour and image in CMYK, through the ICC profile; text 100%% black"
    )
    group.add_argument(
        "--pdfx", action="store_true", help="a PDF/X-4 file for the print shop (CMYK, bleed, output intent)"
    )
    group.add_argument(
        "--icc-profile", metavar="FILE", help="the print shop's CMYK ICC profile (default: Ghostscript's, if installed)"
    )
    group.add_argument(
        "--no-impose",
        dest="impose",
        action="store_false",
        help="a5-booklet: plain A5 pages in reading order instead of imposed sheets",
    )


def options_from(args: argparse.Namespace) -> BuildOptions:
    options = BuildOptions(
        format=args.format,
        large_print=args.large_print or bool(args.large_print_size),
        body_size=args.large_print_size,
        bleed=args.bleed,
        crop_marks=args.crop_marks,
        cmyk=args.cmyk,
        impose=args.impose,
        pdfx=args.pdfx,
        icc_profile=args.icc_profile,
    )
    if args.bleed is None and options.bleed_mm:
        why = "crop marks" if args.crop_marks else "PDF/X"
        print(
            f"leaflet: {why}: adding a {options.bleed_mm:g} mm bleed on each side, so colour that "
            "reaches the trim runs past it (--bleed 0 for none)",
            file=sys.stderr,
        )
    return options


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        super().error(printable(message))  # it echoes what was typed, which may hold escape codes


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="leaflet", description="Turn YAML content and a clinic brand into a patient leaflet PDF.")
    parser.add_argument("--version", action="version", version=f"leaflet {__version__}")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    build_cmd = commands.add_parser("build", help="build the PDF")
    add_input_options(build_cmd)
    build_cmd.add_argument(
        "-o",
        "--output",  # text, not a Path: "newdir/" must keep its slash
        help="the PDF to write, or a folder to write it in (ending in /); "
        "default output/<content>[-<brand>][-<options>].pdf",
    )
    add_layout_options(build_cmd)
    build_cmd.add_argument("--preview", action="store_true", help="also write PNG pictures of the pages")
    build_cmd.add_argument(
        "--watch", action="store_true", help="rebuild whenever the content, brand, logo or fonts change (Ctrl-C stops)"
    )
    build_cmd.add_argument("--html", action="store_true", help="also write an accessible HTML version beside the PDF")
    build_cmd.add_argument(
        "--release", action="store_true", help="refuse a leaflet no clinician has signed off (for printing to hand out)"
    )
    build_cmd.set_defaults(run=_build)

    check_cmd = commands.add_parser("check", help="validate and lay out, write nothing")
    add_input_options(check_cmd)
    add_layout_options(check_cmd)
    check_cmd.add_argument("--strict", action="store_true", help="fail on warnings too")
    check_cmd.add_argument(
        "--release", action="store_true", help="also fail when no clinician has signed the leaflet off (LF108)"
    )
    check_cmd.add_argument(
        "--output-format",
        choices=("text", "json"),
        default="text",
        help="text (file:line:col: CODE severity: message) or json",
    )
    check_cmd.set_defaults(run=_check)

    consent_cmd = commands.add_parser("consent", help="write the consent form for a leaflet, or read a filled one")
    consent_cmd.add_argument("content", type=Path, nargs="?", help="the content file (YAML)")
    consent_cmd.add_argument("--brand", type=Path, help="the brand file (YAML); default: the built-in brand")
    consent_cmd.add_argument("--format", choices=("a4", "letter"), default="a4", help="paper size (default a4)")
    consent_cmd.add_argument("--large-print", action="store_true", help="text 18 pt")
    consent_cmd.add_argument(
        "-o",
        "--output",
        help="the PDF to write, or a folder to write it in (ending in /); "
        "default output/<content>[-<brand>]-consent.pdf",
    )
    consent_cmd.add_argument(
        "--read",
        type=Path,
        metavar="FILLED",
        help="read a filled consent form: its leaflet and version, what was ticked, "
        "whether it was signed and dated (exit 1 if anything required is missing)",
    )
    consent_cmd.add_argument("--json", action="store_true", help="with --read: print JSON")
    consent_cmd.set_defaults(run=_consent, parser=consent_cmd)

    schema_cmd = commands.add_parser("schema", help="write JSON Schemas of the content and brand files")
    schema_cmd.add_argument(
        "-o", "--output", type=Path, default=Path("schemas"), help="the folder to write in (default schemas)"
    )
    schema_cmd.set_defaults(run=_schema)

    batch_cmd = commands.add_parser("batch", help="build every content x brand x format, in parallel")
    batch_cmd.add_argument("content", nargs="*", help="content files, folders of them, or globs")
    batch_cmd.add_argument(
        "--brand",
        dest="brands",
        nargs="+",
        action="extend",
        default=[],
        metavar="BRAND",
        help="brand files, folders or globs (default: the built-in brand)",
    )
    batch_cmd.add_argument("--file", type=Path, help="a batch file (YAML): content, brands, formats, output, jobs")
    batch_cmd.add_argument("-o", "--output", type=Path, help="the folder to write in (default output)")
    batch_cmd.add_argument("-j", "--jobs", type=_jobs, help="processes to use (default: the CPU count)")
    batch_cmd.add_argument("--force", action="store_true", help="rebuild leaflets that have not changed")
    batch_cmd.add_argument(
        "--consent", action="store_true", help="each leaflet's consent form too (<name>-consent.pdf, A4 or Letter)"
    )
    batch_cmd.add_argument(
        "--release",
        action="store_true",
        help="refuse each leaflet no clinician has signed off, as build --release does",
    )
    batch_cmd.add_argument(
        "--scheduler",
        type=_scheduler,
        metavar="ADDRESS",
        help="build on a Dask cluster (its scheduler, tcp://HOST:PORT or tls://HOST:PORT); "
        "the PDFs and the manifest are written here",
    )
    batch_cmd.add_argument(
        "--scheduler-timeout",
        type=_scheduler_seconds,
        metavar="SECONDS",
        help=f"how long the scheduler has to answer, 1 to 600 seconds (default {SCHEDULER_SECONDS.value})",
    )
    add_layout_options(batch_cmd, many_formats=True)
    batch_cmd.set_defaults(run=_batch, parser=batch_cmd)

    preview_cmd = commands.add_parser("preview", help="write PNG pictures of the pages")
    add_input_options(preview_cmd)
    preview_cmd.add_argument("-o", "--output", type=Path, help="the folder to write in (default output)")
    preview_cmd.add_argument(
        "--dpi", type=_dpi, default=DPI, help=f"pixels per inch, {MIN_DPI} to {MAX_DPI} (default {DPI})"
    )
    add_layout_options(preview_cmd)
    preview_cmd.set_defaults(run=_preview)

    limits_cmd = commands.add_parser("limits", help="the limits every input is held to, and why")
    limits_cmd.set_defaults(run=_limits)

    studio_cmd = commands.add_parser("studio", help="the studio: edit brands, preview and print in a browser")
    studio_cmd.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        help="the folder of leaflet files, only ever read (default content)",
    )
    studio_cmd.add_argument("--brands", type=Path, help="the folder of brand files (default <content>/brands)")
    studio_cmd.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1: this computer only; "
        "any other needs the access token printed at start-up)",
    )
    studio_cmd.add_argument("--port", type=_port, default=8765, help="the port (default 8765)")
    studio_cmd.add_argument("--workers", type=_jobs, default=1, help="server processes (default 1)")
    studio_cmd.add_argument("--open", action="store_true", help="open the studio in the web browser")
    studio_cmd.add_argument(
        "--default-brand",
        metavar="NAME",
        help="the brand the print page starts with: a brand file's name without .yaml "
        "(default: the only brand, if there is one)",
    )
    studio_cmd.set_defaults(run=_studio)
    return parser


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number, 1 or more")
    return int(text)


def _scheduler(text: str) -> str:
    from .batch.cluster import scheduler_address

    try:
        return scheduler_address(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _scheduler_seconds(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 600:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds from 1 to 600")
    return int(text)


def _dpi(text: str) -> int:
    """Bounded: 5,000 dpi would be a 40,000-pixel-high A4 page, minutes and gigabytes per page."""
    if not text.isdigit() or not MIN_DPI <= int(text) <= MAX_DPI:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a resolution from {MIN_DPI} to {MAX_DPI} dpi "
            f"({DPI} is sharp on screen; 300 matches print)"
        )
    return int(text)


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (1 to 65535)")
    return int(text)


def _load(args: argparse.Namespace):
    leaflet = load_leaflet(args.content, str(args.content))
    brand = load_brand(args.brand, str(args.brand)) if args.brand else None
    return leaflet, brand


def _build(args: argparse.Namespace) -> int:
    if args.watch:
        from .watch import watch

        return watch(
            args.content,
            args.brand,
            options_from(args),
            args.output,
            preview=args.preview,
            html=args.html,
            release=args.release,
        )
    from .build_command import build_and_write

    for path in build_and_write(
        args.content,
        args.brand,
        options_from(args),
        args.output,
        html=args.html,
        preview=args.preview,
        release=args.release,
    ).written:
        print(printable(str(path)))
    return 0


def _batch(args: argparse.Namespace) -> int:
    from . import batch

    spec = batch.load_batch_file(args.file) if args.file else {}
    base = spec.get("base")
    if not args.content and not spec.get("content"):
        args.parser.error("give content files (or folders, or globs), or a batch file with --file")
    contents = batch.expand(spec.get("content", []), "content", base) + batch.expand(args.content, "content")
    brands = batch.expand(spec.get("brands", []), "brand", base) + batch.expand(args.brands, "brand")
    formats = args.format or spec.get("formats") or ["a4"]
    plain = argparse.Namespace(**{**vars(args), "format": "a4"})
    out = args.output or spec.get("output") or Path("output")
    jobs = batch.plan(
        list(dict.fromkeys(contents)),
        list(dict.fromkeys(brands)),
        formats,
        out,
        options_from(plain),
        consent=args.consent,
        release=args.release,
    )
    summary = batch.run(
        jobs,
        out,
        workers=args.jobs or spec.get("jobs"),
        force=args.force,
        progress=batch.Progress(len(jobs)),
        scheduler=args.scheduler,
        scheduler_seconds=args.scheduler_timeout,
    )
    print(summary.text(out), file=sys.stderr if summary.failed else sys.stdout)
    return 1 if summary.failed else 0


def _preview(args: argparse.Namespace) -> int:
    from .build_command import build_and_write

    for png in build_and_write(
        args.content, args.brand, options_from(args), folder=args.output, pdf=False, preview=True, dpi=args.dpi
    ).written:
        print(printable(str(png)))
    return 0


def _check(args: argparse.Namespace) -> int:
    from .lint.run import check

    return check(
        str(args.content),
        lambda: _load(args),
        options_from(args),
        strict=args.strict,
        output_format=args.output_format,
        release=args.release,
    )


def _consent(args: argparse.Namespace) -> int:
    if args.read:
        if args.content or args.brand or args.output:
            args.parser.error("--read takes only the filled form (and --json)")
        from .consent.read import read_file

        reading = read_file(args.read)
        print(reading.as_json() if args.json else reading.text())
        return 0 if reading.complete else 1
    if args.content is None:
        args.parser.error("give the content file, or --read FILLED.pdf")
    if args.json:
        args.parser.error("--json goes with --read")
    from .consent import make_consent

    options = BuildOptions(format=args.format, large_print=args.large_print)
    print(printable(str(make_consent(args.content, args.brand, options, args.output))))
    return 0


def _limits(args: argparse.Namespace) -> int:
    from .limits import table

    print(table())
    return 0


def _studio(args: argparse.Namespace) -> int:
    try:
        from .studio.server import serve
    except ImportError as exc:
        raise LeafletError(
            Problem(
                f"the studio needs packages that are not installed ({exc.name})",
                hint="Install them with: pip install 'patient-leaflet[studio]' "
                "(in a checkout: pip install -e '.[studio]').",
            )
        ) from None
    return serve(
        args.content,
        args.brands or args.content / "brands",
        args.host,
        args.port,
        open_browser=args.open,
        workers=args.workers,
        default_brand=args.default_brand,
    )


def _schema(args: argparse.Namespace) -> int:
    from .schema import write_schemas

    for path in write_schemas(args.output):
        print(printable(str(path)))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except UsageError as exc:
        print(f"leaflet: {exc}", file=sys.stderr)
        return 2
    except LeafletError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`leaflet check x | head`): nothing more to say
        return 141  # as a shell reports a command stopped by SIGPIPE
    except Exception as exc:  # never a traceback for a user: say what happened and how to see more
        if args.debug:
            raise
        print(
            f"leaflet: internal error: {type(exc).__name__}: {printable(str(exc))}\n"
            "    This is a bug in leaflet, not in your files. Run again with --debug and report it.",
            file=sys.stderr,
        )
        return 1


def run() -> NoReturn:
    """The `leaflet` command: main(), then straight out.

    By now every file is written and closed. Python's tidy-up at exit would only free the memory of
    ReportLab, Babel and the rest, which the system takes back anyway: tens of milliseconds of a
    cold `leaflet build`. Integrators and tests call main(), which returns as usual.
    """
    try:
        code = main()
    except SystemExit as exit_:  # argparse: --help, --version, misuse
        if not isinstance(exit_.code, (int, type(None))):
            raise
        code = exit_.code or 0
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away (`leaflet ... | head`)
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
