"""Shared fixtures: every test gets its own real data dir in tmp_path."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dermadesk.core.db import create_private_file
from dermadesk.core.practice import DATABASE_NAME, Practice
from tests.cli_runner import Dermadesk, runner


@pytest.fixture(autouse=True)
def _never_the_real_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the user's own DermaDesk data."""
    monkeypatch.setenv("DERMADESK_DATA_DIR", str(tmp_path / "default-data-dir"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data dir that does not exist yet."""
    return tmp_path / "practice"


@pytest.fixture(scope="session")
def new_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new practice's database as the migrations build it, built once for the whole run."""
    data_dir = tmp_path_factory.mktemp("new") / "practice"
    Practice.open(data_dir).close()
    return data_dir / DATABASE_NAME


@pytest.fixture
def practice(data_dir: Path, new_database: Path) -> Iterator[Practice]:
    """A new, empty practice on a real SQLite file: its own copy of `new_database` (running
    every migration takes longer; tests of building a database open a data dir themselves)."""
    data_dir.mkdir(mode=0o700)
    create_private_file(data_dir / DATABASE_NAME)
    built, copy = sqlite3.connect(new_database), sqlite3.connect(data_dir / DATABASE_NAME)
    try:
        built.backup(copy)
    finally:
        copy.close()
        built.close()
    with Practice.open(data_dir) as opened:
        yield opened


@pytest.fixture
def dermadesk(capsys: pytest.CaptureFixture[str]) -> Dermadesk:
    """`dermadesk(*ARGS)` runs the command line in this process: exit status and output."""
    return runner(capsys)
