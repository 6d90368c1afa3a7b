"""Moving a folder practice to an empty practice server: every row, photo and key, the audit
chain still whole, the folder kept read-only; killed at any point, the server is left empty
or complete."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dermadesk.core.clock import FixedClock
from dermadesk.core.errors import DatabaseError, DataDirError
from dermadesk.core.moved_practice import MARKER, MOVING
from dermadesk.core.practice_copy import table_proofs
from dermadesk.core.server_move import folder_photos, move_to_server
from dermadesk.core.server_roles import prepare_server
from tests.helpers import TEST_NOW, details, open_practice
from tests.postgres_server import APP_ROLE, ServerDatabase, open_server_practice

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder practice with clients, consents, plans, sessions and photos, made once."""
    from dermadesk.core.demo import fill_demo_practice
    from dermadesk.core.demo_photos import add_demo_photos

    folder = tmp_path_factory.mktemp("demo") / "practice"
    with open_practice(folder, FixedClock(TEST_NOW)) as practice:
        fill_demo_practice(practice, clients=20)
        add_demo_photos(practice, clients=3)
    return folder


@pytest.fixture
def folder(demo_folder: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(demo_folder, tmp_path / "reception"))


@pytest.fixture
def prepared(server_database: ServerDatabase, tmp_path: Path) -> ServerDatabase:
    """An empty server database its administrator has prepared (`server prepare`)."""
    prepare_server(server_database.owner_url, APP_ROLE, tmp_path / "admin", FixedClock(TEST_NOW))
    return server_database


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.parts[len(folder.parts)] in ("photos", "key.json")
    }


def _proofs(practice) -> dict[str, tuple[int, str]]:  # type: ignore[no-untyped-def]
    with practice.store.engine.connect() as connection:
        return {p.table: (p.rows, p.sha256) for p in table_proofs(connection)}


def _photo_hashes(database: ServerDatabase) -> dict[str, str]:
    import psycopg

    with psycopg.connect(database.superuser_url.replace("postgresql+psycopg", "postgresql")) as db:
        rows = db.execute("SELECT vault_name, encode(sha256(sealed), 'hex') FROM photo_blob")
        return {str(n): str(h) for n, h in rows}


def _server_empty(database: ServerDatabase) -> bool:
    import psycopg

    with psycopg.connect(database.superuser_url.replace("postgresql+psycopg", "postgresql")) as db:
        tables = ("client", "audit_event", "photo", "photo_blob", "practice_key_record")
        return all(db.execute(f"SELECT count(*) FROM {t}").fetchone() == (0,) for t in tables)


def test_a_moved_practice_is_whole_on_the_server_and_its_folder_kept_read_only(
    folder: Path, prepared: ServerDatabase, tmp_path: Path
) -> None:
    files_before = _files(folder)
    with open_practice(folder) as practice:
        before = _proofs(practice)
        photo_files = {
            n: hashlib.sha256(p.read_bytes()).hexdigest() for n, p in folder_photos(folder)
        }
        result = move_to_server(practice, prepared.app_url)
    assert result.photos == len(photo_files) > 0 and before["client"][0] == 20

    with open_server_practice(tmp_path / "treatment-room", prepared.app_url) as server:
        after = _proofs(server)
        for table, proof in before.items():  # every row, ids and values as they were
            if table != "audit_event":
                assert after[table] == proof, table
        assert after["audit_event"][0] == before["audit_event"][0] + 1
        assert server.audit.chain_problems() == []
        moved_in = server.audit.latest("practice.moved_in")
        assert moved_in is not None and str(folder) in moved_in.target
        assert _photo_hashes(prepared) == photo_files  # the sealed bytes as they were
        assert len(server.photos.stored_names()) == len(photo_files)
        # New rows follow the copied ones: the sequences were set after the copy.
        new_id = server.clients.create(details("Maja", "Nowy"))
        assert new_id == before["client"][0] + 1
        assert server.clients.search_ids("nowy") == [new_id]

    with open_practice(folder) as old:  # read-only now, and says where the practice went
        assert old.moved is not None and prepared.name in old.moved
        assert old.clients.count() == 20  # still readable
        with pytest.raises(DatabaseError, match="moved to the practice server"):
            old.clients.create(details("Never", "Saved"))
        assert old.audit.latest("practice.moved") is not None
        assert old.audit.chain_problems() == []
    assert _files(folder) == files_before  # photos and keys untouched
    assert (folder / MARKER).is_file()
    with open_practice(folder) as old, pytest.raises(DataDirError, match="moved to"):
        move_to_server(old, prepared.app_url)  # never moved twice


