"""`dermadesk check`: is everything in the data dir as it should be?

It runs SQLite's own integrity and foreign-key checks, the search index's
check, and recomputes every signed consent's hash. Later stores (the photo
vault) add their checks here. Kinds are DESIGN's contract: integrity,
foreign_key, consent_tampered, search_index.
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
    except SQLAlchemyDatabaseError as error:  # too damaged for the checks themselves to run
        problems.append(
            IntegrityProblem("integrity", f"the database cannot be read ({error.orig})")
        )
    return problems
