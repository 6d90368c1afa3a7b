"""A new passphrase for an open practice: checked by the rules, recorded in the audit trail,
and made together with its record or not at all."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from dermadesk.core import keys
from dermadesk.core.keys import KeyError_
from dermadesk.core.passphrase_change import set_passphrase
from dermadesk.core.practice import Practice
from tests.helpers import TEST_PASSPHRASE

pytestmark = pytest.mark.both_stores  # the practice on SQLite and on a server

NEW = "a brand new passphrase"


def test_a_new_passphrase_unlocks_the_same_key_and_is_audited(practice: Practice) -> None:
    set_passphrase(practice, NEW)
    assert keys.unlock(practice.data_dir, NEW) == practice.key
    with pytest.raises(keys.WrongPassphrase):
        keys.unlock(practice.data_dir, TEST_PASSPHRASE)
    [entry] = practice.audit.events(limit=1)
    assert (entry.action, entry.detail) == ("passphrase.changed", "with the old passphrase")


def test_one_set_with_the_recovery_code_is_audited_as_such(practice: Practice) -> None:
    set_passphrase(practice, NEW, recovered=True)
    [entry] = practice.audit.events(limit=1)
    assert (entry.action, entry.detail) == ("passphrase.recovered", "with the recovery code")


def test_a_passphrase_the_rules_refuse_changes_nothing(practice: Practice) -> None:
    before = keys.key_file(practice.data_dir).read_bytes()
    count = len(practice.audit.events())
    with pytest.raises(KeyError_, match=r"at least 10 characters.*was not changed"):
        set_passphrase(practice, "tulip")
    assert keys.key_file(practice.data_dir).read_bytes() == before
    assert len(practice.audit.events()) == count


@pytest.mark.sqlite_only(
    reason="fails the audit write with a SQLite trigger; the app role may make none on a server"
)
def test_when_the_audit_entry_cannot_be_written_the_old_passphrase_stays(
    practice: Practice,
) -> None:
    with practice.store.engine.begin() as connection:  # the database refuses every new entry
        connection.execute(text(
            "CREATE TRIGGER no_more_entries BEFORE INSERT ON audit_event "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END"
        ))  # fmt: skip
    before = keys.key_file(practice.data_dir).read_bytes()
    with pytest.raises(Exception, match="refused"):
        set_passphrase(practice, NEW)
    assert keys.key_file(practice.data_dir).read_bytes() == before
    assert keys.unlock(practice.data_dir, TEST_PASSPHRASE) == practice.key
