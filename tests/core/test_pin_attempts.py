"""PinAttempts: wrong PINs counted, and the wait before the next try, on a time passed in."""

from __future__ import annotations

import pytest

from dermadesk.core.lock import FREE_ATTEMPTS
from dermadesk.core.pin_attempts import PASSPHRASE_AFTER, PinAttempts

START = 1000.0


def test_the_first_wrong_pins_cost_no_wait() -> None:
    attempts = PinAttempts()
    assert attempts.may_try(START) and attempts.message(START) == ""
    for _ in range(FREE_ATTEMPTS):
        attempts.wrong(START)
        assert attempts.may_try(START)
    assert attempts.failures == FREE_ATTEMPTS
    assert attempts.message(START) == "That PIN is not right (3 wrong tries).\nTry again."


def test_after_the_free_tries_each_wait_doubles_from_when_it_was_typed() -> None:
    attempts = PinAttempts()
    for _ in range(FREE_ATTEMPTS + 1):
        attempts.wrong(START)
    assert not attempts.may_try(START)
    assert attempts.seconds_to_wait(START) == pytest.approx(1.0)
    assert attempts.seconds_to_wait(START + 0.4) == pytest.approx(0.6)
    assert attempts.may_try(START + 1.0)
    attempts.wrong(START + 1.0)  # the fifth: two seconds from then
    assert attempts.seconds_to_wait(START + 1.0) == pytest.approx(2.0)
    assert not attempts.may_try(START + 2.9)
    assert attempts.may_try(START + 3.0)


def test_the_wait_is_said_in_whole_seconds_rounded_up() -> None:
    attempts = PinAttempts()
    for _ in range(FREE_ATTEMPTS + 3):  # the sixth waits four seconds
        attempts.wrong(START)
    assert attempts.message(START) == (
        "That PIN is not right (6 wrong tries).\nYou can try again in 4 seconds."
    )
    assert attempts.message(START + 3.2).endswith("try again in 1 second.")
    assert attempts.message(START + 4.0).endswith("\nTry again.")


def test_one_wrong_try_is_said_in_the_singular() -> None:
    attempts = PinAttempts()
    attempts.wrong(START)
    assert attempts.wrong_words() == "That PIN is not right (1 wrong try)."


def test_reset_starts_afresh_even_in_the_middle_of_a_wait() -> None:
    attempts = PinAttempts()
    for _ in range(FREE_ATTEMPTS + 5):
        attempts.wrong(START)
    assert attempts.seconds_to_wait(START) > 0
    attempts.reset()
    assert attempts.failures == 0
    assert attempts.may_try(START) and attempts.message(START) == ""


def test_the_wait_never_goes_past_half_a_minute() -> None:
    attempts = PinAttempts()
    for _ in range(40):
        attempts.wrong(START)
    assert attempts.seconds_to_wait(START) == pytest.approx(30.0)


def test_five_wrong_pins_ask_for_the_passphrase_instead() -> None:
    attempts = PinAttempts(PASSPHRASE_AFTER)  # an encrypted practice: it has a passphrase
    for n in range(PASSPHRASE_AFTER - 1):
        attempts.wrong(float(n * 100))
    assert not attempts.passphrase_required
    attempts.wrong(1000.0)
    assert attempts.passphrase_required
    said = attempts.message(2000.0)
    assert "5 wrong PINs" in said and "passphrase" in said
    attempts.reset()
    assert not attempts.passphrase_required and attempts.message(0.0) == ""
