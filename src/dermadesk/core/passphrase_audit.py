"""The audit trail's entries for the practice's passphrase: changed, and the recovery code used.

The window writes them once the change is in key.json; the words say how it was done, never
the passphrase or the code themselves.
"""

from __future__ import annotations

from dermadesk.core.audit import ACTIONS, Audit, Entry

# The passphrase's actions, named for the audit viewer. Kept here until core/audit.py's own
# table (owned by the signatures part of issue 15) lists them; it wins where both name one.
PASSPHRASE_ACTIONS = {
    "passphrase.changed": "Passphrase changed",
    "recovery_code.used": "Recovery code used",
}
for _action, _words in PASSPHRASE_ACTIONS.items():
    ACTIONS.setdefault(_action, _words)


def record_passphrase_changed(audit: Audit, with_recovery_code: bool) -> None:
    """The passphrase was changed, with the old one or with the recovery code."""
    how = "with the recovery code" if with_recovery_code else "with the old passphrase"
    audit.log(Entry("passphrase.changed", detail=how))


def record_recovery_code_used(audit: Audit) -> None:
    """The practice was opened with its recovery code (a lost passphrase)."""
    audit.log(Entry("recovery_code.used", detail="the passphrase was set anew"))


def record_unlocked_with_passphrase(audit: Audit, wrong_pins: int) -> None:
    """The locked window was opened with the passphrase (after `wrong_pins` wrong PINs)."""
    after = f", after {wrong_pins} wrong PIN{'s' * (wrong_pins != 1)}" if wrong_pins else ""
    audit.log(Entry("window.unlocked", detail=f"with the passphrase{after}"))
