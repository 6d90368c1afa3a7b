"""The practice the window opens on, by its kind: an encrypted one is unlocked on the unlock
screen (or by this computer's keychain, if it was remembered there), a new one is given its
passphrase and recovery code first, a plain (older) one opens as it is and is offered its
encryption once the window is up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dermadesk.core import keys
from dermadesk.core.clock import Clock
from dermadesk.core.passphrase_audit import record_recovered_at_unlock
from dermadesk.core.practice import Practice, practice_kind

# The command line's variable (see the README): when set, the window is unlocked with it too,
# as scripts and the start-up benchmark start it.
PASSPHRASE_ENV = "DERMADESK_PASSPHRASE"


def _key_from_environment(data_dir: Path) -> tuple[keys.DataKey | None, str]:
    """The key DERMADESK_PASSPHRASE unlocks, or None and why not (empty when it is not set)."""
    given = os.environ.get(PASSPHRASE_ENV)
    if not given:
        return None, ""
    try:
        return keys.unlock(data_dir, given), ""
    except keys.KeyError_ as error:
        return None, f"{PASSPHRASE_ENV} does not unlock this practice. {error}"


def _key_from_keychain(data_dir: Path) -> tuple[keys.DataKey | None, str]:
    """The key this computer's keychain gives, when the practice was remembered there (Settings
    ▸ Lock); else None, and a note for the unlock screen when the keychain did not give it."""
    from dermadesk.core import keychain  # keyring is loaded only for a remembered practice

    if not keychain.is_remembered(data_dir):
        return None, ""
    if (key := keychain.unlock_from_keychain(data_dir)) is not None:
        return key, ""
    return None, (
        "This computer's keychain did not give the key this time, so type the passphrase. "
        "Nothing is wrong with the records."
    )


@dataclass(frozen=True)
class SwitchTo:
    """The person chose another practice on its first screen: the server at `database_url`,
    or (None) this computer's own practice in its data folder."""

    database_url: str | None


def quick_key(data_dir: Path) -> tuple[keys.DataKey | None, str]:
    """The key DERMADESK_PASSPHRASE or this computer's keychain gives without a screen, or
    None and a note for the unlock screen."""
    key, why_not = _key_from_environment(data_dir)
    if key is None and not why_not:
        key, why_not = _key_from_keychain(data_dir)
    return key, why_not


def shows_a_screen_first(
    data_dir: Path, offer_encryption: bool = True, database_url: str | None = None
) -> bool:
    """Whether `open_first` will show a screen (setup, unlock, the offer to encrypt) before the
    window: a second launch meanwhile must then be answered by bringing that screen forward.
    A practice server's screen is up while it connects."""
    if database_url is not None:
        return True
    kind = practice_kind(data_dir)
    if kind == "encrypted":
        return not os.environ.get(PASSPHRASE_ENV)
    return kind == "new" or offer_encryption


def open_first(
    data_dir: Path,
    clock: Clock | None = None,
    offer_encryption: bool = True,
    database_url: str | None = None,
    remember: bool = False,
) -> Practice | None:
    """The practice in `data_dir` (or on the practice server at `database_url`), once its
    first screen has let it open; None when the person closed that screen (nothing was opened
    or created). Errors of opening a folder practice are raised; a server's are said on its
    screen. A server chosen on a first screen is remembered for this computer; choosing this
    computer's own practice there forgets it. `remember`: remember `database_url` once open."""
    url = database_url
    while True:
        if url is None:
            opened = _open_folder_first(data_dir, clock, offer_encryption)
        else:
            from dermadesk.gui.server_start import open_server_first  # only for a server

            opened = open_server_first(data_dir, url, clock, remember)
        if not isinstance(opened, SwitchTo):
            return opened
        url, remember = opened.database_url, True
        if url is None:
            from dermadesk.core.server_address import forget_server

            forget_server(data_dir)


def _open_folder_first(
    data_dir: Path, clock: Clock | None, offer_encryption: bool
) -> Practice | SwitchTo | None:
    """A folder practice, by its kind. A plain practice is opened, then offered its encryption
    (once each start) before the window is built on it: nothing may hold its database while
    the folders are swapped. A new folder's setup may connect to a practice server instead."""
    kind = practice_kind(data_dir)
    if kind == "plain":
        plain = Practice.open(data_dir, clock)
        if not offer_encryption:
            return plain
        from dermadesk.gui.unlock_convert import offer_to_encrypt  # only for a plain practice

        return offer_to_encrypt(plain, clock)
    if kind == "new":
        from dermadesk.gui.unlock_setup import NewPracticeKeys  # only for a new practice

        setup = NewPracticeKeys(data_dir)
        key = setup.key if setup.exec() else None
        chosen = setup.chosen_server
        setup.deleteLater()
        if key is None and chosen is not None:
            return SwitchTo(chosen)
        return None if key is None else Practice.open(data_dir, clock, key)
    key, why_not = quick_key(data_dir)
    recovered = False
    if key is None:
        from dermadesk.gui.unlock_screen import UnlockScreen

        screen = UnlockScreen(data_dir)
        if why_not:
            screen.say(why_not)
        if screen.exec():
            key, recovered = screen.key, screen.used_recovery_code
        screen.deleteLater()
    if key is None:
        return None
    practice = Practice.open(data_dir, clock, key)
    if recovered:
        practice.audit.source = "window"
        record_recovered_at_unlock(practice.audit)
    return practice
