"""Settings saved together are saved all or none; the PIN and the lock are in the audit trail."""

from __future__ import annotations

from pathlib import Path

import pytest

from dermadesk import cli
from dermadesk.core import lock as pins
from dermadesk.core.audit import describe
from dermadesk.core.errors import ValidationError
from dermadesk.core.practice import Practice
from dermadesk.core.settings import (
    BackupSettings,
    DeviceSettings,
    PracticeDetails,
    SettingsChange,
)
from tests.helpers import details, open_practice

pytestmark = pytest.mark.both_stores  # the practice on SQLite and on a server

pytestmark = pytest.mark.both_stores


def everything(practice: Practice) -> tuple[object, ...]:
    settings = practice.settings
    return (
        settings.practice_details(),
        settings.screening(),
        settings.consent(),
        settings.device(),
        settings.aftercare_text(),
        settings.backup(),
        settings.lock(),
    )


def test_one_bad_section_saves_nothing_and_every_problem_is_named(practice: Practice) -> None:
    before = everything(practice)
    change = SettingsChange(
        practice=PracticeDetails(name="Skin Studio", phone="01904 000000"),
        device=DeviceSettings(min_depth_mm=2.5, max_depth_mm=1.0),
        backup=BackupSettings(daily=0),
        lock_idle_minutes=30,
        new_pin="2468",
    )
    assert {p.field for p in practice.settings.problems(change)} == {"device", "daily"}
    with pytest.raises(ValidationError) as refused:
        practice.settings.save_all(change)
    assert {p.field for p in refused.value.problems} == {"device", "daily"}
    assert everything(practice) == before
    assert not practice.settings.has_practice_details()
    assert practice.audit.events() == []  # not even the PIN's entry


def test_a_good_change_is_saved_whole_and_checking_it_first_writes_nothing(
    practice: Practice,
) -> None:
    change = SettingsChange(
        practice=PracticeDetails(name=" Skin Studio ", phone="01904 000000"),
        backup=BackupSettings(folder="/media/usb", daily=30),
        lock_idle_minutes=15,
        new_pin="2468",
    )
    assert practice.settings.problems(change) == []
    assert not practice.settings.has_practice_details() and not practice.settings.lock().has_pin
    practice.settings.save_all(change)
    assert practice.settings.practice_details().name == "Skin Studio"
    assert practice.settings.backup() == BackupSettings(folder="/media/usb", daily=30)
    lock = practice.settings.lock()
    assert lock.idle_minutes == 15 and pins.verify_pin("2468", lock.pin_hash)
    assert [e.action for e in practice.audit.events()] == ["pin.set"]


def test_the_pin_set_changed_and_removed_are_in_the_audit_trail(practice: Practice) -> None:
    practice.settings.set_lock_pin("2468")
    practice.settings.set_lock_pin("1357")
    assert practice.settings.clear_lock_pin()
    assert not practice.settings.clear_lock_pin()  # none left: nothing to record
    events = list(reversed(practice.audit.events()))
    assert [e.action for e in events] == ["pin.set", "pin.changed", "pin.removed"]
    assert [describe(e.action) for e in events] == ["PIN set", "PIN changed", "PIN removed"]


def test_forget_pin_is_in_the_audit_trail_and_points_to_the_real_menu(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_practice(data_dir) as practice:
        practice.settings.set_lock_pin("2468")
    assert cli.main(["--data-dir", str(data_dir), "forget-pin"]) == 0
    said = capsys.readouterr().out
    assert "File ▸ Practice settings…" in said and "Lock tab" in said
    assert "Settings ▸ Lock" not in said
    with open_practice(data_dir) as practice:
        removed = practice.audit.events(limit=1)[0]
    assert removed.action == "pin.removed" and "forget-pin" in removed.detail
    assert removed.source == "command line"


def test_locking_and_unlocking_are_recorded(practice: Practice) -> None:
    pins.record_locked(practice.audit, "after 5 idle minutes")
    pins.record_unlocked(practice.audit, wrong_tries=2)
    unlocked, locked = practice.audit.events()
    assert (describe(locked.action), locked.detail) == ("DermaDesk locked", "after 5 idle minutes")
    assert (describe(unlocked.action), unlocked.detail) == (
        "DermaDesk unlocked",
        "after 2 wrong tries",
    )


def test_a_new_client_is_called_created_in_the_audit_trail(practice: Practice) -> None:
    practice.clients.create(details())
    assert describe(practice.audit.events()[0].action) == "Client file created"


def test_a_practice_is_new_until_it_has_details_or_a_client(practice: Practice) -> None:
    assert practice.is_new()
    practice.settings.set_practice_details(PracticeDetails(name="Skin Studio"))
    assert not practice.is_new()


def test_a_practice_with_only_a_client_is_not_new(practice: Practice) -> None:
    client_id = practice.clients.create(details())
    practice.clients.archive(client_id)
    assert not practice.is_new()
