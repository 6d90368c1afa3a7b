"""A dry run of a client import: what it would add and refuse, with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from dermadesk.core.client_import import check_client_file
from dermadesk.core.errors import ImportFileError
from dermadesk.core.practice import Practice
from tests.helpers import details

pytestmark = pytest.mark.both_stores  # the practice on SQLite and on a server


def test_the_dry_run_lists_good_rows_and_every_refusal_and_writes_nothing(
    practice: Practice, tmp_path: Path
) -> None:
    practice.clients.create(details("Anna", "Kowalska"))
    anna = practice.clients.get(practice.clients.search_ids("")[0])
    source = tmp_path / "clients.csv"
    source.write_text(
        "first_name,last_name,date_of_birth\n"
        f"Anna,Kowalska,{anna.date_of_birth.isoformat() if anna.date_of_birth else ''}\n"
        "Bea,Lis,1985-07-21\n"
        "Dora,,1990-01-01\n"
        "Bea,Lis,1985-07-21\n",
        encoding="utf-8",
    )
    events = len(practice.audit.events())

    check = check_client_file(practice.clients, source)

    assert [row.details.last_name for row in check.rows] == ["Kowalska", "Lis", "Lis"]
    assert [p.line for p in check.problems] == [2, 4, 5]
    assert "already a client" in check.problems[0].message
    assert "also on line 3" in check.problems[2].message
    assert practice.clients.count(include_archived=True) == 1
    assert len(practice.audit.events()) == events


def test_a_file_that_is_not_a_client_list_is_refused_in_words(
    practice: Practice, tmp_path: Path
) -> None:
    source = tmp_path / "clients.txt"
    source.write_text("hello", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"\.json or \.csv"):
        check_client_file(practice.clients, source)
