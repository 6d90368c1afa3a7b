"""Issue 15, the photo vault: an encrypted practice keeps no picture in the clear (no JPEG or
HEIC marker, no EXIF, no GPS tag in any file, temporary ones included), names no file by the
picture's hash, and a cut, edited or swapped original or thumbnail is damage (`check` says
so), never another picture shown."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from dermadesk.core import db
from dermadesk.core.clock import Clock
from dermadesk.core.integrity import check_practice
from dermadesk.core.photo_tags import PhotoTags
from dermadesk.core.photo_vault import DamagedPhoto, PhotoVault
from dermadesk.core.practice import Practice
from tests.helpers import details, photo_bytes

# What a picture in the clear gives away, each long enough never to occur in ciphertext.
GIVEAWAYS = {
    "a JPEG's JFIF header": b"JFIF\x00",
    "EXIF": b"Exif\x00\x00",
    "a HEIC file type box": b"ftyp",
    # The GPS IFD's entry: tag 0x8825, a LONG, count 1; big- or little-endian TIFF.
    "the EXIF GPS tag (MM)": b"\x88\x25\x00\x04\x00\x00\x00\x01",
    "the EXIF GPS tag (II)": b"\x25\x88\x04\x00\x01\x00\x00\x00",
    "the camera's make": b"PhoneMaker",
}
CHEEK = PhotoTags(area="cheek_left", view="front", stage="before")


def giveaways(data: bytes) -> list[str]:
    found = [what for what, marker in GIVEAWAYS.items() if marker in data]
    if data.startswith(b"\xff\xd8\xff"):
        found.append("a JPEG's start")
    return found


def files_giving_away(data_dir: Path) -> dict[str, list[str]]:
    return {
        str(path.relative_to(data_dir)): found
        for path in sorted(data_dir.rglob("*"))
        if path.is_file() and (found := giveaways(path.read_bytes()))
    }


def camera_files(folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    pictures = {
        "gps.jpg": photo_bytes(orientation=6, gps=True),
        "gps.heic": photo_bytes(gps=True, fmt="HEIF", shade=2),
        "plain.jpg": photo_bytes(shade=3, size=(1200, 800)),
    }
    for name, data in pictures.items():
        assert giveaways(data), name  # each would give itself away if kept in the clear
        (folder / name).write_bytes(data)
    assert "the EXIF GPS tag (MM)" in giveaways(pictures["gps.jpg"])
    assert "a HEIC file type box" in giveaways(pictures["gps.heic"])
    return [folder / name for name in pictures]


def plain_practice(data_dir: Path, clock: Clock) -> Practice:
    """A practice made before encryption: a plain database, no key.json."""
    data_dir.mkdir(parents=True)
    engine = db.sqlite_engine(data_dir / "dermadesk.db")
    db.migrate(engine, data_dir / "backups", clock)
    engine.dispose()
    return Practice.open(data_dir, clock)


@pytest.fixture
def imported(practice: Practice, tmp_path: Path) -> Iterator[tuple[Practice, int, list[str]]]:
    client = practice.clients.create(details())
    outcomes = practice.photos.import_files(client, camera_files(tmp_path / "camera"), CHEEK)
    assert all(outcome.ok for outcome in outcomes), [o.message() for o in outcomes]
    shas = [practice.photos.get(o.photo_id).sha256 for o in outcomes]  # type: ignore[arg-type]
    for sha in shas:  # the gallery's larger thumbnails too
        practice.photos.thumbnail_bytes(sha, 512)
    yield practice, client, shas


def test_no_file_of_an_encrypted_practice_holds_a_picture_in_the_clear(
    imported: tuple[Practice, int, list[str]], tmp_path: Path, clock: Clock
) -> None:
    practice, _client, _shas = imported
    assert practice.encrypted
    assert files_giving_away(practice.data_dir) == {}
    # The same pictures in a plain practice give themselves away: what the scan looks for.
    plain = plain_practice(tmp_path / "plain", clock)
    with plain:
        client = plain.clients.create(details())
        plain.photos.import_files(client, camera_files(tmp_path / "camera"), CHEEK)
        assert len(files_giving_away(plain.data_dir)) >= 6  # originals and thumbnails


def test_no_file_is_named_by_the_pictures_hash(
    imported: tuple[Practice, int, list[str]],
) -> None:
    """Whoever holds a photo cannot find out by hashing it whether it is in the vault."""
    practice, _client, shas = imported
    names = [path.name for path in practice.data_dir.rglob("*")]
    assert not [name for name in names for sha in shas if sha in name]
    for sha in shas:
        assert practice.photos.original_path(sha).is_file()


def test_no_temporary_file_holds_the_picture_in_the_clear(
    practice: Practice, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file the import renames or removes (its temporary copies) is read just before."""
    client = practice.clients.create(details())
    sources = camera_files(tmp_path / "camera")
    seen: dict[str, list[str]] = {}
    real_replace, real_unlink = os.replace, os.unlink

    def look(path: object) -> None:
        path = Path(str(path))
        if path.is_file() and practice.data_dir in path.parents:
            seen[path.name] = giveaways(path.read_bytes())

    def replace(source: object, target: object, **kwargs: object) -> None:
        look(source)
        real_replace(source, target, **kwargs)  # type: ignore[arg-type]

    def unlink(path: object, **kwargs: object) -> None:
        look(path)
        real_unlink(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "unlink", unlink)
    outcomes = practice.photos.import_files(client, sources, CHEEK)
    monkeypatch.undo()
    assert all(outcome.ok for outcome in outcomes)
    assert any(name.endswith(".partial") for name in seen)  # the temporary copies were seen
    assert {name: found for name, found in seen.items() if found} == {}


