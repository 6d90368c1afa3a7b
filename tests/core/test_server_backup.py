"""Backups of a server practice: the same .dermadesk-backup file, restored into a folder or
into an empty server database either way, every row, photo and audit entry verified."""

from __future__ import annotations

from pathlib import Path

import pytest

from dermadesk.core.backup_archive import verify_backup
from dermadesk.core.backup_keys import by_passphrase
from dermadesk.core.clock import FixedClock
from dermadesk.core.errors import DataDirError
from dermadesk.core.integrity import check_practice
from dermadesk.core.keys import WrongPassphrase
from dermadesk.core.practice import Practice
from dermadesk.core.practice_copy import table_proofs
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.server_backup import restore_into_server
from dermadesk.core.server_roles import prepare_server
from tests.helpers import TEST_NOW, TEST_PASSPHRASE, details, open_practice, photo_bytes, test_key
from tests.postgres_server import APP_ROLE, ServerDatabase, open_server_practice


def _proofs(practice: Practice) -> dict[str, tuple[int, str]]:
    with practice.store.engine.connect() as connection:
        return {p.table: (p.rows, p.sha256) for p in table_proofs(connection)}


def _fill(practice: Practice, tmp_path: Path) -> int:
    answers = ScreeningAnswers(answered_on=practice.clock.today())
    client_id = practice.clients.create(details("Zofia", "Nowak"), answers)
    practice.clients.create(details("Łukasz", "Wiśniewski"), answers)
    picture = tmp_path / "before.jpg"
    picture.write_bytes(photo_bytes(shade=40))
    practice.photos.import_files(client_id, [picture])
    return client_id


@pytest.fixture
def prepared(server_database: ServerDatabase, tmp_path: Path) -> ServerDatabase:
    prepare_server(server_database.owner_url, APP_ROLE, tmp_path / "admin", FixedClock(TEST_NOW))
    return server_database


def test_a_server_practice_backup_restores_into_a_folder_whole(
    server_practice_database: ServerDatabase, tmp_path: Path
) -> None:
    with open_server_practice(tmp_path / "reception", server_practice_database.app_url) as server:
        _fill(server, tmp_path)
        (tmp_path / "backups").mkdir()
        result = server.backup(tmp_path / "backups")
        before = _proofs(server)
        assert server.audit.latest("backup.written") is not None
    assert result.counts == {"clients": 2, "consents": 0, "photos": 1} and not result.damage
    verify_backup(result.path, test_key(tmp_path / "reception" / "servers" / _home(tmp_path)))

    restored = tmp_path / "restored"
    Practice.restore(result.path, restored, unlock=by_passphrase(TEST_PASSPHRASE))
    with open_practice(restored) as folder:
        after = _proofs(folder)
        for table, proof in before.items():
            if table != "audit_event":  # the backup's own entry and the restore's follow
                assert after[table] == proof, table
        assert check_practice(folder) == []  # photos decrypt to their pictures, chain whole
        assert folder.clients.search_ids("lukasz")


def _home(tmp_path: Path) -> str:
    (home,) = (tmp_path / "reception" / "servers").iterdir()
    return home.name


def test_a_folder_backup_restores_into_an_empty_server_database_and_not_into_a_full_one(
    data_dir: Path, prepared: ServerDatabase, server_practice_database: ServerDatabase,
    tmp_path: Path,
) -> None:  # fmt: skip
    with open_practice(data_dir) as practice:
        client_id = _fill(practice, tmp_path)
        result = practice.backup(tmp_path)
        before = _proofs(practice)
    unlock = by_passphrase(TEST_PASSPHRASE)
    with pytest.raises(DataDirError, match="already holds a practice"):
        restore_into_server(
            result.path, tmp_path / "pc", server_practice_database.app_url, FixedClock(TEST_NOW),
            unlock,
        )  # fmt: skip
    with pytest.raises(WrongPassphrase, match="Nothing was restored"):
        restore_into_server(
            result.path, tmp_path / "pc", prepared.app_url, FixedClock(TEST_NOW),
            by_passphrase("not the passphrase at all"),
        )  # fmt: skip
    files = restore_into_server(
        result.path, tmp_path / "pc", prepared.app_url, FixedClock(TEST_NOW), unlock
    )
    assert files == result.files
    with open_server_practice(tmp_path / "treatment-room", prepared.app_url) as server:
        after = _proofs(server)
        for table, proof in before.items():
            if table != "audit_event":
                assert after[table] == proof, table
        assert check_practice(server) == []
        assert server.audit.latest("backup.restored") is not None
        assert server.screen_client(client_id).findings == []
        assert len(server.photos.stored_names()) == 1


def test_the_daily_backup_runs_on_a_server_practice_once_a_day(
    server_practice_database: ServerDatabase, tmp_path: Path
) -> None:
    with open_server_practice(tmp_path / "reception", server_practice_database.app_url) as server:
        _fill(server, tmp_path)
        made = server.automatic_backup()
        assert made is not None and made.path.parent == server.backup_folder()
        assert made.counts["clients"] == 2
        assert server.automatic_backup() is None  # made today already
        assert server.last_backup() is not None


def test_a_killed_server_backup_or_restore_leaves_leftovers_check_reports_and_a_start_removes(
    server_practice_database: ServerDatabase, tmp_path: Path
) -> None:
    """Each scratch folder holds a whole encrypted practice: found, then removed."""
    import fcntl
    import os

    with open_server_practice(tmp_path / "reception", server_practice_database.app_url) as server:
        home = server.data_dir
        killed = [home / ".server-backup-k2j3h4", home / ".restoring-x8y9z0"]
        for scratch in killed:  # as a killed backup and a killed restore leave them
            (scratch / "practice").mkdir(parents=True)
            (scratch / "practice" / "dermadesk.db").write_bytes(b"sealed" * 100)
        running = home / ".server-backup-inuse1"  # another window's backup, under way
        running.mkdir()
        fd = os.open(running, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            leftovers = [p for p in check_practice(server) if p.kind == "leftover"]
            assert sorted(p.detail for p in leftovers) == sorted(
                f"{path} was left by a backup or restore cut short" for path in killed
            )
            from dermadesk.core.backup_leftovers import find_leftovers

            seen = find_leftovers(tmp_path / "reception", tmp_path / "none")  # the folder's
            assert sorted(seen) == sorted(killed)  # `check` of this computer's data dir
            server.remove_leftovers()  # what the window does at each start
            assert running.exists() and not any(path.exists() for path in killed)
        finally:
            os.close(fd)
        (killed[0] / "practice").mkdir(parents=True)
        (tmp_path / "backups").mkdir()
        server.backup(tmp_path / "backups")  # a backup clears one first, like a folder's does
        assert not killed[0].exists()
        assert [p for p in check_practice(server) if p.kind == "leftover"] == []
