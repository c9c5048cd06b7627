"""A throwaway PostgreSQL server for the tests of this folder, started once per session.

The cluster lives in a temporary folder: ``initdb`` with trust authentication, a server on
127.0.0.1 (a free port) and a Unix socket in that folder, ``fsync=off`` since nothing in it
must survive. PostgreSQL refuses to run as root, so under root (as ``make test`` runs in the
container) ``initdb`` and the server run as the ``postgres`` system user, which then must own
the folder. Without the PostgreSQL binaries (Debian's ``postgresql`` package, installed by
``scripts/system-deps.sh``) every test here is skipped with that reason.

Each test gets a database of its own (``pg_url``), so no test sees another's rows or tables.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

SERVER_USER = "postgres"
"""Both the system user the server runs as under root and the database superuser's name."""


@dataclass(frozen=True, slots=True)
class PostgresServer:
    """A running throwaway cluster; ``url(db)`` is the SQLAlchemy URL of one of its databases."""

    port: int
    _numbers: Iterator[int]

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database (from ``template0``, so nothing a test adds to template1
        leaks), returning its URL."""
        name = f"test_{next(self._numbers)}"
        engine = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
                                  "LC_COLLATE 'C' LC_CTYPE 'C'"))
        finally:
            engine.dispose()
        return self.url(name)


def _binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder holding initdb and pg_ctl."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")
             if (Path(p).parent / "pg_ctl").is_file() and (Path(p).parent / "postgres").is_file()]
    return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
               default=None)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_account() -> pwd.struct_passwd | None:
    """The account to run PostgreSQL as: None (ourselves) unless we are root, which PostgreSQL
    refuses; then the ``postgres`` system user (skipping when there is none)."""
    if os.geteuid() != 0:
        return None
    if shutil.which("runuser") is None:
        pytest.skip("running as root and runuser is missing: cannot start PostgreSQL as "
                    f"{SERVER_USER!r} (it refuses to run as root)")
    try:
        return pwd.getpwnam(SERVER_USER)
    except KeyError:
        pytest.skip(f"running as root and there is no {SERVER_USER!r} system user to run "
                    "PostgreSQL as (it refuses to run as root)")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    bin_dir = _binaries()
    if bin_dir is None:
        pytest.skip("PostgreSQL binaries not found under /usr/lib/postgresql/*/bin "
                    "(install Debian's postgresql package: bash scripts/system-deps.sh as root)")
    account = _server_account()

    def as_server(command: list[str]) -> list[str]:
        return command if account is None else ["runuser", "-u", account.pw_name, "--", *command]

    # Not under pytest's tmp_path: that is private to root (0700), the server user could not
    # reach it.
    root = Path(tempfile.mkdtemp(prefix="aggregator-pg-"))
    data = root / "data"
    if account is not None:
        os.chown(root, account.pw_uid, account.pw_gid)
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "TZ": "UTC"}
    try:
        subprocess.run(as_server([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust",
                                        "-U", SERVER_USER, "-E", "UTF8", "--no-sync"]),
                       check=True, capture_output=True, env=env, cwd=root, timeout=60)
        options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50")
        subprocess.run(as_server([str(bin_dir / "pg_ctl"), "start", "-w", "-t", "30",
                                        "-D", str(data), "-l", str(root / "server.log"),
                                        "-o", options]),
                       check=True, capture_output=True, env=env, cwd=root, timeout=60)
    except subprocess.CalledProcessError as exc:
        log = root / "server.log"
        detail = log.read_text("utf-8", "replace") if log.is_file() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"cannot start PostgreSQL: {exc.stderr!r}\n{detail}") from exc
    try:
        yield PostgresServer(port, itertools.count(1))
    finally:
        subprocess.run(as_server([str(bin_dir / "pg_ctl"), "stop", "-m", "immediate",
                                        "-D", str(data)]),
                       capture_output=True, env=env, cwd=root, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> str:
    """The URL of a fresh, empty database for this test alone."""
    return pg_server.create_database()
