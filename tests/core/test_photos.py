"""The photo vault: originals kept byte for byte, bad input refused in words, safe export."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import struct
import zlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from dermadesk.core.consent_signing import Signing
from dermadesk.core.consent_status import PHOTO
from dermadesk.core.errors import ValidationError
from dermadesk.core.files import hash_file
from dermadesk.core.images import load_upright
from dermadesk.core.integrity import check_practice
from dermadesk.core.photo_export import CLINICAL, MARKETING, ExportRefused
from dermadesk.core.photo_tags import PhotoTags
from dermadesk.core.practice import Practice
from tests.helpers import TEST_NOW, details, looks_upright, photo_bytes, signature
from tests.shared_practices import per_store, shared_practice

pytestmark = pytest.mark.both_stores  # the practice on SQLite and on a server

CHEEK_BEFORE = PhotoTags(area="cheek_left", view="front", stage="before")


@pytest.fixture
def client(practice: Practice) -> int:
    return practice.clients.create(details())


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def huge_png(width: int, height: int) -> bytes:
    """A tiny PNG file whose header claims `width` x `height` pixels (a decompression bomb)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


@pytest.mark.sqlite_only(reason="the folder vault's files; on a server: test_photos_on_server.py")
def test_an_import_keeps_the_original_byte_for_byte_under_its_hash(
    practice: Practice, client: int, tmp_path: Path
) -> None:
    source = write(tmp_path / "camera", "IMG_0001.JPG", photo_bytes(orientation=6))

    outcome = practice.photos.import_file(client, source, CHEEK_BEFORE)

    assert outcome.ok and not outcome.duplicate
    photo = practice.photos.get(outcome.photo_id)  # type: ignore[arg-type]
    stored = practice.photos.original_path(photo.sha256)
    kept = practice.photos.read_original(photo.sha256)
    assert kept == source.read_bytes()
    assert hashlib.sha256(kept).hexdigest() == photo.sha256
    # Sealed and named by an HMAC when the practice is encrypted, by its hash when plain.
    assert (stored.name != photo.sha256) == practice.encrypted
    assert (hash_file(stored)[1] == photo.sha256) != practice.encrypted
    # The client's face is for the practice's eyes only: files and folders owner-only.
    thumbnail = practice.photos.thumbnail_path(photo.sha256)
    for private in (stored, stored.parent, practice.photos.vault, thumbnail, thumbnail.parent):
        assert private.stat().st_mode & 0o077 == 0, private
    assert (photo.area, photo.view, photo.stage) == ("cheek_left", "front", "before")
    assert photo.taken_at == datetime(2026, 3, 14, 10, 30) and photo.taken_from_exif
    with Image.open(io.BytesIO(kept)) as as_stored:
        assert as_stored.size == (160, 240)  # the camera stored it turned a quarter…
    assert (photo.width, photo.height) == (240, 160)  # …and it is shown upright
    assert (photo.original_name, photo.format, photo.size) == (
        "IMG_0001.JPG",
        "JPEG",
        len(source.read_bytes()),
    )


def test_without_a_camera_date_the_import_time_is_used(
    practice: Practice, client: int, tmp_path: Path
) -> None:
    source = write(tmp_path, "scan.png", photo_bytes(taken=None, fmt="PNG"))
    before = TEST_NOW.replace(microsecond=0)
    photo = practice.photos.get(practice.photos.import_file(client, source).photo_id)  # type: ignore[arg-type]
    assert not photo.taken_from_exif
    assert before <= photo.taken_at <= TEST_NOW


@pytest.mark.sqlite_only(
    reason="counts the folder vault's files; on a server: test_photos_on_server.py"
)
def test_the_same_picture_imported_twice_is_kept_once_and_the_user_is_told(
    practice: Practice, client: int, tmp_path: Path
) -> None:
    data = photo_bytes()
    first = practice.photos.import_file(client, write(tmp_path / "a", "one.jpg", data))
    again = practice.photos.import_file(client, write(tmp_path / "b", "copy of one.jpg", data))

    assert again.duplicate and again.photo_id == first.photo_id
    assert "already" in again.message() and "copy of one.jpg" in again.message()
    assert len(practice.photos.for_client(client)) == 1
    assert len([p for p in practice.photos.vault.rglob("*") if p.is_file()]) == 1
    assert check_practice(practice) == []


