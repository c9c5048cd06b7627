"""Where bench/feed_validator.py finds the W3C Feed Validator: an extracted ``src/`` folder, a
clone (its ``src/`` extracted with git, never into the working tree), or a clear error. The
validator itself is third-party code, never committed, so it is not run here."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bench.feed_validator import validator_source


def _package(root: Path) -> None:
    (root / "src" / "feedvalidator").mkdir(parents=True)
    (root / "src" / "feedvalidator" / "__init__.py").write_text("VERSION = 'test'\n")


def test_an_extracted_src_folder_is_used_as_it_is(tmp_path: Path) -> None:
    _package(tmp_path)
    with validator_source(tmp_path / "src") as source:
        assert source == tmp_path / "src"
    with validator_source(tmp_path) as source:
        assert source == tmp_path / "src"


def test_a_clone_gives_its_committed_src_in_a_temporary_folder(tmp_path: Path) -> None:
    repo = tmp_path / "feedvalidator"
    _package(repo)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "src"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "validator"], check=True)
    (repo / "src" / "feedvalidator" / "__init__.py").unlink()  # only the commit has it
    with validator_source(repo) as source:
        assert source != repo / "src"
        assert (source / "feedvalidator" / "__init__.py").read_text() == "VERSION = 'test'\n"
    assert not source.exists()


def test_a_missing_validator_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match=r"clone https://github\.com/w3c/feedvalidator"), \
            validator_source(tmp_path / "absent"):
        pass
