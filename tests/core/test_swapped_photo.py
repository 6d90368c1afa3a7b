"""The swapped photo: a picture on disk that is not what its row says is never exported
under the client's name, never made into its thumbnail, and `check` names a thumbnail made
from another picture."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from dermadesk.core.integrity import check_practice
from dermadesk.core.photo_export import CLINICAL
from dermadesk.core.photo_vault import StorageError
from dermadesk.core.practice import Practice
from tests.helpers import details, photo_bytes

pytestmark = pytest.mark.both_stores  # the practice on SQLite and on a server


@pytest.fixture
def two_photos(practice: Practice, tmp_path: Path) -> tuple[int, int]:
    """A client with two pictures (ids), both imported, their thumbnails made."""
    client = practice.clients.create(details())
    ids = []
    for shade in (1, 2):
        source = tmp_path / f"IMG_{shade}.jpg"
        source.write_bytes(photo_bytes(shade=shade, size=(480, 320)))
        outcome = practice.photos.import_file(client, source)
        assert outcome.photo_id is not None
        ids.append(outcome.photo_id)
    return ids[0], ids[1]


def _swap(practice: Practice, victim: int, other: int) -> None:
    """The attack: the victim's original replaced by another picture, under its name."""
    target = practice.photos.original_path(practice.photos.get(victim).sha256)
    target.chmod(0o600)
    shutil.copyfile(practice.photos.original_path(practice.photos.get(other).sha256), target)


@pytest.mark.sqlite_only(
    reason="swaps files in the folder vault; on a server: test_photos_on_server.py"
)
def test_a_swapped_photo_is_never_exported(
    practice: Practice, two_photos: tuple[int, int], tmp_path: Path
) -> None:
    victim, other = two_photos
    _swap(practice, victim, other)
    out = tmp_path / "out"
    with pytest.raises(StorageError) as refused:
        practice.photos.export_photo(victim, out / "victim.jpg", CLINICAL)
    assert f"Photo {victim} (IMG_1.jpg)" in str(refused.value)
    assert "altered or replaced" in str(refused.value)
    assert not (out / "victim.jpg").exists()
    with pytest.raises(StorageError, match=f"Photo {victim} "):
        practice.photos.export_comparison(victim, other, out / "pair.jpg", CLINICAL)
    assert not (out / "pair.jpg").exists()
    assert practice.audit.latest("photo.exported") is None  # nothing left the practice
    # The untouched photo still exports.
    assert practice.photos.export_photo(other, out / "other.jpg", CLINICAL).is_file()


@pytest.mark.sqlite_only(
    reason="swaps files in the folder vault; on a server: test_photos_on_server.py"
)
def test_a_swapped_photos_thumbnail_is_made_only_from_a_verified_original(
    practice: Practice, two_photos: tuple[int, int]
) -> None:
    victim, other = two_photos
    sha = practice.photos.get(victim).sha256
    made_at_import = practice.photos.thumbnail_bytes(sha)
    _swap(practice, victim, other)
    # The thumbnail made at import, from the verified original, is still shown.
    assert practice.photos.thumbnail_bytes(sha) == made_at_import
    # Once the cache is gone, the swapped file is not made into this photo's thumbnail:
    # the gallery shows it as damaged instead.
    practice.photos.thumbnail_path(sha).unlink()
    with pytest.raises(StorageError, match="altered or replaced"):
        practice.photos.thumbnail_for(sha)
    assert not practice.photos.thumbnail_path(sha).exists()


def test_check_names_a_thumbnail_made_from_another_picture_and_the_view_remakes_it(
    practice: Practice, two_photos: tuple[int, int]
) -> None:
    victim, other = two_photos
    victim_sha, other_sha = (practice.photos.get(i).sha256 for i in (victim, other))
    thumbnail = practice.photos.thumbnail_path(victim_sha)
    shutil.copyfile(practice.photos.thumbnail_path(other_sha), thumbnail)
    (problem,) = check_practice(practice)
    assert problem.kind == "thumbnail_mismatch" and str(thumbnail) in problem.detail
    # Shown again, it is made anew from its (verified) original.
    assert practice.photos.thumbnail_for(victim_sha) == thumbnail
    with (
        Image.open(io.BytesIO(practice.photos.thumbnail_bytes(victim_sha))) as remade,
        Image.open(io.BytesIO(practice.photos.thumbnail_bytes(other_sha))) as o,
    ):
        assert remade.tobytes() != o.tobytes()
    assert check_practice(practice) == []
