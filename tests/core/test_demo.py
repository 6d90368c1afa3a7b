"""The demo practice: deterministic, varied and believable."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from dermadesk.core.clock import FixedClock
from dermadesk.core.demo import fill_demo_practice
from dermadesk.core.demo_people import demo_clients
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.practice import Practice
from dermadesk.core.validation import age_on
from tests.built_once import built_once
from tests.helpers import TEST_NOW, open_practice
from tests.practice_folders import folder_with_database

pytestmark = pytest.mark.both_stores  # the practice on SQLite and on a server

TODAY = date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _on_the_day(clock: FixedClock) -> None:
    """These tests are written for TODAY: the practice's clock says it is that day (at the
    suite's time of day)."""
    clock.set(datetime.combine(TODAY, TEST_NOW.time()))


def test_same_seed_same_practice_other_seed_other_practice() -> None:
    assert demo_clients(200, 3, TODAY) == demo_clients(200, 3, TODAY)
    assert demo_clients(200, 3, TODAY) != demo_clients(200, 4, TODAY)


def test_names_from_many_alphabets_and_shapes() -> None:
    people = [d for d, _ in demo_clients(600, 1, TODAY)]
    names = [f"{d.first_name} {d.last_name}" for d in people]
    assert any(ch in "łŁśźżąę" for n in names for ch in n)  # Polish
    assert any(ch in "ěřůčš" for n in names for ch in n)  # Czech
    assert any(ch in "ışğİ" for n in names for ch in n)  # Turkish
    assert any(ch in "ạặễọđĐ" for n in names for ch in n)  # Vietnamese
    assert any(ord(ch) > 0x24F for n in names for ch in n)  # beyond Latin altogether
    assert any("'" in n for n in names)
    assert any("-" in n for n in names)
    assert len(set(names)) > 450


def test_ages_contact_and_findings_have_realistic_shares() -> None:
    people = demo_clients(2000, 1, TODAY)
    ages = [age_on(d.date_of_birth, TODAY) for d, _ in people if d.date_of_birth]
    under_22 = sum(a < 22 for a in ages) / len(ages)
    assert 0.04 < under_22 < 0.14
    assert min(ages) >= 16 and max(ages) <= 80
    assert sum(bool(d.email) for d, _ in people) / len(people) > 0.8
    answered = [s for _, s in people if s is not None]
    assert 0.85 < len(answered) / len(people) < 0.97
    acne = sum(s.active_acne for s in answered) / len(answered)
    chemo = sum(s.chemotherapy for s in answered) / len(answered)
    toxin = sum(s.botulinum_toxin_last is not None for s in answered) / len(answered)
    assert 0.04 < acne < 0.13 and chemo < 0.03 and 0.12 < toxin < 0.3


# The tests that read it run in one test process (./dev test gives each module to one
# worker, --dist loadfile): another would only wait while it is built.


@pytest.fixture(scope="session")
def demo_300(
    tmp_path_factory: pytest.TempPathFactory, new_practice_dir: Path
) -> tuple[Path, list[int]]:
    """A 300-client demo practice (seed 3) on TODAY, built once (for all workers) for the
    tests that only read it, and the ids fill_demo_practice returned."""

    def build(folder: Path) -> None:
        data_dir = folder_with_database(new_practice_dir, folder / "practice")
        on_the_day = FixedClock(datetime.combine(TODAY, TEST_NOW.time()))
        with open_practice(data_dir, on_the_day) as practice:
            ids = fill_demo_practice(practice, clients=300, seed=3)
        (folder / "ids.json").write_text(json.dumps(ids), "utf-8")

    folder = built_once(tmp_path_factory, "demo-300-history", build)
    return folder / "practice", json.loads((folder / "ids.json").read_text("utf-8"))


def test_every_demo_client_passes_validation(demo_300: tuple[Path, list[int]]) -> None:
    # The demo writes through the services, which refuse what does not validate.
    data_dir, ids = demo_300
    with open_practice(data_dir) as practice:
        assert len(ids) == practice.clients.count() == 300


