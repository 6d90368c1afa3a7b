"""The quick parts of `check`, run before every backup: photos, signed consents, audit chain.

A photo is hashed only when its size or modification time changed since it
last checked out (a small cache beside the database remembers those), so a
daily backup of a large vault costs seconds, not a full re-read. Problems
never stop a backup; they name and mark it (see core/backup.py).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sqlmodel import select

from dermadesk.core.audit import Audit
from dermadesk.core.consent import Consents
from dermadesk.core.db import Store
from dermadesk.core.files import hash_file
from dermadesk.core.models import Photo

CACHE_NAME = ".photo-hashes.json"  # {sha256: [size, mtime_ns]} of files that checked out


def quick_problems(store: Store, data_dir: Path, consents: Consents, audit: Audit) -> list[str]:
    """What is wrong with the photos, signed consents and audit trail, in words."""
    problems = _photo_problems(store, data_dir)
    problems += [f"signed consent {record_id}: {why}" for record_id, why in consents.tampered()]
    problems += audit.broken_links()
    return problems


def _photo_problems(store: Store, data_dir: Path) -> list[str]:
    with store.reading() as session:
        hashes = sorted(set(session.exec(select(Photo.sha256))))
    cache_path = data_dir / CACHE_NAME
    cache = _read_cache(cache_path)
    fresh: dict[str, list[int]] = {}
    problems = []
    for sha256 in hashes:
        path = data_dir / "photos" / sha256[:2] / sha256
        try:
            stat = path.stat()
        except OSError:
            continue  # a missing file is named by the backup itself
        seen = [stat.st_size, stat.st_mtime_ns]
        if cache.get(sha256) == seen or hash_file(path)[1] == sha256:
            fresh[sha256] = seen
        else:
            problems.append(f"photo file {sha256[:12]}… has been altered")
    if fresh != cache:
        _write_cache(cache_path, fresh)
    return problems


def _read_cache(path: Path) -> dict[str, list[int]]:
    try:
        stored = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict):
        return {}
    return {str(k): v for k, v in stored.items() if isinstance(v, list) and len(v) == 2}


def _write_cache(path: Path, cache: dict[str, list[int]]) -> None:
    """Replace the cache whole; a cache that cannot be written only costs time next time."""
    partial = path.with_name(path.name + ".partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(cache, handle)
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
