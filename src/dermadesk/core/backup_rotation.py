"""Which daily backups are kept: the newest 7 daily, 4 weekly and 12 monthly (settings).

Rotation never throws away the last good copy. A backup named as holding
damage never rotates out a clean one, and an older backup is kept, with a
warning, when the new one holds markedly fewer clients, consents or photos
(more than 5% fewer, or any consent fewer): a practice that lost its data
must not make its own backups forget it.
"""

from __future__ import annotations

import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from dermadesk.core.backup_archive import DATABASE, read_summary
from dermadesk.core.db import connect_copy, driver_errors

if TYPE_CHECKING:
    from dermadesk.core.keys import DataKey

SUFFIX = ".dermadesk-backup"
DAMAGED = "-damaged"  # in the name of a backup of a practice with problems
MARKEDLY_FEWER = 0.95  # below this share of an older backup's clients or photos
_TABLES = {"clients": "client", "consents": "consent_record", "photos": "photo"}


@dataclass(frozen=True)
class Keep:
    """How many backups of each kind the rotation keeps."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12


def stamp(path: Path) -> datetime | None:
    """The time in a backup's name (dermadesk-2026-11-21-183000...), if it has one."""
    try:
        return datetime.strptime(path.name[len("dermadesk-") :][:17], "%Y-%m-%d-%H%M%S")
    except ValueError:
        return None


def is_damaged(path: Path) -> bool:
    """True for a backup named as holding damage."""
    return path.name.endswith(DAMAGED + SUFFIX)


def kept_by_calendar(backups: list[Path], keep: Keep) -> set[Path]:
    """The newest backup of each of the newest `daily` days, `weekly` ISO weeks and `monthly`
    months among `backups` (each has a stamp)."""
    newest_first = sorted(backups, key=lambda p: stamp(p) or datetime.min, reverse=True)
    kept: set[Path] = set()
    periods = (
        (keep.daily, lambda t: t.date()),
        (keep.weekly, lambda t: t.isocalendar()[:2]),
        (keep.monthly, lambda t: (t.year, t.month)),
    )
    for count, period_of in periods:
        seen: set[object] = set()
        for path in newest_first:
            period = period_of(stamp(path) or datetime.min)
            if period not in seen and len(seen) < count:
                seen.add(period)
                kept.add(path)
    return kept


def plan(backups: list[Path], new: Path, keep: Keep) -> list[Path]:
    """The backups rotation would delete, before the count check: clean backups by the
    calendar; damaged ones once a clean one is newer and they are out of the daily few."""
    clean = [p for p in backups if not is_damaged(p)]
    kept = kept_by_calendar(clean, keep)
    newest_clean = max((stamp(p) or datetime.min for p in clean), default=datetime.min)
    recent = set(sorted(backups, key=lambda p: stamp(p) or datetime.min)[-keep.daily :])
    doomed = []
    for path in backups:
        if path == new:
            continue
        if is_damaged(path):
            if (stamp(path) or datetime.min) < newest_clean and path not in recent:
                doomed.append(path)
        elif path not in kept and not is_damaged(new):  # a damaged backup deletes no clean one
            doomed.append(path)
    return doomed


def counts_of(path: Path, key: DataKey | None = None) -> dict[str, int] | None:
    """How many clients, consents and photos a backup holds: from its manifest, or for an
    older backup from its database (read with the practice's `key` unless it is plain);
    None when it cannot be read."""
    summary = read_summary(path)
    if summary is None:
        return None
    if summary.counts:
        return summary.counts
    try:
        with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as scratch:
            copy = Path(archive.extract(DATABASE, scratch))
            connection = connect_copy(copy, key)
            try:
                return {
                    name: int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                    for name, table in _TABLES.items()
                }
            finally:
                connection.close()
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    except driver_errors():
        return None


def markedly_fewer(new: dict[str, int], old: dict[str, int]) -> list[str]:
    """What the new backup holds markedly less of than the old one, in words."""
    fewer = []
    for key in ("clients", "photos"):
        if new.get(key, 0) < old.get(key, 0) * MARKEDLY_FEWER:
            fewer.append(f"{new.get(key, 0)} {key} instead of {old.get(key, 0)}")
    if new.get("consents", 0) < old.get("consents", 0):
        fewer.append(f"{new.get('consents', 0)} consents instead of {old.get('consents', 0)}")
    return fewer


def rotate(
    folder: Path, new: Path, backups: list[Path], keep: Keep, key: DataKey | None = None
) -> list[str]:
    """Delete the backups rotation lets go; the warnings about those kept because the new one
    holds markedly fewer clients, consents or photos (older ones read with `key`)."""
    new_counts = counts_of(new, key) or {}
    warnings = []
    for old in plan(backups, new, keep):
        old_counts = counts_of(old, key)
        fewer = markedly_fewer(new_counts, old_counts) if old_counts is not None else []
        if old_counts is None or fewer:
            why = (
                f"markedly fewer records ({', '.join(fewer)}) than {old.name}"
                if fewer
                else f"records that cannot be compared with {old.name} (it cannot be read)"
            )
            warnings.append(
                f"The newest backup holds {why}, so that one was kept too. If records were "
                f"lost, restore it (File ▸ Restore from a backup…); both are in {folder}."
            )
            continue
        old.unlink(missing_ok=True)
    return warnings


def backup_concerns(backups: list[Path]) -> list[str]:
    """What the status bar warns of about the newest of `backups` (oldest first): that it
    holds damage, or markedly fewer records than an older one kept beside it."""
    if not backups:
        return []
    newest = backups[-1]
    summary = read_summary(newest)
    concerns = []
    if is_damaged(newest):
        found = "; ".join(summary.damage[:3]) if summary and summary.damage else "see check"
        concerns.append(f"The newest backup ({newest.name}) holds damage: {found}.")
    if summary is None or not summary.counts:
        return concerns
    for old in reversed(backups[:-1]):
        older = read_summary(old)
        if older and older.counts and (fewer := markedly_fewer(summary.counts, older.counts)):
            concerns.append(
                f"The newest backup holds markedly fewer records ({', '.join(fewer)}) than "
                f"{old.name}; both are kept."
            )
            break
    return concerns