def test_demo_fills_only_an_empty_data_dir(practice: Practice) -> None:
    fill_demo_practice(practice, clients=5, seed=1)
    with pytest.raises(DermaDeskError, match="already holds 5 clients"):
        fill_demo_practice(practice, clients=5, seed=1)


def _looks_like_a_real_practice(practice: Practice, ids: list[int]) -> None:
    from dermadesk.core.consent_status import PHOTO, TREATMENT, ConsentState

    today = TODAY  # the practice clock's day: nothing is signed later than its now
    states = [practice.consents.status(i, TREATMENT, today).state for i in ids]
    photo = [practice.consents.status(i, PHOTO, today) for i in ids]
    assert states.count(ConsentState.SIGNED) > 0.6 * len(ids)
    assert states.count(ConsentState.NONE) > 0.05 * len(ids)
    assert states.count(ConsentState.WITHDRAWN) == 1
    assert states.count(ConsentState.NEEDS_RENEWAL) >= 1
    levels = {p.photo_levels for p in photo if p.state is ConsentState.SIGNED}
    assert levels == {("clinical",), ("clinical", "marketing")}
    assert practice.consents.tampered() == []
    assert practice.settings.practice_details().name == "Clearwater Skin Studio"


def test_demo_consents_look_like_a_real_practice(demo_300: tuple[Path, list[int]]) -> None:
    data_dir, ids = demo_300
    with open_practice(data_dir) as practice:
        _looks_like_a_real_practice(practice, ids)


@pytest.mark.sqlite_only(
    reason="other seeds try the demo's draws, the same on either store; the demo written to "
    "a server is proven by this module's sessions, photos and audit tests"
)
@pytest.mark.parametrize("seed", [8, 12])
def test_demo_consents_look_real_whatever_the_seed(practice: Practice, seed: int) -> None:
    # Smaller practices than the shared one, other draws: the shape holds, not one lucky seed.
    _looks_like_a_real_practice(practice, fill_demo_practice(practice, clients=60, seed=seed))


def test_demo_sessions_surround_today(practice: Practice) -> None:
    from dermadesk.core.session_records import SessionStatus

    today = TODAY  # sessions are placed around the practice clock's day
    ids = fill_demo_practice(practice, clients=20, seed=7)
    sessions = [s for i in ids for s in practice.sessions.for_client(i)]
    done = [s for s in sessions if s.status is SessionStatus.DONE]
    assert done and all(s.scheduled_at.date() < today and s.areas for s in done)
    from dermadesk.core.consent_status import TREATMENT, ConsentState

    for s in done:  # nobody was treated before signing the treatment consent
        standing = practice.consents.status(s.client_id, TREATMENT, s.scheduled_at.date())
        assert standing.state in (ConsentState.SIGNED, ConsentState.NEEDS_RENEWAL), s
        row = practice.sessions.get(s.id)
        assert row.screening_status == "clear" or row.override_reason  # judged, with reason
    record = practice.sessions.record(done[0].id)
    assert record.device and record.cartridge_lot and record.serum_lot
    assert all(0.25 <= a.depth_mm <= 3.0 for a in record.areas)
    planned_today = [e for e in practice.sessions.day(today)
                     if e.status is SessionStatus.PLANNED]  # fmt: skip
    assert len(planned_today) >= 2
    assert any(s.status is SessionStatus.PLANNED and s.scheduled_at.date() > today
               for s in sessions)  # fmt: skip
    assert practice.sessions.due(today), "some clients are due for booking"
    for client_id in ids:  # every demo record would pass the editor's own checks
        for summary in practice.sessions.for_client(client_id):
            assert practice.sessions.record_problems(practice.sessions.record(summary.id)) == []


