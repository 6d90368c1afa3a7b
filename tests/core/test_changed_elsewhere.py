"""Saving over a change made elsewhere never overwrites it: two practices open on one folder
(as the window and the command line are), each saving what it loaded."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from dermadesk.core.client_details import ClientDetails
from dermadesk.core.clock import FixedClock
from dermadesk.core.errors import ChangedElsewhere, Difference
from dermadesk.core.plans import PlanDetails
from dermadesk.core.practice import Practice
from dermadesk.core.row_versions import reapplied
from dermadesk.core.session_records import AreaNote, SessionRecord
from dermadesk.core.settings import PracticeDetails, SettingsChange
from dermadesk.core.settings_versions import reapplied_change
from tests.helpers import TEST_NOW, open_practice

ANNA = ClientDetails("Anna", "Berg", date(1988, 4, 2), phone="07700 900111", skin_type=2)


@pytest.fixture
def beside(practice: Practice, data_dir: Path, clock: FixedClock) -> Iterator[Practice]:
    """A second practice on the same folder: the command line beside the open window."""
    with open_practice(data_dir, clock) as other:
        other.audit.actor = "reception"
        yield other


def test_a_save_over_a_newer_file_is_refused_and_says_who_when_and_what(
    practice: Practice, beside: Practice, clock: FixedClock
) -> None:
    client_id = practice.clients.create(ANNA)
    loaded = practice.clients.get(client_id)  # the window opens the file
    clock.advance(timedelta(minutes=5))
    beside.clients.update(client_id, replace(ANNA, phone="07700 900222"))  # elsewhere
    clock.advance(timedelta(minutes=5))
    mine = replace(ANNA, email="anna@example.com", skin_type=3)

    with pytest.raises(ChangedElsewhere) as refused:
        practice.clients.update(client_id, mine, version=loaded.version)

    error = refused.value
    changed_at = clock.local_now() - timedelta(minutes=5)
    assert error.by == "reception"
    assert error.same_computer  # a practice in a folder: the change ran on this computer
    assert error.headline() == (
        f"Changed elsewhere on this computer by reception at {changed_at:%H:%M}."
    )
    assert error.differences == [
        Difference("Phone", "07700 900222", "07700 900111"),
        Difference("Email", "(empty)", "anna@example.com"),
        Difference("Skin type", "Type II", "Type III"),
    ]
    kept = practice.clients.get(client_id)
    assert (kept.phone, kept.email, kept.skin_type) == ("07700 900222", "", 2)  # theirs stands


def test_reapplying_puts_my_edits_on_top_of_theirs_and_then_saves(
    practice: Practice, beside: Practice
) -> None:
    client_id = practice.clients.create(ANNA)
    loaded = practice.clients.get(client_id)
    beside.clients.update(client_id, replace(ANNA, phone="07700 900222"))
    mine = replace(ANNA, email="anna@example.com")
    with pytest.raises(ChangedElsewhere):
        practice.clients.update(client_id, mine, version=loaded.version)

    theirs = practice.clients.get(client_id)
    again = reapplied(ClientDetails.of(loaded), mine, ClientDetails.of(theirs))
    practice.clients.update(client_id, again, version=theirs.version)

    saved = practice.clients.get(client_id)
    assert (saved.phone, saved.email) == ("07700 900222", "anna@example.com")
    assert saved.version == theirs.version + 1


def test_a_save_at_the_version_loaded_goes_through_and_archiving_moves_the_version(
    practice: Practice, beside: Practice
) -> None:
    client_id = practice.clients.create(ANNA)
    first = practice.clients.get(client_id)
    practice.clients.update(client_id, replace(ANNA, phone="07700 900333"), version=first.version)
    second = practice.clients.get(client_id)
    assert second.version == first.version + 1

    beside.clients.archive(client_id)
    with pytest.raises(ChangedElsewhere):
        practice.clients.update(client_id, ANNA, version=second.version)
    assert practice.clients.get(client_id).archived


def test_a_session_saved_elsewhere_is_not_overwritten_and_its_areas_are_told_apart(
    practice: Practice, beside: Practice
) -> None:
    client_id = practice.clients.create(ANNA)
    session_id = practice.sessions.book(client_id, datetime.combine(TEST_NOW.date(), time(10)))
    loaded = practice.sessions.get(session_id)
    theirs = SessionRecord(serum="Hyaluronic", areas=(AreaNote("forehead", 0.5),))
    beside.sessions.save(session_id, theirs)
    mine = SessionRecord(
        notes="Mild redness", areas=(AreaNote("forehead", 0.5), AreaNote("cheek_left", 1.0, 2))
    )

    with pytest.raises(ChangedElsewhere) as refused:
        practice.sessions.save(session_id, mine, version=loaded.version)

    assert refused.value.by == "reception"
    assert refused.value.differences == [
        Difference("Serum", "Hyaluronic", "(empty)"),
        Difference("Notes", "(empty)", "Mild redness"),
        Difference("Left cheek", "(not treated)", "1 mm, 2 passes"),
    ]
    assert practice.sessions.record(session_id) == theirs  # theirs stands, whole


def test_a_plan_changed_elsewhere_is_not_overwritten(practice: Practice, beside: Practice) -> None:
    client_id = practice.clients.create(ANNA)
    plan_id = practice.sessions.create_plan(client_id, PlanDetails("pores", 4, 4, TEST_NOW.date()))
    loaded = practice.sessions.plan(plan_id)
    beside.sessions.update_plan(plan_id, PlanDetails("pores", 6, 4, TEST_NOW.date()))

    with pytest.raises(ChangedElsewhere) as refused:
        practice.sessions.update_plan(
            plan_id, PlanDetails("pores", 4, 3, TEST_NOW.date()), loaded.version
        )

    assert refused.value.differences == [
        Difference("Sessions", "6", "4"),
        Difference("Interval (weeks)", "4", "3"),
    ]
    assert practice.sessions.plan(plan_id).sessions_planned == 6


def test_settings_saved_over_a_change_elsewhere_are_refused_and_kept_as_they_were(
    practice: Practice, beside: Practice
) -> None:
    practice.settings.set_practice_details(PracticeDetails(name="Glow", phone="01225 000111"))
    shown = practice.settings.practice_details()
    versions = practice.settings.versions()  # the settings dialog opens
    beside.settings.set_practice_details(replace(shown, phone="01225 000222"))
    mine = SettingsChange(practice=replace(shown, practitioner_name="Dr Ada Lowe"))

    with pytest.raises(ChangedElsewhere) as refused:
        practice.settings.save_all(mine, versions)

    assert refused.value.differences == [
        Difference("Practice: phone", "01225 000222", "01225 000111"),
        Difference("Practice: practitioner name", "Your practitioner", "Dr Ada Lowe"),
    ]
    kept = practice.settings.practice_details()
    assert (kept.phone, kept.practitioner_name) == ("01225 000222", "Your practitioner")

    # Reapplied over theirs, at the versions now stored, it saves both.
    again = reapplied_change(SettingsChange(practice=shown), mine, SettingsChange(practice=kept))
    practice.settings.save_all(again, practice.settings.versions())
    both = practice.settings.practice_details()
    assert (both.phone, both.practitioner_name) == ("01225 000222", "Dr Ada Lowe")
