"""The command line on a folder whose practice lost its database, and `check` on damage it
cannot open: refused in words, nothing created, and `check --json` always JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from dermadesk.cli import main
from tests.helpers import connect_db, details, open_practice
from tests.practice_folders import emptied_database, listing, lived_in_folder

Damage = Callable[[Path], None]


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *command: str) -> tuple[int, str, str]:
    status = main(["--data-dir", str(data_dir), *command])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def lost(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    """A practice in use whose database was deleted; returns its backup."""
    backup = lived_in_folder(data_dir, tmp_path_factory)
    (data_dir / "dermadesk.db").unlink()
    return backup


def test_clients_import_refuses_a_folder_whose_database_was_deleted(
    data_dir: Path, lost: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "clients.csv"
    source.write_text("first_name,last_name,date_of_birth\nZofia,Nowak,1990-01-02\n")
    before = listing(data_dir)
    status, out, err = run(capsys, data_dir, "clients", "import", str(source))
    assert status == 1 and out == ""
    assert "database (dermadesk.db) is missing" in err and str(lost) in err
    assert " restore " in err  # how, as README spells it
    assert listing(data_dir) == before and not (data_dir / "dermadesk.db").exists()


def test_a_zero_byte_database_is_not_an_empty_practice(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lived_in_folder(data_dir, tmp_path_factory)
    (data_dir / "dermadesk.db").write_bytes(b"")
    for command in (["clients"], ["demo", "--clients", "3"]):
        status, out, err = run(capsys, data_dir, *command)
        assert status == 1 and "No clients yet" not in out
        assert "is empty (0 bytes)" in err
    assert (data_dir / "dermadesk.db").stat().st_size == 0


def test_backup_writes_no_empty_backup_of_a_lost_practice(
    data_dir: Path, lost: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "practice.json").unlink()  # a practice from before identities: photos tell
    usb = tmp_path / "usb"
    usb.mkdir()
    status, _out, err = run(capsys, data_dir, "backup", str(usb))
    assert status == 1 and "is missing" in err and "3 photo files" in err
    assert list(usb.iterdir()) == []


def test_check_repair_never_quarantines_when_the_database_is_missing_or_empty(
    data_dir: Path, lost: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = listing(data_dir / "photos")
    for make in (lambda: None, lambda: emptied_database(data_dir / "dermadesk.db")):
        make()
        status, out, _err = run(capsys, data_dir, "check", "--repair", "--json")
        report = json.loads(out)
        assert status == 1 and report["ok"] is False
        assert [p["kind"] for p in report["problems"]] in (
            ["database_missing"],
            ["database_empty"],
        )
        assert "orphan" not in out
        assert listing(data_dir / "photos") == vault and not (data_dir / "quarantine").exists()


def _overwrite(offset: int, data: bytes) -> Damage:
    def damage(database: Path) -> None:
        with database.open("r+b") as handle:
            handle.seek(offset)
            handle.write(data)

    return damage


def _schema_name_in_broken_bytes(database: Path) -> None:
    raw = connect_db(database.parent)
    raw.execute("PRAGMA writable_schema = ON")
    raw.execute(
        "UPDATE sqlite_master SET name = CAST(X'61FF' AS TEXT), sql = 'CREATE TABLE'"
        " WHERE name = 'audit_event'"
    )
    raw.commit()
    raw.close()


def _emptied(database: Path) -> None:
    database.unlink()
    emptied_database(database)


def _another_practice(database: Path) -> None:
    other = database.parent.parent / "another"
    with open_practice(other) as practice:
        practice.clients.create(details("Zofia", "Nowak"))
    shutil.copy(other / "dermadesk.db", database)
    shutil.copy(other / "key.json", database.parent / "key.json")  # unlocked: the same passphrase


DAMAGE: dict[str, tuple[Damage, str]] = {
    "deleted": (lambda database: database.unlink(), "database_missing"),
    "zero bytes": (lambda database: database.write_bytes(b""), "database_empty"),
    "emptied": (_emptied, "database_empty"),
    "another practice's": (_another_practice, "database_of_another_practice"),
    "header overwritten": (_overwrite(0, b"\xff" * 100), "integrity"),
    "not a database": (lambda d: d.write_bytes(b"notes " * 4000), "integrity"),
    "schema in broken bytes": (_schema_name_in_broken_bytes, "integrity"),
}


@pytest.mark.parametrize("how", list(DAMAGE))
def test_check_json_prints_json_whatever_happened_to_the_database(
    tmp_path_factory: pytest.TempPathFactory,
    data_dir: Path,
    how: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lived_in_folder(data_dir, tmp_path_factory)
    damage, kind = DAMAGE[how]
    damage(data_dir / "dermadesk.db")
    status, out, err = run(capsys, data_dir, "check", "--json")
    report = json.loads(out)
    assert status == 1, err
    assert report["ok"] is False and report["problems"][0]["kind"] == kind
    assert all(problem["detail"] for problem in report["problems"])


def test_check_json_prints_json_for_a_folder_without_a_practice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "pratice"
    status, out, _err = run(capsys, typo, "check", "--json")
    assert status == 1 and json.loads(out)["problems"][0]["kind"] == "data_dir"
    assert not typo.exists()


def test_check_json_prints_json_with_every_page_of_the_database_damaged_in_turn(
    tmp_path_factory: pytest.TempPathFactory,
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lived_in_folder(data_dir, tmp_path_factory)
    database = data_dir / "dermadesk.db"
    pages = database.stat().st_size // 4096
    for page in range(pages):
        damaged = tmp_path / f"page-{page}"
        shutil.copytree(data_dir, damaged)
        _overwrite(page * 4096 + (page * 997) % 3000, b"\xa5" * 64)(damaged / "dermadesk.db")
        status, out, err = run(capsys, damaged, "check", "--json")
        report = json.loads(out)  # never a message on stderr instead
        assert report["ok"] is (status == 0), (page, err)
        shutil.rmtree(damaged)


_CRASH_AFTER_WRITING = """
import os, sys
from datetime import date
from dermadesk.core.clients import ClientDetails
from tests.helpers import open_practice
practice = open_practice(sys.argv[1])
for name in ("Zofia", "Maja"):
    practice.clients.create(ClientDetails(first_name=name, last_name="Nowak",
                                          date_of_birth=date(1990, 1, 2)))
