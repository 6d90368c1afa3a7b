"""A practice saved by every released DermaDesk opens in this one with all its data.

The data dirs under tests/fixtures/ were saved at each released schema, 0001 to 0007
(tests/fixtures/make_schema_fixtures.py makes them again)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from dermadesk.core import db
from dermadesk.core.integrity import check_practice
from tests.helpers import connect_db, open_practice

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# Every data dir the fixture script made: 0001 to 0007, and any released after.
RELEASED = sorted(folder.name.removeprefix("schema-") for folder in FIXTURES.glob("schema-*"))
assert RELEASED[:7] == ["0001", "0002", "0003", "0004", "0005", "0006", "0007"], RELEASED


def saved_at(revision: str, tmp_path: Path) -> Path:
    """A copy of the data dir saved at `revision` (the fixture itself is never changed)."""
    data_dir = tmp_path / "practice"
    shutil.copytree(FIXTURES / f"schema-{revision}", data_dir)
    with connect_db(data_dir) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (revision,)
    raw.close()
    return data_dir


@pytest.mark.parametrize("revision", RELEASED)
def test_a_practice_saved_by_each_release_opens_with_all_its_data(
    revision: str, tmp_path: Path
) -> None:
    number = int(revision)
    with open_practice(saved_at(revision, tmp_path)) as practice:
        assert db.current_revision(practice.store.engine) == db.HEAD_REVISION
        assert practice.upgrade_copy is not None and Path(practice.upgrade_copy).is_file()

        assert practice.clients.count() == 2
        assert practice.clients.count(include_archived=True) == 3
        (lucja,) = practice.clients.search_ids("lucja wis")
        client = practice.clients.get(lucja)
        assert (client.first_name, client.last_name) == ("Łucja", "Wiśniewska")
        assert client.phone == "07700 900123" and client.skin_type == 3
        assert practice.clients.search_ids("900123") == [lucja]  # 0009's phone search
        assert practice.clients.search_ids("haugen") == []  # archived: not in the everyday list
        assert len(practice.clients.search_ids("haugen", include_archived=True)) == 1
        answers = practice.clients.latest_screening(2)
        assert answers is not None and answers.herpes_outbreak
        assert answers.pregnant_or_breastfeeding is None  # never asked, not "no"

        details = practice.settings.practice_details()
        if number >= 3:
            assert details.name == "Clearwater Skin Studio"
            assert practice.settings.screening().retinoid_days == 28
        else:
            assert not practice.settings.has_practice_details()

        if number >= 4:
            (signed,) = practice.consents.records(lucja)
            assert signed.client_name == "Łucja Wiśniewska" and signed.kind == "treatment"
            assert practice.consents.verify(signed.id)
            (photo_consent,) = practice.consents.records(2)
            assert practice.consents.verify(photo_consent.id)
            assert set(practice.consents.withdrawals(2)) == {photo_consent.id}

        if number >= 5:
            sessions = practice.sessions.for_client(lucja)
            assert [s.status.value for s in sessions] == ["planned", "done"]
            done = sessions[1]
            assert done.scheduled_at == datetime(2026, 11, 21, 10, 30)
            assert done.areas == ("cheek_left", "forehead")
            record = practice.sessions.record(done.id)
            assert [(a.area, a.depth_mm, a.passes) for a in record.areas] == [
                ("cheek_left", 1.0, 2),
                ("forehead", 0.5, 1),
            ]
            assert [s.status.value for s in practice.sessions.for_client(2)] == ["no_show"]

        if number >= 7:
            (photo,) = practice.photos.for_client(lucja)
            assert (photo.area, photo.view, photo.stage) == ("cheek_left", "front", "before")
            assert practice.photos.thumbnail_for(photo.sha256).is_file()
            assert len(practice.audit.events()) == 5
            assert practice.audit.broken_links() == []

        assert check_practice(practice) == []
