"""The passphrase typed on a real terminal: asked without echo, asked twice for a new one,
and checked against the rules before anything is made."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dermadesk.core import keys
from tests.cli.terminal import Terminal
from tests.helpers import TEST_PASSPHRASE, open_practice
from tests.helpers import test_key as key_of

pytestmark = pytest.mark.real_clock  # real `dermadesk` processes run on the computer's clock

NEW = "a brand new passphrase"


@pytest.fixture
def env() -> dict[str, str]:
    """This test's environment without a passphrase in it: the terminal is the only way."""
    return {k: v for k, v in os.environ.items() if not k.startswith("DERMADESK_PASS")}


def test_a_new_practice_asks_twice_applies_the_rules_and_shows_the_code(
    data_dir: Path, env: dict[str, str]
) -> None:
    term = Terminal("--data-dir", str(data_dir), "demo", "--clients", "2", env=env)
    term.wait_for("New passphrase: ")
    term.type("tulip")
    term.wait_for("at least 10 characters, or 4 words")
    term.wait_for("New passphrase: ")
    term.type(NEW)
    term.wait_for("The same passphrase again: ")
    term.type(NEW + "!")
    term.wait_for("The two passphrases typed are not the same. Try again.")
    term.wait_for("New passphrase: ")
    term.type(NEW)
    term.wait_for("The same passphrase again: ")
    term.type(NEW)
    term.wait_for("shown only this once")
    assert term.finish() == 0, term.shown
    assert "Demo practice with 2 clients" in term.shown
    assert NEW not in term.shown and "tulip" not in term.shown  # never echoed
    assert keys.unlock(data_dir, NEW)


def test_the_passphrase_is_asked_without_echo_and_a_mistyped_one_again(
    data_dir: Path, env: dict[str, str]
) -> None:
    open_practice(data_dir).close()
    term = Terminal("--data-dir", str(data_dir), "clients", env=env)
    term.wait_for("Passphrase for the practice in")
    term.type("not it at all")
    term.wait_for("That passphrase does not unlock this practice")
    term.wait_for("Passphrase for the practice in")
    term.type(TEST_PASSPHRASE)
    assert term.finish() == 0, term.shown
    assert "No clients yet." in term.shown
    assert TEST_PASSPHRASE not in term.shown and "not it at all" not in term.shown


def test_three_wrong_passphrases_end_the_command_in_words(
    data_dir: Path, env: dict[str, str]
) -> None:
    open_practice(data_dir).close()
    term = Terminal("--data-dir", str(data_dir), "clients", env=env)
    for _ in range(3):
        term.wait_for("Passphrase for the practice in")
        term.type("not it at all")
    assert term.finish() == 1
    assert term.shown.rstrip().endswith(
        "dermadesk: That passphrase does not unlock this practice. Check Caps Lock and try "
        "again, or use the recovery code."
    )


def test_the_passphrase_is_changed_on_the_terminal(data_dir: Path, env: dict[str, str]) -> None:
    open_practice(data_dir).close()
    key = key_of(data_dir)
    term = Terminal("--data-dir", str(data_dir), "passphrase", env=env)
    term.wait_for("Current passphrase (or the recovery code): ")
    term.type(TEST_PASSPHRASE)
    term.wait_for("New passphrase: ")
    term.type(NEW)
    term.wait_for("The same passphrase again: ")
    term.type(NEW)
    assert term.finish() == 0, term.shown
    assert "The passphrase is changed" in term.shown
    assert keys.unlock(data_dir, NEW) == key
