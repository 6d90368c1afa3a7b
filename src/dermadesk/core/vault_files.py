"""How the vault's files are written and read: in the clear and named by their SHA-256 (a
plain practice, until it is converted), or sealed (core.sealed_files) and named by the
HMAC-SHA256 of the picture under a key derived from the data key (an encrypted practice).

Naming by HMAC keeps de-duplication (the same picture gets the same name) without letting
whoever holds a photo confirm that it is in the vault by hashing it. A sealed file is bound
to its name, so a file copied over another's name is refused as damage.
"""

from __future__ import annotations

import hashlib
import hmac
import io
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from dermadesk.core.files import CHUNK, hash_file
from dermadesk.core.sealed_files import (
    SealedFileDamaged,
    SealedWriter,
    Sink,
    open_sealed,
    seal_bytes,
)

if TYPE_CHECKING:
    from dermadesk.core.keys import DataKey

NAMES_PURPOSE = "vault names"
FILES_PURPOSE = "vault files"


Source = Path | BinaryIO  # a file in the folder vault, or a stream (the server's copy)


def _opened(source: Source) -> AbstractContextManager[BinaryIO]:
    return _open_path(source) if isinstance(source, Path) else nullcontext(source)


@contextmanager
def _open_path(path: Path) -> Iterator[BinaryIO]:
    with path.open("rb") as handle:
        yield handle


@dataclass(frozen=True)
class Copied:
    """A picture copied into the vault: its size, SHA-256 and the name its file takes."""

    size: int
    sha256: str
    name: str


class PlainFiles:
    """Files in the clear, named by their SHA-256: a practice made before encryption."""

    encrypted = False
    thumbnail_suffix = ".jpg"

    def copy(self, reader: BinaryIO, out: Sink) -> Copied:
        """Copy `reader` to `out` whole, hashing as it goes."""
        digest, size = hashlib.sha256(), 0
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
        return Copied(size, digest.hexdigest(), digest.hexdigest())

    def read(self, source: Source, name: str) -> bytes:
        """The file's bytes (OSError when it cannot be read)."""
        if isinstance(source, Path):
            return source.read_bytes()
        return source.read()

    def sealed(self, data: bytes, name: str) -> bytes:
        """What is written to disk for `data` named `name`: the bytes themselves."""
        return data

    def digest(self, source: Source, name: str) -> str | None:
        """The SHA-256 of the picture in the file (FileNotFoundError when there is none)."""
        if isinstance(source, Path):
            return hash_file(source)[1]
        digest = hashlib.sha256()
        while chunk := source.read(CHUNK):
            digest.update(chunk)
        return digest.hexdigest()


class SealedFiles:
    """Files sealed with chunked AES-256-GCM, named by an HMAC of the picture."""

    encrypted = True
    thumbnail_suffix = ".sealed"

    def __init__(self, key: DataKey):
        self._names_key = key.derive(NAMES_PURPOSE)
        self._files_key = key.derive(FILES_PURPOSE)

    def name_of(self, data: bytes) -> str:
        """The name a picture with these bytes has in the vault."""
        return hmac.new(self._names_key, data, hashlib.sha256).hexdigest()

    def copy(self, reader: BinaryIO, out: Sink) -> Copied:
        """Seal `reader` onto `out` as it is read (no plaintext is written anywhere), hashing
        and naming it as it goes; the last chunk is bound to the name."""
        digest, naming, size = hashlib.sha256(), hmac.new(self._names_key, None, hashlib.sha256), 0
        writer = SealedWriter(out, self._files_key)
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            naming.update(chunk)
            size += len(chunk)
            writer.write(chunk)
        name = naming.hexdigest()
        writer.close(name.encode("ascii"))
        return Copied(size, digest.hexdigest(), name)

    def read(self, source: Source, name: str) -> bytes:
        """The picture sealed in the file named `name`, authenticated; SealedFileDamaged when
        it is cut short, altered or another file."""
        # Chunk by chunk into one buffer: a list of chunks joined at the end would hold the
        # picture twice over (a 20 MB photo, 40 MB) for a moment.
        plain = io.BytesIO()
        with _opened(source) as handle:
            for chunk in open_sealed(handle, self._files_key, name.encode("ascii")):
                plain.write(chunk)
        return plain.getvalue()

    def sealed(self, data: bytes, name: str) -> bytes:
        """`data` sealed, bound to `name`."""
        return seal_bytes(data, self._files_key, name.encode("ascii"))

    def digest(self, source: Source, name: str) -> str | None:
        """The SHA-256 of the picture sealed in the file, None when it does not authenticate."""
        digest = hashlib.sha256()
        try:
            with _opened(source) as handle:
                for chunk in open_sealed(handle, self._files_key, name.encode("ascii")):
                    digest.update(chunk)
        except SealedFileDamaged:
            return None
        return digest.hexdigest()


VaultFiles = PlainFiles | SealedFiles


def vault_files(key: DataKey | None) -> VaultFiles:
    """Sealed files for a practice with a key; files in the clear for a plain one."""
    return PlainFiles() if key is None else SealedFiles(key)