def test_only_an_empty_prepared_server_database_takes_a_practice(
    folder: Path, server_database: ServerDatabase, server_practice_database: ServerDatabase
) -> None:
    with open_practice(folder) as practice:
        with pytest.raises(DatabaseError, match="server prepare"):
            move_to_server(practice, server_database.app_url)  # not prepared
        with pytest.raises(DataDirError, match="already holds a practice"):
            move_to_server(practice, server_practice_database.app_url)
        practice.clients.create(details("Still", "Here"))  # the folder works as before
    assert not (folder / MARKER).exists() and not (folder / MOVING).exists()
    with open_practice(folder) as practice:  # opened again: writable, nothing said
        assert practice.moved is None
        practice.clients.create(details("Still", "Writable"))


# Run in a process of its own, killed (SIGKILL) right after the step named in argv[3].
_KILLED_AT = """
import os, signal, sys
from pathlib import Path
from tests.helpers import open_practice
from dermadesk.core import practice_copy, server_move

def then_kill(module, name, calls=1):
    original, seen = getattr(module, name), []
    def wrapped(*args, **kwargs):
        result = original(*args, **kwargs)
        seen.append(1)
        if len(seen) == calls:
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    setattr(module, name, wrapped)

step = sys.argv[3]
if step == "rows":
    then_kill(practice_copy, "_digest", calls=9)  # halfway through the tables
elif step == "photos":  # killed as the third photo is read, two of them sent
    original = server_move.copy_photos
    def copy_photos(photos, target, progress=None):
        def reader(number, read):
            def killed_on_the_third():
                if number == 2:
                    os.kill(os.getpid(), signal.SIGKILL)
                return read()
            return killed_on_the_third
        paced = [(name, reader(n, read)) for n, (name, read) in enumerate(photos)]
        return original(paced, target, progress)
    server_move.copy_photos = copy_photos
elif step == "keys":
    then_kill(server_move, "put_key_record")
elif step == "committed":
    then_kill(server_move, "copy_into_server")  # the server committed, the folder not marked
with open_practice(Path(sys.argv[1])) as practice:
    server_move.move_to_server(practice, sys.argv[2])
"""


@pytest.mark.parametrize("step", ["rows", "photos", "keys", "committed"])
def test_a_move_killed_at_any_point_leaves_the_server_empty_or_complete(
    folder: Path, prepared: ServerDatabase, tmp_path: Path, step: str
) -> None:
    with open_practice(folder) as practice:
        before = _proofs(practice)
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_AT, str(folder), prepared.app_url, step],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert killed.returncode == -9, killed.stderr
    assert not (folder / MARKER).exists()
    if step != "committed":
        assert _server_empty(prepared)  # nothing of the move was kept
        with open_practice(folder) as practice:
            assert _proofs(practice) == before  # the folder as it was, and writable
            move_to_server(practice, prepared.app_url)  # a second run moves it whole
    else:  # the server has it all: a second run only records the move here and marks it
        with open_practice(folder) as practice:
            assert move_to_server(practice, prepared.app_url).photos > 0
    assert (folder / MARKER).exists()
    with open_server_practice(tmp_path / "other", prepared.app_url) as server:
        after = _proofs(server)
        assert {t: p for t, p in after.items() if t != "audit_event"} == {
            t: p for t, p in before.items() if t != "audit_event"
        }
        assert server.audit.chain_problems() == []


def _killed(folder: Path, database: ServerDatabase, step: str) -> None:
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_AT, str(folder), database.app_url, step],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert killed.returncode == -9, killed.stderr


