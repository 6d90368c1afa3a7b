"""Which passphrases a new practice (or a change) accepts, and what a refusal says."""

from __future__ import annotations

import pytest

from dermadesk.core.passphrase_rules import passphrase_problem


@pytest.mark.parametrize("empty", ["", " ", "\t \n"])
def test_an_empty_passphrase_is_refused(empty: str) -> None:
    assert passphrase_problem(empty) == (
        "Choose a passphrase: the practice's records are locked with it."
    )


@pytest.mark.parametrize(
    "common",
    [
        "1234567890",
        "qwertyuiop",
        "password123",
        "Password123!",  # capitals and a sign added change nothing
        "sunshine2026",
        "iloveyou123",
        "Correct Horse Battery Staple",  # famous, so guessed early
        "microneedling",
        "DermaDesk2026",
        "letmein please",
    ],
)
def test_the_most_common_passwords_are_refused_even_when_long_enough(common: str) -> None:
    problem = passphrase_problem(common)
    assert problem is not None and "most common passwords" in problem


@pytest.mark.parametrize("short", ["tulip", "Tulip#7x", "a b c d e", "I am in"])
def test_fewer_than_10_characters_and_4_words_is_refused_in_words(short: str) -> None:
    assert passphrase_problem(short) == (
        "A passphrase needs at least 10 characters, or 4 words: for example four ordinary "
        "words that mean something only to you."
    )


@pytest.mark.parametrize("repeated", ["zzzzzzzzzzzz", "xyxyxyxyxyxy"])
def test_one_or_two_characters_repeated_are_refused(repeated: str) -> None:
    assert passphrase_problem(repeated) == (
        "This repeats one or two characters. Choose something harder to guess."
    )


@pytest.mark.parametrize(
    "good",
    [
        "tall red door key",  # four words
        "x7#Kp2!qRz",  # ten characters
        "Lisbon rain 1987",
        "moje hasło jest dobre",  # words in any alphabet count
        "blue ox, mild tea",  # four words, under 20 characters
    ],
)
def test_ten_characters_or_four_words_that_are_not_common_are_accepted(good: str) -> None:
    assert passphrase_problem(good) is None


def test_the_list_of_common_passwords_is_shipped_with_the_program_in_compared_form() -> None:
    from dermadesk.core.common_passwords import COMMON_PASSWORDS

    assert len(COMMON_PASSWORDS) >= 200
    assert all(entry == entry.lower() and " " not in entry for entry in COMMON_PASSWORDS)
