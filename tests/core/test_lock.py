"""The practice PIN: kept only as a salted scrypt hash, checked in constant time, slowed down."""

from __future__ import annotations

import base64
import hashlib

import pytest

from dermadesk.core import lock
from dermadesk.core.errors import ValidationError
from dermadesk.core.practice import Practice
from dermadesk.core.settings import LockSettings


def test_the_hash_never_holds_the_pin_and_is_salted() -> None:
    stored = lock.hash_pin("4711")
    assert "4711" not in stored
    assert base64.b64encode(b"4711").decode() not in stored
    scheme, n, r, p, salt, key = stored.split("$")
    assert (scheme, int(n), int(r), int(p)) == ("scrypt", 2**14, 8, 1)
    assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(key)) == 32
    assert lock.hash_pin("4711") != stored  # a new salt every time


def test_the_right_pin_verifies_and_nothing_else_does() -> None:
    stored = lock.hash_pin("sunflower 42")
    assert lock.verify_pin("sunflower 42", stored)
    for wrong in ("sunflower42", "Sunflower 42", "sunflower 42 ", "", "4711"):
        assert not lock.verify_pin(wrong, stored)
    assert not lock.verify_pin("sunflower 42", "")  # no PIN set: nothing unlocks
    assert not lock.verify_pin("sunflower 42", stored.replace("scrypt", "md5"))
    assert not lock.verify_pin("sunflower 42", "scrypt$3$8$1$AAAA$AAAA")  # n not a power of 2
    assert not lock.verify_pin("sunflower 42", "scrypt$16384$8$1$not base64!$AAAA")


def test_accented_letters_verify_however_the_keyboard_composes_them() -> None:
    stored = lock.hash_pin("Zoe\u0308 2024")  # e + combining diaeresis
    assert lock.verify_pin("Zoë 2024", stored)  # the precomposed ë


def test_stored_parameters_still_verify_and_weaker_ones_ask_for_a_new_hash() -> None:
    salt = b"0123456789abcdef"
    key = hashlib.scrypt(b"2580", salt=salt, n=1024, r=8, p=1, dklen=32)
    weak = f"scrypt$1024$8$1${base64.b64encode(salt).decode()}${base64.b64encode(key).decode()}"
    assert lock.verify_pin("2580", weak)
    assert lock.needs_rehash(weak)
    assert not lock.needs_rehash(lock.hash_pin("2580"))


@pytest.mark.parametrize("pin", ["", "   ", "123", "x" * 300])
def test_too_short_or_too_long_pins_are_refused_in_words(pin: str) -> None:
    with pytest.raises(ValidationError) as refused:
        lock.hash_pin(pin)
    assert "PIN" in str(refused.value)


def test_wrong_attempts_slow_down_after_three_up_to_half_a_minute() -> None:
    delays = [lock.delay_after(n) for n in range(0, 12)]
    assert delays == [0, 0, 0, 0, 1, 2, 4, 8, 16, 30, 30, 30]


def test_the_practice_keeps_only_the_hash(practice: Practice) -> None:
    assert practice.settings.lock() == LockSettings(pin_hash="", idle_minutes=5)
    assert not practice.settings.lock().has_pin
    practice.settings.set_lock_pin("9137")
    stored = practice.settings.lock()
    assert stored.has_pin and "9137" not in stored.pin_hash
    assert lock.verify_pin("9137", stored.pin_hash)
    assert "9137" not in repr(stored) and stored.pin_hash not in repr(stored)
    for name in ("dermadesk.db", "dermadesk.db-wal"):
        stored_file = practice.data_dir / name
        assert not stored_file.exists() or b"9137" not in stored_file.read_bytes()

    practice.settings.set_lock_idle_minutes(12)
    assert practice.settings.lock().idle_minutes == 12
    assert practice.settings.lock().pin_hash == stored.pin_hash  # minutes leave the PIN be
    with pytest.raises(ValidationError):
        practice.settings.set_lock_idle_minutes(121)
    with pytest.raises(ValidationError):
        practice.settings.set_lock_pin("12")
    assert practice.settings.lock().pin_hash == stored.pin_hash  # a refused PIN changes nothing

    practice.settings.clear_lock_pin()
    assert practice.settings.lock() == LockSettings(pin_hash="", idle_minutes=12)