def test_an_encrypted_original_reads_back_as_imported_and_exports_without_metadata(
    imported: tuple[Practice, int, list[str]], tmp_path: Path
) -> None:
    practice, _client, shas = imported
    sources = sorted((tmp_path / "camera").iterdir())
    kept = {hashlib.sha256(practice.photos.read_original(sha)).hexdigest() for sha in shas}
    assert kept == {hashlib.sha256(s.read_bytes()).hexdigest() for s in sources}
    photo = practice.photos.for_client(_client)[0]
    exported = practice.photos.export_photo(photo.id, tmp_path / "out" / "one.jpg", "clinical")
    with Image.open(exported) as picture:
        assert dict(picture.getexif()) == {} and picture.size == (photo.width, photo.height)
    assert b"PhoneMaker" not in exported.read_bytes()


def _cut(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-100])


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x04
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_cut, _flip, "swap"])
def test_a_damaged_original_is_damage_never_another_picture(
    imported: tuple[Practice, int, list[str]], damage: object
) -> None:
    practice, _client, shas = imported
    victim, other = shas[2], shas[0]
    path = practice.photos.original_path(victim)
    if damage == "swap":  # another photo's sealed file, whole, under this one's name
        shutil.copyfile(practice.photos.original_path(other), path)
    else:
        damage(path)  # type: ignore[operator]
    shutil.rmtree(practice.photos.thumbs)
    vault = PhotoVault(practice.store, practice.data_dir, practice.key)  # as a backup checks
    assert not vault.intact(victim) and vault.intact(other)
    (problem,) = check_practice(practice)
    assert problem.kind == "hash_mismatch" and str(path) in problem.detail
    for show in (
        practice.photos.read_original,
        practice.photos.open_original,
        practice.photos.thumbnail_bytes,
    ):
        with pytest.raises(DamagedPhoto, match="altered or replaced"):
            show(victim)
    assert not practice.photos.thumbnail_path(victim).exists()


@pytest.mark.parametrize("damage", [_cut, _flip, "swap"])
def test_a_damaged_thumbnail_is_damage_and_made_again_from_its_original(
    imported: tuple[Practice, int, list[str]], damage: object
) -> None:
    practice, _client, shas = imported
    victim, other = shas[2], shas[0]
    made = practice.photos.thumbnail_bytes(victim)
    path = practice.photos.thumbnail_path(victim)
    if damage == "swap":
        shutil.copyfile(practice.photos.thumbnail_path(other), path)
    else:
        damage(path)  # type: ignore[operator]
    (problem,) = check_practice(practice)
    assert problem.kind == "thumbnail_mismatch" and str(path) in problem.detail
    assert practice.photos.cached_thumbnail(victim) is None  # the gallery does not show it
    remade = practice.photos.thumbnail_bytes(victim)  # made again from the checked original
    with Image.open(io.BytesIO(remade)) as a, Image.open(io.BytesIO(made)) as b:
        assert a.tobytes() == b.tobytes()
    assert check_practice(practice) == []


def test_another_practices_key_opens_none_of_the_files(
    imported: tuple[Practice, int, list[str]], tmp_path: Path
) -> None:
    """A vault copied under another practice's database is damage there, not pictures."""
    from dermadesk.core.keys import DataKey

    practice, _client, shas = imported
    stranger = PhotoVault(practice.store, practice.data_dir, DataKey.generate())
    for sha in shas:
        with pytest.raises(DamagedPhoto):
            stranger.read_original(sha, "photo")
        assert stranger.cached_thumbnail(sha) is None
