"""`dermadesk check`: is everything in the data dir as it should be?

It runs SQLite's own integrity and foreign-key checks, the search index's
check, recomputes every signed consent's hash, follows the audit trail's hash
chain, and checks that every photo row has its file with the right hash and
that no file in the vault is an orphan. Kinds are DESIGN's contract:
integrity, foreign_key, consent_tampered, missing_file, hash_mismatch,
orphan_file, and search_index, audit_chain and thumbnail_mismatch besides.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError

from dermadesk.core.practice import Practice


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
        for record_id, why in practice.consents.tampered():
            problems.append(
                IntegrityProblem("consent_tampered", f"signed consent {record_id}: {why}")
            )
        for broken in practice.audit.broken_links():
            problems.append(IntegrityProblem("audit_chain", broken))
        for vault_problem in practice.photos.problems():
            problems.append(IntegrityProblem(vault_problem.kind, vault_problem.detail))
    except SQLAlchemyDatabaseError as error:  # too damaged for the checks themselves to run
        problems.append(
            IntegrityProblem("integrity", f"the database cannot be read ({error.orig})")
        )
    return problems