def test_a_picture_already_in_another_clients_file_is_refused(
    practice: Practice, client: int, tmp_path: Path
) -> None:
    """Nearly always the wrong file is open; and the picture's consent would be read from the
    wrong client."""
    data = photo_bytes()
    practice.photos.import_file(client, write(tmp_path / "a", "one.jpg", data))
    other = practice.clients.create(details("Bea", "Lis"))

    theirs = practice.photos.import_file(other, write(tmp_path / "b", "one.jpg", data))

    assert theirs.refused == (
        "one.jpg: this picture is already in another client's file (A.K.), so it was not "
        "added to this one. Check that it is the right picture for this client."
    )
    assert practice.photos.for_client(other) == []
    assert check_practice(practice) == []


def test_bad_files_are_refused_by_name_in_words_and_the_rest_imported(
    practice: Practice, client: int, tmp_path: Path
) -> None:
    good = photo_bytes()
    folder = tmp_path / "card"
    files = [
        write(folder, "good.jpg", good),
        write(folder, "truncated.jpg", good[: len(good) // 2]),
        write(folder, "notes.jpg", b"Remember to buy serum.\n"),
        write(folder, "empty.jpg", b""),
        write(folder, "bomb.png", huge_png(30_000, 30_000)),
        write(folder, "animation.gif", _gif()),
        write(folder, "also good.heic", photo_bytes(fmt="HEIF", shade=9)),
    ]

    outcomes = practice.photos.import_files(client, files, CHEEK_BEFORE)

    reasons = {outcome.source.name: outcome.refused for outcome in outcomes}
    assert reasons["good.jpg"] == reasons["also good.heic"] == ""
    assert reasons["truncated.jpg"] == (
        "truncated.jpg: the picture is damaged or incomplete (the file ends early)."
    )
    assert "not a picture DermaDesk can read" in reasons["notes.jpg"]
    assert reasons["empty.jpg"] == "empty.jpg: the file is empty."
    assert "far too large" in reasons["bomb.png"]
    assert reasons["animation.gif"].startswith("animation.gif: GIF pictures are not taken")
    assert len(practice.photos.for_client(client)) == 2
    # Nothing of the refused files stays behind, not even a temporary copy.
    assert check_practice(practice) == []


def _gif() -> bytes:
    from io import BytesIO

    out = BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    return out.getvalue()


def test_a_whole_folder_imports_its_pictures_and_skips_the_rest(
    practice: Practice, client: int, tmp_path: Path
) -> None:
    folder = tmp_path / "Session 2"
    write(folder, "a.jpg", photo_bytes(shade=1))
    write(folder / "sub", "b.JPEG", photo_bytes(shade=2))
    write(folder, "notes.txt", b"not a picture")
    write(folder / ".thumbnails", "c.jpg", photo_bytes(shade=3))

    outcomes = practice.photos.import_files(client, [folder])

    assert sorted(outcome.source.name for outcome in outcomes) == ["a.jpg", "b.JPEG"]
    assert all(outcome.ok for outcome in outcomes)


@per_store
def orientations_practice(request: pytest.FixtureRequest) -> Iterator[Practice]:
    """A practice the orientations below share (once per store, not once a case): each case
    imports its own picture to a client of its own and reads back only that photo, by its id."""
    with shared_practice(request, "orientations") as practice:
        yield practice


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_shown_and_thumbnailed_upright(
    orientations_practice: Practice, tmp_path: Path, orientation: int
) -> None:
    practice = orientations_practice
    client = practice.clients.create(details(last=f"Orientation-{orientation}"))
    source = write(tmp_path, f"o{orientation}.jpg", photo_bytes(orientation=orientation))
    photo = practice.photos.get(practice.photos.import_file(client, source).photo_id)  # type: ignore[arg-type]

    shown = load_upright(practice.photos.open_original(photo.sha256))
    assert looks_upright(shown) and shown.size == (240, 160) == (photo.width, photo.height)
    with Image.open(io.BytesIO(practice.photos.thumbnail_bytes(photo.sha256))) as thumbnail:
        assert looks_upright(thumbnail)


def test_an_exported_photo_is_upright_and_carries_no_location_or_device(
    practice: Practice, client: int, tmp_path: Path
) -> None:
    source = write(tmp_path, "gps.jpg", photo_bytes(orientation=8, gps=True))
    with Image.open(source) as original:
        assert original.getexif().get_ifd(0x8825)  # the original has a location
    photo_id = practice.photos.import_file(client, source).photo_id
    assert photo_id is not None

    exported = practice.photos.export_photo(photo_id, tmp_path / "out" / "cheek", CLINICAL)

    assert exported.name == "cheek.jpg"
    with Image.open(exported) as picture:
        assert looks_upright(picture)
        assert dict(picture.getexif()) == {}
        assert "exif" not in picture.info and "icc_profile" not in picture.info
    raw = exported.read_bytes()
    assert b"PhoneMaker" not in raw and b"Phone 15" not in raw
    # The original in the vault is untouched.
    assert practice.photos.read_original(practice.photos.get(photo_id).sha256) == (
        source.read_bytes()
    )


def _photo_consent(practice: Practice, client: int, *levels: str) -> int:
    return practice.consents.sign(
        Signing(
            client_id=client,
            kind=PHOTO,
            practitioner_name="Dr Ola Nowak",
            client_signature=signature(1),
            practitioner_signature=signature(2),
            photo_levels=levels,
        )
    )


def test_marketing_export_needs_the_clients_marketing_consent(
    practice: Practice, client: int, tmp_path: Path
) -> None:
    photo_id = practice.photos.import_file(client, write(tmp_path, "a.jpg", photo_bytes())).photo_id
    assert photo_id is not None

    with pytest.raises(ExportRefused, match=r"not consented .* marketing"):
        practice.photos.export_photo(photo_id, tmp_path / "ad.jpg", MARKETING)
    assert not (tmp_path / "ad.jpg").exists()
    practice.photos.export_photo(photo_id, tmp_path / "record.jpg", CLINICAL)  # always allowed

    _photo_consent(practice, client, "clinical")
    with pytest.raises(ExportRefused):
        practice.photos.export_photo(photo_id, tmp_path / "ad.jpg", MARKETING)

    record = _photo_consent(practice, client, "clinical", "marketing")
    assert practice.photos.export_photo(photo_id, tmp_path / "ad.jpg", MARKETING).exists()

    practice.consents.withdraw(record, "changed her mind")
    with pytest.raises(ExportRefused):
        practice.photos.export_photo(photo_id, tmp_path / "ad2.jpg", MARKETING)

    exports = [e for e in practice.audit.events(client) if e.action == "photo.exported"]
    assert [e.detail for e in reversed(exports)] == [
        "for the clinical record, to record.jpg",
        "for marketing or publication, to ad.jpg",
    ]


@pytest.mark.sqlite_only(reason="the folder vault's files; on a server: test_photos_on_server.py")
def test_deleting_moves_to_a_bin_that_gives_the_photo_back(
    practice: Practice, client: int, tmp_path: Path
) -> None:
    source = write(tmp_path, "a.jpg", photo_bytes())
    photo_id = practice.photos.import_file(client, source).photo_id
    assert photo_id is not None
    practice.photos.delete(photo_id)

    assert practice.photos.for_client(client) == []
    assert [p.id for p in practice.photos.for_client(client, in_bin=True)] == [photo_id]
    assert practice.photos.original_path(practice.photos.get(photo_id).sha256).exists()
    assert check_practice(practice) == []  # a photo in the bin keeps its file: no orphan

    practice.photos.recover(photo_id)
    assert [p.id for p in practice.photos.for_client(client)] == [photo_id]

    practice.photos.delete(photo_id)
    again = practice.photos.import_file(client, source)  # importing it again brings it back
    assert again.recovered and again.photo_id == photo_id and "bin" in again.message()
    actions = [e.action for e in reversed(practice.audit.events(client))]
    assert actions[-5:] == [
        "photo.imported",
        "photo.deleted",
        "photo.recovered",
        "photo.deleted",
        "photo.recovered",
    ]


def test_tags_are_checked_and_can_be_changed(
    practice: Practice, client: int, tmp_path: Path
) -> None:
    source = write(tmp_path, "a.jpg", photo_bytes())
    with pytest.raises(ValidationError, match="no area"):
        practice.photos.import_file(client, source, PhotoTags(area="elbow"))
    other = practice.clients.create(details("Bea", "Lis"))
    theirs = practice.sessions.book(other, TEST_NOW.replace(microsecond=0))
    with pytest.raises(ValidationError, match="not one of this client"):
        practice.photos.import_file(client, source, PhotoTags(session_id=theirs))

    photo_id = practice.photos.import_file(client, source, CHEEK_BEFORE).photo_id
    assert photo_id is not None
    practice.photos.retag(photo_id, PhotoTags(area="forehead", view="front", stage="after"))
    assert practice.photos.get(photo_id).area == "forehead"


def test_the_natural_pair_is_the_first_before_and_the_latest_after_of_one_area_and_view(
    practice: Practice, client: int, tmp_path: Path
) -> None:
    def add(shade: int, taken: str, area: str, view: str, stage: str) -> int:
        source = write(tmp_path, f"{shade}.jpg", photo_bytes(shade=shade, taken=taken))
        outcome = practice.photos.import_file(client, source, PhotoTags(None, area, view, stage))
        assert outcome.photo_id is not None
        return outcome.photo_id

    assert practice.photos.natural_pair(client) is None
    first_before = add(1, "2026:01:10 10:00:00", "cheek_left", "front", "before")
    add(2, "2026:02:10 10:00:00", "cheek_left", "front", "before")
    add(3, "2026:02:10 11:00:00", "cheek_left", "front", "after")
    latest_follow_up = add(4, "2026:05:10 10:00:00", "cheek_left", "front", "follow-up")
    add(5, "2026:06:10 10:00:00", "cheek_left", "left_profile", "after")  # another view
    add(6, "2026:01:01 10:00:00", "forehead", "front", "before")  # no after for it

    pair = practice.photos.natural_pair(client)
    assert pair is not None and (pair[0].id, pair[1].id) == (first_before, latest_follow_up)


@pytest.mark.sqlite_only(
    reason="alters the folder vault's files; on a server: test_photos_on_server.py"
)
def test_check_finds_a_missing_file_an_altered_one_and_an_orphan_and_repair_quarantines(
    practice: Practice, client: int, tmp_path: Path
) -> None:
    ids = [
        practice.photos.import_file(
            client, write(tmp_path, f"{n}.jpg", photo_bytes(shade=n))
        ).photo_id
        for n in (1, 2)
    ]
    missing, altered = (practice.photos.get(i).sha256 for i in ids)  # type: ignore[arg-type]
    practice.photos.original_path(missing).unlink()
    with practice.photos.original_path(altered).open("r+b") as handle:
        handle.seek(100)
        handle.write(b"\x00\x01\x02")
    stray = write(practice.photos.vault / "ab", "ab" + "0" * 62, b"left by a crash")

    kinds = sorted(problem.kind for problem in check_practice(practice))
    assert kinds == ["hash_mismatch", "missing_file", "orphan_file"]

    moved = practice.photos.quarantine_orphans()
    assert not stray.exists() and [path.read_bytes() for path in moved] == [b"left by a crash"]
    assert moved[0].is_relative_to(practice.data_dir / "quarantine")
    assert sorted(p.kind for p in check_practice(practice)) == ["hash_mismatch", "missing_file"]


@pytest.mark.sqlite_only(
    reason="fails the folder vault's writes; a server keeps originals in the database"
)
def test_a_full_disk_at_any_write_fsync_or_rename_loses_nothing(
    practice: Practice, client: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injection: the disk fills up at the Nth write, fsync or rename of a batch
    import, for every N the batch reaches; each time nothing is half-kept."""
    real = {name: getattr(os, name) for name in ("write", "fsync", "replace")}
    faults = 0
    offered: list[Path] = []

    for name in real:
        for nth in range(1, 9):
            # New pictures each round, so that every step of an import runs each time.
            sources = [
                write(tmp_path / f"{name}-{nth}", f"{n}.jpg", photo_bytes(shade=len(offered) + n))
                for n in range(1, 4)
            ]
            offered.extend(sources)
            calls = 0

            def full_from_nth(*args: object, _name: str = name, _nth: int = nth) -> object:
                nonlocal calls, faults
                calls += 1
                if calls >= _nth:
                    faults += calls == _nth
                    raise OSError(errno.ENOSPC, "No space left on device")
                return real[_name](*args)

            monkeypatch.setattr(os, name, full_from_nth)
            outcomes = practice.photos.import_files(client, sources, CHEEK_BEFORE)
            monkeypatch.setattr(os, name, real[name])

            assert any(not outcome.ok for outcome in outcomes) == (calls >= nth)
            for outcome in outcomes:
                assert outcome.ok or "the disk is full" in outcome.refused, outcome.refused
            # Whatever was imported has its file, intact; a failure left at most an orphan.
            problems = check_practice(practice)
            assert {p.kind for p in problems} <= {"orphan_file"}, problems
            practice.photos.quarantine_orphans()

    assert faults >= 15  # every write, fsync and rename point of an import was hit
    # With room on the disk again, everything imports, once.
    outcomes = practice.photos.import_files(client, offered, CHEEK_BEFORE)
    assert all(outcome.ok for outcome in outcomes)
    assert len(practice.photos.for_client(client)) == len(offered)
    assert check_practice(practice) == []


def test_photo_imports_and_deletions_go_to_the_audit_trail(
    practice: Practice, client: int, tmp_path: Path
) -> None:
    photo_id = practice.photos.import_file(
        client, write(tmp_path, "Zoë côté.jpg", photo_bytes()), CHEEK_BEFORE
    ).photo_id
    newest = practice.audit.events(client)[0]
    assert (newest.action, newest.target) == ("photo.imported", f"photo {photo_id}")
    assert newest.detail == "Zoë côté.jpg (left cheek, front, before)"
    assert newest.at > TEST_NOW.astimezone() - timedelta(minutes=1)


def test_a_comparison_exports_as_one_clean_picture_or_a_one_page_sheet(
    practice: Practice, client: int, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from dermadesk.core.settings import PracticeDetails

    practice.settings.set_practice_details(PracticeDetails(name="Glow Skin Studio"))
    first = practice.sessions.book(client, datetime(2026, 3, 14, 10))
    later = practice.sessions.book(client, datetime(2026, 5, 9, 10))

    def add(shade: int, taken: str, stage: str, session: int) -> int:
        source = write(tmp_path, f"{shade}.jpg", photo_bytes(6, taken, gps=True, shade=shade))
        tags = PhotoTags(session, "cheek_left", "front", stage)
        outcome = practice.photos.import_file(client, source, tags)
        assert outcome.photo_id is not None
        return outcome.photo_id

    before = add(1, "2026:03:14 10:30:00", "before", first)
    after = add(2, "2026:05:09 10:30:00", "follow-up", later)

    picture = practice.photos.export_comparison(before, after, tmp_path / "pair", CLINICAL)
    assert picture.name == "pair.jpg"
    with Image.open(picture) as composed:
        assert dict(composed.getexif()) == {} and composed.width > composed.height
        # Both halves upright: each half is the marker the right way up.
        half = composed.width // 2
        assert looks_upright(composed.crop((24, 24, half - 12, 24 + 1200)))
        assert looks_upright(composed.crop((half + 12, 24, composed.width - 24, 24 + 1200)))
    assert b"PhoneMaker" not in picture.read_bytes()

    sheet = practice.sheets.export_comparison(before, after, tmp_path / "pair", CLINICAL)
    reader = PdfReader(sheet)
    assert len(reader.pages) == 1
    words = " ".join(reader.pages[0].extract_text().split())
    for expected in (
        "Client A.K.",  # initials only: the sheet may leave the practice
        "Left cheek · Front · 8 weeks apart",
        "Before",
        "14 Mar 2026 · Session 1",
        "Follow-up",
        "9 May 2026 · Session 2",
        "Exported for the clinical record",
    ):
        assert expected in words
    assert "Kowalska" not in words and "Anna" not in words

    with pytest.raises(ExportRefused):
        practice.photos.export_comparison(before, after, tmp_path / "ad.jpg", MARKETING)
    other = practice.clients.create(details("Bea", "Lis"))
    theirs = practice.photos.import_file(
        other, write(tmp_path / "b", "x.jpg", photo_bytes(shade=7))
    )
    with pytest.raises(ValidationError, match="same client"):
        practice.photos.export_comparison(before, theirs.photo_id, tmp_path / "x.jpg", CLINICAL)  # type: ignore[arg-type]
    exported = [e.target for e in practice.audit.events(client) if e.action == "photo.exported"]
    assert exported == [f"photo {after}", f"photo {before}"] * 2


def test_a_database_failure_mid_batch_names_each_file_and_keeps_what_was_imported(
    practice: Practice, client: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dermadesk.core.audit import Audit
    from dermadesk.core.errors import DatabaseError

    sources = [write(tmp_path, f"{n}.jpg", photo_bytes(shade=n)) for n in range(1, 5)]
    real_add, calls = Audit.add, []

    def busy_from_the_second(self: Audit, session: object, entries: object) -> None:
        calls.append(1)
        if len(calls) >= 2:
            raise DatabaseError("The database is busy with another DermaDesk task.")
        real_add(self, session, entries)  # type: ignore[arg-type]

    monkeypatch.setattr(Audit, "add", busy_from_the_second)
    outcomes = practice.photos.import_files(client, sources)
    monkeypatch.setattr(Audit, "add", real_add)

    assert [o.ok for o in outcomes] == [True, False, False, False]
    assert outcomes[1].refused.startswith("2.jpg: not imported. The database is busy")
    assert outcomes[2].refused.startswith("3.jpg: not imported (stopped:")
    assert [p.original_name for p in practice.photos.for_client(client)] == ["1.jpg"]
    assert check_practice(practice) == []  # the file of the failed row went with it


def test_an_export_that_cannot_be_recorded_is_not_written(
    practice: Practice, client: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dermadesk.core.errors import DatabaseError

    photo_id = practice.photos.import_file(client, write(tmp_path, "a.jpg", photo_bytes())).photo_id
    assert photo_id is not None

    def busy(*_args: object) -> None:
        raise DatabaseError("The database is busy with another DermaDesk task.")

    monkeypatch.setattr(practice.audit, "add", busy)  # the export's audit entry fails
    out = tmp_path / "out"
    with pytest.raises(DatabaseError):
        practice.photos.export_photo(photo_id, out / "cheek.jpg", CLINICAL)
    assert list(out.iterdir()) == []  # neither the export nor its temporary file


@pytest.mark.sqlite_only(
    reason="the folder vault's lock; a server's rows and copies change in one transaction"
)
def test_looking_for_orphans_waits_for_an_import_under_way(
    practice: Practice, client: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """check --repair beside the window: a picture on its way into the vault (its file in
    place, its row not yet) must not be taken for an orphan and moved away."""
    import threading

    from dermadesk.core.photo_vault import PhotoVault

    source = write(tmp_path, "a.jpg", photo_bytes())
    in_place, go_on = threading.Event(), threading.Event()
    real_put = PhotoVault.put_in_place

    def put_then_wait(self, *args):  # type: ignore[no-untyped-def]
        created = real_put(self, *args)
        in_place.set()
        go_on.wait(10)
        return created

    monkeypatch.setattr(PhotoVault, "put_in_place", put_then_wait)
    outcome: list[object] = []
    importing = threading.Thread(
        target=lambda: outcome.append(practice.photos.import_file(client, source))
    )
    importing.start()
    assert in_place.wait(10)
    moved: list[Path] = []
    repairing = threading.Thread(target=lambda: moved.extend(practice.photos.quarantine_orphans()))
    repairing.start()
    repairing.join(0.5)
    assert repairing.is_alive()  # waiting for the import to finish
    go_on.set()
    importing.join(10)
    repairing.join(10)

    assert moved == [] and outcome and outcome[0].ok  # type: ignore[union-attr]
    assert check_practice(practice) == []


def test_a_turned_tiff_keeps_its_upright_size(
    practice: Practice, client: int, tmp_path: Path
) -> None:
    source = write(tmp_path, "scan.tif", photo_bytes(orientation=6, fmt="TIFF"))
    photo = practice.photos.get(practice.photos.import_file(client, source).photo_id)  # type: ignore[arg-type]
    assert (photo.width, photo.height) == (240, 160)
    assert looks_upright(load_upright(practice.photos.open_original(photo.sha256)))
