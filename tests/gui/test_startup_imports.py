"""Start-up loads only what the first screen needs: the heavy libraries wait for their work."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from dermadesk.core.client_details import ClientDetails
from tests.gui.plain_practice import make_plain_practice
from tests.helpers import open_practice

SCRIPT = Path(__file__).with_name("first_paint_modules.py")
# Photos (Pillow and its HEIC plugin), PDFs (ReportLab, pdfium), schema upgrades (Alembic), the
# consent seal (pyHanko, 1.2 s to import) and a practice server's driver (psycopg).
HEAVY = ("PIL", "pillow_heif", "reportlab", "pypdfium2", "alembic", "pyhanko", "psycopg")
# What a plain practice, not remembered in the keychain, never needs: SQLCipher, Argon2, the
# key's AES and the keychain.
ENCRYPTION = ("sqlcipher3", "argon2", "cryptography", "keyring")
# What only an open client file, the day's list or a later launch needs: the table classes
# (the list is read with plain SQL), the services Practice makes on first use, the file's tabs,
# the backups (the status bar looks at them after the paint), the screening rules and the
# single-instance socket (QtNetwork).
LATER = (
    "dermadesk.core.backup",
    "dermadesk.core.backup_archive",
    "dermadesk.core.screening_rules",
    "dermadesk.core.custom_questions",
    "dermadesk.core.models",
    "dermadesk.core.records",
    "dermadesk.core.consent",
    "dermadesk.core.sessions",
    "dermadesk.core.photos",
    "dermadesk.core.sheets.service",
    "dermadesk.core.day_list",
    "dermadesk.gui.client_form",
    "dermadesk.gui.alerts_banner",
    "dermadesk.gui.consents_tab",
    "dermadesk.gui.sessions_tab",
    "dermadesk.gui.session_editor",
    "dermadesk.gui.gallery_tab",
    "dermadesk.gui.restore_dialog",
    "dermadesk.gui.lock_widgets",
    "dermadesk.gui.lock_cover",
    "PySide6.QtNetwork",
)


def _loaded_at_first_paint(tmp_path: Path) -> list[str]:
    """The modules loaded when the client list of an existing practice first painted."""
    data_dir = tmp_path / "practice"
    with open_practice(data_dir) as practice:  # an existing practice, its schema up to date
        practice.clients.create(ClientDetails("Ana", "Lima", date(1990, 3, 2)))
    return _loaded_when_painted(data_dir)


def _loaded_when_painted(data_dir: Path) -> list[str]:
    """The modules loaded when the client list of the practice in `data_dir` first painted."""
    loaded: list[str] = _report_when_painted(data_dir)["modules"]
    assert "dermadesk.gui.main_window" in loaded  # recorded at the paint, window and all
    return loaded


def _report_when_painted(data_dir: Path) -> dict[str, Any]:
    """first_paint_modules.py's report on a start on `data_dir`: modules and collector."""
    # A fresh interpreter: what this test process has imported does not count.
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["status"] == 0
    return report


def test_no_heavy_library_is_loaded_before_the_client_list_first_paints(tmp_path: Path) -> None:
    loaded = _loaded_at_first_paint(tmp_path)

    heavy = sorted({name for name in loaded if name.split(".")[0] in HEAVY})
    assert heavy == []


def test_a_plain_practice_loads_nothing_of_encryption_before_the_list_paints(
    tmp_path: Path,
) -> None:
    loaded = _loaded_when_painted(make_plain_practice(tmp_path / "plain"))

    heavy = sorted({name for name in loaded if name.split(".")[0] in HEAVY + ENCRYPTION})
    assert heavy == []


def test_the_collector_runs_again_once_the_windows_modules_have_loaded(tmp_path: Path) -> None:
    data_dir = tmp_path / "practice"
    with open_practice(data_dir):
        pass

    collector = _report_when_painted(data_dir)["collector"]

    # They load with it resting; left off, every cycle made while the window is open would stay.
    assert collector["enabled"] is True
    assert collector["frozen"] > 10_000  # what the modules made, set aside for good


def test_a_client_files_parts_wait_until_a_file_is_opened(tmp_path: Path) -> None:
    loaded = _loaded_at_first_paint(tmp_path)

    assert sorted(set(LATER) & set(loaded)) == []


def test_pyside_s_quicker_import_check_gives_its_own_answers() -> None:
    import dermadesk.core.models
    import dermadesk.gui.app
    from dermadesk.gui.pyside_import_check import quicken_pyside_import_check

    feature = sys.modules["shibokensupport.feature"]
    # PySide's own check, should a test before this one have started DermaDesk in-process.
    original = getattr(feature._mod_uses_pyside, "pyside_own", feature._mod_uses_pyside)
    feature._mod_uses_pyside = original
    quicken_pyside_import_check()
    quickened = feature._mod_uses_pyside
    try:
        assert quickened is not original  # swapped in, so start-up gets the quicker one
        for module in (dermadesk.gui.app, dermadesk.core.models, json, sys):
            assert quickened(module) == original(module)
        assert quickened(dermadesk.gui.app) and not quickened(dermadesk.core.models)
    finally:
        feature._mod_uses_pyside = original
