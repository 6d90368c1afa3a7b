"""The two roles of a practice server: the owner, who builds the schema, and the application
role every computer uses each day.

`dermadesk server prepare` (run once by the practice's administrator, as the owner, and again
after each DermaDesk upgrade) brings the schema up to date and grants the application role
what everyday use needs: reading and adding rows everywhere, changing and removing them only
where the practice edits its records. It never gets UPDATE, DELETE or TRUNCATE on the
append-only tables, UPDATE on the photo originals, or DELETE on the key record, and as it
owns no table it cannot drop or disable their triggers.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

from dermadesk.core.errors import DatabaseError
from dermadesk.core.server_schema import APPEND_ONLY

if TYPE_CHECKING:
    from dermadesk.core.clock import Clock

_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_EDITED = "SELECT, INSERT, UPDATE, DELETE"  # the tables the practice edits
_RIGHTS = {
    "alembic_version": "SELECT",  # only the owner's migrations change it
    **{table: "SELECT, INSERT" for table in APPEND_ONLY},
    # An original is added with its photo and removed when the photo is (or quarantined);
    # never rewritten in place.
    "photo_blob": "SELECT, INSERT, DELETE",
    # The keys change (a new passphrase), but the record is never removed: without it no
    # computer could unlock the practice's sealed photos or prove its audit trail.
    "practice_key_record": "SELECT, INSERT, UPDATE",
}


def _role(name: str) -> str:
    if not _ROLE_NAME.match(name):
        raise DatabaseError(
            f"{name!r} is not a role name DermaDesk uses: lower-case letters, digits and _ only."
        )
    return name


def grant_app_role(connection: Connection, role: str) -> list[str]:
    """Grant `role` everyday use of the practice's tables; the grants made, in SQL."""
    role = _role(role)
    exists = connection.execute(
        text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}
    ).first()
    if exists is None:
        raise DatabaseError(
            f"The practice server has no role {role}. Make it first, as the server's "
            f"administrator: CREATE ROLE {role} LOGIN PASSWORD '…';"
        )
    quote = connection.dialect.identifier_preparer.quote
    schema = quote(str(connection.execute(text("SELECT current_schema()")).scalar()))
    role = quote(role)
    tables = sorted(inspect(connection).get_table_names())
    statements = [f"GRANT USAGE ON SCHEMA {schema} TO {role}"]
    for table in tables:
        statements.append(f"REVOKE ALL ON {quote(table)} FROM {role}")
        statements.append(f"GRANT {_RIGHTS.get(table, _EDITED)} ON {quote(table)} TO {role}")
    # UPDATE lets a practice moved or restored onto the server set each sequence after its
    # copied ids (setval); it changes no row.
    statements.append(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}")
    for statement in statements:
        connection.execute(text(statement))
    return statements


def prepare_server(database_url: str, app_role: str, data_dir: Path, clock: Clock) -> list[str]:
    """Bring the server database at `database_url` (the owner's address) to DermaDesk's
    schema, put back the append-only tables' triggers if an owner switched them off or
    dropped them, and grant `app_role` everyday use; the SQL run for both."""
    from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError

    from dermadesk.core.db import migrate
    from dermadesk.core.server_db import server_engine
    from dermadesk.core.server_practice import server_error_in_words

    app_role = _role(app_role)  # before anything is changed
    engine = server_engine(database_url)
    try:
        migrate(engine, data_dir / "backups", clock)
        with engine.begin() as connection:
            mended = _mend_triggers(connection)  # an owner's switching off undone
            return mended + grant_app_role(connection, app_role)
    except SQLAlchemyDatabaseError as error:
        raise server_error_in_words(error, database_url) from None
    finally:
        engine.dispose()


def _mend_triggers(connection: Connection) -> list[str]:
    from dermadesk.core.server_integrity import enabled_triggers
    from dermadesk.core.server_schema import mend_never_changed

    return mend_never_changed(
        lambda sql: connection.execute(text(sql)), enabled_triggers(connection)
    )
