"""A practice on the PostgreSQL test server: its append-only tables hold against the
application role, the audit chain holds across processes, keys reach every computer, and the
server's errors come in words."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from dermadesk.core import keys
from dermadesk.core.audit import Entry
from dermadesk.core.consent_signing import Signing
from dermadesk.core.consent_status import TREATMENT
from dermadesk.core.errors import DatabaseError
from dermadesk.core.passphrase_change import set_passphrase
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.server_keys import server_home
from tests.helpers import TEST_NOW, TEST_PASSPHRASE, details, signature
from tests.postgres_server import APP_ROLE, OWNER_ROLE, ServerDatabase, open_server_practice


@pytest.fixture
def server(server_practice_database: ServerDatabase) -> ServerDatabase:
    return server_practice_database


def _signed(practice: Practice) -> int:
    answers = ScreeningAnswers(answered_on=TEST_NOW.date())
    client_id = practice.clients.create(details("Zofia", "Nowakowska"), answers)
    signing = Signing(
        client_id=client_id,
        kind=TREATMENT,
        practitioner_name="Dr Ola Nowak",
        client_signature=signature(1),
        practitioner_signature=signature(2),
    )
    return practice.consents.sign(signing, practice.clients.latest_screening(client_id))


def _raw(database: ServerDatabase, role: str) -> psycopg.Connection:  # type: ignore[type-arg]
    return psycopg.connect(host=database.socket, user=role, dbname=database.name, autocommit=True)


ATTACKS = [
    "UPDATE audit_event SET detail = 'nothing happened'",
    "DELETE FROM audit_event",
    "TRUNCATE audit_event",
    "TRUNCATE audit_event CASCADE",
    "UPDATE consent_record SET form_text = 'something else'",
    "DELETE FROM consent_record",
    "TRUNCATE consent_record CASCADE",
    "UPDATE consent_template SET body = 'x'",
    "TRUNCATE consent_seal, consent_withdrawal",
    "ALTER TABLE audit_event DISABLE TRIGGER ALL",
    "ALTER TABLE consent_record DISABLE TRIGGER consent_record_never_changed",
    "DROP TRIGGER audit_event_never_changed ON audit_event",
    "SET session_replication_role = replica",
]


def test_the_raw_sql_attacks_fail_as_the_application_role(
    data_dir: Path, server: ServerDatabase
) -> None:
    with open_server_practice(data_dir, server.app_url) as practice:
        _signed(practice)
        before = practice.audit.events(limit=None)
    with _raw(server, APP_ROLE) as raw:
        for attack in ATTACKS:  # refused for want of the right, before any trigger runs
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                raw.execute(attack)
        count = raw.execute("SELECT count(*) FROM consent_record").fetchone()
    assert count == (1,)
    with open_server_practice(data_dir, server.app_url) as practice:
        assert practice.audit.events(limit=None) == before
        assert practice.audit.broken_links() == []
        assert practice.consents.tampered() == []


def test_even_the_owner_meets_the_triggers(data_dir: Path, server: ServerDatabase) -> None:
    with open_server_practice(data_dir, server.app_url) as practice:
        _signed(practice)
    with _raw(server, OWNER_ROLE) as raw:
        for attack in ATTACKS[:9]:
            with pytest.raises(psycopg.errors.RestrictViolation, match=r"never|kept"):
                raw.execute(attack)


def test_a_change_the_role_may_not_make_is_told_in_words(
    data_dir: Path, server: ServerDatabase
) -> None:
    from sqlalchemy import text

    with (
        open_server_practice(data_dir, server.app_url) as practice,
        pytest.raises(DatabaseError, match="does not allow"),
        practice.store.writing() as session,
    ):
        session.execute(text("TRUNCATE audit_event"))


def test_an_unreachable_server_is_told_in_words(data_dir: Path, tmp_path: Path) -> None:
    nowhere = f"postgresql+psycopg://{APP_ROLE}@/practice?host={tmp_path / 'no-server'}"
    with pytest.raises(DatabaseError, match="cannot be reached"):
        Practice.open(data_dir, key=keys.DataKey.generate(), database_url=nowhere)


def test_a_database_address_that_is_not_a_server_is_refused_in_words(data_dir: Path) -> None:
    with pytest.raises(DatabaseError, match="starts with postgresql://"):
        Practice.open(data_dir, key=keys.DataKey.generate(), database_url="sqlite:///x.db")


def test_every_computer_unlocks_with_the_passphrase_and_its_change(
    tmp_path: Path, server: ServerDatabase
) -> None:
    reception, treatment_room = tmp_path / "reception", tmp_path / "treatment-room"
    new = "a new passphrase for both rooms"
    with open_server_practice(reception, server.app_url) as practice:
        set_passphrase(practice, new)
    from dermadesk.core.server_practice import server_kind

    assert server_kind(treatment_room, server.app_url) == "encrypted"
    home = server_home(treatment_room, server.app_url)
    with pytest.raises(keys.WrongPassphrase):
        keys.unlock(home, TEST_PASSPHRASE)
    key = keys.unlock(home, new)
    with Practice.open(treatment_room, key=key, database_url=server.app_url) as practice:
        assert practice.audit.events()[0].action == "passphrase.changed"


def test_a_new_recovery_code_reaches_the_other_computer(
    tmp_path: Path, server: ServerDatabase
) -> None:
    reception, treatment_room = tmp_path / "reception", tmp_path / "treatment-room"
    from dermadesk.core.server_practice import server_kind

    server_kind(reception, server.app_url)
    home = server_home(reception, server.app_url)
    code = keys.replace_recovery_code(home, keys.unlock(home, TEST_PASSPHRASE))
    server_kind(treatment_room, server.app_url)
    other = server_home(treatment_room, server.app_url)
    key = keys.recover(other, code, "chosen after the code")
    assert server_kind(reception, server.app_url) == "encrypted"
    assert keys.unlock(home, "chosen after the code") == key


_APPENDER = """
import sys
from dermadesk.core import keys
from dermadesk.core.audit import Entry
from tests.postgres_server import open_server_practice
keys.DEFAULT_KDF = keys.FAST_KDF_FOR_TESTS
practice = open_server_practice(sys.argv[1], sys.argv[2])
for _ in range(int(sys.argv[3])):
    practice.audit.log(Entry("sheet.printed", None, "day sheet", sys.argv[1]))
