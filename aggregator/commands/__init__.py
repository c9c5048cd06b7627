"""One module per command, each owning its name, help, arguments and run function; the
command line (:mod:`aggregator.cli`) lists them explicitly, so a renamed or broken command module
fails at start-up (and in mypy), not when someone first runs that command."""

from __future__ import annotations

import argparse
from typing import Protocol


class Command(Protocol):
    """What :mod:`aggregator.cli` needs of a command module."""

    NAME: str
    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...
