"""Copies of a template database on the test server, handed to one test at a time and put
back as the template was between tests.

Making a copy (CREATE DATABASE ... TEMPLATE) and dropping it costs the server about 0.2 s a
test on this machine, several times that under load, and about 350 tests need one. Putting a
used copy back (the template's rows restored, its sequences rewound) costs about 0.03 s.

A copy goes back to the pool only when the test left it as a test may leave a practice:
different rows, nothing else. If the test changed the database's shape (tables, columns,
triggers, functions, grants, settings), left a connection open on it, or the reset fails, the
copy is dropped and the next test gets a new one, so no test can see another's leftovers.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from tests import postgres_server as server

# Everything about a database's shape a test could change: compared before a copy is reused.
SHAPE_QUERY = """
SELECT md5(string_agg(item, '|' ORDER BY item)) FROM (
    SELECT 'rel ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' '
           || coalesce(c.relacl::text, '') || ' ' || c.relrowsecurity AS item
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
    UNION ALL
    SELECT 'col ' || a.attrelid::regclass::text || '.' || a.attname || ' '
           || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull || ' '
           || a.attisdropped || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND a.attnum > 0
    UNION ALL
    SELECT 'con ' || conrelid::regclass::text || '.' || conname || ' '
           || pg_get_constraintdef(oid) || ' ' || convalidated
      FROM pg_constraint WHERE connamespace NOT IN (
          SELECT oid FROM pg_namespace WHERE nspname IN ('pg_catalog', 'information_schema'))
    UNION ALL
    SELECT 'trg ' || tgrelid::regclass::text || '.' || tgname || ' ' || tgenabled::text || ' '
           || tgfoid::regprocedure::text
      FROM pg_trigger
    UNION ALL
    SELECT 'fn ' || p.oid::regprocedure::text || ' ' || md5(p.prosrc) || ' '
           || coalesce(p.proacl::text, '') || ' ' || p.prosecdef
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    UNION ALL
    SELECT 'ns ' || nspname || ' ' || nspowner::regrole::text || ' ' || coalesce(nspacl::text, '')
      FROM pg_namespace
    UNION ALL
    SELECT 'ext ' || extname || ' ' || extversion FROM pg_extension
    UNION ALL
    SELECT 'pol ' || polrelid::regclass::text || '.' || polname FROM pg_policy
    UNION ALL
    SELECT 'db ' || datdba::regrole::text || ' ' || coalesce(datacl::text, '')
      FROM pg_database WHERE datname = current_database()
    UNION ALL
    SELECT 'set ' || setrole::text || ' ' || array_to_string(setconfig, ',')
      FROM pg_db_role_setting
     WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
    UNION ALL
    SELECT 'lo ' || count(*)::text FROM pg_largeobject_metadata
) shape
"""

# How long a test's own connections may take to go after it closed them (a backend ends a
# moment after its client says goodbye).
CONNECTIONS_GONE_S = 1.0


@dataclass(frozen=True)
class Snapshot:
    """The template as a copy starts: its shape, its rows (COPY's binary form, per table),
    and where each sequence stood."""

    shape: str
    tables: tuple[str, ...]
    rows: dict[str, bytes]
    sequences: dict[str, tuple[int, bool]]


def _connect(database: server.ServerDatabase):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(
        host=database.socket, user=server.SUPERUSER, dbname=database.name, autocommit=True
    )


def take_snapshot(database: server.ServerDatabase) -> Snapshot:
    """What a new copy of the template holds, read from one before any test used it."""
    with _connect(database) as admin:
        tables = tuple(
            name
            for (name,) in admin.execute(
                "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables"
                " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
            )
        )
        rows: dict[str, bytes] = {}
        for table in tables:
            copied = bytearray()
            with admin.cursor().copy(f"COPY {table} TO STDOUT (FORMAT binary)") as copy:
                for block in copy:
                    copied += block
            if admin.execute(f"SELECT EXISTS (SELECT FROM {table})").fetchone()[0]:  # type: ignore[index]
                rows[table] = bytes(copied)
        sequences = {
            name: (int(last), bool(called))
            for name, last, called in admin.execute(
                "SELECT format('%I.%I', schemaname, sequencename),"
                " coalesce(last_value, start_value), last_value IS NOT NULL"
                " FROM pg_sequences WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
            )
        }
        return Snapshot(_shape(admin), tables, rows, sequences)


def _shape(admin) -> str:  # type: ignore[no-untyped-def]
    return str(admin.execute(SHAPE_QUERY).fetchone()[0])


def _others_gone(admin) -> bool:  # type: ignore[no-untyped-def]
    """True once no connection but ours is open on the database (waiting a moment for the
    test's closed ones to end)."""
    deadline = time.monotonic() + CONNECTIONS_GONE_S
    while True:
        (others,) = admin.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
        if others == 0:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)


def put_back(database: server.ServerDatabase, snapshot: Snapshot) -> bool:
    """Put a used copy back as the template holds it; False (and nothing reused) when the
    test left it in another shape or with connections open."""
    with _connect(database) as admin:
        if not _others_gone(admin) or _shape(admin) != snapshot.shape:
            return False
        with admin.transaction():
            # As a replica applies rows: no trigger fires (the append-only ones refuse
            # DELETE, the foreign keys' would check each row); the rows put back are whole.
            admin.execute("SET LOCAL session_replication_role = replica")
            for table in snapshot.tables:
                admin.execute(f"DELETE FROM {table}")
            for table, rows in snapshot.rows.items():
                with admin.cursor().copy(f"COPY {table} FROM STDIN (FORMAT binary)") as copy:
                    copy.write(rows)
            for sequence, (last, called) in snapshot.sequences.items():
                admin.execute("SELECT setval(%s, %s, %s)", (sequence, last, called))
        return True


class Reused:
    """A pool of copies of `template` for one test process: `lend` one to a test (or `take`
    it and `give_back` it after); closing the pool drops them all."""

    def __init__(self, socket: str, template: str) -> None:
        self._socket = socket
        self._template = template
        self._free: list[server.ServerDatabase] = []
        self._snapshot: Snapshot | None = None

    def take(self) -> server.ServerDatabase:
        if self._free:
            return self._free.pop()
        database = server.create_database(self._socket, template=self._template)
        if self._snapshot is None:
            self._snapshot = take_snapshot(database)
        return database

    def give_back(self, database: server.ServerDatabase) -> None:
        assert self._snapshot is not None
        try:
            reusable = put_back(database, self._snapshot)
        except Exception:  # whatever stopped the reset, the copy is never handed out half reset
            reusable = False
        if reusable:
            self._free.append(database)
        else:
            server.drop_database(database)

    @contextmanager
    def lend(self) -> Iterator[server.ServerDatabase]:
        database = self.take()
        try:
            yield database
        finally:
            self.give_back(database)

    def close(self) -> None:
        for database in self._free:
            server.drop_database(database)
        self._free.clear()

    def __enter__(self) -> Reused:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
