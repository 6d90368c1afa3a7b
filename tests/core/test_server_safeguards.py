"""Issue 16 review: what a practice server must refuse or report, on the real test server.
Keys never replaced over a practice's data, the schema built only by its owner, the everyday
role's narrow rights, one writer at a time, photo originals never overwritten, and a clash
between two computers told in words."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

import psycopg
import pytest

from dermadesk.core import keys
from dermadesk.core.clock import Clock
from dermadesk.core.errors import DatabaseError, DataDirError
from dermadesk.core.integrity import check_data_dir
from dermadesk.core.keys import key_file
from dermadesk.core.photo_blobs import ServerOriginals
from dermadesk.core.photo_import import PhotoImporter
from dermadesk.core.practice import Practice
from dermadesk.core.server_integrity import server_problems
from dermadesk.core.server_keys import server_home
from dermadesk.core.server_practice import server_kind
from dermadesk.core.server_roles import prepare_server
from tests.helpers import TEST_PASSPHRASE, details, photo_bytes
from tests.postgres_server import (
    APP_ROLE,
    OWNER_ROLE,
    SUPERUSER,
    ServerDatabase,
    open_server_practice,
)


def _raw(database: ServerDatabase, role: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(
        host=database.socket, user=role, dbname=database.name, autocommit=True
    ) as connection:
        cursor = connection.execute(sql)  # type: ignore[arg-type]
        return list(cursor.fetchall()) if cursor.description else []


def _tables(database: ServerDatabase) -> int:
    found = _raw(
        database,
        SUPERUSER,
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
    )
    return int(found[0][0])  # type: ignore[call-overload]


def test_data_without_its_key_record_is_damage_never_a_new_practice(
    tmp_path: Path, server_practice_database: ServerDatabase, clock: Clock
) -> None:
    database = server_practice_database
    with open_server_practice(tmp_path, database.app_url) as practice:
        practice.clients.create(details())
    _raw(database, SUPERUSER, "DELETE FROM practice_key_record")  # a partial restore, say
    home = server_home(tmp_path, database.app_url)
    copy = key_file(home).read_bytes()
    with pytest.raises(DataDirError, match="Restore the key record from a backup"):
        server_kind(tmp_path, database.app_url)
    with pytest.raises(DataDirError, match="not its keys' record"):
        Practice.create(tmp_path, "another passphrase 42", clock, database_url=database.app_url)
    assert key_file(home).read_bytes() == copy  # this computer's copy kept as it was
    assert _raw(database, SUPERUSER, "SELECT count(*) FROM practice_key_record") == [(0,)]


def test_setup_as_the_owner_on_an_unprepared_server_is_refused(
    tmp_path: Path, server_database: ServerDatabase, clock: Clock
) -> None:
    with pytest.raises(DatabaseError, match="server prepare` as the database owner first"):
        Practice.create(tmp_path, TEST_PASSPHRASE, clock, database_url=server_database.owner_url)
    assert _tables(server_database) == 0  # no schema built


def test_a_bad_app_role_name_changes_nothing(
    tmp_path: Path, server_database: ServerDatabase, clock: Clock
) -> None:
    with pytest.raises(DatabaseError, match="not a role name"):
        prepare_server(server_database.owner_url, "app; DROP TABLE x", tmp_path, clock)
    assert _tables(server_database) == 0


@pytest.mark.parametrize("role", [OWNER_ROLE, SUPERUSER])
def test_check_reports_an_everyday_role_that_owns_the_tables_or_is_a_superuser(
    tmp_path: Path, server_practice_database: ServerDatabase, role: str
) -> None:
    database = server_practice_database
    url = database.app_url.replace(f"{APP_ROLE}@", f"{role}@")
    with open_server_practice(tmp_path / "app", database.app_url) as practice:
        assert server_problems(practice.store) == []
    with open_server_practice(tmp_path / role, url) as practice:
        kinds = {kind for kind, _ in server_problems(practice.store)}
    assert "append_only" in kinds


def test_the_everyday_role_may_neither_rewrite_originals_nor_remove_the_keys(
    tmp_path: Path, server_practice_database: ServerDatabase, clock: Clock
) -> None:
    database = server_practice_database
    # A server prepared before this rule: the next `server prepare` takes the rights away.
    _raw(database, OWNER_ROLE, f"GRANT ALL ON photo_blob, practice_key_record TO {APP_ROLE}")
    prepare_server(database.owner_url, APP_ROLE, tmp_path, clock)
    for attack in (
        "DELETE FROM practice_key_record",
        "TRUNCATE practice_key_record",
        "UPDATE photo_blob SET sealed = 'x'",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _raw(database, APP_ROLE, attack)
    assert _raw(database, APP_ROLE, "SELECT count(*) FROM practice_key_record") == [(1,)]


def test_an_original_a_photo_points_at_is_never_overwritten(
    tmp_path: Path, server_practice_database: ServerDatabase
) -> None:
    database = server_practice_database
    picture = tmp_path / "cheek.jpg"
    picture.write_bytes(photo_bytes())
    with open_server_practice(tmp_path, database.app_url) as practice:
        client = practice.clients.create(details())
        photo = practice.photos.get(practice.photos.import_file(client, picture).photo_id)  # type: ignore[arg-type]
        [(name,)] = _raw(database, SUPERUSER, "SELECT vault_name FROM photo")
        before = _raw(database, SUPERUSER, "SELECT sealed FROM photo_blob")
        with pytest.raises(DatabaseError, match="damaged"), practice.store.writing() as session:
            ServerOriginals(practice.store).keep(session, str(name), b"other bytes")
        assert _raw(database, SUPERUSER, "SELECT sealed FROM photo_blob") == before
        assert practice.photos.read_original(photo.sha256)


def test_two_computers_importing_one_picture_to_two_clients_keep_it_in_one_file(
    tmp_path: Path, server_practice_database: ServerDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = server_practice_database
    picture = tmp_path / "cheek.jpg"
    picture.write_bytes(photo_bytes())
    computers = [open_server_practice(tmp_path / name, database.app_url) for name in "ab"]
    clients = [
        computers[0].clients.create(details("Anna")),
        computers[0].clients.create(details("Ewa")),
    ]
    # Each import, once it has checked the picture is in no other client's file inside its
    # write transaction, waits for the other's to have checked too: without one writer at a
    # time both pass; with it, the second waits for the first, and the wait runs out.
    both_checked = threading.Barrier(2, timeout=3)
    checked = PhotoImporter._refuse_another_clients

    def check_then_wait(self, client_id, sha256, name, session=None):  # type: ignore[no-untyped-def]
        checked(self, client_id, sha256, name, session)
        if session is not None:
            with contextlib.suppress(threading.BrokenBarrierError):
                both_checked.wait()

    monkeypatch.setattr(PhotoImporter, "_refuse_another_clients", check_then_wait)
    outcomes: list[object] = [None, None]

    def run(index: int) -> None:
        outcomes[index] = computers[index].photos.import_files(clients[index], [picture])[0]

    threads = [threading.Thread(target=run, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    for practice in computers:
        practice.close()
    assert [o.ok for o in outcomes] in ([True, False], [False, True])  # type: ignore[attr-defined]
    owners = _raw(database, SUPERUSER, "SELECT DISTINCT client_id FROM photo")
    assert len(owners) == 1
    assert _raw(database, SUPERUSER, "SELECT count(*) FROM photo_blob") == [(1,)]


def test_check_on_a_server_database_not_as_dermadesk_made_it_reports_in_words(
    tmp_path: Path, server_practice_database: ServerDatabase
) -> None:
    database = server_practice_database
    open_server_practice(tmp_path, database.app_url).close()
    _raw(database, OWNER_ROLE, "ALTER TABLE practice_setting RENAME TO practice_settings_old")
    key = keys.unlock(server_home(tmp_path, database.app_url), TEST_PASSPHRASE)
    found = check_data_dir(tmp_path, key=key, database_url=database.app_url).problems
    assert [problem.kind for problem in found] == ["integrity"]
    assert "practice_setting" in found[0].detail and "server prepare" in found[0].detail


def test_check_reads_tables_whose_names_need_quoting(
    tmp_path: Path, server_practice_database: ServerDatabase
) -> None:
    database = server_practice_database
    _raw(
        database,
        OWNER_ROLE,
        'CREATE TABLE "Notes ""old"" copy" (client_id integer REFERENCES client (id)); '
        f'GRANT SELECT ON "Notes ""old"" copy" TO {APP_ROLE}',
    )
    with open_server_practice(tmp_path, database.app_url) as practice:
        assert server_problems(practice.store) == []


def test_a_write_waiting_on_another_computer_is_told_busy_not_left_waiting(
    tmp_path: Path, server_practice_database: ServerDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dermadesk.core import server_db

    monkeypatch.setattr(server_db, "LOCK_WAIT_MS", 300)
    url = server_practice_database.app_url
    with (
        open_server_practice(tmp_path / "reception", url) as reception,
        open_server_practice(tmp_path / "treatment-room", url) as treatment_room,
        reception.store.writing(),  # reception's write is under way, and does not end
        pytest.raises(DatabaseError, match="busy"),
    ):
        treatment_room.clients.create(details("Waits", "Its Turn"))
