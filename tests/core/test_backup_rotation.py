"""Rotation keeps the good backups: by day, week and month, never for an emptier or damaged one."""

from __future__ import annotations

import json
import logging
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from dermadesk.core.backup import BackupResult, backups_in
from dermadesk.core.backup_archive import MANIFEST
from dermadesk.core.backup_precheck import CACHE_NAME
from dermadesk.core.backup_rotation import Keep, backup_concerns, counts_of, kept_by_calendar
from dermadesk.core.clock import FixedClock
from dermadesk.core.demo import fill_demo_practice
from dermadesk.core.practice import Practice
from dermadesk.core.settings import BackupSettings
from tests.core.backup_forgery import copy_of, shared_photo_practice
from tests.helpers import details, open_practice
from tests.practice_folders import folder_with_database

START = datetime(2026, 11, 1, 18, 0)


def backup_on(practice: Practice, clock: FixedClock, moment: datetime) -> BackupResult | None:
    """The daily backup as it runs at `moment` (the practice's clock put there)."""
    clock.set(moment)
    return practice.automatic_backup()


@pytest.fixture(scope="session")
def photos_practice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_photo_practice(tmp_path_factory)


def test_fourteen_daily_backups_after_a_loss_keep_the_good_ones(
    data_dir: Path,
    practice: Practice,
    new_practice_dir: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    clock: FixedClock,
) -> None:
    """The practice's data is lost (here: an empty practice writing to the same backup
    folder); its daily backups must not rotate the three good ones away."""
    folder = tmp_path / "backups"
    good_dir = folder_with_database(new_practice_dir, tmp_path / "good")
    with open_practice(good_dir) as good:
        fill_demo_practice(good, clients=25, seed=4, history=False)  # the clients are counted
        good.settings.set_backup(BackupSettings(folder=str(folder)))
        for day in range(3):
            assert backup_on(good, clock, START + timedelta(days=day)) is not None
    good_ones = [p.name for p in backups_in(folder)]

    practice.settings.set_backup(BackupSettings(folder=str(folder)))
    results = []
    with caplog.at_level(logging.WARNING, logger="dermadesk"):
        for day in range(3, 17):
            results.append(backup_on(practice, clock, START + timedelta(days=day)))
    kept = [p.name for p in backups_in(folder)]
    assert set(good_ones) <= set(kept)
    assert all(result is not None for result in results)
    warnings = [w for result in results if result is not None for w in result.warnings]
    assert any("0 clients instead of 25" in w for w in warnings)
    assert "0 clients instead of 25" in caplog.text
    assert any("fewer" in c for c in backup_concerns(backups_in(folder)))


def test_rotation_keeps_seven_daily_four_weekly_and_twelve_monthly() -> None:
    days = [START + timedelta(days=n) for n in range(400)]  # to Sunday 5 December 2027
    backups = [Path(f"dermadesk-{d:%Y-%m-%d-%H%M%S}.dermadesk-backup") for d in days]
    kept = {p.name[10:20] for p in kept_by_calendar(backups, Keep())}
    daily = {str(date(2027, 12, 5) - timedelta(days=n)) for n in range(7)}  # 29 Nov to 5 Dec
    weekly = {"2027-12-05", "2027-11-28", "2027-11-21", "2027-11-14"}  # each week's newest
    monthly = {"2027-12-05"} | {
        str(date(2027, month + 1, 1) - timedelta(days=1)) for month in range(1, 12)
    }  # each month's newest: 31 January to 30 November 2027
    assert kept == daily | weekly | monthly
    assert len(kept) == 7 + 3 + 10


