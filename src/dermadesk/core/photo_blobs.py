"""The originals of a practice on a server: the `photo_blob` table (migration 0013), one row
a photo file, keyed by its vault name and holding exactly the sealed bytes the folder vault
would hold. Sealed on the computer before they are sent; nothing readable reaches the server.

Bytes travel in psycopg's binary format both ways (text format doubles them as hex and costs
far more time), and an original is read in slices as it is decrypted, so that only its
plaintext is ever whole in memory.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import psycopg
from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError

from dermadesk.core.errors import DatabaseError
from dermadesk.core.files import fsync_dir, private_dir, write_private_file

if TYPE_CHECKING:
    from sqlmodel import Session

    from dermadesk.core.db import Store

SLICE = 8 * 1024 * 1024  # bytes fetched at a time while an original is decrypted
_UNREACHABLE = (
    "The practice server could not be reached while reading or writing photos ({}). "
    "Check the network and the server; nothing was changed."
)


def _driver(connection: Connection) -> Any:
    """The psycopg connection under a SQLAlchemy one (the same transaction)."""
    return connection.connection.driver_connection


class BlobReader(io.RawIOBase):
    """One stored original read as a stream, slice by slice, in one snapshot (REPEATABLE READ:
    a copy replaced meanwhile is never read half old, half new)."""

    def __init__(self, store: Store, name: str):
        super().__init__()
        self._connection = store.engine.connect().execution_options(
            isolation_level="REPEATABLE READ"
        )
        self._name = name
        self._offset = 0
        try:
            self._cursor = _driver(self._connection).cursor(binary=True)
            self._cursor.execute("SELECT size FROM photo_blob WHERE vault_name = %s", (name,))
            found = self._cursor.fetchone()
        except psycopg.OperationalError as error:
            self._connection.close()
            raise DatabaseError(_UNREACHABLE.format(error)) from error
        except BaseException:
            self._connection.close()
            raise
        if found is None:
            self._connection.close()
            raise FileNotFoundError(name)
        self.size = int(found[0])

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        """Up to `size` bytes (all the rest when negative), fetched in slices."""
        left = self.size - self._offset
        wanted = left if size is None or size < 0 else min(size, left)
        if wanted <= 0:
            return b""
        parts = []
        while wanted:
            count = min(wanted, SLICE)
            try:
                self._cursor.execute(
                    "SELECT substring(sealed FROM %s FOR %s) FROM photo_blob WHERE vault_name = %s",
                    (self._offset + 1, count, self._name),
                )
                row = self._cursor.fetchone()
            except psycopg.OperationalError as error:
                raise DatabaseError(_UNREACHABLE.format(error)) from error
            part = b"" if row is None or row[0] is None else bytes(row[0])
            if not part:
                break  # gone or shorter than said: told as damage by whoever reads it
            parts.append(part)
            self._offset += len(part)
            wanted -= len(part)
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def close(self) -> None:
        if not self.closed:
            self._connection.close()
        super().close()


class ServerOriginals:
    """The `photo_blob` table of the practice's server database."""

    on_server = True

    def __init__(self, store: Store):
        self._store = store

    def open(self, name: str) -> BinaryIO:
        try:
            return BlobReader(self._store, name)  # type: ignore[return-value]
        except OperationalError as error:
            raise DatabaseError(_UNREACHABLE.format(error.orig)) from error

    def names(self) -> set[str]:
        try:
            with self._store.engine.connect() as connection:
                rows = connection.exec_driver_sql("SELECT vault_name FROM photo_blob").all()
        except OperationalError as error:
            raise DatabaseError(_UNREACHABLE.format(error.orig)) from error
        return {str(name) for (name,) in rows}

    def where(self, name: str) -> str:
        return f"its copy on the practice server ({name[:12]}…)"

    def keep(self, session: Session, name: str, sealed: bytes) -> None:
        """Store `sealed` under `name` in the import's own transaction (its row is added in
        it too): both are kept, or neither. A photo's original is never overwritten: the same
        bytes are taken as kept, other bytes are damage, refused; a copy no photo points at is
        replaced."""
        # Through SQLAlchemy, so that a failure is told like any other; psycopg sends bytes
        # in binary format (no hex text twice their size).
        added = session.execute(
            text(
                "INSERT INTO photo_blob (vault_name, sealed, size) VALUES (:name, :sealed, :size) "
                "ON CONFLICT (vault_name) DO NOTHING"
            ),
            {"name": name, "sealed": sealed, "size": len(sealed)},
        )
        if added.rowcount:  # type: ignore[attr-defined]
            return
        values = {"name": name, "sealed": sealed, "size": len(sealed)}
        same, pointed_at = session.execute(
            text(
                "SELECT size = :size AND sha256(sealed) = sha256(:sealed), EXISTS "
                "(SELECT 1 FROM photo WHERE photo.vault_name = :name) "
                "FROM photo_blob WHERE vault_name = :name"
            ),
            values,
        ).one()
        if same:
            return
        if pointed_at:  # a photo's original: never overwritten
            raise DatabaseError(
                f"The practice server already holds other bytes as a photo's original under "
                f"this picture's name ({name[:12]}…), so it is damaged. Nothing was saved; run "
                "`dermadesk check`, and restore the practice from a backup if it says so."
            )
        # No photo points at it: an import cut short left it (the same picture, named by
        # its HMAC, sealed then); it is replaced whole, under the write lock.
        session.execute(text("DELETE FROM photo_blob WHERE vault_name = :name"), values)
        session.execute(
            text(
                "INSERT INTO photo_blob (vault_name, sealed, size) VALUES (:name, :sealed, :size)"
            ),
            values,
        )

    def quarantine(self, names: list[str], folder: Path) -> list[Path]:
        """Move each stored copy no row points at to `folder`/<ab>/<name> on this computer
        (sealed, as kept), then off the server; never deletes one a row points at."""
        moved = []
        for name in names:
            with self.open(name) as reader:
                sealed = reader.read()
            target = private_dir(folder / name[:2]) / name
            write_private_file(target, sealed)
            # Under the write lock (Store.writing): an import of the same picture, adding
            # the row that points at it, waits for this to end, or this for it.
            with self._store.writing() as session:
                session.execute(
                    text(
                        "DELETE FROM photo_blob WHERE vault_name = :name AND NOT EXISTS "
                        "(SELECT 1 FROM photo WHERE photo.vault_name = :name)"
                    ),
                    {"name": name},
                )
            moved.append(target)
        fsync_dir(folder)
        return moved
