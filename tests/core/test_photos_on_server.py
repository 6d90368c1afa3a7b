"""Issue 16, photos on a practice server: originals kept in the server's `photo_blob` table,
sealed on the computer before they are sent, so that the server holds no picture, no EXIF and
no picture's hash; read back whole, thumbnailed, exported without metadata; a damaged copy is
damage, never another picture. Runs on the real test PostgreSQL server (./dev test)."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from PIL import Image
from sqlalchemy import create_engine

from dermadesk.core import db
from dermadesk.core.clock import Clock
from dermadesk.core.files import private_dir
from dermadesk.core.keys import DataKey
from dermadesk.core.photo_vault import DamagedPhoto
from dermadesk.core.practice import Practice
from tests.core.test_attacks_vault import CHEEK, camera_files, files_giving_away, giveaways
from tests.helpers import details, photo_bytes
from tests.postgres_server import ServerDatabase


@pytest.fixture
def on_server(server_database: ServerDatabase, tmp_path: Path, clock: Clock) -> Iterator[Practice]:
    """A practice whose database is a fresh one on the test server, migrated, with this
    computer's data dir beside it (its thumbnail cache): its services built as Practice
    builds them, until Practice.open takes a server's URL."""
    engine = create_engine(server_database.owner_url)
    db.migrate(engine, tmp_path / "backups", clock)
    practice = Practice(
        private_dir(tmp_path / "computer"), db.Store(engine, clock, DataKey.generate())
    )
    yield practice
    engine.dispose()


def raw(database: ServerDatabase, sql: str, *params: object) -> list[tuple[object, ...]]:
    """Run `sql` straight on the server as the database's owner (binary results)."""
    with psycopg.connect(
        host=database.socket, user="dermadesk_owner", dbname=database.name, autocommit=True
    ) as connection:
        cursor = connection.cursor(binary=True)
        cursor.execute(sql, params)
        return list(cursor.fetchall()) if cursor.description else []


@pytest.fixture
def imported(on_server: Practice, tmp_path: Path) -> tuple[Practice, int, list[str], list[Path]]:
    client = on_server.clients.create(details())
    sources = camera_files(tmp_path / "camera")
    outcomes = on_server.photos.import_files(client, sources, CHEEK)
    assert all(outcome.ok for outcome in outcomes), [o.message() for o in outcomes]
    shas = [on_server.photos.get(o.photo_id).sha256 for o in outcomes]  # type: ignore[arg-type]
    return on_server, client, shas, sources


def test_originals_are_kept_on_the_server_and_read_back_as_imported(
    imported: tuple[Practice, int, list[str], list[Path]], server_database: ServerDatabase
) -> None:
    practice, _client, shas, sources = imported
    for sha, source in zip(shas, sources, strict=True):
        assert practice.photos.read_original(sha) == source.read_bytes()
    stored = raw(server_database, "SELECT p.vault_name, b.size FROM photo p JOIN photo_blob b "
                 "USING (vault_name) ORDER BY p.id")  # fmt: skip
    assert len(stored) == 3 and all(int(str(size)) > 0 for _name, size in stored)
    # No original on this computer: its vault folder holds none; thumbnails stay cached here.
    assert [path for path in practice.photos.vault.rglob("*") if path.is_file()] == []
    for sha in shas:
        with Image.open(io.BytesIO(practice.photos.thumbnail_bytes(sha))) as thumbnail:
            assert thumbnail.format == "JPEG" and max(thumbnail.size) <= 256
        assert practice.photos.thumbnail_path(sha).is_file()
    assert files_giving_away(practice.data_dir) == {}
    assert practice.photos.problems() == []


def test_an_export_from_the_server_carries_no_metadata(
    imported: tuple[Practice, int, list[str], list[Path]], tmp_path: Path
) -> None:
    practice, client, _shas, _sources = imported
    photo = practice.photos.for_client(client)[0]
    exported = practice.photos.export_photo(photo.id, tmp_path / "out" / "one.jpg", "clinical")
    with Image.open(exported) as picture:
        assert dict(picture.getexif()) == {} and picture.size == (photo.width, photo.height)
    assert b"PhoneMaker" not in exported.read_bytes()


