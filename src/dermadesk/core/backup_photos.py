"""The vault's own check of each photo file a backup packs, remembered between backups.

A photo's picture is checked (decrypted when sealed, and hashed) only when its file
changed since it last checked out: a small cache beside the database remembers each
file's size, modification time and the SHA-256 of its bytes as stored. The cache is
keyed by the file's name in the vault, an HMAC in an encrypted practice, and holds only
hashes of ciphertext there: never a picture's plaintext hash, which would let whoever
holds a photo confirm that it is in the practice.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from dermadesk.core.files import hash_file, write_private_file
from dermadesk.core.vault_files import vault_files

if TYPE_CHECKING:
    from dermadesk.core.keys import DataKey

# {file name: [size, mtime_ns, sha256 of the bytes as stored]} of files that checked out
CACHE_NAME = ".photo-hashes.json"


def altered_words(name: str) -> str:
    """How a photo file whose picture is not its own is told (by its name in the vault)."""
    return f"photo file {name[:12]}… has been altered"


class PhotoChecks:
    """The vault's own check of each photo file (its picture decrypted when sealed, and
    hashed), remembered so that an unchanged file is not read again at every backup."""

    def __init__(self, data_dir: Path, key: DataKey | None):
        self._files = vault_files(key)
        self._path = data_dir / CACHE_NAME
        self._cache = _read_cache(self._path)
        self._fresh: dict[str, list[int | str]] = {}

    def intact(self, path: Path, name: str, sha256: str) -> bool:
        """True when the file `name` at `path` holds the picture `sha256`; remembered."""
        try:
            stat = path.stat()
            seen: list[int | str] = [stat.st_size, stat.st_mtime_ns]
            known = self._cache.get(name)
            if known is not None and known[:2] == seen:
                self._fresh[name] = known
                return True
            if self._files.digest(path, name) != sha256:
                return False
            self._fresh[name] = [*seen, hash_file(path)[1]]
        except OSError:
            return False
        return True

    def packed_intact(self, path: Path, name: str, sha256: str, stored: str) -> bool:
        """True when the bytes just packed from `path` (their SHA-256 `stored`) hold the
        picture `sha256`: the very bytes that checked out before, or checked again now."""
        known = self._fresh.get(name) or self._cache.get(name)
        if known is not None and known[2] == stored:
            self._fresh[name] = known
            return True
        self._cache.pop(name, None)
        self._fresh.pop(name, None)
        return self.intact(path, name, sha256)

    def save(self) -> None:
        """Replace the cache whole with the files that checked out this time; a cache that
        cannot be written only costs time next time."""
        if self._fresh == self._cache:
            return
        with contextlib.suppress(OSError):
            write_private_file(self._path, json.dumps(self._fresh).encode("utf-8"))


def _read_cache(path: Path) -> dict[str, list[int | str]]:
    """The remembered checks; an entry of an older shape (no stored hash) is checked again."""
    try:
        stored = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict):
        return {}
    return {
        str(name): seen
        for name, seen in stored.items()
        if isinstance(seen, list)
        and len(seen) == 3
        and all(type(n) is int for n in seen[:2])
        and isinstance(seen[2], str)
    }