practice.close()
"""


@pytest.mark.real_clock
def test_two_computers_appending_at_once_keep_one_chain(
    tmp_path: Path, server: ServerDatabase
) -> None:
    each = 40
    computers = [
        subprocess.Popen(
            [sys.executable, "-c", _APPENDER, str(tmp_path / name), server.app_url, str(each)],
            cwd=Path(__file__).parents[2],
        )
        for name in ("reception", "treatment-room")
    ]
    assert [computer.wait(timeout=120) for computer in computers] == [0, 0]
    with open_server_practice(tmp_path / "check", server.app_url) as practice:
        printed = [e for e in practice.audit.events(limit=None) if e.action == "sheet.printed"]
        assert len(printed) == 2 * each
        assert practice.audit.broken_links() == []
        practice.audit.log(Entry("pin.set"))
        assert practice.audit.broken_links() == []


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (psycopg.errors.DiskFull, "disk is full"),
        (psycopg.errors.SerializationFailure, "busy"),
        (psycopg.errors.DeadlockDetected, "busy"),
        (psycopg.errors.InsufficientPrivilege, "does not allow"),
        (psycopg.errors.ReadOnlySqlTransaction, "read-only"),
        (psycopg.errors.AdminShutdown, "shut down"),
        (psycopg.errors.ConnectionFailure, "cannot be reached"),
        (psycopg.OperationalError, "cannot be reached"),
    ],
)
def test_the_servers_conditions_are_told_in_words(error: type[Exception], words: str) -> None:
    from sqlalchemy.exc import OperationalError

    from dermadesk.core.db import known_database_error

    wrapped = OperationalError("SELECT 1", {}, error("what the server said"))
    known = known_database_error(wrapped)
    assert known is not None
    assert words in str(known)


def test_anything_else_from_the_server_stays_a_bug() -> None:
    from sqlalchemy.exc import ProgrammingError

    from dermadesk.core.db import known_database_error

    wrapped = ProgrammingError("SELEC 1", {}, psycopg.errors.SyntaxError("syntax error"))
    assert known_database_error(wrapped) is None


def test_the_migrations_go_down_and_up_again_on_the_server(
    server_database: ServerDatabase,
) -> None:
    from alembic import command
    from sqlalchemy import create_engine, text

    from dermadesk.core.db import HEAD_REVISION, _alembic_config

    engine = create_engine(server_database.owner_url)
    triggers = text("SELECT count(*) FROM pg_trigger WHERE tgname LIKE '%never_%'")
    try:
        for target, expected in (("head", 10), ("0003", 0), ("head", 10)):
            with engine.begin() as connection:
                (command.upgrade if target == "head" else command.downgrade)(
                    _alembic_config(connection), target
                )
                assert connection.execute(triggers).scalar() == expected
        with engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert version.scalar() == HEAD_REVISION
    finally:
        engine.dispose()


def test_a_folder_practice_in_the_same_data_dir_is_left_as_it_is(
    practice: Practice, server: ServerDatabase
) -> None:
    folder = practice.data_dir
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    with open_server_practice(folder, server.app_url) as on_server:
        on_server.audit.log(Entry("pin.set"))
        assert on_server.data_dir != folder
        assert not (on_server.data_dir / "dermadesk.db").exists()
    assert (folder / "key.json").read_bytes() == before["key.json"]
    assert practice.audit.latest("pin.set") is None


def test_two_computers_changing_the_keys_lose_neither_change(
    tmp_path: Path, server: ServerDatabase
) -> None:
    from dermadesk.core.server_practice import server_kind

    homes = {}
    for name in ("reception", "treatment-room", "laptop"):
        server_kind(tmp_path / name, server.app_url)  # each computer's copy, fetched now
        homes[name] = server_home(tmp_path / name, server.app_url)
    key = keys.unlock(homes["reception"], TEST_PASSPHRASE)
    keys.change_passphrase(homes["treatment-room"], key, "changed in the treatment room")
    code = keys.replace_recovery_code(homes["reception"], key)  # its copy is older
    server_kind(tmp_path / "laptop", server.app_url)
    assert keys.unlock(homes["laptop"], "changed in the treatment room") == key
    assert keys.unlock_with_recovery_code(homes["laptop"], code) == key
