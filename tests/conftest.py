"""Shared fixtures: every test gets its own real data dir in tmp_path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dermadesk.core.practice import Practice
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


@pytest.fixture
def practice(data_dir: Path) -> Iterator[Practice]:
    """A new, empty practice on a real SQLite file."""
    with Practice.open(data_dir) as opened:
        yield opened


@pytest.fixture
def dermadesk(capsys: pytest.CaptureFixture[str]) -> Dermadesk:
    """`dermadesk(*ARGS)` runs the command line in this process: exit status and output."""
    return runner(capsys)
