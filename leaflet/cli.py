"""The command line: a thin shell over the library API. Exit 0 done, 1 bad input, 2 misuse."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import BuildOptions, LeafletError, __version__, build, load_brand, load_leaflet, write
from .layout import PAGE_SIZES
from .output import default_output


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leaflet", description="Turn YAML content and a clinic brand into a patient leaflet PDF.")
    parser.add_argument("--version", action="version", version=f"leaflet {__version__}")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("content", type=Path, help="the content file (YAML)")
        sub.add_argument("--brand", type=Path, help="the brand file (YAML); default: the built-in brand")
        sub.add_argument("--page-size", choices=sorted(PAGE_SIZES), default="a4", help="paper (default a4)")

    build_cmd = commands.add_parser("build", help="build the PDF")
    common(build_cmd)
    build_cmd.add_argument("-o", "--output", type=Path,
                           help="the PDF to write (default output/<content>[-<brand>].pdf)")
    check_cmd = commands.add_parser("check", help="validate and lay out, write nothing")
    common(check_cmd)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        leaflet = load_leaflet(args.content, str(args.content))
        brand = load_brand(args.brand, str(args.brand)) if args.brand else None
        pdf = build(leaflet, brand, BuildOptions(page_size=args.page_size))
        if args.command == "check":
            print(f"{args.content}: OK")
            return 0
        out = args.output or default_output(args.content, brand.name if brand else None)
        if out.is_dir():
            out = default_output(args.content, brand.name if brand else None, folder=out)
        print(write(pdf, out))
        return 0
    except LeafletError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback for a user: say what happened and how to see more
        if args.debug:
            raise
        print(f"leaflet: internal error: {type(exc).__name__}: {exc}\n"
              "    This is a bug in leaflet, not in your files. Run again with --debug and report it.",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
