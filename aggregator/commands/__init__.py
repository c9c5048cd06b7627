"""One module per command; ``dispatch`` routes parsed arguments to it."""

from __future__ import annotations

import argparse
from importlib import import_module


def dispatch(args: argparse.Namespace) -> int:
    module = import_module(f"aggregator.commands.{args.command}_command")
    return int(module.run(args))
