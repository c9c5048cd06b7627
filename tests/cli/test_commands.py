"""The command list of the command line is explicit and complete: every command module is
listed once, under the name of its module, and owns its arguments."""

from __future__ import annotations

from pathlib import Path

from aggregator import cli
from aggregator.commands import Command

COMMANDS_DIR = Path(cli.__file__).parent / "commands"


def test_every_command_module_is_listed_once_under_its_own_name() -> None:
    modules = sorted(path.stem for path in COMMANDS_DIR.glob("*_command.py"))
    listed: list[Command] = list(cli.COMMANDS)
    assert sorted(f"{command.NAME}_command" for command in listed) == modules
    assert sorted(command.__name__.rpartition(".")[2] for command in listed) == modules  # type: ignore[attr-defined]


def test_each_command_parses_its_own_arguments_and_runs_its_own_function() -> None:
    parser = cli.build_parser()
    for command in cli.COMMANDS:
        args = parser.parse_args([command.NAME] + (["page.html", "--url", "http://a.vn/"]
                                                   if command.NAME == "extract" else []))
        assert args.run is command.run
