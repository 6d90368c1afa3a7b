"""The command line's fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.practice_folders import folder_with_database


@pytest.fixture
def practice_dir(tmp_path: Path, new_practice_dir: Path) -> Path:
    """A new practice's folder (a copy of the suite's new practice), for commands that are not
    about making one."""
    return folder_with_database(new_practice_dir, tmp_path / "practice")
