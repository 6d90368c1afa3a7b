"""Backups of an encrypted practice's sealed photo vault: whole, restorable, and telling no
one holding a photo that it is in the practice."""

from __future__ import annotations

import os
import shutil
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from dermadesk import cli
from dermadesk.core.backup_archive import MANIFEST
from dermadesk.core.backup_keys import by_passphrase, by_recovery_code
from dermadesk.core.backup_precheck import CACHE_NAME
from dermadesk.core.clock import FixedClock
from dermadesk.core.encrypt_practice import encrypt_practice
from dermadesk.core.integrity import check_practice
from dermadesk.core.models import Photo
from dermadesk.core.photo_vault import PhotoVault
from dermadesk.core.practice import Practice
from dermadesk.core.settings import BackupSettings
from dermadesk.core.vault_files import SealedFiles
from tests.core.backup_forgery import shared_photo_practice
from tests.helpers import TEST_PASSPHRASE, open_practice
from tests.practice_folders import plain_lived_in_folder

START = datetime(2026, 11, 1, 18, 0)


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """An encrypted demo practice with sealed photos, and its recovery code; copied per test
    (the one the backup forgeries start from, made once per run for every worker)."""
    folder = shared_photo_practice(tmp_path_factory)
    return folder, (folder.parent / "recovery-code").read_text("utf-8")


@pytest.fixture
def data_dir(made: tuple[Path, str], tmp_path: Path) -> Path:
    return Path(shutil.copytree(made[0], tmp_path / "practice"))


def plaintext_hashes(practice: Practice) -> list[str]:
    with practice.store.reading() as session:
        return sorted(set(session.exec(select(Photo.sha256))))


def new_folder(where: Path) -> Path:
    where.mkdir()
    return where


def sealed_originals(data_dir: Path) -> list[Path]:
    return sorted(p for p in (data_dir / "photos").glob("??/*") if p.is_file())


