"""Sealed files: a file encrypted and authenticated in 1 MiB chunks (AES-256-GCM), written and
read as a stream, so that a photo of any size never has to be whole in memory or on disk in
the clear.

    header   "DDSF", version (1 byte), chunk size (4 bytes), nonce prefix (7 bytes),
             the file's own random 256-bit key wrapped (AES-KW, 40 bytes) by the caller's key
    chunks   each `chunk size` bytes of plaintext (the last one 0 to `chunk size`) sealed
             with nonce = prefix ‖ counter (4 bytes) ‖ last-chunk flag (1 byte), and the
             header, plus for the last chunk a caller's `binding`, as associated data

The counter refuses reordered or dropped chunks; the flag, a file cut at a chunk boundary
(its new last chunk was not sealed as the last); the header as associated data, a header
swapped or edited; the binding (the vault puts the file's name there), a whole file copied
over another's name. Each of these is a SealedFileDamaged, never wrong plaintext.
"""

from __future__ import annotations

import secrets
import struct
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from dermadesk.core.errors import DermaDeskError

MAGIC = b"DDSF"
VERSION = 1
CHUNK_SIZE = 1024 * 1024
TAG_BYTES = 16
_PREFIX_BYTES = 7
_HEADER = struct.Struct(">4sBI7s40s")  # magic, version, chunk size, nonce prefix, wrapped key
HEADER_BYTES = _HEADER.size
_LAST_CHUNK = 2**32 - 1  # a 4-byte counter: 4 PiB at 1 MiB a chunk


class Sink(Protocol):
    """Where sealed bytes go: an open file, a BytesIO, a file descriptor's writer."""

    def write(self, data: bytes, /) -> int: ...


class SealedFileDamaged(DermaDeskError):
    """A sealed file that is cut short, altered, reordered, another file, or another key's."""


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    if counter > _LAST_CHUNK:
        raise ValueError("a sealed file holds at most 2**32 chunks")
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class SealedWriter:
    """Seals what is written to it onto `out`, chunk by chunk; `close(binding)` seals the last
    chunk (bound to `binding`). Nothing is sealed as complete until then."""

    def __init__(self, out: Sink, wrapping_key: bytes, chunk_size: int = CHUNK_SIZE):
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        from cryptography.hazmat.primitives.keywrap import aes_key_wrap

        if not 0 < chunk_size < 2**32:
            raise ValueError("chunk size out of range")
        file_key = secrets.token_bytes(32)
        self._prefix = secrets.token_bytes(_PREFIX_BYTES)
        wrapped = aes_key_wrap(wrapping_key, file_key)
        self._header = _HEADER.pack(MAGIC, VERSION, chunk_size, self._prefix, wrapped)
        self._aead = AESGCM(file_key)
        self._out = out
        self._chunk_size = chunk_size
        self._pending = bytearray()
        self._counter = 0
        self.closed = False
        out.write(self._header)

    def write(self, data: bytes | bytearray | memoryview) -> int:
        """Take `data`; every full chunk that more data follows is sealed and written."""
        if self.closed:
            raise ValueError("write to a closed sealed file")
        self._pending += data
        # A chunk is sealed only once more follows it: only close() knows which one is last.
        while len(self._pending) > self._chunk_size:
            self._seal(bytes(self._pending[: self._chunk_size]), last=False)
            del self._pending[: self._chunk_size]
        return len(data)

    def close(self, binding: bytes = b"") -> None:
        """Seal the last chunk (bound to `binding`, e.g. the file's name); `out` stays open."""
        if self.closed:
            return
        self._seal(bytes(self._pending), last=True, binding=binding)
        self._pending.clear()
        self.closed = True

    def _seal(self, plain: bytes, last: bool, binding: bytes = b"") -> None:
        nonce = _nonce(self._prefix, self._counter, last)
        self._out.write(self._aead.encrypt(nonce, plain, self._header + binding))
        self._counter += 1


def seal_bytes(data: bytes, wrapping_key: bytes, binding: bytes = b"") -> bytes:
    """`data` sealed whole (a thumbnail: a few tens of KB)."""
    import io

    out = io.BytesIO()
    writer = SealedWriter(out, wrapping_key)
    writer.write(data)
    writer.close(binding)
    return out.getvalue()


def _read_exactly(source: BinaryIO, count: int) -> bytes:
    parts, left = [], count
    while left:
        part = source.read(left)
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


@cache
def _opening() -> tuple[Any, Any, Any, Any]:
    """What opening needs from `cryptography`, imported once on first use (not at start-up;
    an import statement per file would cost more than decrypting a thumbnail)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap

    return AESGCM, InvalidTag, aes_key_unwrap, InvalidUnwrap


def open_sealed(source: BinaryIO, wrapping_key: bytes, binding: bytes = b"") -> Iterator[bytes]:
    """The plaintext of a sealed file, chunk by chunk, each authenticated before it is given;
    SealedFileDamaged (possibly after some chunks) when any part is not as sealed."""
    AESGCM, InvalidTag, aes_key_unwrap, InvalidUnwrap = _opening()

    header = _read_exactly(source, HEADER_BYTES)
    if len(header) < HEADER_BYTES or header[:4] != MAGIC:
        raise SealedFileDamaged("it is not a sealed DermaDesk file (its header is missing)")
    _magic, version, chunk_size, prefix, wrapped = _HEADER.unpack(header)
    if version != VERSION:
        raise SealedFileDamaged(f"it is in a sealed format DermaDesk does not know ({version})")
    try:
        aead = AESGCM(aes_key_unwrap(wrapping_key, wrapped))
    except (InvalidUnwrap, ValueError):
        raise SealedFileDamaged("its key does not open with this practice's key") from None
    sealed_size = chunk_size + TAG_BYTES
    counter = 0
    chunk = _read_exactly(source, sealed_size)
    while True:
        # One chunk read ahead tells whether this one is the last.
        following = _read_exactly(source, sealed_size) if len(chunk) == sealed_size else b""
        last = not following
        try:
            plain = aead.decrypt(
                _nonce(prefix, counter, last), chunk, header + (binding if last else b"")
            )
        except (InvalidTag, ValueError):
            raise SealedFileDamaged(
                "it has been cut short, altered or replaced (chunk "
                f"{counter + 1} does not authenticate)"
            ) from None
        yield plain
        if last:
            return
        chunk, counter = following, counter + 1


def read_all(source: BinaryIO | Path, wrapping_key: bytes, binding: bytes = b"") -> bytes:
    """The whole plaintext of a sealed file (a handle, or a path), authenticated."""
    if isinstance(source, Path):
        with source.open("rb") as handle:
            return b"".join(open_sealed(handle, wrapping_key, binding))
    return b"".join(open_sealed(source, wrapping_key, binding))
