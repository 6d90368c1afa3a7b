"""`dermadesk check`'s own part on a practice server, in place of SQLite's PRAGMAs.

PostgreSQL keeps its pages whole itself; what an owner or an administrator could still have
undone is checked here: the append-only tables' triggers present and switched on, the
application role without the rights to change those tables, every foreign key pointing at a
row (a constraint is skipped while triggers are off), and the search index usable.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from dermadesk.core.db import Store
from dermadesk.core.server_schema import APPEND_ONLY

# The triggers that keep client_prefix (short-prefix search) in step with the client table.
SEARCH_TRIGGERS = ("client_prefix_after_insert", "client_prefix_after_update")
SEARCH_INDEX = "ix_client_search_vector"
_MEND = "; `dermadesk server prepare`, run as the owner, puts it back"

_TRIGGERS = text(
    "SELECT t.tgname, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
    "WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace"
)
_FOREIGN_KEYS = text(
    "SELECT c.conname, child.relname, a.attname, parent.relname, pa.attname, c.convalidated "
    "FROM pg_constraint c "
    "JOIN pg_class child ON child.oid = c.conrelid "
    "JOIN pg_class parent ON parent.oid = c.confrelid "
    "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
    "JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1] "
    "WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 "
    "AND c.connamespace = current_schema()::regnamespace ORDER BY c.conname"
)
_INDEX_VALID = text(
    "SELECT i.indisvalid AND i.indisready FROM pg_index i "
    "JOIN pg_class c ON c.oid = i.indexrelid "
    "WHERE c.relname = :name AND c.relnamespace = current_schema()::regnamespace"
)
_MAY_CHANGE = text(
    "SELECT has_table_privilege(c.oid, 'UPDATE') OR has_table_privilege(c.oid, 'DELETE') "
    "OR has_table_privilege(c.oid, 'TRUNCATE') "
    "FROM pg_class c WHERE c.relname = :table AND c.relnamespace = current_schema()::regnamespace"
)
# The role in use owns the table (or is a member of its owner's role), or is a superuser or
# passes row security: it could then switch the triggers off or drop them.
_MAY_UNDO = text(
    "SELECT pg_has_role(c.relowner, 'MEMBER') OR r.rolsuper OR r.rolbypassrls "
    "FROM pg_class c, pg_roles r WHERE r.rolname = current_user AND c.relname = :table "
    "AND c.relnamespace = current_schema()::regnamespace"
)


def server_problems(store: Store) -> list[tuple[str, str]]:
    """(kind, detail) for each thing wrong in the server database's own safeguards."""
    with store.engine.connect() as connection:
        problems = _append_only(connection) + _foreign_keys(connection) + _search(connection)
        connection.rollback()
    return problems


def enabled_triggers(connection: Connection) -> dict[str, bool]:
    """Each trigger of the schema (not the foreign keys' own) by name: True when it fires."""
    # 'O' fires in ordinary sessions, 'A' always; 'D' never, and 'R' only in replication
    # sessions (ENABLE REPLICA TRIGGER): switched off for the application either way.
    return {name: state in ("O", "A") for name, state in connection.execute(_TRIGGERS)}


def _append_only(connection: Connection) -> list[tuple[str, str]]:
    triggers = enabled_triggers(connection)
    found = []
    for table in APPEND_ONLY:
        for name in (f"{table}_never_changed", f"{table}_never_truncated"):
            if name not in triggers:
                found.append(("append_only", f"{table}: its trigger {name} is missing{_MEND}"))
            elif not triggers[name]:
                found.append(("append_only", f"{table}: its trigger {name} is switched off{_MEND}"))
        if connection.execute(_MAY_UNDO, {"table": table}).scalar():
            found.append(
                (
                    "append_only",
                    f"{table}: DermaDesk's everyday role owns it or is a superuser, so it could "
                    "switch off its safeguards; connect as the application role that "
                    "`dermadesk server prepare` grants, never as the owner",
                )
            )
        elif connection.execute(_MAY_CHANGE, {"table": table}).scalar():
            found.append(
                (
                    "append_only",
                    f"{table}: the application role may change or remove its rows; run "
                    "`dermadesk server prepare` as the owner to take that right away",
                )
            )
    return found


def _foreign_keys(connection: Connection) -> list[tuple[str, str]]:
    found = []
    q = connection.dialect.identifier_preparer.quote  # names read from the catalog
    for name, child, column, parent, key, validated in connection.execute(_FOREIGN_KEYS):
        if not validated:
            found.append(("foreign_key", f"{child}: the rule {name} was never checked"))
        missing = connection.exec_driver_sql(
            f"SELECT DISTINCT c.{q(column)} FROM {q(child)} c WHERE c.{q(column)} IS NOT NULL "
            f"AND NOT EXISTS (SELECT 1 FROM {q(parent)} p WHERE p.{q(key)} = c.{q(column)}) "
            "LIMIT 20"
        ).all()
        for (value,) in missing:
            found.append(
                ("foreign_key", f"{child} points at {parent} {value}, which does not exist")
            )
    return found


def _search(connection: Connection) -> list[tuple[str, str]]:
    found = []
    valid = connection.execute(_INDEX_VALID, {"name": SEARCH_INDEX}).scalar()
    if not valid:
        state = "missing" if valid is None else "not usable (a rebuild was cut short)"
        found.append(("search_index", f"the search index {SEARCH_INDEX} is {state}"))
    triggers = enabled_triggers(connection)
    for name in SEARCH_TRIGGERS:
        if not triggers.get(name, False):
            found.append(
                ("search_index", f"the trigger {name} that keeps search in step is off or missing")
            )
    return found
