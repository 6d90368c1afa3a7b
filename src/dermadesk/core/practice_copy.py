"""Copying a practice's rows from one store to another (a folder's SQLite, a server's
PostgreSQL), ids kept, and proving the copy: the rows of each table counted and hashed as read
from the source and again as read back from the copy.

Used by the move to a practice server, by backups of a server practice and by restoring a
backup into a server. Tables go in foreign-key order; each store's own machinery is left to
itself: SQLite's search index and the server's `client_prefix` are filled by their triggers,
and the server's generated `search_vector` is never written. The caller holds both
transactions, so a copy is committed whole or not at all.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Table, func, insert, inspect, select, text

from dermadesk.core.errors import DermaDeskError

BATCH = 2000  # rows per INSERT: a 50,000-entry audit trail goes in 25 statements


class CopyError(DermaDeskError):
    """The copy did not prove equal to its source; nothing was kept."""


@dataclass(frozen=True)
class TableProof:
    """A table's row count and the SHA-256 of its rows in id order."""

    table: str
    rows: int
    sha256: str


def practice_tables() -> list[Table]:
    """The practice's tables, parents before children."""
    from sqlmodel import SQLModel

    import dermadesk.core.models  # noqa: F401  (registers every table)

    return list(SQLModel.metadata.sorted_tables)


def _canonical(value: Any) -> Any:
    """A value as both stores give it back: a time in UTC (SQLite keeps it naive), bytes as hex."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return value


def _columns(table: Table, source: Connection, target: Connection) -> list[str]:
    """The columns to copy: the table's own, present on both sides, never a generated one."""
    found = inspect(source).get_columns(table.name)
    wanted = inspect(target).get_columns(table.name)
    generated = {c["name"] for c in [*found, *wanted] if c.get("computed")}
    have = {c["name"] for c in found} - generated
    names = {c["name"] for c in wanted} - generated
    if lost := have - names - generated:
        raise CopyError(
            f"The table {table.name} has columns the other store lacks "
            f"({', '.join(sorted(lost))}); both must be at the same DermaDesk version. "
            "Nothing was copied."
        )
    return [c.name for c in table.columns if c.name in have and c.name in names]


def _rows(connection: Connection, table: Table, names: list[str]) -> Iterator[dict[str, Any]]:
    order = [table.c[c.name] for c in table.primary_key.columns]
    query = select(*[table.c[n] for n in names]).order_by(*order)
    for row in connection.execute(query).mappings():
        yield dict(row)


def _digest(rows: Iterator[dict[str, Any]], names: list[str], keep: list[Any] | None) -> TableProof:
    digest, count = hashlib.sha256(), 0
    for row in rows:
        line = [_canonical(row[n]) for n in names]
        digest.update(json.dumps(line, ensure_ascii=False, default=str).encode("utf-8") + b"\n")
        count += 1
        if keep is not None:
            keep.append(row)
    return TableProof("", count, digest.hexdigest())


Progress = Callable[[str, int], None]  # (table, rows copied so far)


def copy_rows(
    source: Connection, target: Connection, progress: Progress | None = None
) -> list[TableProof]:
    """Copy every row of every practice table from `source` into the empty tables of `target`
    (in their callers' transactions), then read the copy back and compare; CopyError in words
    when a table differs. Sequences of a server target are set after its highest id."""
    proofs = []
    for table in practice_tables():
        names = _columns(table, source, target)
        rows: list[Any] = []
        proof = _digest(_rows(source, table, names), names, rows)
        for start in range(0, len(rows), BATCH):
            target.execute(insert(table), rows[start : start + BATCH])
            if progress:
                progress(table.name, min(start + BATCH, len(rows)))
        back = _digest(_rows(target, table, names), names, None)
        if (back.rows, back.sha256) != (proof.rows, proof.sha256):
            raise CopyError(
                f"The copy of {table.name} does not match the practice ({proof.rows} rows, "
                f"{back.rows} in the copy). Nothing was kept."
            )
        proofs.append(TableProof(table.name, proof.rows, proof.sha256))
    if target.dialect.name == "postgresql":
        set_sequences(target)
    return proofs


def table_proofs(connection: Connection) -> list[TableProof]:
    """Each practice table's row count and hash, as `copy_rows` reports them."""
    proofs = []
    for table in practice_tables():
        names = [c.name for c in table.columns]
        proof = _digest(_rows(connection, table, names), names, None)
        proofs.append(TableProof(table.name, proof.rows, proof.sha256))
    return proofs


def set_sequences(connection: Connection) -> None:
    """Set each server table's id sequence after its highest id, so new rows follow the copy."""
    for table in practice_tables():
        if [c.name for c in table.primary_key.columns] != ["id"]:
            continue
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        ).scalar()
        if sequence is None:
            continue
        highest = connection.execute(select(func.max(table.c.id))).scalar()
        connection.execute(
            text("SELECT setval(CAST(:sequence AS regclass), :value, :called)"),
            {"sequence": sequence, "value": highest or 1, "called": highest is not None},
        )


def counts_empty(connection: Connection) -> bool:
    """True when no practice table holds a row."""
    return all(
        connection.execute(select(func.count()).select_from(t)).scalar() == 0
        for t in practice_tables()
    )
