"""Issue 15, the store's attacks: a stolen database file, a stolen backup, a wrong passphrase.

Each fails on the main before encryption (where the database and backups were plain SQLite)
and passes with SQLCipher and encrypted backups.
"""

from __future__ import annotations

import hashlib
import io
import sqlite3
import zipfile
from pathlib import Path

import pytest

from dermadesk import cli
from dermadesk.core.backup_archive import DATABASE, MANIFEST
from dermadesk.core.backup_keys import by_passphrase, by_recovery_code
from dermadesk.core.demo import fill_demo_practice
from dermadesk.core.keys import WrongPassphrase, WrongRecoveryCode, new_recovery_code
from dermadesk.core.practice import Practice
from tests.helpers import TEST_PASSPHRASE, details, open_practice
from tests.practice_folders import client_names


def _demo_names(practice: Practice, how_many: int = 6) -> list[bytes]:
    """A few clients' names, as the bytes SQLite would store them (long enough that random
    ciphertext never holds one by chance)."""
    ids = practice.clients.search_ids()[:how_many]
    summaries = practice.clients.summaries(ids)
    names = {n for i in ids for n in (summaries[i].first_name, summaries[i].last_name)}
    return sorted(n.encode("utf-8") for n in names if len(n) >= 5)


def _holding(data: bytes, names: list[bytes]) -> list[bytes]:
    return [name for name in names if name in data]


def test_the_database_does_not_open_with_plain_sqlite(practice: Practice) -> None:
    practice.clients.create(details("Zofia", "Nowakowska"))
    raw = sqlite3.connect(practice.data_dir / "dermadesk.db")
    try:
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            raw.execute("SELECT first_name FROM client").fetchall()
    finally:
        raw.close()


def test_no_file_in_the_data_dir_or_in_a_backup_holds_a_clients_name(
    data_dir: Path, tmp_path: Path
) -> None:
    with open_practice(data_dir) as practice:  # kept open: its -wal holds the newest pages
        fill_demo_practice(practice, clients=30)
        names = _demo_names(practice)
        assert len(names) >= 5
        backup = practice.backup(tmp_path).path
        files = [p for p in data_dir.rglob("*") if p.is_file()]
        assert any(p.name.endswith("-wal") for p in files)
        for path in files:
            assert _holding(path.read_bytes(), names) == [], path
    assert _holding(backup.read_bytes(), names) == []
    with zipfile.ZipFile(backup) as archive:  # the members unpacked, the database inflated
        for member in archive.namelist():
            assert _holding(archive.read(member), names) == [], member
        manifest = archive.read(MANIFEST)
        database = archive.read(DATABASE)
    assert not database.startswith(b"SQLite format 3")
    # The manifest's hash is of the ciphertext as stored, nothing of the plaintext.
    assert hashlib.sha256(database).hexdigest().encode() in manifest


def test_a_wrong_passphrase_refuses_the_restore_in_words_and_writes_nothing(
    practice: Practice,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    practice.clients.create(details())
    usb = tmp_path / "usb"
    usb.mkdir()
    backup = practice.backup(usb).path
    target = tmp_path / "restored"
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(WrongPassphrase, match=r"does not unlock .*Nothing was restored"):
        Practice.restore(backup, target, unlock=by_passphrase("not the passphrase at all"))
    with pytest.raises(WrongRecoveryCode, match="does not unlock"):
        Practice.restore(backup, target, unlock=by_recovery_code(new_recovery_code()))
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # not even a staging folder

    monkeypatch.setenv("DERMADESK_PASSPHRASE", "not the passphrase at all")
    status = cli.main(["--data-dir", str(target), "restore", str(backup)])
    err = capsys.readouterr().err
    assert status == 1 and "passphrase does not unlock" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_backup_restores_with_the_passphrase_and_with_the_recovery_code(
    tmp_path: Path,
) -> None:
    made, code = Practice.create(tmp_path / "practice", TEST_PASSPHRASE)
    with made:
        made.clients.create(details("Łucja", "Wiśniewska"))
        backup = made.backup(tmp_path).path
    for folder, unlock in (
        ("by passphrase", by_passphrase(TEST_PASSPHRASE)),
        ("by recovery code", by_recovery_code(code)),
    ):
        assert Practice.restore(backup, tmp_path / folder, unlock=unlock) == 2  # db, key.json
        with open_practice(tmp_path / folder) as restored:
            assert restored.encrypted
            (found,) = restored.clients.search_ids("wisn")
            assert restored.clients.get(found).first_name == "Łucja"


def test_the_command_line_restores_with_the_passphrase_or_the_recovery_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    made, code = Practice.create(tmp_path / "practice", TEST_PASSPHRASE)
    with made:
        made.clients.create(details("Łucja", "Wiśniewska"))
        backup = made.backup(tmp_path).path
    by_passphrase_dir = tmp_path / "by passphrase"
    assert cli.main(["--data-dir", str(by_passphrase_dir), "restore", str(backup)]) == 0
    monkeypatch.setenv("DERMADESK_PASSPHRASE", "")  # only the code, typed (here: piped) in
    monkeypatch.setattr("sys.stdin", io.StringIO(code.lower().replace("-", " ") + "\n"))
    by_code_dir = tmp_path / "by recovery code"
    status = cli.main(["--data-dir", str(by_code_dir), "restore", str(backup), "--recovery-code"])
    assert status == 0, capsys.readouterr().err
    assert "Restored 2 files" in capsys.readouterr().out
    for folder in (by_passphrase_dir, by_code_dir):
        assert client_names(folder) == ["Łucja"]
