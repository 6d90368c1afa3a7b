"""The practice's keys in key.json: unlocking, the recovery code, changing the passphrase,
and a key file that is missing, damaged or half written."""

from __future__ import annotations

import json
import os
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dermadesk.core import keys
from dermadesk.core.keys import KeyError_, WrongPassphrase, WrongRecoveryCode

PASSPHRASE = "tall red door by the sea"
Made = tuple[Path, keys.NewKeys]


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "DEFAULT_KDF", keys.FAST_KDF_FOR_TESTS)


@pytest.fixture
def made(tmp_path: Path) -> tuple[Path, keys.NewKeys]:
    data_dir = tmp_path / "practice"
    data_dir.mkdir()
    return data_dir, keys.create_keys(data_dir, PASSPHRASE)


def _key_bytes(data_dir: Path) -> bytes:
    return keys.key_file(data_dir).read_bytes()


def test_the_passphrase_unlocks_the_key_the_practice_was_made_with(made: Made) -> None:
    data_dir, new = made
    unlocked = keys.unlock(data_dir, PASSPHRASE)
    assert unlocked == new.key
    assert unlocked.database_pragma() == new.key.database_pragma()
    assert repr(unlocked) == "DataKey(…)"  # a traceback never shows the key


def test_a_wrong_passphrase_is_refused_in_words_and_nothing_is_written(made: Made) -> None:
    data_dir, _ = made
    before, listing = _key_bytes(data_dir), sorted(os.listdir(data_dir))
    for wrong in ("tall red door by the Sea", "", PASSPHRASE + " "):
        with pytest.raises(WrongPassphrase, match="does not unlock this practice"):
            keys.unlock(data_dir, wrong)
    assert _key_bytes(data_dir) == before
    assert sorted(os.listdir(data_dir)) == listing


def test_the_same_passphrase_typed_with_accents_composed_or_not_unlocks(tmp_path: Path) -> None:
    composed = unicodedata.normalize("NFC", "café crème brûlée")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    new = keys.create_keys(tmp_path, composed)
    assert keys.unlock(tmp_path, decomposed) == new.key


def test_the_recovery_code_unlocks_as_printed_or_typed_loosely(made: Made) -> None:
    data_dir, new = made
    code = new.recovery_code
    assert len(code.split("-")) == 6 and all(len(group) == 5 for group in code.split("-"))
    assert keys.unlock_with_recovery_code(data_dir, code) == new.key
    loose = f"  {code.lower().replace('-', ' ')}\n"  # read aloud and typed in lower case
    assert keys.unlock_with_recovery_code(data_dir, loose) == new.key


def test_any_one_mistyped_character_of_the_code_is_caught_by_its_check_character(
    made: Made,
) -> None:
    data_dir, new = made
    compact = new.recovery_code.replace("-", "")
    for position, char in enumerate(compact):
        for other in keys.CODE_ALPHABET:
            if other == char:
                continue
            typo = compact[:position] + other + compact[position + 1 :]
            with pytest.raises(WrongRecoveryCode, match="typing mistake"):
                keys.unlock_with_recovery_code(data_dir, typo)


def test_a_code_too_short_or_with_a_foreign_letter_is_refused_in_words(made: Made) -> None:
    data_dir, new = made
    for bad in (new.recovery_code[:-6], new.recovery_code[:-1] + "!", ""):
        with pytest.raises(WrongRecoveryCode, match="six groups of five"):
            keys.unlock_with_recovery_code(data_dir, bad)


def test_a_valid_code_of_another_practice_is_refused_in_words(made: Made, tmp_path: Path) -> None:
    data_dir, _ = made
    other = keys.create_keys(tmp_path, "another practice entirely")
    before = _key_bytes(data_dir)
    with pytest.raises(WrongRecoveryCode, match="belongs to another practice"):
        keys.unlock_with_recovery_code(data_dir, other.recovery_code)
    assert _key_bytes(data_dir) == before


def test_changing_the_passphrase_rewraps_the_same_key_in_milliseconds_touching_no_data(
    made: Made,
) -> None:
    data_dir, new = made
    database = data_dir / "dermadesk.db"
    database.write_bytes(os.urandom(8 * 1024 * 1024))  # stands for the practice's records
    stamp = database.stat().st_mtime_ns

    started = time.perf_counter()
    keys.change_passphrase(data_dir, new.key, "a brand new passphrase")
    elapsed = time.perf_counter() - started

    assert elapsed < 0.1, f"rewrapping took {elapsed * 1000:.0f} ms"
    assert database.stat().st_mtime_ns == stamp  # no record is re-encrypted
    with pytest.raises(WrongPassphrase):
        keys.unlock(data_dir, PASSPHRASE)
    assert keys.unlock(data_dir, "a brand new passphrase") == new.key
    assert keys.unlock_with_recovery_code(data_dir, new.recovery_code) == new.key


