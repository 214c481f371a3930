"""``acctbench train``: GRPO + LoRA finetuning from a YAML recipe with ``--key value`` overrides."""

from __future__ import annotations

import argparse
import logging
import sys

DESCRIPTION = """\
Finetune a causal LM with GRPO and LoRA on the acctbench train splits, rewarded by the
acctbench scorers (logged as rewards/<name>/mean). Recipes live in finetune/:
  acctbench train --config finetune/tiny-cpu.yaml --model PATH --output_dir OUT
  acctbench train --config finetune/llama31-8b-t4.yaml
Then evaluate the adapter: acctbench run --model OUTPUT_DIR
"""


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``train``."""
    from acctbench.train.recipe import OverridesParser, add_arguments

    p = sub.add_parser(
        "train", help="GRPO + LoRA finetuning with the acctbench rewards (YAML recipe + overrides)",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter, allow_abbrev=False,
    )
    p.__class__ = OverridesParser  # same parser, plus "did you mean" for mistyped --keys
    add_arguments(p)
    p.set_defaults(handler=cmd_train)


def cmd_train(args: argparse.Namespace) -> int:
    from acctbench.train.recipe import arguments_from_namespace, dump_yaml

    targs = arguments_from_namespace(args)
    if args.print_config:
        sys.stdout.write(dump_yaml(targs))
        return 0
    logging.basicConfig(level=logging.INFO, format="[acctbench train] %(message)s")
    from acctbench.train.run import train

    train(targs, command=getattr(args, "command_line", None))
    sys.stdout.write(
        f"LoRA adapter, tokenizer and metadata: {targs.output_dir}\n"
        f"evaluate it: acctbench run --model {targs.output_dir}\n"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m acctbench.train ...``: ``acctbench train`` without the top-level command."""
    from acctbench.cli.common import CLIError

    parser = argparse.ArgumentParser(prog="python -m acctbench", allow_abbrev=False)
    register(parser.add_subparsers(dest="command", required=True))
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser.parse_args(["train", *argv])
    args.command_line = ["python", "-m", "acctbench.train", *argv]
    try:
        return cmd_train(args)
    except CLIError as exc:
        sys.stderr.write(f"acctbench train: error: {exc}\n")
        return exc.exit_code
    except (FileNotFoundError, ValueError) as exc:
        sys.stderr.write(f"acctbench train: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("acctbench train: interrupted\n")
        return 130