def test_a_move_killed_after_the_server_took_it_keeps_the_folder_read_only_and_a_retry_marks_it(
    folder: Path, prepared: ServerDatabase, tmp_path: Path
) -> None:
    """The server holds the practice and another computer works there before the retry: the
    folder never becomes a second live copy, and the retry only marks it moved."""
    _killed(folder, prepared, "committed")
    assert not (folder / MARKER).exists()
    with open_practice(folder) as practice:  # opened after the kill: read-only, in words
        assert practice.moved is not None and "did not finish" in practice.moved
        with pytest.raises(DatabaseError, match="run again"):
            practice.clients.create(details("Never", "Saved"))
    with open_server_practice(tmp_path / "treatment-room", prepared.app_url) as other:
        new_id = other.clients.create(details("Maja", "Nowa"))  # another computer at work
    with open_practice(folder) as practice:
        result = move_to_server(practice, prepared.app_url)
        assert result.finished_earlier and result.photos > 0
        assert practice.moved is not None and "moved to the practice server" in practice.moved
    assert (folder / MARKER).exists() and not (folder / MOVING).exists()
    with open_server_practice(tmp_path / "treatment-room", prepared.app_url) as other:
        assert other.clients.search_ids("nowa") == [new_id]  # nothing on the server undone


def test_a_move_retried_through_another_spelling_of_the_folder_finishes_it(
    folder: Path, prepared: ServerDatabase, tmp_path: Path
) -> None:
    """The origin is the folder itself, not how its path was typed (here: a symlink)."""
    _killed(folder, prepared, "committed")
    link = tmp_path / "shortcut"
    link.symlink_to(folder, target_is_directory=True)
    with open_practice(link) as practice:
        assert move_to_server(practice, prepared.app_url).finished_earlier
    assert (folder / MARKER).exists()
    with open_server_practice(tmp_path / "other", prepared.app_url) as server:
        (moved_in,) = [e for e in server.audit.events() if e.action == "practice.moved_in"]
        assert moved_in.target == f"the folder {folder.resolve()}"


def test_only_the_photos_the_records_name_move_and_a_missing_one_refuses_the_move(
    folder: Path, prepared: ServerDatabase
) -> None:
    (name, path), *_ = folder_photos(folder)
    orphan = folder / "photos" / "ff" / ("ff" + "e" * 62)  # a vault file no photo row names
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(b"left by an import cut short")
    moved_aside = path.with_name(name + ".aside")
    path.rename(moved_aside)
    with open_practice(folder) as practice:
        with pytest.raises(DataDirError, match="dermadesk check") as refused:
            move_to_server(practice, prepared.app_url)
        assert "has no file" in str(refused.value) and "Nothing was moved" in str(refused.value)
        assert _server_empty(prepared)
        assert not (folder / MOVING).exists() and practice.moved is None
        practice.clients.create(details("Still", "Writable"))
        moved_aside.rename(path)
        move_to_server(practice, prepared.app_url)
    assert orphan.name not in _photo_hashes(prepared)  # left behind
    assert name in _photo_hashes(prepared)


def test_a_folder_that_cannot_be_marked_after_the_server_took_it_stays_read_only_until_a_retry(
    folder: Path, prepared: ServerDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up between the server's commit and the folder's marker."""
    from dermadesk.core import moved_practice
    from dermadesk.core.server_move import MoveUnfinished

    real_mark = moved_practice.mark_moved

    def disk_full(*args, **named):  # type: ignore[no-untyped-def]
        if (args[4:] or [named.get("name", MARKER)])[0] == MARKER:
            raise OSError(28, "No space left on device")
        real_mark(*args, **named)

    monkeypatch.setattr(moved_practice, "mark_moved", disk_full)
    with open_practice(folder) as practice:
        with pytest.raises(MoveUnfinished, match="is on the practice server") as said:
            move_to_server(practice, prepared.app_url)
        assert "read-only" in str(said.value) and "run the move again" in str(said.value)
        with pytest.raises(DatabaseError, match="did not finish"):
            practice.clients.create(details("Never", "Saved"))
    assert (folder / MOVING).exists() and not _server_empty(prepared)
    monkeypatch.setattr(moved_practice, "mark_moved", real_mark)
    with open_practice(folder) as practice:
        assert move_to_server(practice, prepared.app_url).finished_earlier
    assert (folder / MARKER).exists() and not (folder / MOVING).exists()


def test_a_move_to_a_server_that_cannot_be_reached_leaves_the_folder_writable(
    folder: Path, prepared: ServerDatabase
) -> None:
    nowhere = prepared.app_url.replace(prepared.name, "no_such_database")
    with open_practice(folder) as practice:
        with pytest.raises(DatabaseError, match="practice server"):
            move_to_server(practice, nowhere)
        assert practice.moved is None and not (folder / MOVING).exists()
        practice.clients.create(details("Still", "Writable"))
