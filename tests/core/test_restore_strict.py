"""Restore trusts nothing in a backup: names, sizes, the manifest and the photos it needs."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from dermadesk.core.backup import restore_backup
from dermadesk.core.backup_archive import DATABASE, MANIFEST, BackupError
from dermadesk.core.practice import Practice
from tests.built_once import built_once
from tests.cli_runner import Dermadesk
from tests.core.backup_forgery import (
    Document,
    add_file,
    copy_of,
    entry,
    forge,
    shared_photo_practice,
)
from tests.helpers import UNLOCK, open_practice

DERMADESK = Path(sys.executable).with_name("dermadesk")
SHA = "ab" + "0" * 62


@pytest.fixture(scope="session")
def good_backup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A backup of a demo practice with photo rows and their files (made once per run)."""

    def build(folder: Path) -> None:
        practice_dir = copy_of(shared_photo_practice(tmp_path_factory), folder / "practice")
        with open_practice(practice_dir) as practice:
            made = practice.backup(folder / "good.dermadesk-backup").path
        (folder / "backup-name").write_text(str(made.relative_to(folder)), "utf-8")

    folder = built_once(tmp_path_factory, "good-backup", build)
    return folder / (folder / "backup-name").read_text("utf-8")


def nothing_restored(target: Path) -> bool:
    leftovers = [p for p in target.parent.iterdir() if ".restoring-" in p.name]
    return not target.exists() and not leftovers


@pytest.mark.parametrize(
    "name",
    [
        "photos\\ab\\" + SHA,  # harmless on Linux, escapes the staging folder on Windows
        "C:" + SHA,
        "C:/Windows/" + SHA,
        "/tmp/" + SHA,
        "photos/../../" + SHA,
        "logs/dermadesk.log",
        f"thumbs/ab/{SHA}-256.jpg",
        "window-state.ini",
        "photos/cd/" + SHA,  # a photo under another photo's folder
        "photos/ab/" + SHA.upper(),
    ],
)
def test_only_the_database_and_photos_by_their_hash_are_restored(
    good_backup: Path, tmp_path: Path, name: str
) -> None:
    forged = forge(good_backup, tmp_path / "forged.dermadesk-backup", add_file(name))
    target = tmp_path / "restored"
    with pytest.raises(BackupError, match="no part of a practice"):
        restore_backup(forged, target, unlock=UNLOCK)
    assert nothing_restored(target)


def test_a_name_listed_twice_or_packed_twice_is_refused(good_backup: Path, tmp_path: Path) -> None:
    def list_twice(document: Document, files: dict[str, bytes]) -> None:
        listed = document["files"]
        assert isinstance(listed, list)
        listed.append(dict(listed[0]))

    forged = forge(good_backup, tmp_path / "twice.dermadesk-backup", list_twice)
    with pytest.raises(BackupError, match=r"lists dermadesk\.db twice"):
        restore_backup(forged, tmp_path / "a", unlock=UNLOCK)
    assert nothing_restored(tmp_path / "a")

    packed_twice = tmp_path / "packed-twice.dermadesk-backup"
    with zipfile.ZipFile(good_backup) as source, zipfile.ZipFile(packed_twice, "w") as out:
        for name in source.namelist():
            out.writestr(name, source.read(name))
        with pytest.warns(UserWarning, match="Duplicate name"):
            out.writestr(DATABASE, b"a second database that would win")
    with pytest.raises(BackupError, match="two files of the same name"):
        restore_backup(packed_twice, tmp_path / "b", unlock=UNLOCK)
    assert nothing_restored(tmp_path / "b")


def test_a_manifest_that_leaves_out_photos_the_database_needs_is_refused(
    good_backup: Path, tmp_path: Path
) -> None:
    def drop_ten_photos(document: Document, files: dict[str, bytes]) -> None:
        listed = document["files"]
        assert isinstance(listed, list)
        photos = [e for e in listed if e["name"].startswith("photos/")][:10]
        assert len(photos) == 10
        for photo in photos:
            listed.remove(photo)
            del files[photo["name"]]

    forged = forge(good_backup, tmp_path / "lying.dermadesk-backup", drop_ten_photos)
    target = tmp_path / "restored"
    with pytest.raises(BackupError, match="needs 10 photos that it does not hold"):
        restore_backup(forged, target, unlock=UNLOCK)
    assert nothing_restored(target)


