"""A built wheel carries everything the program needs: migrations, forms and resources."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.real_clock  # the installed program runs on the computer's clock

ROOT = Path(__file__).resolve().parents[1]

USE_THE_WHEEL = """
import sys
from pathlib import Path
import dermadesk
assert Path(dermadesk.__file__).is_relative_to(Path(sys.argv[1])), dermadesk.__file__
from dermadesk.core.practice import Practice
from dermadesk.core.db import HEAD_REVISION, current_revision
from dermadesk.paths import resource_path
from datetime import date, datetime
from dermadesk.core.client_details import ClientDetails
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.session_records import AreaNote, SessionRecord
from dermadesk.core.settings import PracticeDetails
from dermadesk.core.sheets.contents import aftercare_sheet
from dermadesk.documents.aftercare import render_aftercare
practice, _code = Practice.create(sys.argv[2], "wheel test passphrase")
with practice:
    assert current_revision(practice.store.engine) == HEAD_REVISION
    practice.settings.set_practice_details(PracticeDetails("Skin", phone="01 23"))
    client = practice.clients.create(
        ClientDetails("Zoë", "Łuk", date(1990, 1, 2)), ScreeningAnswers(date(2026, 11, 1))
    )
    session = practice.sessions.book(client, datetime(2026, 11, 2, 10))
    practice.sessions.start(session)
    practice.sessions.save(session, SessionRecord(areas=(AreaNote("neck", 0.5, 2),)), True)
    pdf = render_aftercare(aftercare_sheet(practice, session))  # template and fonts
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
assert resource_path("icons", "dermadesk.svg").is_file()
assert resource_path("face_map.svg").is_file()
import dermadesk.gui.forms.ui_client_form

print("ok")
"""


@pytest.mark.slow
def test_the_wheel_installs_a_working_program(tmp_path: Path) -> None:
    # With the build backend installed (the test extra), pip builds with it instead of
    # installing it into a fresh environment first (about 3 s).
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-q"]
    built = subprocess.run(
        [*pip_wheel, "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if built.returncode != 0 and "hatchling" in built.stderr and "No matching" in built.stderr:
        pytest.skip("hatchling cannot be fetched here to build the wheel")
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("dermadesk-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "dermadesk/migrations/env.py",
        "dermadesk/migrations/versions/0001_client_files.py",
        "dermadesk/resources/icons/dermadesk.svg",
        "dermadesk/resources/face_map.svg",
        "dermadesk/resources/templates/aftercare.txt",
        "dermadesk/resources/fonts/WenQuanYiMicroHei-CJK.ttf",  # CJK names on the sheets
        "dermadesk/resources/fonts/LICENSE-WenQuanYiMicroHei.txt",
        "dermadesk/gui/forms/ui_client_form.py",
    ):
        assert needed in names

    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    result = subprocess.run(
        [sys.executable, "-c", USE_THE_WHEEL, str(unpacked), str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
