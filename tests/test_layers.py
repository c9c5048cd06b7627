"""The layer rule is enforced, not only written down: ``lint-imports`` (import-linter, configured
in pyproject.toml and run by ``make test``) passes on the tree and fails on a copy of it with one
deliberate violation of each kind. The copy is analysed, not the installed packages, because
the checker runs from the copy's folder (the current directory comes first on its import path)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("aggregator", "spiders", "feeds")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=tree, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the three packages and the checker's configuration."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "data", "templates"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_tree_keeps_its_layers(tree: Path) -> None:
    result = _lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("module", "line", "broken"), [
    ("aggregator/dates.py", "import spiders.runner", "The core imports neither"),
    ("aggregator/parsing/violation.py", "from aggregator.commands import crawl_command",
     "The core imports neither"),
    ("feeds/violation.py", "import aggregator.cli", "Composition root above"),
    ("spiders/violation.py", "import feeds.publish", "Composition root above"),
])
def test_a_violation_breaks_the_check(tree: Path, module: str, line: str, broken: str) -> None:
    path = tree / module
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(existing + f"\n{line}  # deliberate violation\n", encoding="utf-8")
    result = _lint(tree)
    assert result.returncode != 0, result.stdout
    verdicts = [row for row in result.stdout.splitlines() if row.startswith(broken)]
    assert verdicts and verdicts[0].endswith("BROKEN"), result.stdout
    assert module.removesuffix(".py").replace("/", ".") in result.stdout
