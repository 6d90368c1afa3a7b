"""What a practice server's schema adds to SQLite's: the append-only tables' triggers.

The migrations call these in their `postgresql` branches. One PL/pgSQL function refuses any
change, with the migration's own words for each table; a row trigger meets UPDATE and
DELETE, and a statement trigger TRUNCATE, which skips row triggers. The application role
also lacks the rights to do either (core/server_roles.py): either one alone would stop it.
"""

from __future__ import annotations

from collections.abc import Callable

# Every table whose rows are never changed or deleted once written.
APPEND_ONLY = (
    "consent_template",
    "consent_record",
    "consent_withdrawal",
    "audit_event",
    "consent_seal",
)

FUNCTION = "dermadesk_never_changed"
# restrict_violation: an integrity error, as SQLite's RAISE(ABORT) in a trigger is.
_CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END
$$
"""


def _quoted(words: str) -> str:
    return "'" + words.replace("'", "''") + "'"


def never_changed(execute: Callable[[str], object], table: str, why: str) -> None:
    """Make `table` refuse UPDATE, DELETE and TRUNCATE on PostgreSQL, saying `why`."""
    execute(_CREATE_FUNCTION)
    execute(
        f"CREATE TRIGGER {table}_never_changed BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}({_quoted(why)})"
    )
    execute(
        f"CREATE TRIGGER {table}_never_truncated BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}({_quoted(why)})"
    )


def changeable_again(execute: Callable[[str], object], table: str) -> None:
    """Undo `never_changed` for `table` (a migration's downgrade)."""
    execute(f"DROP TRIGGER IF EXISTS {table}_never_changed ON {table}")
    execute(f"DROP TRIGGER IF EXISTS {table}_never_truncated ON {table}")


_MENDED_WHY = "signed records and the audit trail are never changed or removed"


def mend_never_changed(execute: Callable[[str], object], enabled: dict[str, bool]) -> list[str]:
    """Put back what an owner switched off or dropped of `never_changed`'s triggers
    (`enabled`: each trigger of the schema by name, True when it fires); the SQL run."""
    mended = []
    for table in APPEND_ONLY:
        for name, when, each in (
            (f"{table}_never_changed", "UPDATE OR DELETE", "ROW"),
            (f"{table}_never_truncated", "TRUNCATE", "STATEMENT"),
        ):
            if name not in enabled:
                execute(_CREATE_FUNCTION)
                mended.append(
                    f"CREATE TRIGGER {name} BEFORE {when} ON {table} FOR EACH {each} "
                    f"EXECUTE FUNCTION {FUNCTION}({_quoted(_MENDED_WHY)})"
                )
            elif not enabled[name]:
                mended.append(f"ALTER TABLE {table} ENABLE TRIGGER {name}")
            else:
                continue
            execute(mended[-1])
    return mended
