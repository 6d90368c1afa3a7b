"""A folder that held a practice never silently becomes an empty one (issue 14, item 1)."""

from __future__ import annotations

import json
import os
import shlex
import shutil
from pathlib import Path

import pytest

from dermadesk.cli import main
from dermadesk.core.db import HEAD_REVISION
from dermadesk.core.errors import DatabaseError
from dermadesk.core.identity import SETTING_KEY
from dermadesk.core.integrity import check_data_dir
from dermadesk.core.lost_practice import ANOTHER, EMPTY, MISSING, LostPracticeError
from dermadesk.core.settings import BackupSettings
from tests.helpers import connect_db, details, open_practice, test_key
from tests.practice_folders import client_names, emptied_database, listing, lived_in_folder
from tests.programs_at_once import at_once


def identity_file(data_dir: Path) -> dict[str, str]:
    return json.loads((data_dir / "practice.json").read_text())


def database_id(data_dir: Path) -> str | None:
    raw = connect_db(data_dir)
    try:
        row = raw.execute(
            "SELECT value FROM practice_setting WHERE key = ?", (SETTING_KEY,)
        ).fetchone()
    finally:
        raw.close()
    return None if row is None else json.loads(row[0])["id"]


def test_a_new_practice_gets_an_identity_file_and_the_same_id_in_its_database(
    data_dir: Path,
) -> None:
    open_practice(data_dir).close()
    written = identity_file(data_dir)
    assert written["schema"] == HEAD_REVISION and written["created"]
    assert len(written["id"]) == 36 and database_id(data_dir) == written["id"]
    assert (data_dir / "practice.json").stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in data_dir.iterdir()) == [
        "dermadesk.db",
        "key.json",
        "practice.json",
    ]
    open_practice(data_dir).close()
    assert identity_file(data_dir) == written  # the same practice, opened again


def test_a_practice_from_before_identities_gets_one_on_its_next_open(data_dir: Path) -> None:
    with open_practice(data_dir) as practice:
        practice.clients.create(details())
    made = identity_file(data_dir)["id"]
    (data_dir / "practice.json").unlink()
    open_practice(data_dir).close()
    assert identity_file(data_dir)["id"] == made  # taken from the database

    raw = connect_db(data_dir)
    raw.execute("DELETE FROM practice_setting WHERE key = ?", (SETTING_KEY,))
    raw.commit()
    raw.close()
    (data_dir / "practice.json").unlink()
    with open_practice(data_dir) as practice:  # as every practice made before this change
        assert practice.clients.count() == 1
    assert identity_file(data_dir)["id"] == database_id(data_dir) != made


@pytest.mark.parametrize("trace", ["identity", "photos", "backups", "logs"])
def test_a_deleted_database_is_refused_and_nothing_is_created(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path, trace: str
) -> None:
    backup = lived_in_folder(data_dir, tmp_path_factory)
    (data_dir / "dermadesk.db").unlink()
    keep = {"identity": "practice.json", "photos": "photos", "backups": "backups", "logs": "logs"}
    if trace == "logs":
        (data_dir / "logs").mkdir()
        (data_dir / "logs" / "dermadesk.log").write_text(
            f"2026-11-20 09:00:00,000 INFO dermadesk: DermaDesk 0.1 opened on {data_dir}\n"
        )
    for child in data_dir.iterdir():  # only this one trace of the practice is left
        if child.name != keep[trace]:
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    before = listing(data_dir)

    with pytest.raises(LostPracticeError) as refused:
        open_practice(data_dir)

    assert refused.value.kind == MISSING
    message = str(refused.value)
    assert "database (dermadesk.db) is missing" in message and "nothing was changed" in message
    if trace == "backups":
        assert refused.value.backup is not None and refused.value.backup.path == backup
        assert f"restore {backup}" in message
    assert listing(data_dir) == before  # no new, empty database (nor anything else)


def test_a_zero_byte_database_is_refused_untouched(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path
) -> None:
    lived_in_folder(data_dir, tmp_path_factory)
    (data_dir / "dermadesk.db").write_bytes(b"")
    before = listing(data_dir)
    with pytest.raises(LostPracticeError, match=r"is empty \(0 bytes\)") as refused:
        open_practice(data_dir)
    assert refused.value.kind == EMPTY
    assert listing(data_dir) == before


def test_a_database_emptied_by_an_older_dermadesk_is_refused(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path
) -> None:
    backup = lived_in_folder(data_dir, tmp_path_factory)
    (data_dir / "dermadesk.db").unlink()
    emptied_database(data_dir / "dermadesk.db")  # what opening it used to do
    before = listing(data_dir)
    with pytest.raises(LostPracticeError, match="holds no clients and no settings") as refused:
        open_practice(data_dir)
    assert listing(data_dir) == before
    assert refused.value.kind == EMPTY and refused.value.backup is not None
    assert refused.value.backup.path == backup
    (data_dir / "practice.json").unlink()  # made before identities: the photos still tell
    with pytest.raises(LostPracticeError, match="3 photo files"):
        open_practice(data_dir)


