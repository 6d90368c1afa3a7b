"""`dermadesk check`: is everything in the data dir as it should be?

It runs SQLite's own integrity and foreign-key checks, the search index's
check, recomputes every signed consent's hash, follows the audit trail's hash
chain, and checks that every photo row has its file with the right hash and
that no file in the vault is an orphan. Kinds are DESIGN's contract:
integrity, foreign_key, consent_tampered, missing_file, hash_mismatch,
orphan_file, and search_index, audit_chain, thumbnail_mismatch and leftover (what a
killed backup or restore left behind) besides; consent_missing, audit_truncated,
audit_tampered and pin_tampered (core.forgery_checks); append_only on a practice server
(core.server_integrity, checked there in place of SQLite's own checks); wal_lost, the kinds
of core.lost_practice, repair_refused, and integrity or data_dir when the practice cannot
be opened at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlmodel import select

from dermadesk.core.errors import DatabaseError, DermaDeskError
from dermadesk.core.forgery_checks import forgery_problems
from dermadesk.core.keys import DataKey
from dermadesk.core.lost_practice import LostPracticeError, refuse_if_lost
from dermadesk.core.models import Photo
from dermadesk.core.practice import DATABASE_NAME, Practice
from dermadesk.core.wal_check import lost_wal


@dataclass(frozen=True)
class IntegrityProblem:
    """One thing wrong, in DESIGN's `check --json` shape."""

    kind: str
    detail: str

    def as_json(self) -> dict[str, str]:
        """{"kind", "detail"}."""
        return {"kind": self.kind, "detail": self.detail}


def check_practice(practice: Practice) -> list[IntegrityProblem]:
    """Every problem found; an empty list means all is well."""
    problems: list[IntegrityProblem] = []
    try:
        if practice.store.is_sqlite:
            _sqlite_problems(practice, problems)
        else:  # a server keeps its own pages whole; its safeguards are checked instead
            from dermadesk.core.server_integrity import server_problems

            try:
                for kind, detail in server_problems(practice.store):
                    problems.append(IntegrityProblem(kind, detail))
            except SQLAlchemyDatabaseError as error:  # the other checks still run
                problems.append(IntegrityProblem("integrity", server_damage(error)))
        for record_id, why in practice.consents.tampered():
            problems.append(
                IntegrityProblem("consent_tampered", f"signed consent {record_id}: {why}")
            )
        for kind, broken in practice.audit.chain_problems():
            problems.append(IntegrityProblem(kind, broken))
        for kind, detail in forgery_problems(practice):
            problems.append(IntegrityProblem(kind, detail))
        for path in practice.leftovers():
            problems.append(
                IntegrityProblem("leftover", f"{path} was left by a backup or restore cut short")
            )
        for vault_problem in practice.photos.problems():
            problems.append(IntegrityProblem(vault_problem.kind, vault_problem.detail))
    except SQLAlchemyDatabaseError as error:  # too damaged for the checks themselves to run
        problems.append(
            IntegrityProblem("integrity", f"the database cannot be read ({error.orig})")
        )
    except UnicodeDecodeError:  # SQLite's message names a damaged object in broken bytes
        problems.append(IntegrityProblem("integrity", "the database's structure is damaged"))
    except DatabaseError as error:  # the same, already told in words by the store
        problems.append(IntegrityProblem("integrity", str(error)))
    return problems


def _sqlite_problems(practice: Practice, problems: list[IntegrityProblem]) -> None:
    """SQLite's own checks: its pages, its foreign keys and its search index."""
    with practice.store.engine.connect() as connection:
        for (message,) in connection.exec_driver_sql("PRAGMA integrity_check"):
            if message != "ok":
                problems.append(IntegrityProblem("integrity", str(message)))
        for table, rowid, parent, _ in connection.exec_driver_sql("PRAGMA foreign_key_check"):
            problems.append(
                IntegrityProblem(
                    "foreign_key", f"{table} row {rowid} points at a missing {parent} row"
                )
            )
        try:
            connection.exec_driver_sql(
                "INSERT INTO client_fts(client_fts, rank) VALUES ('integrity-check', 1)"
            )
        except SQLAlchemyDatabaseError as error:
            problems.append(
                IntegrityProblem("search_index", f"the search index is damaged ({error.orig})")
            )
        connection.rollback()


