"""`dermadesk keychain on|off|status`: the computer's login unlocks the practice once turned on
with the passphrase, and no longer once off. The keychains are real keyring backends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from dermadesk.core import keychain, keys
from tests.cli_runner import Dermadesk
from tests.helpers import open_practice
from tests.helpers import test_key as key_of
from tests.keychains import MemoryKeychain, lent_keychains


@pytest.fixture
def memory() -> Iterator[MemoryKeychain]:
    with lent_keychains():
        chain = MemoryKeychain()
        keyring.set_keyring(chain)
        yield chain


@pytest.fixture
def made(data_dir: Path) -> Path:
    open_practice(data_dir).close()
    return data_dir


def test_on_needs_the_passphrase_then_the_login_opens_the_practice_until_off(
    dermadesk: Dermadesk, made: Path, memory: MemoryKeychain, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = ("--data-dir", str(made))
    assert dermadesk(*at, "keychain", "status").stdout.startswith("Off:")

    with monkeypatch.context() as without:
        without.delenv("DERMADESK_PASSPHRASE")
        refused = dermadesk(*at, "keychain", "on")
        assert refused.returncode == 1 and "needs the practice passphrase" in refused.stderr
        assert not keychain.is_remembered(made) and not memory.entries
    with monkeypatch.context() as wrong:
        wrong.setenv("DERMADESK_PASSPHRASE", "not the passphrase at all")
        assert dermadesk(*at, "keychain", "on").returncode == 1
        assert not keychain.is_remembered(made) and not memory.entries

    turned_on = dermadesk(*at, "keychain", "on")
    assert turned_on.returncode == 0, turned_on.stderr
    assert "Anyone who can log in to this computer account" in turned_on.stdout
    assert keychain.unlock_from_keychain(made) == key_of(made)

    monkeypatch.delenv("DERMADESK_PASSPHRASE")  # from here on, only the keychain unlocks
    assert dermadesk(*at, "keychain", "status").stdout.startswith("On: this computer's login")
    listed = dermadesk(*at, "clients")
    assert listed.returncode == 0 and listed.stdout == "No clients yet.\n", listed.stderr

    turned_off = dermadesk(*at, "keychain", "off")
    assert turned_off.returncode == 0 and turned_off.stdout.startswith("Off:"), turned_off.stderr
    assert not keychain.is_remembered(made) and not memory.entries
    assert dermadesk(*at, "clients").returncode == 1  # the passphrase is needed again
    assert dermadesk(*at, "keychain", "status").stdout.startswith("Off:")


def test_status_says_when_the_keychain_has_lost_the_entry(
    dermadesk: Dermadesk, made: Path, memory: MemoryKeychain
) -> None:
    keychain.remember_in_keychain(made, key_of(made))
    memory.entries.clear()
    said = dermadesk("--data-dir", str(made), "keychain", "status")
    assert said.returncode == 0 and "does not give the key now" in said.stdout


def test_on_is_refused_in_words_without_a_keychain_and_nothing_changes(
    dermadesk: Dermadesk, made: Path
) -> None:
    before = keys.key_file(made).read_bytes()
    with lent_keychains():
        keyring.set_keyring(fail.Keyring())
        refused = dermadesk("--data-dir", str(made), "keychain", "on")
        status = dermadesk("--data-dir", str(made), "keychain", "status")
    assert refused.returncode == 1 and "no keychain that answers" in refused.stderr
    assert "Nothing was changed" in refused.stderr
    assert keys.key_file(made).read_bytes() == before
    assert status.stdout.startswith("Off:") and "no keychain that answers" in status.stdout


def test_keychain_on_a_folder_without_a_practice_says_so(
    dermadesk: Dermadesk, data_dir: Path
) -> None:
    ran = dermadesk("--data-dir", str(data_dir), "keychain", "status")
    assert ran.returncode == 1 and "There is no DermaDesk practice" in ran.stderr