def test_the_same_picture_again_is_kept_once_and_another_clients_is_refused(
    imported: tuple[Practice, int, list[str], list[Path]], server_database: ServerDatabase
) -> None:
    practice, client, _shas, sources = imported
    again = practice.photos.import_file(client, sources[0], CHEEK)
    assert again.ok and again.duplicate
    other = practice.clients.create(details("Maria", "Jones"))
    refused = practice.photos.import_file(other, sources[1], CHEEK)
    assert not refused.ok and "another client's file" in refused.refused
    assert raw(server_database, "SELECT count(*) FROM photo_blob") == [(3,)]
    assert practice.photos.count(other) == 0


def test_deleting_to_the_bin_keeps_the_original_on_the_server(
    imported: tuple[Practice, int, list[str], list[Path]],
) -> None:
    practice, client, shas, sources = imported
    photo = practice.photos.for_client(client)[0]
    practice.photos.delete(photo.id)
    assert practice.photos.count(client) == 2 and practice.photos.in_bin(client) == 1
    practice.photos.recover(photo.id)
    assert (
        practice.photos.read_original(photo.sha256)
        == sources[shas.index(photo.sha256)].read_bytes()
    )


def test_a_damaged_copy_on_the_server_is_damage_never_shown(
    imported: tuple[Practice, int, list[str], list[Path]], server_database: ServerDatabase
) -> None:
    practice, _client, shas, _sources = imported
    victim = shas[2]
    ((name,),) = raw(server_database, "SELECT vault_name FROM photo WHERE sha256 = %s", victim)
    # One byte flipped in the middle, as whoever administers the server could.
    raw(
        server_database,
        "UPDATE photo_blob SET sealed = set_byte(sealed, length(sealed) / 2, "
        "get_byte(sealed, length(sealed) / 2) # 4) WHERE vault_name = %s",
        name,
    )
    practice.photos.thumbnail_path(victim).unlink()  # so the original must be read
    (problem,) = practice.photos.problems()
    assert problem.kind == "hash_mismatch" and "practice server" in problem.detail
    for show in (
        practice.photos.read_original,
        practice.photos.open_original,
        practice.photos.thumbnail_bytes,
    ):
        with pytest.raises(DamagedPhoto, match="altered or replaced"):
            show(victim)
    assert not practice.photos.thumbnail_path(victim).exists()
    # The others are whole and shown.
    assert hashlib.sha256(practice.photos.read_original(shas[0])).hexdigest() == shas[0]


def test_a_missing_copy_and_an_orphan_are_found_and_the_orphan_quarantined(
    imported: tuple[Practice, int, list[str], list[Path]], server_database: ServerDatabase
) -> None:
    practice, _client, shas, _sources = imported
    raw(server_database, "DELETE FROM photo_blob WHERE vault_name = (SELECT vault_name FROM "
        "photo WHERE sha256 = %s)", shas[0])  # fmt: skip
    stray = "ab" + "0" * 62
    raw(server_database, "INSERT INTO photo_blob VALUES (%s, %s, 15)", stray, b"left by a crash")
    kinds = sorted(problem.kind for problem in practice.photos.problems())
    assert kinds == ["missing_file", "orphan_file"]
    with pytest.raises(DamagedPhoto, match="missing from the practice server"):
        practice.photos.read_original(shas[0])

    moved = practice.photos.quarantine_orphans()
    assert [path.read_bytes() for path in moved] == [b"left by a crash"]
    assert moved[0].is_relative_to(practice.data_dir / "quarantine") and moved[0].name == stray
    assert raw(server_database, "SELECT count(*) FROM photo_blob WHERE vault_name = %s", stray) == [
        (0,)
    ]
    assert [p.kind for p in practice.photos.problems()] == ["missing_file"]