@dataclass
class CheckResult:
    """What `dermadesk check` found, and the orphans a repair moved to quarantine."""

    problems: list[IntegrityProblem] = field(default_factory=list)
    moved: list[Path] = field(default_factory=list)


def check_data_dir(
    data_dir: Path,
    repair: bool = False,
    key: DataKey | None = None,
    database_url: str | None = None,
) -> CheckResult:
    """Check the practice in `data_dir` (opened with its data `key`; None for a plain one),
    or on the server at `database_url`, and with `repair` quarantine its orphan files. A
    practice that cannot be opened is a problem found, never an exception."""
    result = CheckResult()
    if database_url is not None:
        return _check_server(data_dir, database_url, repair, key)
    database = data_dir / DATABASE_NAME
    if database.is_file() and (wal := lost_wal(database)):  # before opening erases the trace
        result.problems.append(IntegrityProblem("wal_lost", wal))
    try:
        if not database.exists():
            refuse_if_lost(data_dir)  # a practice lived here: say so, naming the backup
            raise DermaDeskError(f"There is no DermaDesk data in {data_dir}. Check --data-dir.")
        practice = Practice.open(data_dir, key=key)
    except LostPracticeError as error:
        result.problems.append(IntegrityProblem(error.kind, str(error)))
        return result
    except DermaDeskError as error:
        kind = "integrity" if isinstance(error, DatabaseError) else "data_dir"
        result.problems.append(IntegrityProblem(kind, str(error)))
        return result
    return _checked(practice, repair, result)


def _check_server(
    data_dir: Path, database_url: str, repair: bool, key: DataKey | None
) -> CheckResult:
    result = CheckResult()
    try:
        practice = Practice.open(data_dir, key=key, database_url=database_url)
        return _checked(practice, repair, result)
    except LostPracticeError as error:
        result.problems.append(IntegrityProblem(error.kind, str(error)))
    except DermaDeskError as error:
        kind = "integrity" if isinstance(error, DatabaseError) else "data_dir"
        result.problems.append(IntegrityProblem(kind, str(error)))
    except SQLAlchemyDatabaseError as error:  # a table renamed or dropped on the server, say
        result.problems.append(IntegrityProblem("integrity", server_damage(error)))
    return result


def server_damage(error: SQLAlchemyDatabaseError) -> str:
    """Words for an error from a server database that is not as DermaDesk made it."""
    from dermadesk.core.db import known_database_error

    known = known_database_error(error)
    if known is not None:
        return str(known)
    said = str(error.orig).strip().splitlines()
    return (
        f"the practice server's database is not as DermaDesk made it ({said[0] if said else ''})"
        "; run `dermadesk server prepare` as the owner, or restore it from a backup"
    )


def _checked(practice: Practice, repair: bool, result: CheckResult) -> CheckResult:
    with practice:
        if repair:
            refused = orphan_repair_refusal(practice)
            if refused is not None:
                result.problems.append(refused)
            else:
                result.moved = practice.photos.quarantine_orphans()
            practice.remove_leftovers()  # of a killed backup or restore
        result.problems.extend(check_practice(practice))
    return result


def orphan_repair_refusal(practice: Practice) -> IntegrityProblem | None:
    """Why the photo files must not be quarantined now, if they must not: the database knows
    no client, or no photo while the vault holds several, so it is likely empty or not this
    practice's, and every photo would look like an orphan."""
    vault = practice.photos.vault if practice.store.is_sqlite else "the practice server"
    files = len(practice.photos.stored_names())
    if not files:
        return None
    clients = practice.clients.count(include_archived=True)
    with practice.store.reading() as session:
        photos = session.exec(select(func.count()).select_from(Photo)).one()
    if clients and (photos or files == 1):
        return None
    knows = "no client" if not clients else "no photo"
    return IntegrityProblem(
        "repair_refused",
        f"Nothing was moved to quarantine: the database knows {knows}, while {vault} holds "
        f"{files} file{'s' * (files != 1)}. The database may be empty or another practice's; "
        "restore the practice from a backup before repairing.",
    )
