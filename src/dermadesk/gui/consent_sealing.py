"""Sealing a consent just signed, off the GUI thread: laying out its signed copy and signing
it as PAdES takes about 135 ms (and pyHanko's first import about a second)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from dermadesk.gui.workers import BackgroundTask, run_in_background

if TYPE_CHECKING:
    from dermadesk.core.practice import Practice


def seal_pending(practice: Practice) -> BackgroundTask | None:
    """Seal, in the background, any signed consent left unsealed (to call once unlocked)."""
    from dermadesk.core.consent_seal import unsealed

    if practice.store.key is None:
        return None
    return seal_in_background(practice, unsealed(practice.store))


def seal_in_background(practice: Practice, record_ids: list[int]) -> BackgroundTask | None:
    """Seal each signed consent's copy with the practice key; None for a plain practice,
    which has no key to seal with. A seal that fails is logged: the record stays signed."""
    if practice.store.key is None or not record_ids:
        return None

    def seal(_progress: object) -> list[int]:
        from dermadesk.core.consent_seal import seal_consent

        for record_id in record_ids:
            seal_consent(practice, record_id)
        return record_ids

    task = run_in_background(seal)
    task.failed.connect(
        lambda error: logging.getLogger("dermadesk").warning(
            "The signed copy of consent %s was not sealed: %s", record_ids, error
        )
    )
    return task
