"""One clock: the program asks the time only through the practice's clock (core/clock.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import dermadesk

SOURCE = Path(dermadesk.__file__).parent
# Each is a reading of the computer's clock that a test could not fix.
FORBIDDEN = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("time", "time"),
    ("QDate", "currentDate"),
    ("QDateTime", "currentDateTime"),
    ("QDateTime", "currentDateTimeUtc"),
    ("QTime", "currentTime"),
}
# Readings that are about the computer, not the practice's day, each with its reason.
ALLOWED = {
    # A file's age on disk is measured against the disk's own clock (where locks are missing).
    "dermadesk/core/backup_leftovers.py: time.time()",
}


def clock_readings(path: Path) -> list[str]:
    """Every place in `path` that reads the computer's clock other than through a Clock."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if not isinstance(node, ast.Call):
            continue
        called = node.func
        if isinstance(called, ast.Name) and called.id == "utc_now":
            found.append(f"{path.relative_to(SOURCE.parent)}:{node.lineno}: utc_now()")
        if (
            isinstance(called, ast.Attribute)
            and isinstance(called.value, ast.Name)
            and (called.value.id, called.attr) in FORBIDDEN
        ):
            where = f"{path.relative_to(SOURCE.parent)}:{node.lineno}"
            found.append(f"{where}: {called.value.id}.{called.attr}()")
    return found


def test_only_the_clock_reads_the_computers_clock() -> None:
    files = [
        *(SOURCE / "core").rglob("*.py"),
        *(SOURCE / "gui").rglob("*.py"),
        *SOURCE.glob("cli*.py"),
    ]
    found = [
        reading
        for path in sorted(files)
        if path != SOURCE / "core" / "clock.py"
        for reading in clock_readings(path)
        if reading.split(":", 1)[0] + ": " + reading.split(": ", 1)[1] not in ALLOWED
    ]
    assert found == [], "Use the practice's clock instead:\n" + "\n".join(found)


def test_the_check_finds_a_reading(tmp_path: Path) -> None:
    sample = SOURCE / "core" / "clock.py"  # the one file allowed to read the computer's clock
    assert [line.split(": ", 1)[1] for line in clock_readings(sample)] == [
        "datetime.now()",
        "datetime.now()",
        "date.today()",
    ]
