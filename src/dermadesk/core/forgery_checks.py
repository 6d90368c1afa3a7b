"""The parts of `check` that catch forgery by someone holding the database but not the key:
sealed PDFs (consent_tampered), deleted consents (consent_missing), the audit trail against
its signed head (audit_truncated, audit_tampered) and the PIN record (pin_tampered)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dermadesk.core.practice import Practice


def forgery_problems(practice: Practice) -> list[tuple[str, str]]:
    """(kind, words) for each sign of forgery found."""
    from dermadesk.core.audit_head import head_problems
    from dermadesk.core.consent_checks import seal_problems

    store = practice.store
    found = [
        ("consent_tampered", f"signed consent {record_id}: {why}")
        for record_id, why in seal_problems(store)
    ]
    found += [
        ("consent_missing", f"{target}: the audit trail says it was signed, but it is gone")
        for target in practice.consents.missing()
    ]
    if store.key is not None:
        found += head_problems(store, practice.data_dir)
        if why := practice.settings.pin_problem():
            found.append(("pin_tampered", why))
    return found
