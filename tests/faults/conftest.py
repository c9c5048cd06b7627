"""The fault server, shared by every test of this folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.faults.server import FaultServer


@pytest.fixture(scope="session")
def fault_server() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server
