"""`dermadesk keychain on|off|status`: whether this computer's login unlocks the practice
(core/keychain.py), as Settings ▸ Lock offers it in the window."""

from __future__ import annotations

import argparse
from pathlib import Path

from dermadesk.cli_passphrase import _encrypted_practice, _unlocked
from dermadesk.cli_unlock import passphrase, practice_key
from dermadesk.core.errors import DermaDeskError

ON_MEANS = (
    "Anyone who can log in to this computer account now opens the client records without the "
    "passphrase. The passphrase and the recovery code keep working; `dermadesk keychain off` "
    "turns this off."
)


def keychain_command(args: argparse.Namespace) -> int:
    """Turn the keychain on (the passphrase needed), off, or say how it stands."""
    from dermadesk.core import keychain

    _, data_dir, _ = _encrypted_practice(args)  # on a server: this computer's copy of its keys
    if args.state == "status":
        print(_status(data_dir))
        return 0
    if args.state == "on":
        if not keychain.keychain_available():
            raise DermaDeskError(
                "This computer has no keychain that answers now (on Linux it needs an unlocked "
                "desktop session), so the passphrase stays needed. Nothing was changed."
            )
        key, _ = _unlocked(data_dir, passphrase(args), "Passphrase (or the recovery code): ", False)
        keychain.remember_in_keychain(data_dir, key)
        print(f"On: this computer's login unlocks the practice. {ON_MEANS}")
        return 0
    if not keychain.is_remembered(data_dir):
        print("Already off: the practice asks for its passphrase.")
        return 0
    keychain.forget_keychain(data_dir, practice_key(args, data_dir))
    print("Off: the practice asks for its passphrase again, on this computer too.")
    return 0


def _status(data_dir: Path) -> str:
    from dermadesk.core import keychain

    if not keychain.is_remembered(data_dir):
        if keychain.keychain_available():
            return (
                "Off: the practice asks for its passphrase. `dermadesk keychain on` lets this "
                "computer's login unlock it."
            )
        return (
            "Off: the practice asks for its passphrase (this computer has no keychain that "
            "answers now)."
        )
    if keychain.unlock_from_keychain(data_dir) is not None:
        return "On: this computer's login unlocks the practice without the passphrase."
    return (
        "On, but this computer's keychain does not give the key now (another computer, a "
        "locked keychain, or its entry removed), so the passphrase is asked. `dermadesk "
        "keychain on` (with the passphrase) puts it back; `dermadesk keychain off` clears it."
    )