def test_a_zip_bomb_is_written_only_to_its_declared_size(good_backup: Path, tmp_path: Path) -> None:
    """An entry the manifest declares as 10 bytes that holds 128 MiB; the restore runs as the
    `dermadesk restore` command under a 64 MB limit on any file it writes (which writing it
    whole would pass: the process would be killed, not refuse it)."""
    bomb = tmp_path / "bomb.dermadesk-backup"
    declared = b"0123456789"
    with zipfile.ZipFile(good_backup) as source:
        document = json.loads(source.read(MANIFEST))
        files = {n: source.read(n) for n in source.namelist() if n != MANIFEST}
    document["files"].append(entry("photos/ab/" + SHA, declared))
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(MANIFEST, json.dumps(document))
        for name, content in files.items():
            archive.writestr(name, content)
        with archive.open("photos/ab/" + SHA, "w", force_zip64=True) as member:
            zeros = bytes(16 * 1024 * 1024)
            for _ in range(8):  # 128 MiB: twice the limit
                member.write(zeros)
    target = tmp_path / "restored"
    target.mkdir()

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024 * 1024, 64 * 1024 * 1024))

    ran = subprocess.run(
        [str(DERMADESK), "--data-dir", str(target), "restore", str(bomb)],
        capture_output=True,
        text=True,
        preexec_fn=limit_file_size,
        timeout=300,
    )
    assert ran.returncode == 1, (ran.returncode, ran.stderr)  # refused, not killed
    assert "does not match its recorded size" in ran.stderr
    assert list(target.iterdir()) == [] and nothing_restored(tmp_path / "never")


def test_a_huge_manifest_is_refused_without_reading_it(good_backup: Path, tmp_path: Path) -> None:
    """A 128 MiB manifest (a few hundred KB zipped) for a backup of a few dozen files: four
    times the memory the restore may use here, so reading it whole would show."""
    huge = tmp_path / "huge.dermadesk-backup"
    with zipfile.ZipFile(good_backup) as source:
        document = json.loads(source.read(MANIFEST))
        files = {n: source.read(n) for n in source.namelist() if n != MANIFEST}
    head = json.dumps(document)[:-1].encode() + b', "padding": "'
    with zipfile.ZipFile(huge, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open(MANIFEST, "w", force_zip64=True) as member:
            member.write(head)
            spaces = b" " * (64 * 1024 * 1024)
            for _ in range(2):  # 128 MiB
                member.write(spaces)
            member.write(b'"}')
        for name, content in files.items():
            archive.writestr(name, content)
    target = tmp_path / "restored"
    tracemalloc.start()
    try:
        with pytest.raises(BackupError, match="manifest far larger"):
            restore_backup(huge, target, unlock=UNLOCK)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 * 1024 * 1024
    assert nothing_restored(target)


@pytest.mark.parametrize(
    ("manifest", "words"),
    [
        (
            b'{"format": "dermadesk-backup", "files": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            "nested too deeply",
        ),
        (b'{"format": "dermadesk-backup", "files": [{"name": ', "not a DermaDesk backup"),
        (b'{"format": "dermadesk-backup", "files": {"a": 1}}', "not a DermaDesk backup"),
        (
            b'{"format": "dermadesk-backup", "files": [{"name": "dermadesk.db", "size": "9", '
            b'"sha256": "0"}]}',
            "not a DermaDesk backup",
        ),
        (b'["format", "dermadesk-backup"]', "not a DermaDesk backup"),
    ],
    ids=["nested", "cut-short", "files-not-a-list", "size-not-a-number", "not-an-object"],
)
def test_a_nested_or_malformed_manifest_is_refused_in_words_leaving_the_target_empty(
    dermadesk: Dermadesk, tmp_path: Path, manifest: bytes, words: str
) -> None:
    backup = tmp_path / "odd.dermadesk-backup"
    with zipfile.ZipFile(backup, "w") as archive:
        archive.writestr(MANIFEST, manifest)
        archive.writestr(DATABASE, b"x")
    target = tmp_path / "restored"
    target.mkdir()
    ran = dermadesk("--data-dir", str(target), "restore", str(backup))
    assert ran.returncode == 1 and words in ran.stderr
    assert list(target.iterdir()) == []  # no logs/, nothing
    assert sorted(p.name for p in tmp_path.iterdir()) == [backup.name, "restored"]


def test_older_backups_still_restore(good_backup: Path, tmp_path: Path) -> None:
    """The manifest as DermaDesk wrote it before (no counts, first in the zip), with a file cut
    short in photos/.incoming/ that older versions packed: it restores, that file skipped."""

    def as_before(document: Document, files: dict[str, bytes]) -> None:
        for key in ("counts", "damage", "missing"):
            document.pop(key)
        add_file("photos/.incoming/0a1b2c.partial", b"half a picture")(document, files)

    older = forge(good_backup, tmp_path / "older.dermadesk-backup", as_before)
    target = tmp_path / "restored"
    files = Practice.restore(older, target, unlock=UNLOCK)
    with zipfile.ZipFile(good_backup) as source:
        assert files == len(source.namelist()) - 1  # all but the manifest
    assert not (target / "photos" / ".incoming").exists()
    with open_practice(target) as practice:
        assert practice.clients.count() == 25
        assert practice.photos.problems() == []


def test_a_restored_backup_holds_every_photo_the_database_needs(
    good_backup: Path, tmp_path: Path
) -> None:
    target = tmp_path / "restored"
    restore_backup(good_backup, target, unlock=UNLOCK)
    with open_practice(target) as practice:
        assert practice.photos.problems() == []
