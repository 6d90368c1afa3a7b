"""The audit trail's entries the window writes about the passphrase: the recovery code used
at the unlock screen, and a lock opened with the passphrase. (A change made while the practice
is open is audited with it, in core/passphrase_change.py.) The words say how, never the
passphrase or the code themselves.
"""

from __future__ import annotations

from dermadesk.core.audit import Audit, Entry


def record_recovered_at_unlock(audit: Audit) -> None:
    """The window was opened with the recovery code, which set a new passphrase before the
    practice (and so its audit trail) could be opened: said once it is."""
    audit.log(Entry("passphrase.recovered", detail="with the recovery code, at the unlock screen"))


def record_unlocked_with_passphrase(audit: Audit, wrong_pins: int) -> None:
    """The locked window was opened with the passphrase (after `wrong_pins` wrong PINs)."""
    after = f", after {wrong_pins} wrong PIN{'s' * (wrong_pins != 1)}" if wrong_pins else ""
    audit.log(Entry("window.unlocked", detail=f"with the passphrase{after}"))