os._exit(0)  # a crash: nothing closed, nothing checkpointed
"""


@pytest.mark.parametrize("how", ["deleted", "cut short"])
def test_check_reports_a_write_ahead_log_lost_after_a_crash(
    tmp_path_factory: pytest.TempPathFactory,
    data_dir: Path,
    how: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lived_in_folder(data_dir, tmp_path_factory)
    subprocess.run([sys.executable, "-c", _CRASH_AFTER_WRITING, str(data_dir)], check=True)
    wal = data_dir / "dermadesk.db-wal"
    assert wal.stat().st_size > 0 and (data_dir / "dermadesk.db-shm").exists()
    if how == "deleted":
        wal.unlink()
    else:
        with wal.open("r+b") as handle:
            handle.truncate(wal.stat().st_size // 2)
    status, out, _err = run(capsys, data_dir, "check", "--json")
    report = json.loads(out)
    assert status == 1
    [lost] = [p for p in report["problems"] if p["kind"] == "wal_lost"]
    assert ("is missing" if how == "deleted" else "is cut short") in lost["detail"]
    assert "dermadesk.db-shm says" in lost["detail"] or "it held" in lost["detail"]


def test_check_says_nothing_of_the_log_after_a_crash_that_lost_nothing(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lived_in_folder(data_dir, tmp_path_factory)
    subprocess.run([sys.executable, "-c", _CRASH_AFTER_WRITING, str(data_dir)], check=True)
    status, out, _err = run(capsys, data_dir, "check", "--json")
    assert json.loads(out) == {"ok": True, "problems": []} and status == 0
