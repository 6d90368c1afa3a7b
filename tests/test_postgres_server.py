"""The test PostgreSQL server answers, each test's database is its own and empty, and a
prepared practice reused between tests holds nothing the test before left."""

from __future__ import annotations

from pathlib import Path

import psycopg

from tests.helpers import details
from tests.postgres_server import APP_ROLE, OWNER_ROLE, ServerDatabase, open_server_practice
from tests.reused_databases import Reused


def test_each_test_gets_an_empty_database_owned_by_the_owner_role(
    server_database: ServerDatabase,
) -> None:
    with psycopg.connect(server_database.owner_url.replace("+psycopg", "")) as connection:
        owner = connection.execute(
            "SELECT pg_catalog.pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s",
            (server_database.name,),
        ).fetchone()
        tables = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
    assert owner == (OWNER_ROLE,)
    assert tables == (0,)


def test_the_application_role_may_connect_but_not_create_tables(
    server_database: ServerDatabase,
) -> None:
    with psycopg.connect(server_database.app_url.replace("+psycopg", "")) as connection:
        try:
            connection.execute("CREATE TABLE sneaky (id int)")
        except psycopg.errors.InsufficientPrivilege:
            refused = True
        else:
            refused = False
    assert refused, f"{APP_ROLE} could create a table in the public schema"


# A copy of the prepared practice goes back to the pool between tests: the next test must see
# it exactly as the template holds it, or get a new copy.


def _existing(database: ServerDatabase) -> bool:
    with psycopg.connect(host=database.socket, user="postgres", dbname="postgres") as admin:
        row = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database.name,))
        return row.fetchone() is not None


def test_a_reused_copy_holds_no_row_a_test_wrote_and_numbers_from_the_start_again(
    postgres_socket: str, server_template: ServerDatabase, tmp_path: Path
) -> None:
    pool = Reused(postgres_socket, server_template.name)
    try:
        first = pool.take()
        with open_server_practice(tmp_path / "first", first.app_url) as practice:
            entries_at_start = len(practice.audit.events())
            first_id = practice.clients.create(details("Left", "Behind"))
            practice.clients.create(details("Also", "Behind"))
        pool.give_back(first)

        again = pool.take()
        assert again == first  # reused, not copied again
        with open_server_practice(tmp_path / "again", again.app_url) as practice:
            assert practice.clients.search_ids("") == []
            assert len(practice.audit.events()) == entries_at_start
            assert practice.clients.create(details("Next", "Test")) == first_id
            assert practice.audit.chain_problems() == []
        pool.give_back(again)
    finally:
        pool.close()
    assert not _existing(first)


def test_a_copy_whose_shape_a_test_changed_or_left_open_is_dropped_not_reused(
    postgres_socket: str, server_template: ServerDatabase
) -> None:
    pool = Reused(postgres_socket, server_template.name)
    try:
        reshaped = pool.take()
        with psycopg.connect(reshaped.owner_url.replace("+psycopg", "")) as owner:
            owner.execute("ALTER TABLE client ADD COLUMN nickname text")
        pool.give_back(reshaped)
        assert not _existing(reshaped)

        left_open = pool.take()
        assert left_open != reshaped
        connection = psycopg.connect(left_open.app_url.replace("+psycopg", ""))
        try:
            pool.give_back(left_open)
        finally:
            connection.close()
        assert not _existing(left_open)
        assert pool.take() not in (reshaped, left_open)
    finally:
        pool.close()
