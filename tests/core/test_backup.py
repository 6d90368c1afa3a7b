"""Backups that restore, and damaged backups that restore nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from dermadesk.core.backup import restore_backup
from dermadesk.core.backup_archive import DATABASE, MANIFEST, BackupError
from dermadesk.core.clock import FixedClock
from dermadesk.core.demo import fill_demo_practice
from dermadesk.core.errors import ValidationError
from tests.built_once import built_once
from tests.helpers import TEST_NOW, UNLOCK, details, open_practice

TODAY = TEST_NOW.date()


@pytest.fixture(scope="session")
def filled_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo practice with a few photo files in its vault folder, built once for the run."""

    def build(folder: Path) -> None:
        with open_practice(folder / "practice") as practice:
            fill_demo_practice(practice, clients=25, seed=4)
        for n in range(3):
            vault_file(folder / "practice", bytes([n]) * (50_000 + n))

    return built_once(tmp_path_factory, "backup-filled", build) / "practice"


@pytest.fixture
def filled(filled_once: Path, data_dir: Path) -> Path:
    """The test's own copy of the demo practice with photo files in its vault folder."""
    shutil.copytree(filled_once, data_dir)
    return data_dir


def vault_file(data_dir: Path, content: bytes) -> Path:
    """A file in the vault under its hash name (no row points at it: an orphan)."""
    sha256 = hashlib.sha256(content).hexdigest()
    path = data_dir / "photos" / sha256[:2] / sha256
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_a_backup_restores_the_whole_practice(filled: Path, tmp_path: Path) -> None:
    progress: list[tuple[int, int]] = []
    with open_practice(filled) as practice:
        result = practice.backup(tmp_path, progress=lambda *step: progress.append(step))
        clients = practice.clients.count()
        sessions = [practice.sessions.for_client(i) for i in practice.clients.search_ids()]
    assert result.path.parent == tmp_path and result.path.name.endswith(".dermadesk-backup")
    assert result.files == 5  # the database, its key file and three photos
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600
    assert progress[-1][0] == progress[-1][1]  # the bar reaches its end
    assert not list(tmp_path.glob("*.partial")) and not list(filled.glob(".backup-*"))

    restored = tmp_path / "restored"
    assert restore_backup(result.path, restored, unlock=UNLOCK) == 5
    with open_practice(restored) as practice:
        assert practice.clients.count() == clients
        assert [practice.sessions.for_client(i) for i in practice.clients.search_ids()] == sessions
        assert practice.consents.tampered() == []
    for original in (filled / "photos").rglob("*"):
        if original.is_file():
            copy = restored / original.relative_to(filled)
            assert copy.read_bytes() == original.read_bytes()
            assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(restored.stat().st_mode) == 0o700


def test_a_backup_taken_while_the_program_writes_holds_what_was_committed(
    filled: Path, tmp_path: Path
) -> None:
    with open_practice(filled) as window, open_practice(filled) as command_line:
        window.clients.create(details("Late", "Arrival"))
        backup = command_line.backup(tmp_path / "now.dermadesk-backup").path
    restore_backup(backup, tmp_path / "restored", unlock=UNLOCK)
    with open_practice(tmp_path / "restored") as practice:
        assert practice.clients.search_ids("Arrival")


def test_restore_refuses_a_folder_with_anything_in_it(filled: Path, tmp_path: Path) -> None:
    with open_practice(filled) as practice:
        backup = practice.backup(tmp_path).path
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    with pytest.raises(BackupError, match="not empty"):
        restore_backup(backup, target, unlock=UNLOCK)
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    with pytest.raises(BackupError, match="not empty"):
        restore_backup(backup, filled, unlock=UNLOCK)  # least of all over the practice itself


def _leftovers(parent: Path) -> list[str]:
    return [p.name for p in parent.iterdir() if ".restoring-" in p.name]


