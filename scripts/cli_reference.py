"""Generate the README's CLI reference from `rashomon --help`, or check that it is current."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# argparse wraps help to the terminal width; a fixed width keeps the reference identical everywhere
os.environ["COLUMNS"] = "100"

from rashomon.cli import build_parser

BEGIN = "<!-- cli-reference:begin -->"
END = "<!-- cli-reference:end -->"


def reference() -> str:
    """The help text of the program and every subcommand, as Markdown."""
    parser = build_parser()
    parts = ["```", parser.format_help().rstrip(), "```"]
    for action in parser._subparsers._group_actions:  # argparse keeps subparsers here
        for name, sub in action.choices.items():
            parts += ["", f"### rashomon {name}", "", "```", sub.format_help().rstrip(), "```"]
    return "\n".join(parts)


def main() -> int:
    """Rewrite (default) or --check the block between the markers."""
    cli = argparse.ArgumentParser()
    cli.add_argument("readme", type=Path)
    cli.add_argument("--check", action="store_true")
    args = cli.parse_args()
    text = args.readme.read_text("utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    updated = f"{head}{BEGIN}\n{reference()}\n{END}{tail}"
    if args.check:
        if updated != text:
            print(
                f"{args.readme}: CLI reference is out of date; "
                f"run: python scripts/cli_reference.py {args.readme}"
            )
            return 1
        return 0
    args.readme.write_text(updated, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
