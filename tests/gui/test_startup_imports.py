"""Start-up loads only what the first screen needs: the heavy libraries wait for their work."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from dermadesk.core.client_details import ClientDetails
from dermadesk.core.practice import Practice

SCRIPT = Path(__file__).with_name("first_paint_modules.py")
# Photos (Pillow and its HEIC plugin), PDFs (ReportLab, pdfium) and schema upgrades (Alembic).
HEAVY = ("PIL", "pillow_heif", "reportlab", "pypdfium2", "alembic")


def test_no_heavy_library_is_loaded_before_the_client_list_first_paints(tmp_path: Path) -> None:
    data_dir = tmp_path / "practice"
    with Practice.open(data_dir) as practice:  # an existing practice, its schema up to date
        practice.clients.create(ClientDetails("Ana", "Lima", date(1990, 3, 2)))

    # A fresh interpreter: what this test process has imported does not count.
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    loaded = report["modules"]
    assert report["status"] == 0
    assert "dermadesk.gui.main_window" in loaded  # recorded at the paint, window and all
    heavy = sorted({name for name in loaded if name.split(".")[0] in HEAVY})
    assert heavy == []
