"""Practice settings saved over a change made elsewhere: refused, saying what differs.

Each setting (a row of practice_setting) carries a version. The settings dialog keeps the
versions it loaded (`PracticeSettings.versions`); a save that would write over a setting
changed since raises ChangedElsewhere, and nothing of it is kept.
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlmodel import Session, select

from dermadesk.core.db import Store
from dermadesk.core.errors import Difference
from dermadesk.core.row_versions import changed_elsewhere, in_words, reapplied

if TYPE_CHECKING:
    from dermadesk.core.settings import SettingsChange

VERSIONS_SQL = text("SELECT key, version FROM practice_setting")
# The settings as the dialog's pages name them.
SECTION_LABELS = {
    "practice": "Practice",
    "screening": "Screening",
    "consent": "Consent",
    "device": "Device",
    "aftercare": "Aftercare advice",
    "backup": "Backups",
    "lock": "Lock",
}

Rows = dict[str, tuple[int, str, datetime]]  # key: (version, value as JSON, updated_at)


def setting_rows(session: Session) -> Rows:
    """Every stored setting as it stands in this transaction."""
    from dermadesk.core.models import PracticeSetting

    return {
        row.key: (row.version, row.value, row.updated_at)
        for row in session.exec(select(PracticeSetting))
    }


def _words(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "(none)"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return in_words(value)


def _differences(key: str, saved: Any, yours: Any) -> list[Difference]:
    section = SECTION_LABELS.get(key, key.capitalize())
    if not (isinstance(saved, dict) and isinstance(yours, dict)):
        return [] if saved == yours else [Difference(section, _words(saved), _words(yours))]
    found = []
    for name in [*saved, *(n for n in yours if n not in saved)]:
        if "pin" in name or saved.get(name) == yours.get(name):
            continue  # a PIN's hash is never shown
        label = f"{section}: {name.replace('_', ' ')}"
        found.append(Difference(label, _words(saved.get(name)), _words(yours.get(name))))
    return found


def refuse_if_settings_changed(
    session: Session, store: Store, before: Rows, versions: dict[str, int]
) -> None:
    """After a save's writes (not committed yet): ChangedElsewhere when any setting written
    had moved on from the version the editor loaded."""
    session.flush()
    after = setting_rows(session)
    written = [key for key, row in after.items() if key not in before or before[key][0] != row[0]]
    changed = [
        key for key in written if (before[key][0] if key in before else 0) != versions.get(key, 0)
    ]
    if not changed:
        return
    found = []
    for key in changed:
        saved = json.loads(before[key][1]) if key in before else None
        found += _differences(key, saved, json.loads(after[key][1]))
    at = max((before[key][2] for key in changed if key in before), default=store.clock.now())
    raise changed_elsewhere(session, store, "the settings", "", at, found)


def reapplied_change(
    loaded: SettingsChange, yours: SettingsChange, theirs: SettingsChange
) -> SettingsChange:
    """`theirs` with each setting the user changed since `loaded` put back as the user had it."""
    from dermadesk.core.settings import SettingsChange

    merged: dict[str, Any] = {}
    for section in fields(SettingsChange):
        was, mine, now = (getattr(c, section.name) for c in (loaded, yours, theirs))
        if is_dataclass(mine) and was is not None and now is not None:
            merged[section.name] = reapplied(was, mine, now)
        else:
            merged[section.name] = mine if mine != was else now
    return SettingsChange(**merged)
