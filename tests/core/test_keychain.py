"""The keychain slot: the computer's login unlocks the practice, where a keychain answers.

The keychains here are real keyring backends: the ones keyring ships (its "fail" backend is
what this machine has without a desktop session) and a small in-memory one, set with
keyring.set_keyring as a program would."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from dermadesk.core import keychain, keys
from dermadesk.core.keys import KeyError_
from tests.keychains import LockedKeychain, MemoryKeychain, SilentKeychain, lent_keychains


@pytest.fixture(autouse=True)
def _keychains(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(keys, "DEFAULT_KDF", keys.FAST_KDF_FOR_TESTS)
    with lent_keychains():
        yield


@pytest.fixture
def memory() -> MemoryKeychain:
    chain = MemoryKeychain()
    keyring.set_keyring(chain)
    return chain


@pytest.fixture
def made(tmp_path: Path) -> tuple[Path, keys.DataKey]:
    return tmp_path, keys.create_keys(tmp_path, "tall red door by the sea").key


@pytest.mark.parametrize("backend", [fail.Keyring, null.Keyring, LockedKeychain])
def test_without_a_working_keychain_it_is_not_offered(backend: type[KeyringBackend]) -> None:
    keyring.set_keyring(backend())
    assert keychain.keychain_available() is False


def test_a_keychain_that_does_not_answer_is_not_offered_and_nothing_hangs() -> None:
    keyring.set_keyring(SilentKeychain())
    started = time.perf_counter()
    assert keychain.keychain_available(seconds=0.3) is False
    assert time.perf_counter() - started < 2


def test_the_login_keychain_unlocks_a_remembered_practice(
    memory: MemoryKeychain, made: tuple[Path, keys.DataKey]
) -> None:
    data_dir, key = made
    assert keychain.keychain_available() is True
    assert keychain.unlock_from_keychain(data_dir) is None  # not remembered yet

    keychain.remember_in_keychain(data_dir, key)

    assert keychain.is_remembered(data_dir)
    assert keychain.unlock_from_keychain(data_dir) == key
    [(service, account)] = memory.entries
    assert service == "DermaDesk" and account == keys.practice_id(data_dir)
    # What the keychain keeps is not in key.json: the file alone does not unlock.
    assert memory.entries[service, account] not in keys.key_file(data_dir).read_text()


def test_on_a_computer_whose_keychain_lacks_the_entry_the_passphrase_is_needed(
    memory: MemoryKeychain, made: tuple[Path, keys.DataKey]
) -> None:
    data_dir, key = made
    keychain.remember_in_keychain(data_dir, key)
    memory.entries.clear()  # key.json copied to another computer, or the entry removed
    assert keychain.unlock_from_keychain(data_dir) is None
    keyring.set_keyring(fail.Keyring())
    assert keychain.unlock_from_keychain(data_dir) is None


def test_a_changed_passphrase_leaves_the_keychain_working(
    memory: MemoryKeychain, made: tuple[Path, keys.DataKey]
) -> None:
    data_dir, key = made
    keychain.remember_in_keychain(data_dir, key)
    keys.change_passphrase(data_dir, key, "a brand new passphrase")
    assert keychain.unlock_from_keychain(data_dir) == key


def test_forgetting_takes_the_slot_and_the_keychain_entry_away(
    memory: MemoryKeychain, made: tuple[Path, keys.DataKey]
) -> None:
    data_dir, key = made
    keychain.remember_in_keychain(data_dir, key)
    keychain.forget_keychain(data_dir, key)
    assert not keychain.is_remembered(data_dir)
    assert memory.entries == {}
    assert keychain.unlock_from_keychain(data_dir) is None
    assert keys.unlock(data_dir, "tall red door by the sea") == key


def test_a_keychain_that_refuses_is_told_in_words_and_nothing_is_written(
    made: tuple[Path, keys.DataKey],
) -> None:
    data_dir, key = made
    keyring.set_keyring(LockedKeychain())
    before = keys.key_file(data_dir).read_bytes()
    with pytest.raises(KeyError_, match="keep asking for the passphrase"):
        keychain.remember_in_keychain(data_dir, key)
    assert keys.key_file(data_dir).read_bytes() == before
