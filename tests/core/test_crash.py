"""Crash-proofing: writers killed with SIGKILL at random moments lose nothing committed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.practice_folders import folder_with_database

HARNESS = Path(__file__).resolve().parents[1] / "crash_harness.py"


@pytest.mark.slow
def test_fifty_kills_during_imports_signings_and_session_saves_lose_nothing(
    tmp_path: Path, new_practice_dir: Path
) -> None:
    practice = folder_with_database(new_practice_dir, tmp_path / "practice")  # not migrated again
    done = subprocess.run(
        [sys.executable, str(HARNESS), str(practice), "50", "11"],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    print(summary)  # the figures for the closing note: pytest -s shows them

    assert summary["kills"] == 50
    # Every kind of write was under way often enough for the kills to land inside it...
    assert all(count >= 20 for count in summary["committed"].values()), summary
    # ...and after every kill the practice opened, `check` found nothing but the orphan
    # files a killed import may leave (quarantined), and every reported write was whole.
    assert summary["problems"] == []