def test_a_backup_with_sealed_photos_restores_by_passphrase_and_by_recovery_code(
    made: tuple[Path, str],
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with open_practice(data_dir) as practice:
        result = practice.backup(tmp_path)
        photos = len(plaintext_hashes(practice))
    assert result.damage == () and not result.path.name.endswith("-damaged.dermadesk-backup")
    assert result.counts["photos"] >= 10
    for folder, unlock in (
        (tmp_path / "by passphrase", by_passphrase(TEST_PASSPHRASE)),
        (tmp_path / "by recovery code", by_recovery_code(made[1])),
    ):
        assert Practice.restore(result.path, folder, unlock=unlock) == 2 + photos
        with open_practice(folder) as restored:
            assert restored.encrypted and check_practice(restored) == []
            vault = PhotoVault(restored.store, folder, restored.key)
            assert all(vault.intact(sha256) for sha256 in plaintext_hashes(restored))
        assert cli.main(["--data-dir", str(folder), "check"]) == 0
        assert "All is well" in capsys.readouterr().out


def test_no_plaintext_hash_of_a_photo_is_in_the_data_dir_or_a_backup(
    data_dir: Path, tmp_path: Path
) -> None:
    """Whoever holds a photo must not be able to confirm it is in the practice by hashing it:
    not from a file's name, the backups' photo check cache, a manifest or its words."""
    with open_practice(data_dir) as practice:
        hashes = plaintext_hashes(practice)
        clean = practice.backup(new_folder(tmp_path / "first")).path
        victim = sealed_originals(data_dir)[0]
        victim.write_bytes(victim.read_bytes()[:-40])  # cut short: damage told in words
        damaged = practice.backup(new_folder(tmp_path / "second")).path
    assert damaged.name.endswith("-damaged.dermadesk-backup")
    assert (data_dir / CACHE_NAME).is_file()
    # The full hash, and the 12 digits damage is told by, in hex either case and as bytes.
    needles = [
        form
        for sha256 in hashes
        for form in (sha256.encode(), sha256[:12].encode(), sha256.upper().encode())
    ] + [bytes.fromhex(sha256) for sha256 in hashes]
    blobs = {str(p): p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    for backup in (clean, damaged):
        blobs[str(backup)] = backup.read_bytes()
        with zipfile.ZipFile(backup) as archive:
            for member in archive.namelist():
                blobs[f"{backup.name}/{member}"] = archive.read(member) + member.encode()
        blobs[f"{backup.name} names"] = " ".join(archive.namelist()).encode()
    for where, data in blobs.items():
        assert [n for n in needles if n in data] == [], where


def test_a_damaged_sealed_photo_makes_a_damaged_backup_that_never_rotates_out_a_clean_one(
    data_dir: Path, clock: FixedClock
) -> None:
    with open_practice(data_dir, clock) as practice:
        practice.settings.set_backup(BackupSettings(daily=1, weekly=0, monthly=0))
        clock.set(START)
        clean = practice.automatic_backup()
        assert clean is not None and clean.damage == ()
        victim = sealed_originals(data_dir)[3]
        sealed = bytearray(victim.read_bytes())
        sealed[len(sealed) // 2] ^= 0x01  # one bit flipped inside the ciphertext
        victim.write_bytes(bytes(sealed))
        for day in (1, 2):
            clock.set(START + timedelta(days=day))
            damaged = practice.automatic_backup()
            assert damaged is not None
            assert damaged.path.name.endswith("-damaged.dermadesk-backup")
            assert [d for d in damaged.damage if victim.name[:12] in d] == [
                f"photo file {victim.name[:12]}… has been altered"
            ]
        kept = sorted(p.name for p in practice.backup_folder().iterdir())
        assert clean.path.name in kept and len(kept) == 3


def test_a_photo_damaged_behind_the_cache_is_caught_while_packing(
    data_dir: Path, tmp_path: Path
) -> None:
    """The check before a backup trusts a file whose size and time have not changed; the
    bytes packed are then not those that checked out, so they are checked again."""
    with open_practice(data_dir) as practice:
        assert practice.backup(new_folder(tmp_path / "first")).damage == ()
        victim = sealed_originals(data_dir)[1]
        before = victim.stat()
        sealed = bytearray(victim.read_bytes())
        sealed[100] ^= 0x80
        victim.write_bytes(bytes(sealed))
        os.utime(victim, ns=(before.st_atime_ns, before.st_mtime_ns))  # its time put back
        damaged = practice.backup(new_folder(tmp_path / "second"))
    assert damaged.damage == (f"photo file {victim.name[:12]}… has been altered",)
    assert damaged.path.name.endswith("-damaged.dermadesk-backup")


def test_an_unchanged_sealed_photo_is_not_decrypted_at_every_backup(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_practice(data_dir) as practice:
        practice.backup(new_folder(tmp_path / "first"))
        opened: list[str] = []
        digest = SealedFiles.digest

        def counted(self: SealedFiles, path: Path, name: str) -> str | None:
            opened.append(name)
            return digest(self, path, name)

        monkeypatch.setattr(SealedFiles, "digest", counted)
        assert practice.backup(new_folder(tmp_path / "second")).damage == ()
    assert opened == []


def test_a_backup_missing_a_sealed_photo_says_so_and_restores_what_it_holds(
    data_dir: Path, tmp_path: Path
) -> None:
    with open_practice(data_dir) as practice:
        gone = sealed_originals(data_dir)[2]
        gone.unlink()
        result = practice.backup(tmp_path)
    assert result.damage == (f"photo file {gone.name[:12]}… is missing",)
    with zipfile.ZipFile(result.path) as archive:
        assert gone.name in archive.read(MANIFEST).decode()  # its name: the vault's HMAC
    target = tmp_path / "restored"
    Practice.restore(result.path, target, unlock=by_passphrase(TEST_PASSPHRASE))
    with open_practice(target) as restored:
        assert [p.kind for p in restored.photos.problems()] == ["missing_file"]


def plain_practice_with_photos(built: pytest.TempPathFactory, data_dir: Path) -> None:
    """A practice as DermaDesk made them before encryption, with three photos in the clear."""
    plain_lived_in_folder(data_dir, built)


def test_a_plain_practices_altered_photo_is_still_caught(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    data_dir = tmp_path / "plain"
    plain_practice_with_photos(tmp_path_factory, data_dir)
    first, second = sealed_originals(data_dir)[:2]
    first.write_bytes(second.read_bytes())
    with open_practice(data_dir) as practice:
        assert not practice.encrypted
        result = practice.backup(new_folder(tmp_path / "usb"))
    assert result.damage == (f"photo file {first.name[:12]}… has been altered",)


def test_a_photo_missing_when_its_practice_was_encrypted_is_told_by_its_number(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    """Its row has no vault name; the backup says so without its plaintext hash, and restores."""
    data_dir = tmp_path / "practice"
    plain_practice_with_photos(tmp_path_factory, data_dir)
    gone = sealed_originals(data_dir)[0]
    gone.unlink()
    encrypt_practice(data_dir, TEST_PASSPHRASE)
    with open_practice(data_dir) as practice:
        with practice.store.reading() as session:
            (photo_id,) = session.exec(select(Photo.id).where(Photo.sha256 == gone.name))
        result = practice.backup(new_folder(tmp_path / "usb"))
    assert result.damage == (
        f"photo {photo_id}: its file was missing already when the practice was encrypted",
    )
    assert gone.name[:12].encode() not in result.path.read_bytes()
    with zipfile.ZipFile(result.path) as archive:
        assert gone.name[:12] not in archive.read(MANIFEST).decode()
    restored = tmp_path / "restored"
    Practice.restore(result.path, restored, unlock=by_passphrase(TEST_PASSPHRASE))
    with open_practice(restored) as practice:
        assert [p.kind for p in practice.photos.problems()] == ["missing_file"]


def test_a_backup_manifest_carries_the_audit_trails_signed_head(
    data_dir: Path, tmp_path: Path
) -> None:
    # Issue 15: the head anchored outside the database travels with each backup, signed, so
    # a backup's database cut short or rolled back shows against it; it names no client.
    import json

    from dermadesk.core.audit_head import _valid, database_head
    from dermadesk.core.practice_key import proved_certificate

    with open_practice(data_dir) as practice:
        before = database_head(practice.store)
        backup = practice.backup(tmp_path / "backups").path
        certificate = proved_certificate(data_dir, practice.key)
    with zipfile.ZipFile(backup) as archive:
        manifest = json.loads(archive.read(MANIFEST))
    carried = manifest["audit_head"]
    assert before["count"] > 0 and certificate is not None
    assert {k: carried[k] for k in ("id", "hash", "count")} == before
    assert _valid(carried, certificate)
    assert not _valid({**carried, "count": before["count"] + 5}, certificate)