def test_the_daily_backup_rotates_by_day_and_week(practice: Practice, clock: FixedClock) -> None:
    practice.clients.create(details())  # a practice in use; its size is not the point
    with practice:
        practice.settings.set_backup(BackupSettings(daily=2, weekly=2, monthly=0))
        for day in range(10):  # 1 to 10 November 2026; 1 and 8 are Sundays
            assert backup_on(practice, clock, START + timedelta(days=day)) is not None
        kept = [p.name[10:20] for p in backups_in(practice.backup_folder())]
    assert kept == ["2026-11-08", "2026-11-09", "2026-11-10"]


def swap_a_photo(data_dir: Path) -> Path:
    """Replace one original by another picture, as `check` reports hash_mismatch."""
    originals = sorted(p for p in (data_dir / "photos").rglob("*") if p.is_file())
    originals[0].write_bytes(originals[1].read_bytes())
    return originals[0]


def test_a_damaged_practice_is_backed_up_but_named_so_and_never_rotates_out_a_clean_one(
    photos_practice: Path, tmp_path: Path, clock: FixedClock
) -> None:
    with open_practice(copy_of(photos_practice, tmp_path / "p")) as practice:
        practice.settings.set_backup(BackupSettings(daily=1, weekly=0, monthly=0))
        clean = backup_on(practice, clock, START)
        assert clean is not None and clean.damage == ()
        assert json.loads((tmp_path / "p" / CACHE_NAME).read_text())  # hashes remembered
        swapped = swap_a_photo(practice.data_dir)
        for day in (1, 2):
            damaged = backup_on(practice, clock, START + timedelta(days=day))
            assert damaged is not None
            assert damaged.path.name.endswith("-damaged.dermadesk-backup")
            assert any(swapped.name[:12] in d and "altered" in d for d in damaged.damage)
        names = [p.name for p in backups_in(practice.backup_folder())]
        assert clean.path.name in names and len(names) == 3  # the clean one stays
        with zipfile.ZipFile(damaged.path) as archive:
            assert json.loads(archive.read(MANIFEST))["damage"]
        event = practice.audit.latest("backup.written")
        assert event is not None and event.target == str(damaged.path)
        assert "holds damage" in event.detail
        assert "holds damage" in backup_concerns(backups_in(practice.backup_folder()))[0]
        assert practice.backup(tmp_path).path.name.endswith("-damaged.dermadesk-backup")

        original = photos_practice / swapped.relative_to(tmp_path / "p")
        swapped.write_bytes(original.read_bytes())  # repaired from a copy
        mended = backup_on(practice, clock, START + timedelta(days=3))
        assert mended is not None and mended.damage == ()
        assert [p.name for p in backups_in(practice.backup_folder())] == [mended.path.name]


def test_a_window_closed_again_the_same_day_checks_nothing(
    practice: Practice, clock: FixedClock
) -> None:
    """The damage check before a backup reads every signed consent and the whole audit
    trail; closing the window a second time the same day must not wait for it."""
    assert backup_on(practice, clock, START) is not None
    with open_practice(practice.data_dir) as later:  # the window opened again that evening
        assert backup_on(later, clock, START + timedelta(hours=3)) is None
        assert "consents" not in vars(later)  # no consent was read: nothing was checked


def test_an_older_backup_without_counts_is_counted_from_its_encrypted_database(
    practice: Practice, tmp_path: Path
) -> None:
    for first in ("Anna", "Bea", "Cleo"):
        practice.clients.create(details(first))
    (tmp_path / "made").mkdir()
    written = practice.backup(tmp_path / "made")
    older = tmp_path / "dermadesk-2026-10-01-180000.dermadesk-backup"
    with zipfile.ZipFile(written.path) as source, zipfile.ZipFile(older, "w") as copy:
        for member in source.namelist():  # as DermaDesk wrote them before manifests counted
            data = source.read(member)
            if member == MANIFEST:
                document = json.loads(data)
                del document["counts"]
                data = json.dumps(document).encode()
            copy.writestr(member, data)
    assert counts_of(older, practice.key) == {"clients": 3, "consents": 0, "photos": 0}
    assert counts_of(older, None) is None  # without the key its database cannot be read
