"""The optional keychain slot: the computer's login unlocks the practice.

key.json then holds the data key wrapped a third way, under a random key that only the
operating system's keychain (Windows Credential Manager, macOS Keychain, an unlocked
desktop keyring on Linux) keeps, as service "DermaDesk", account = the practice's id.
Whoever has key.json but not this login's keychain learns nothing from that slot.
"""

from __future__ import annotations

import base64
import contextlib
import secrets
import threading
from pathlib import Path
from typing import Any

from dermadesk.core.keys import (
    DataKey,
    KeyError_,
    practice_id,
    read_key_file,
    unwrap_slot,
    write_slot,
)

SERVICE = "DermaDesk"
SLOT = "keychain"
# A keychain that does not answer within this time is treated as absent: on Linux a keyring
# behind a locked or missing desktop session can otherwise wait for a prompt no one sees.
PROBE_SECONDS = 2.0


def _answers_within(seconds: float, call: Any) -> tuple[bool, Any]:
    """(True, what `call()` returned) if it returned within `seconds`, else (False, None);
    any exception counts as no answer. The call runs on a daemon thread left behind if it hangs."""
    outcome: list[Any] = []

    def run() -> None:
        with contextlib.suppress(Exception):  # every keychain failure means "not available"
            outcome.append(call())

    worker = threading.Thread(target=run, name="keychain probe", daemon=True)
    worker.start()
    worker.join(seconds)
    return (True, outcome[0]) if outcome else (False, None)


def keychain_available(seconds: float = PROBE_SECONDS) -> bool:
    """True when this computer has a keychain that answers now (offer the option only then)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False

    def probe() -> bool:
        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring) or backend.priority <= 0:
            return False  # keyring's "no backend" stand-in, or one it will not recommend
        backend.get_password(SERVICE, "availability probe")
        return True

    answered, result = _answers_within(seconds, probe)
    return answered and bool(result)


def remember_in_keychain(data_dir: Path, key: DataKey) -> None:
    """Let this computer's login unlock the practice: a fresh random key goes to the keychain,
    the data key wrapped under it into key.json. Refused in words if the keychain fails."""
    import keyring

    account = practice_id(data_dir)
    wrapping = secrets.token_bytes(32)
    slot = {"account": account} | key.wrapped_under(wrapping, SLOT)
    secret = base64.b64encode(wrapping).decode("ascii")

    def store() -> bool:
        keyring.set_password(SERVICE, account, secret)
        return True

    answered, _ = _answers_within(PROBE_SECONDS, store)
    if not answered:
        raise KeyError_(
            "The computer's keychain did not accept the key, so DermaDesk will keep asking "
            "for the passphrase. Nothing was changed."
        )
    write_slot(data_dir, key, SLOT, slot)


def unlock_from_keychain(data_dir: Path) -> DataKey | None:
    """The data key, if this practice was remembered in this computer's keychain and the
    keychain still has it; None otherwise (ask for the passphrase)."""
    try:
        slot = read_key_file(data_dir).get(SLOT)
    except KeyError_:
        return None
    if not isinstance(slot, dict) or not isinstance(slot.get("account"), str):
        return None
    answered, secret = _answers_within(PROBE_SECONDS, lambda: _stored_secret(slot["account"]))
    if not answered or not isinstance(secret, str):
        return None
    try:
        wrapping = base64.b64decode(secret.encode("ascii"), validate=True)
        return unwrap_slot(data_dir, slot, SLOT, wrapping) if len(wrapping) == 32 else None
    except (ValueError, KeyError_):
        return None


def forget_keychain(data_dir: Path, key: DataKey) -> None:
    """Stop the login unlocking the practice: the slot leaves key.json, the keychain entry goes."""
    slot = read_key_file(data_dir).get(SLOT)
    write_slot(data_dir, key, SLOT, None)
    if isinstance(slot, dict) and isinstance(slot.get("account"), str):
        account = slot["account"]
        _answers_within(PROBE_SECONDS, lambda: _delete_secret(account))


def is_remembered(data_dir: Path) -> bool:
    """True when key.json has a keychain slot (whether this computer's keychain still has it)."""
    try:
        return isinstance(read_key_file(data_dir).get(SLOT), dict)
    except KeyError_:
        return False


def _stored_secret(account: str) -> str | None:
    import keyring

    return keyring.get_password(SERVICE, account)


def _delete_secret(account: str) -> bool:
    import keyring
    from keyring.errors import PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError):  # already gone
        keyring.delete_password(SERVICE, account)
    return True