def test_a_database_without_tables_is_refused_byte_for_byte_untouched(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path
) -> None:
    lived_in_folder(data_dir, tmp_path_factory)
    (data_dir / "dermadesk.db").unlink()
    raw = connect_db(data_dir)  # a database file with nothing in it
    raw.execute("CREATE TABLE scratch (x)")
    raw.execute("DROP TABLE scratch")
    raw.commit()
    raw.close()
    content = (data_dir / "dermadesk.db").read_bytes()
    before = listing(data_dir)
    with pytest.raises(LostPracticeError, match="holds no clients and no settings"):
        open_practice(data_dir)
    assert (data_dir / "dermadesk.db").read_bytes() == content  # not even switched to WAL
    assert listing(data_dir) == before


def test_another_practices_database_is_refused(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    lived_in_folder(ours, tmp_path_factory)
    with open_practice(theirs) as other:
        other.clients.create(details("Zofia", "Nowak"))
    shutil.copy(theirs / "dermadesk.db", ours / "dermadesk.db")  # without its key file
    copied = listing(ours)
    with pytest.raises(DatabaseError, match="cannot be read with this practice's key"):
        open_practice(ours)
    assert listing(ours) == copied
    shutil.copy(theirs / "key.json", ours / "key.json")  # with it (the same passphrase)
    copied = listing(ours)
    with pytest.raises(LostPracticeError, match="belongs to another practice") as refused:
        open_practice(ours)
    assert listing(ours) == copied
    assert refused.value.kind == ANOTHER
    assert client_names(ours) == ["Zofia"]  # left as it was


def test_a_new_folder_and_a_crashed_first_start_still_make_a_new_practice(
    tmp_path: Path,
) -> None:
    open_practice(tmp_path / "new").close()
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    (crashed / "dermadesk.db").write_bytes(b"")  # killed before the schema was made
    with open_practice(crashed) as practice:
        assert practice.is_new()
    assert (crashed / "practice.json").exists()


def test_the_chosen_backup_folder_is_recorded_and_its_newest_backup_named(
    data_dir: Path, tmp_path: Path
) -> None:
    usb = tmp_path / "usb stick"
    usb.mkdir()
    with open_practice(data_dir) as practice:
        practice.clients.create(details())
        practice.settings.set_backup(BackupSettings(folder=str(usb)))
        written = practice.automatic_backup()
    assert written is not None and written.path.parent == usb
    assert identity_file(data_dir)["backup_folder"] == str(usb)
    assert identity_file(data_dir)["last_backup"] == str(written.path)
    (data_dir / "dermadesk.db").unlink()
    with pytest.raises(LostPracticeError) as refused:
        open_practice(data_dir)
    assert refused.value.backup is not None and refused.value.backup.path == written.path


def test_the_restore_the_refusal_names_brings_the_practice_back(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lived_in_folder(data_dir, tmp_path_factory)
    made = identity_file(data_dir)["id"]
    (data_dir / "dermadesk.db").unlink()
    with pytest.raises(LostPracticeError) as refused:
        open_practice(data_dir)
    command = next(line for line in str(refused.value).splitlines() if " restore " in line)
    words = shlex.split(command)
    assert words[0] == "dermadesk"
    assert main(words[1:]) == 0, capsys.readouterr().err
    restored = refused.value.restore_into
    assert client_names(restored) == ["Anna", "Łucja"]
    with open_practice(restored) as practice:
        assert len(practice.photos.problems()) == 0
    assert identity_file(restored)["id"] == made


_OPEN_AND_SAY_ID = """
import alembic.command, alembic.config, argon2, mako.template  # what making one loads
from tests.helpers import open_practice

def job(folder):
    with open_practice(folder) as practice:
        print(practice.identity.id)
"""


def test_programs_opening_a_new_folder_at_once_agree_on_one_id(tmp_path: Path) -> None:
    for trial in range(2):
        folder = tmp_path / f"new-{trial}"
        said = {out.strip() for _code, out in at_once(3, _OPEN_AND_SAY_ID, str(folder))}
        assert len(said) == 1, said
        assert said == {identity_file(folder)["id"]} == {database_id(folder)}


def test_repair_never_quarantines_a_vault_the_database_does_not_know(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path
) -> None:
    lived_in_folder(data_dir, tmp_path_factory)
    raw = connect_db(data_dir)  # an old copy put back, say
    raw.execute("DELETE FROM photo")
    raw.commit()
    raw.close()
    vault = listing(data_dir / "photos")
    found = check_data_dir(data_dir, repair=True, key=test_key(data_dir))
    assert found.moved == [] and listing(data_dir / "photos") == vault
    assert not (data_dir / "quarantine").exists()
    kinds = [problem.kind for problem in found.problems]
    assert kinds[0] == "repair_refused" and kinds.count("orphan_file") == 3


def test_the_identity_file_is_written_whole_or_not_at_all(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_practice(data_dir) as practice:
        practice.settings.set_backup(BackupSettings(folder="/media/usb"))
    before = (data_dir / "practice.json").read_bytes()
    assert b"/media/usb" not in before  # recorded at the next open

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)  # the disk fills while it is written
    with open_practice(data_dir) as practice:  # the practice opens all the same
        practice.clients.create(details())
    assert (data_dir / "practice.json").read_bytes() == before  # the old file, whole
    assert sorted(p.name for p in data_dir.iterdir()) == [
        "dermadesk.db",
        "key.json",
        "practice.json",
    ]
    monkeypatch.undo()
    open_practice(data_dir).close()
    assert identity_file(data_dir)["backup_folder"] == "/media/usb"
