"""Moving a folder practice to an empty practice server: every row, photo and key, the audit
chain still whole, the folder kept read-only; killed at any point, the server is left empty
or complete."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dermadesk.core.clock import FixedClock
from dermadesk.core.errors import DatabaseError, DataDirError
from dermadesk.core.moved_practice import MARKER, MOVING
from dermadesk.core.practice_copy import table_proofs
from dermadesk.core.server_move import folder_photos, move_to_server
from tests import prepared_server
from tests.built_once import built_once
from tests.helpers import TEST_NOW, details, open_practice
from tests.postgres_server import ServerDatabase, open_server_practice
from tests.practice_folders import folder_with_database

ROOT = Path(__file__).resolve().parents[2]

# An empty server database its administrator has prepared, a copy of one prepared once.
prepared_template, prepared = prepared_server.prepared_template, prepared_server.prepared


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory: pytest.TempPathFactory, new_practice_dir: Path) -> Path:
    """A folder practice with clients, consents, plans, sessions and one client's course of
    photos (eight or more), built once for the run."""
    from dermadesk.core.demo import fill_demo_practice
    from dermadesk.core.demo_photos import add_demo_photos

    def build(folder: Path) -> None:
        data_dir = folder_with_database(new_practice_dir, folder / "practice")
        with open_practice(data_dir, FixedClock(TEST_NOW)) as practice:
            fill_demo_practice(practice, clients=20)
            assert add_demo_photos(practice, clients=1) >= 8

    return built_once(tmp_path_factory, "server-move-demo", build) / "practice"


@pytest.fixture
def folder(demo_folder: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(demo_folder, tmp_path / "reception"))


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


# One process that loads what a move needs, then for each line on stdin (folder, server
# address, step, a file for its errors) forks a child that moves the folder and is killed
# (SIGKILL) right after that step, and prints how the child ended. Forking from it spares
# starting Python and loading DermaDesk for every kill; each child is a process of its own.
_KILLER = """
import os, pkgutil, signal, sys, importlib
from pathlib import Path
from tests.helpers import open_practice
import dermadesk.core
from dermadesk.core import practice_copy, server_move
for found in pkgutil.iter_modules(dermadesk.core.__path__, "dermadesk.core."):
    if found.name.startswith("dermadesk.core.server"):
        importlib.import_module(found.name)
import psycopg, sqlalchemy.dialects.postgresql.psycopg

def then_kill(module, name, calls=1):
    original, seen = getattr(module, name), []
    def wrapped(*args, **kwargs):
        result = original(*args, **kwargs)
        seen.append(1)
        if len(seen) == calls:
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    setattr(module, name, wrapped)

def killed_after(folder, url, step):
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
    with open_practice(Path(folder)) as practice:
        server_move.move_to_server(practice, url)

for line in sys.stdin:
    folder, url, step, errors = line.rstrip("\\n").split("\\t")
    child = os.fork()
    if child == 0:
        with open(errors, "w") as said:
            os.dup2(said.fileno(), 2)
        try:
            killed_after(folder, url, step)
        finally:
            os._exit(0)
    _, status = os.waitpid(child, 0)
    print(os.waitstatus_to_exitcode(status), flush=True)
"""


@pytest.fixture(scope="module")
def killer() -> Iterator[subprocess.Popen[str]]:
    """The process that forks the moves to be killed (see _KILLER)."""
    with subprocess.Popen(
        [sys.executable, "-c", _KILLER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    ) as started:
        yield started  # then its stdin is closed, which ends it, and it is waited for


def _killed(
    killer: subprocess.Popen[str], folder: Path, database: ServerDatabase, step: str
) -> None:
    """Move `folder` to `database` in a process of its own, killed right after `step`."""
    assert killer.stdin is not None and killer.stdout is not None
    errors = folder.with_name(f"killed-{step}.txt")
    killer.stdin.write(f"{folder}\t{database.app_url}\t{step}\t{errors}\n")
    killer.stdin.flush()
    ended = killer.stdout.readline().strip()
    assert ended == "-9", (ended, errors.read_text() if errors.exists() else "")


@pytest.mark.parametrize("step", ["rows", "photos", "keys", "committed"])
def test_a_move_killed_at_any_point_leaves_the_server_empty_or_complete(
    killer: subprocess.Popen[str], folder: Path, prepared: ServerDatabase, tmp_path: Path, step: str
) -> None:
    with open_practice(folder) as practice:
        before = _proofs(practice)
    _killed(killer, folder, prepared, step)
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


def test_a_move_killed_after_the_server_took_it_keeps_the_folder_read_only_and_a_retry_marks_it(
    killer: subprocess.Popen[str], folder: Path, prepared: ServerDatabase, tmp_path: Path
) -> None:
    """The server holds the practice and another computer works there before the retry: the
    folder never becomes a second live copy, and the retry only marks it moved."""
    _killed(killer, folder, prepared, "committed")
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
    killer: subprocess.Popen[str], folder: Path, prepared: ServerDatabase, tmp_path: Path
) -> None:
    """The origin is the folder itself, not how its path was typed (here: a symlink)."""
    _killed(killer, folder, prepared, "committed")
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
