"""Setting a practice's new passphrase, for the window and the command line alike: the rules
first, then key.json rewrapped and the audit entry written together."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dermadesk.core.keys import KeyError_, change_passphrase, read_key_file, write_key_file

if TYPE_CHECKING:
    from dermadesk.core.practice import Practice


def set_passphrase(practice: Practice, new_passphrase: str, recovered: bool = False) -> None:
    """Make `new_passphrase` the one that unlocks `practice` (open, so its key is known),
    audited as "passphrase.changed", or "passphrase.recovered" when the recovery code
    unlocked it. A passphrase the rules refuse is refused in words; nothing changes then."""
    from dermadesk.core.audit import Entry
    from dermadesk.core.passphrase_rules import passphrase_problem

    if practice.key is None:
        raise KeyError_(
            "This practice is not encrypted yet, so it has no passphrase. Encrypt it first."
        )
    if problem := passphrase_problem(new_passphrase):
        raise KeyError_(f"{problem} The passphrase was not changed.")
    action = "passphrase.recovered" if recovered else "passphrase.changed"
    detail = "with the recovery code" if recovered else "with the old passphrase"
    before = read_key_file(practice.data_dir)
    try:  # the change and its audit entry are made together, or neither
        with practice.store.writing() as session:
            change_passphrase(practice.data_dir, practice.key, new_passphrase)
            practice.audit.add(session, Entry(action, detail=detail))
    except BaseException:
        write_key_file(practice.data_dir, before)  # no entry saved: the old passphrase stays
        raise
