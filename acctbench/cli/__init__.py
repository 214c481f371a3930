"""The ``acctbench`` command: one subcommand module per job, heavy imports inside handlers."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence

from acctbench import __version__
from acctbench.cli import attack, data, export, report, run, score, train
from acctbench.cli.common import EXIT_OUTPUT, CLIError

COMMAND_MODULES = (data, score, run, report, train, attack, export)


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="acctbench",
        description="Accounting reasoning benchmarks, reward scorers, runs and reports.",
    )
    parser.add_argument("--version", action="version", version=f"acctbench {__version__}")
    parser.add_argument("--debug", action="store_true", help="print the full traceback of an error")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 on success)."""
    # Library progress bars (weight loading, GGUF conversion) would bury acctbench's own.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")  # model names may hold lone surrogates
    try:
        return int(args.handler(args) or 0)
    except CLIError as exc:
        return _fail(args, f"error: {exc}", exc.exit_code)
    except (FileNotFoundError, KeyError, ValueError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        return _fail(args, f"error: {message}", 2)
    except OSError as exc:
        return _fail(args, f"error: {exc}", EXIT_OUTPUT)
    except KeyboardInterrupt as exc:
        return _fail(args, f"interrupted: {exc}" if str(exc) else "interrupted", 130)


def _fail(args: argparse.Namespace, message: str, code: int) -> int:
    """Report an error in one line (after its traceback with ``--debug``); the exit code."""
    if args.debug:
        traceback.print_exc()
    sys.stderr.write(f"acctbench: {message}\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
