"""The quick parts of `check`, run before every backup: photos, signed consents, audit chain.

A photo is checked (decrypted when sealed, and hashed) only when its file changed since
it last checked out (core/backup_photos.py), so a daily backup of a large vault costs
seconds, not a full re-read. Problems never stop a backup; they name and mark it (see
core/backup.py).
"""

from __future__ import annotations

from pathlib import Path

from dermadesk.core.audit import Audit
from dermadesk.core.backup_archive import needed_photos
from dermadesk.core.backup_photos import CACHE_NAME, PhotoChecks, altered_words
from dermadesk.core.consent import Consents
from dermadesk.core.db import Store

__all__ = ["CACHE_NAME", "quick_problems"]


def quick_problems(store: Store, data_dir: Path, consents: Consents, audit: Audit) -> list[str]:
    """What is wrong with the photos, signed consents and audit trail, in words."""
    problems = _photo_problems(store, data_dir)
    problems += [f"signed consent {record_id}: {why}" for record_id, why in consents.tampered()]
    problems += audit.broken_links()
    return problems


def _photo_problems(store: Store, data_dir: Path) -> list[str]:
    raw = store.engine.raw_connection()  # keyed as the store's own
    try:
        needed = needed_photos(raw.driver_connection, store.key)
    finally:
        raw.close()
    checks = PhotoChecks(data_dir, store.key)
    problems = []
    for name, sha256 in sorted(needed.files.items()):
        path = data_dir / "photos" / name[:2] / name
        if not path.exists():
            continue  # a missing file is named by the backup itself
        if not checks.intact(path, name, sha256):
            problems.append(altered_words(name))
    checks.save()
    return problems