def test_demo_photos_show_a_course_of_treatment_for_clients_who_consented(
    practice: Practice,
) -> None:
    from dermadesk.core.consent_status import PHOTO, ConsentState
    from dermadesk.core.demo_photos import add_demo_photos
    from dermadesk.core.integrity import check_practice

    # (a seed whose 20 clients include three treated twice with a photo consent)
    fill_demo_practice(practice, clients=20, seed=5)
    imported = add_demo_photos(practice, seed=5, clients=3)

    owners = {
        photo.client_id
        for client_id in practice.clients.search_ids()
        for photo in practice.photos.for_client(client_id)
    }
    assert len(owners) == 3 and imported >= 3 * 8
    for client_id in owners:
        assert practice.consents.status(client_id, PHOTO, TODAY).state is ConsentState.SIGNED
        photos = practice.photos.for_client(client_id)
        assert {p.stage for p in photos} >= {"before", "after"}
        assert all(p.taken_from_exif and p.session_id for p in photos if p.stage != "follow-up")
        assert practice.photos.natural_pair(client_id) is not None
    assert check_practice(practice) == []


def test_demo_files_agree_with_their_answers() -> None:
    """A file whose notes say pregnant, or name a blood thinner or isotretinoin, has the
    answer too (where its answers were asked those questions); some allergies say none."""
    people = [(d, s) for d, s in demo_clients(2000, 1, TODAY) if s is not None]
    current = [(d, s) for d, s in people if s.question_set >= 2]
    assert current and len(current) < len(people)  # some answer sets predate the questions
    pregnant = [s for d, s in current if "pregnant" in d.medical_history.casefold()]
    assert pregnant and all(s.pregnant_or_breastfeeding for s in pregnant)
    thinned = [s for d, s in current if any(m in d.medications for m in ("Warfarin", "Apixaban"))]
    assert thinned and all(s.anticoagulants for s in thinned)
    isotretinoin = [s for d, s in current if "Isotretinoin" in d.medications]
    assert isotretinoin and all(s.isotretinoin_last is not None for s in isotretinoin)
    allergies = {d.allergies for d, _ in people}
    assert {"None known", "NKDA"} <= allergies and "Lidocaine (numbing cream): rash" in allergies


def test_nobody_in_the_demo_is_their_own_emergency_contact() -> None:
    for person, _ in demo_clients(2000, 1, TODAY):
        assert person.emergency_contact_name != f"{person.first_name} {person.last_name}"


def test_the_demo_practitioner_sees_one_client_at_a_time(
    demo_300: tuple[Path, list[int]],
) -> None:
    from collections import Counter

    with open_practice(demo_300[0]) as practice:
        booked = Counter(
            entry.scheduled_at
            for client_id in practice.clients.search_ids("")
            for entry in practice.sessions.for_client(client_id)
            if entry.status.value in ("planned", "done")
        )
    assert booked and max(booked.values()) == 1, booked.most_common(3)


def test_demo_sessions_are_audited_like_real_ones(practice: Practice) -> None:
    from dermadesk.core.session_records import SessionStatus

    ids = fill_demo_practice(practice, clients=20, seed=7)
    done = {
        s.id for i in ids for s in practice.sessions.for_client(i) if s.status is SessionStatus.DONE
    }
    events = practice.audit.events(limit=None)
    started = {int(e.target.split()[-1]) for e in events if e.action == "session.started"}
    saved = {int(e.target.split()[-1]) for e in events if e.action == "session.saved"}
    assert done and done <= started and done <= saved
    assert practice.audit.broken_links() == []


def test_a_demo_at_the_same_moment_and_seed_is_the_same(
    tmp_path: Path, new_practice_dir: Path
) -> None:
    def built(folder: str) -> list[tuple[object, ...]]:
        data_dir = folder_with_database(new_practice_dir, tmp_path / folder)
        with open_practice(data_dir, FixedClock(datetime(2027, 3, 1, 9, 30))) as p:
            ids = fill_demo_practice(p, clients=15, seed=4)
            events = p.audit.events(limit=None)
            sessions = [(s.scheduled_at, s.status) for i in ids for s in p.sessions.for_client(i)]
            return [*sessions, *((e.at, e.action, e.target, e.detail) for e in events)]

    assert built("one") == built("two")
