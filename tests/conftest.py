"""Shared fixtures: every test gets its own real data dir in tmp_path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dermadesk.core import clock as clock_module
from dermadesk.core.clock import Clock, FixedClock
from dermadesk.core.practice import Practice
from tests.built_once import built_once
from tests.cli_runner import Dermadesk, runner
from tests.helpers import TEST_NOW, TEST_PASSPHRASE, open_practice
from tests.practice_folders import folder_with_database

# The test PostgreSQL servers' fixtures: postgres_socket, server_database, tls_server.
pytest_plugins = ["tests.postgres_server", "tests.tls_postgres"]


@pytest.fixture(autouse=True)
def _never_the_real_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the user's own DermaDesk data."""
    monkeypatch.setenv("DERMADESK_DATA_DIR", str(tmp_path / "default-data-dir"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    # The command line (in this process or a child) makes and unlocks practices with it.
    monkeypatch.setenv("DERMADESK_PASSPHRASE", TEST_PASSPHRASE)


@pytest.fixture(autouse=True)
def clock(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    """The clock every practice opened in the test runs on: fixed at TEST_NOW (move it with
    `clock.advance` or `clock.set`), or the computer's for a test marked real_clock."""
    if request.node.get_closest_marker("real_clock"):
        yield clock_module.DEFAULT_CLOCK
        return
    fixed = FixedClock(TEST_NOW)
    monkeypatch.setattr(clock_module, "DEFAULT_CLOCK", fixed)
    yield fixed


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data dir that does not exist yet."""
    return tmp_path / "practice"


@pytest.fixture(scope="session")
def new_practice_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new, encrypted practice's database and key file, as the migrations build them,
    built once for the whole run (by one worker, for all)."""

    def build(folder: Path) -> None:
        open_practice(folder / "practice", FixedClock(TEST_NOW)).close()  # the WAL folded in

    return built_once(tmp_path_factory, "new-practice", build) / "practice"


STORES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked `both_stores` that uses `practice` runs once on each store, unless it is
    also marked `sqlite_only` (with the reason: it reaches into SQLite itself, say)."""
    definition = metafunc.definition
    if (
        "store" in metafunc.fixturenames
        and definition.get_closest_marker("both_stores")
        and not definition.get_closest_marker("sqlite_only")
    ):
        metafunc.parametrize("store", STORES, indirect=True)


@pytest.fixture
def store(request: pytest.FixtureRequest) -> str:
    """Which store the test's `practice` is on: "sqlite" unless marked `both_stores`."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def practice(
    request: pytest.FixtureRequest, store: str, data_dir: Path, clock: Clock
) -> Iterator[Practice]:
    """A new, empty, encrypted practice on a real SQLite file: its own copy of the one
    `new_practice_dir` holds (running every migration takes longer; tests of building a
    database open a data dir themselves). On "postgresql" (tests marked `both_stores`), a
    copy of the session's prepared server practice, opened as the application role."""
    if store == "postgresql":
        from tests.postgres_server import open_server_practice

        database = request.getfixturevalue("server_practice_database")
        with open_server_practice(data_dir, database.app_url, clock) as opened:
            yield opened
        return
    folder_with_database(request.getfixturevalue("new_practice_dir"), data_dir)
    with open_practice(data_dir, clock) as opened:
        yield opened


@pytest.fixture
def dermadesk(capsys: pytest.CaptureFixture[str]) -> Dermadesk:
    """`dermadesk(*ARGS)` runs the command line in this process: exit status and output."""
    return runner(capsys)
