"""Keychains for tests: real keyring backends (keyring.backend.KeyringBackend) that live in
this process, set with keyring.set_keyring as a program would set any other."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import keyring
from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import KeyringLocked, PasswordDeleteError

# Set by lent_keychains: outside it keyring itself never chooses these (they are not viable).
_lent = False


class MemoryKeychain(KeyringBackend):
    """A keychain kept in this process's memory."""

    @properties.classproperty
    def priority(cls) -> float:
        if not _lent:
            raise RuntimeError("only for the keychain tests")
        return 1

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[service, username] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("not there")


class LockedKeychain(MemoryKeychain):
    """A desktop keyring that is there but locked: every use raises."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("the login keyring is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("the login keyring is locked")


class SilentKeychain(MemoryKeychain):
    """A keychain waiting on a prompt no one sees (a D-Bus call that never returns)."""

    def get_password(self, service: str, username: str) -> str | None:
        time.sleep(5)
        return None


@contextmanager
def lent_keychains() -> Iterator[None]:
    """While inside, these keychains may be set; after, keyring's own choice is back."""
    global _lent
    before = keyring.get_keyring()
    _lent = True
    try:
        yield
    finally:
        _lent = False
        keyring.set_keyring(before)