def test_recover_sets_a_new_passphrase_from_the_code(made: Made) -> None:
    data_dir, new = made
    assert keys.recover(data_dir, new.recovery_code, "found it again at last") == new.key
    assert keys.unlock(data_dir, "found it again at last") == new.key
    with pytest.raises(WrongPassphrase):
        keys.unlock(data_dir, PASSPHRASE)


def test_a_key_of_another_practice_is_never_wrapped_into_this_ones_key_file(
    made: Made,
    tmp_path: Path,
) -> None:
    data_dir, _ = made
    stranger = keys.create_keys(tmp_path, "another practice entirely").key
    before = _key_bytes(data_dir)
    with pytest.raises(KeyError_, match="does not belong to the practice"):
        keys.change_passphrase(data_dir, stranger, "whatever it may be")
    assert _key_bytes(data_dir) == before


def test_the_key_file_is_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0)
    try:
        new = keys.create_keys(tmp_path, PASSPHRASE)
        assert keys.key_file(tmp_path).stat().st_mode & 0o777 == 0o600
        keys.change_passphrase(tmp_path, new.key, "a brand new passphrase")
        assert keys.key_file(tmp_path).stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(previous)


def test_a_change_cut_short_before_its_rename_leaves_the_old_key_file_whole(
    made: Made,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data_dir, new = made
    before = _key_bytes(data_dir)

    def power_cut(source: object, target: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(OSError):
        keys.change_passphrase(data_dir, new.key, "a brand new passphrase")
    monkeypatch.undo()

    assert _key_bytes(data_dir) == before
    assert os.listdir(data_dir) == [keys.KEY_FILE]  # no half-written file left beside it
    assert keys.unlock(data_dir, PASSPHRASE) == new.key


def test_a_missing_key_file_is_refused_in_words(tmp_path: Path) -> None:
    with pytest.raises(KeyError_, match=r"key\.json is missing"):
        keys.unlock(tmp_path, PASSPHRASE)


def _damage(data_dir: Path, change: Callable[[dict[str, Any]], object]) -> None:
    content = json.loads(_key_bytes(data_dir))
    change(content)
    keys.key_file(data_dir).write_text(json.dumps(content))


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c.pop("passphrase"),
        lambda c: c["passphrase"].pop("salt"),
        lambda c: c["passphrase"].update(nonce="not base64!"),
        lambda c: c["passphrase"].update(nonce="AAAA"),  # a nonce of 3 bytes
        lambda c: c["passphrase"].update(memory_kib=2**40),  # would ask for 1 PiB of memory
        lambda c: c["passphrase"].update(time_cost="three"),
        lambda c: c.update(passphrase=["a list"]),
    ],
    ids=[
        "no slot",
        "no salt",
        "bad base64",
        "short nonce",
        "absurd cost",
        "cost not a number",
        "slot not an object",
    ],
)
def test_a_damaged_key_file_is_refused_in_words(
    made: Made, change: Callable[[dict[str, Any]], object]
) -> None:
    data_dir, _ = made
    _damage(data_dir, change)
    started = time.perf_counter()
    with pytest.raises(KeyError_, match="is damaged"):
        keys.unlock(data_dir, PASSPHRASE)
    assert time.perf_counter() - started < 1  # refused, not attempted


def test_a_damaged_recovery_slot_is_refused_in_words(made: Made) -> None:
    data_dir, new = made
    _damage(data_dir, lambda c: c["recovery"].update(salt=17))
    with pytest.raises(KeyError_, match="is damaged"):
        keys.unlock_with_recovery_code(data_dir, new.recovery_code)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (b'{"format": "dermadesk-key", "vers', "cannot be read"),
        (b"\xff\xfe not text", "cannot be read"),
        (b'{"format": "something else"}', "not a DermaDesk key file"),
        (b'{"format": "dermadesk-key", "version": 99}', "newer DermaDesk"),
    ],
)
def test_a_key_file_that_is_not_one_is_refused_in_words(
    made: Made,
    text: bytes,
    said: str,
) -> None:
    data_dir, _ = made
    keys.key_file(data_dir).write_bytes(text)
    with pytest.raises(KeyError_, match=said):
        keys.unlock(data_dir, PASSPHRASE)


def test_keys_are_made_once_per_practice(made: Made) -> None:
    data_dir, _ = made
    before = _key_bytes(data_dir)
    with pytest.raises(KeyError_, match="already has its keys"):
        keys.create_keys(data_dir, "another passphrase for it")
    assert _key_bytes(data_dir) == before
