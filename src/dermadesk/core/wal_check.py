"""Was a write-ahead log (`dermadesk.db-wal`) lost after a crash? The `-shm` file can tell.

SQLite keeps recent commits in the -wal file until a checkpoint copies them
into the database. Its shared-memory index (-shm) records how many log frames
were committed (mxFrame) and how many were already copied back (nBackfill).
After a crash both files stay behind; if the -wal is then deleted, truncated
or replaced, the -shm still says how much it held. The first connection that
opens the database rebuilds the -shm from the -wal and erases that record, so
this must be read before anything opens the database. A clean close
checkpoints and removes both files: then there is nothing to tell.

The layout is SQLite's WAL-index header (sqlite.org/walformat.html): two
copies of a 48-byte header in native byte order, then the checkpoint info.
"""

from __future__ import annotations

import struct
import sys
from dataclasses import dataclass
from pathlib import Path

WAL_INDEX_VERSION = 3007000
_HEADER = struct.Struct(("<" if sys.byteorder == "little" else ">") + "IIIBBHII8s8s8s")
_BACKFILL = struct.Struct(("<" if sys.byteorder == "little" else ">") + "I")
_WAL_HEADER_SIZE, _FRAME_HEADER_SIZE = 32, 24


@dataclass(frozen=True)
class WalIndex:
    """What the -shm says of its -wal: page size, frames committed and copied back, salt."""

    page_size: int
    frames: int
    backfilled: int
    salt: bytes


def read_wal_index(shm: Path) -> WalIndex | None:
    """The -shm's header, or None when there is none or it is not a whole, valid one."""
    try:
        with shm.open("rb") as handle:
            raw = handle.read(2 * _HEADER.size + _BACKFILL.size)
    except OSError:
        return None
    if len(raw) < 2 * _HEADER.size + _BACKFILL.size or raw[:48] != raw[48:96]:
        return None  # never written, reset, or caught mid-update: nothing to go on
    version, _, _, initialised, _, page_size, frames, _, _, salt, _ = _HEADER.unpack(raw[:48])
    if version != WAL_INDEX_VERSION or not initialised:
        return None
    (backfilled,) = _BACKFILL.unpack(raw[96:100])
    return WalIndex(65536 if page_size == 1 else page_size, frames, backfilled, salt)


def lost_wal(database: Path) -> str | None:
    """Words for a -wal that the -shm says held commits not yet in the database, but that is
    missing, shorter than them or another log; None when nothing of the kind is seen."""
    index = read_wal_index(database.with_name(database.name + "-shm"))
    if index is None or index.frames <= index.backfilled:
        return None  # nothing that was only in the log
    wal = database.with_name(database.name + "-wal")
    pending = index.frames - index.backfilled
    what = f"{pending} committed page write{'s' * (pending != 1)} not yet in {database.name}"
    try:
        size = wal.stat().st_size
        with wal.open("rb") as handle:
            header = handle.read(_WAL_HEADER_SIZE)
    except FileNotFoundError:
        return f"{wal.name} is missing, but {database.name}-shm says it held {what}."
    except OSError as error:
        return f"{wal.name} cannot be read ({error.strerror}); it held {what}."
    needed = _WAL_HEADER_SIZE + index.frames * (_FRAME_HEADER_SIZE + index.page_size)
    if len(header) < _WAL_HEADER_SIZE or header[16:24] != index.salt:
        return f"{wal.name} is not the log {database.name}-shm describes, which held {what}."
    if size < needed:
        return f"{wal.name} is cut short ({size} of {needed} bytes); it held {what}."
    return None