def test_the_server_holds_no_picture_no_exif_and_no_pictures_hash(
    imported: tuple[Practice, int, list[str], list[Path]],
    server_database: ServerDatabase,
    tmp_path: Path,
) -> None:
    practice, client, shas, _sources = imported
    big = tmp_path / "big.jpg"
    big.write_bytes(photo_bytes(shade=5, size=(2400, 1600), gps=True))  # several 1 MiB chunks
    assert practice.photos.import_file(client, big, CHEEK).ok
    shas.append(hashlib.sha256(big.read_bytes()).hexdigest())
    blobs = raw(server_database, "SELECT vault_name, sealed FROM photo_blob")
    assert len(blobs) == 4
    for name, sealed in blobs:
        assert isinstance(sealed, bytes) and len(sealed) > 0
        assert giveaways(sealed) == [], name
        assert sealed[:3] != b"\xff\xd8\xff"
        for sha in shas:
            assert sha.encode() not in sealed and bytes.fromhex(sha) not in sealed
            assert sha != name


def test_without_the_practices_key_nothing_is_sent_to_the_server(
    server_database: ServerDatabase, tmp_path: Path, clock: Clock
) -> None:
    engine = create_engine(server_database.owner_url)
    db.migrate(engine, tmp_path / "backups", clock)
    practice = Practice(private_dir(tmp_path / "computer"), db.Store(engine, clock, None))
    client = practice.clients.create(details())
    (source,) = camera_files(tmp_path / "camera")[:1]
    outcome = practice.photos.import_file(client, source, CHEEK)
    engine.dispose()
    assert not outcome.ok and "sealed with the practice's key" in outcome.refused
    assert raw(server_database, "SELECT count(*) FROM photo_blob") == [(0,)]


def test_an_original_read_in_many_slices_is_whole(
    imported: tuple[Practice, int, list[str], list[Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large original is fetched a slice at a time as it is decrypted (here slices far
    smaller than a sealed chunk, and not dividing it), never cut or repeated at their seams."""
    from dermadesk.core import photo_blobs

    practice, _client, shas, sources = imported
    monkeypatch.setattr(photo_blobs, "SLICE", 4093)
    for sha, source in zip(shas, sources, strict=True):
        assert practice.photos.read_original(sha) == source.read_bytes()
    assert practice.photos.problems() == []


def test_repair_is_refused_when_the_server_knows_no_photo_but_holds_copies(
    imported: tuple[Practice, int, list[str], list[Path]], server_database: ServerDatabase
) -> None:
    """Photo rows gone (a database emptied or swapped) must not make every copy an orphan."""
    from dermadesk.core.integrity import orphan_repair_refusal

    practice, _client, _shas, _sources = imported
    raw(server_database, "DELETE FROM photo")
    refused = orphan_repair_refusal(practice)
    assert refused is not None and "the practice server holds 3 files" in refused.detail


def test_two_computers_importing_the_same_picture_at_once_keep_it_once(
    on_server: Practice,
    server_database: ServerDatabase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both have checked that the picture is new; the copy and the row go in one transaction
    each, so the second waits for the first, finds it, and is told it is there already."""
    import threading

    from dermadesk.core.photo_import import PhotoImporter

    client = on_server.clients.create(details())
    (source,) = camera_files(tmp_path / "camera")[:1]
    other_engine = create_engine(server_database.owner_url)
    other = Practice(
        private_dir(tmp_path / "reception"),
        db.Store(other_engine, on_server.clock, on_server.key),
    )
    both_checked = threading.Barrier(2, timeout=30)
    making_row = PhotoImporter._row

    def row_once_both_checked(self: PhotoImporter, *args: object) -> object:
        both_checked.wait()
        return making_row(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(PhotoImporter, "_row", row_once_both_checked)
    outcomes: list[object] = []
    threads = [
        threading.Thread(target=lambda p=p: outcomes.append(p.photos.import_file(client, source)))
        for p in (on_server, other)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    other_engine.dispose()
    assert sorted(o.duplicate for o in outcomes) == [False, True]  # type: ignore[attr-defined]
    assert all(o.ok for o in outcomes)  # type: ignore[attr-defined]
    assert raw(server_database, "SELECT count(*) FROM photo_blob") == [(1,)]
    assert raw(server_database, "SELECT count(*) FROM photo") == [(1,)]
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    assert on_server.photos.read_original(sha) == source.read_bytes()
