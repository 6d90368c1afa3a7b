"""What a new passphrase must be: not empty, not one guessed first, at least 10 characters
or 4 words. Argon2id makes each guess slow; these rules keep the first guesses from working."""

from __future__ import annotations

import re

from dermadesk.core.common_passwords import COMMON_PASSWORDS

MIN_CHARACTERS = 10
MIN_WORDS = 4

_WORD = re.compile(r"[^\W\d_]{2,}")  # two or more letters, in any alphabet
_ADDED = re.compile(r"[\d\W_]+$")  # the digits and signs people tack onto a word


def passphrase_problem(text: str) -> str | None:
    """Why `text` may not be the practice passphrase, in words; None when it may."""
    if not text.strip():
        return "Choose a passphrase: the practice's records are locked with it."
    compact = "".join(text.lower().split())
    base = _ADDED.sub("", compact)
    if compact in COMMON_PASSWORDS or base in COMMON_PASSWORDS:
        return (
            "This is one of the most common passwords, among the first anyone would try. "
            "Choose another: four ordinary words that mean something only to you work well."
        )
    if len(set(compact)) <= 2:
        return "This repeats one or two characters. Choose something harder to guess."
    words = {word.lower() for word in _WORD.findall(text)}
    if len(text) < MIN_CHARACTERS and len(words) < MIN_WORDS:
        return (
            f"A passphrase needs at least {MIN_CHARACTERS} characters, or {MIN_WORDS} words: "
            "for example four ordinary words that mean something only to you."
        )
    return None