def test_a_truncated_backup_restores_nothing(filled: Path, tmp_path: Path) -> None:
    with open_practice(filled) as practice:
        backup = practice.backup(tmp_path).path
    data = backup.read_bytes()
    for cut in (len(data) // 3, len(data) - 100):
        truncated = tmp_path / f"cut-{cut}.dermadesk-backup"
        truncated.write_bytes(data[:cut])
        target = tmp_path / f"restored-{cut}"
        with pytest.raises(BackupError, match=r"damaged|not a DermaDesk backup"):
            restore_backup(truncated, target, unlock=UNLOCK)
        assert not target.exists() and _leftovers(tmp_path) == []


def test_a_changed_file_inside_is_caught_by_its_hash(filled: Path, tmp_path: Path) -> None:
    with open_practice(filled) as practice:
        backup = practice.backup(tmp_path).path
    forged = tmp_path / "forged.dermadesk-backup"
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(forged, "w") as out:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("photos/"):
                content = content[:-1] + b"X"  # one byte changed, the zip itself sound
            out.writestr(item, content)
    target = tmp_path / "restored"
    with pytest.raises(BackupError, match=r"photos/.* does not match its recorded size and hash"):
        restore_backup(forged, target, unlock=UNLOCK)
    assert not target.exists() and _leftovers(tmp_path) == []


def test_files_that_are_not_backups_are_refused_in_words(tmp_path: Path) -> None:
    text = tmp_path / "holiday.dermadesk-backup"
    text.write_text("not a backup at all")
    with pytest.raises(BackupError, match="damaged or incomplete"):
        restore_backup(text, tmp_path / "a", unlock=UNLOCK)
    other_zip = tmp_path / "other.zip"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(BackupError, match="not a DermaDesk backup"):
        restore_backup(other_zip, tmp_path / "b", unlock=UNLOCK)
    escaping = tmp_path / "escaping.zip"
    with zipfile.ZipFile(escaping, "w") as archive:
        manifest = {"format": "dermadesk-backup", "format_version": 1, "files": [
            {"name": DATABASE, "size": 1, "sha256": "0"},
            {"name": "../outside.txt", "size": 1, "sha256": "0"}]}  # fmt: skip
        archive.writestr(MANIFEST, json.dumps(manifest))
    with pytest.raises(BackupError, match="outside its own folder"):
        restore_backup(escaping, tmp_path / "c", unlock=UNLOCK)
    assert not (tmp_path / "outside.txt").exists()
    with pytest.raises(BackupError, match="There is no backup file"):
        restore_backup(tmp_path / "missing.dermadesk-backup", tmp_path / "d", unlock=UNLOCK)


def test_a_backup_never_writes_over_a_file(filled: Path, tmp_path: Path) -> None:
    existing = tmp_path / "keep.dermadesk-backup"
    existing.write_text("an older backup")
    with open_practice(filled) as practice, pytest.raises(BackupError, match="exists already"):
        practice.backup(existing)
    assert existing.read_text() == "an older backup"
    with open_practice(filled) as practice, pytest.raises(BackupError, match="no folder"):
        practice.backup(tmp_path / "nowhere" / "b.dermadesk-backup")


def test_the_automatic_backup_runs_once_a_day_and_keeps_the_newest(
    filled: Path, clock: FixedClock
) -> None:
    from datetime import datetime, timedelta

    from dermadesk.core.backup import backups_in
    from dermadesk.core.settings import BackupSettings

    with open_practice(filled) as practice:
        practice.settings.set_backup(BackupSettings(daily=3, weekly=0, monthly=0))
        folder = practice.backup_folder()
        assert folder == filled / "backups"
        folder.mkdir(exist_ok=True)
        (folder / "my-notes.txt").write_text("not a backup")  # never touched
        start = datetime(2026, 11, 1, 18, 0)
        for day in range(5):
            clock.set(start + timedelta(days=day))
            assert practice.automatic_backup() is not None
            clock.advance(timedelta(hours=2))
            assert practice.automatic_backup() is None  # same day
        kept = [p.name for p in backups_in(folder)]
        assert kept == [
            "dermadesk-2026-11-03-180000.dermadesk-backup",
            "dermadesk-2026-11-04-180000.dermadesk-backup",
            "dermadesk-2026-11-05-180000.dermadesk-backup",
        ]
        assert (folder / "my-notes.txt").exists()
        with pytest.raises(ValidationError):
            practice.settings.set_backup(BackupSettings(daily=0))
