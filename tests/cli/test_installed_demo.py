"""``pip install .`` into a fresh virtual environment, then ``aggregator demo`` from a folder
outside the checkout: the sample sites ship as package data, so the demo serves, crawls,
publishes and serves feeds from the installed package alone.

The fresh environment reuses this one's dependencies through a path file (the project itself is
not among them: this environment's editable install is a ``.pth`` hook that a path entry does
not run), and the project is built from a copy of its sources, without network or isolation, so
the test takes seconds.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support import REPO

pytestmark = pytest.mark.slow

SOURCES = ("pyproject.toml", "README.md", "aggregator", "spiders", "feeds")


def _copy_sources(target: Path) -> Path:
    target.mkdir()
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target / name)
    return target


def _fresh_venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    python = path / "bin" / "python"
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip()
    Path(site_packages, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if k not in ("AGGREGATOR_CONFIG", "PYTHONPATH", "VIRTUAL_ENV")}


def test_pip_install_then_demo_works_outside_the_checkout(tmp_path: Path) -> None:
    python = _fresh_venv(tmp_path / "venv")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", str(_copy_sources(tmp_path / "src"))],
                   check=True, capture_output=True, text=True, env=_env(), cwd=tmp_path)
    shutil.rmtree(tmp_path / "src")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run([str(python), "-c", "import aggregator; print(aggregator.__file__)"],
                           check=True, capture_output=True, text=True, env=_env(), cwd=elsewhere)
    assert where.stdout.startswith(str(tmp_path / "venv")), where.stdout

    demo = subprocess.Popen([str(tmp_path / "venv" / "bin" / "aggregator"), "demo"],
                            cwd=elsewhere, env=_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    try:
        deadline = time.monotonic() + 90
        assert demo.stdout is not None
        while time.monotonic() < deadline:
            line = demo.stdout.readline()
            if not line:
                break
            output.append(line)
            if line.startswith("Ctrl-C to stop"):
                break
        text = "".join(output)
        assert "Ctrl-C to stop" in text, text
        assert re.search(r"4 site\(s\): [1-9]\d* new", text), text
        feed_url = re.search(r"(http://127\.0\.0\.1:\d+/all\.atom)", text)
        assert feed_url, text
        with urllib.request.urlopen(feed_url.group(1), timeout=10) as response:
            feed = response.read().decode("utf-8")
        assert feed.count("<entry>") >= 10, feed[:500]
    finally:
        demo.send_signal(signal.SIGINT)
        demo.communicate(timeout=30)
    assert demo.returncode == 0
