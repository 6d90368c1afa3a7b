"""The test PostgreSQL server answers, and each test's database is its own and empty."""

from __future__ import annotations

import psycopg

from tests.postgres_server import APP_ROLE, OWNER_ROLE, ServerDatabase


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
