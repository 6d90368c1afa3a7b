"""The practice's data key, and key.json, where it is kept wrapped.

Creating a practice makes one random 256-bit data key. It never touches the disk in the
clear: key.json (beside the database) holds it wrapped with AES-256-GCM under
- a key derived with Argon2id from the practice passphrase,
- a key derived from the recovery code shown once at setup, and
- optionally, a random key kept in the OS keychain (core/keychain.py).
Every other key (the database's, the photo vault's) is derived from the data key with HKDF,
one purpose each, so that no two uses ever share a key.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from dermadesk.core.errors import DermaDeskError
from dermadesk.core.files import data_dir_lock, write_atomically

KEY_FILE = "key.json"
# A server practice's folders on this computer, with their server's address
# (core/server_keys.py): their key.json is a copy of the server's record, and each change is
# sent to the server before the copy is written.
SERVER_HOMES: dict[Path, str] = {}
KEY_FORMAT = "dermadesk-key"
KEY_VERSION = 1
DATA_KEY_BYTES = 32


class KeyError_(DermaDeskError):
    """The practice's keys cannot be used as asked; the message says why, in words."""


class WrongPassphrase(KeyError_):
    """The passphrase does not unlock this practice."""


class WrongRecoveryCode(KeyError_):
    """The recovery code does not unlock this practice."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id's cost: passes over `memory_kib` KiB of memory on `parallelism` lanes."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 4


# About 0.8 s on a 2-core laptop: slow enough that guessing passphrases off a stolen
# key.json is hopeless, quick enough to unlock at every start.
STANDARD_KDF = KdfParams()
# The suite's own setting (tests/conftest.py); a practice made with it says so in key.json.
FAST_KDF_FOR_TESTS = KdfParams(time_cost=1, memory_kib=8, parallelism=1)
# What new practices are made with; only the tests change it.
DEFAULT_KDF = STANDARD_KDF


class DataKey:
    """The practice's 256-bit data key, held in memory only; its uses derive their own keys."""

    __slots__ = ("_raw",)

    def __init__(self, raw: bytes):
        if len(raw) != DATA_KEY_BYTES:
            raise ValueError("A data key is 32 bytes.")
        self._raw = raw

    @classmethod
    def generate(cls) -> DataKey:
        return cls(secrets.token_bytes(DATA_KEY_BYTES))

    def derive(self, purpose: str, length: int = 32) -> bytes:
        """A key for one purpose only ("database", "vault names", ...), the same each time."""
        return _derive(self._raw, purpose, length)

    def database_pragma(self) -> str:
        """The SQLCipher raw key, ready for `PRAGMA key = …` (no passphrase KDF per connection)."""
        return f"\"x'{self.derive('database').hex()}'\""

    def wrapped_under(self, wrapping_key: bytes, slot: str) -> dict[str, str]:
        """This key sealed with AES-256-GCM under `wrapping_key`, bound to its slot's name."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = secrets.token_bytes(12)
        sealed = AESGCM(wrapping_key).encrypt(nonce, self._raw, _slot_label(slot))
        return {"nonce": _b64(nonce), "sealed": _b64(sealed)}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DataKey) and secrets.compare_digest(self._raw, other._raw)

    def __hash__(self) -> int:
        return hash(self.derive("identity", 8))

    def __repr__(self) -> str:  # never the key itself, not even in a traceback
        return "DataKey(…)"


@cache
def _derive(raw: bytes, purpose: str, length: int) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    info = f"dermadesk {purpose}".encode()
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(raw)


def _slot_label(slot: str) -> bytes:
    return f"dermadesk data key, {slot}".encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def passphrase_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """The wrapping key Argon2id derives from `passphrase` (the slow step of unlocking)."""
    from argon2.low_level import Type, hash_secret_raw

    # NFC: "é" typed on another keyboard (one code point or two) is the same passphrase.
    return hash_secret_raw(
        unicodedata.normalize("NFC", passphrase).encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def recovery_key(code: str, salt: bytes) -> bytes:
    """The wrapping key derived from a recovery code: 145 random bits need no slow KDF."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    normal = normalise_recovery_code(code).encode("ascii")
    info = b"dermadesk recovery code"
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(normal)


# Crockford's base 32: no I, L, O or U, so what is read aloud or written by hand is unambiguous.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS, CODE_GROUP_LENGTH = 6, 5
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def _check_character(body: str) -> str:
    """Luhn mod 32 over `body`: catches any one wrong character and most swapped pairs."""
    factor, total, n = 2, 0, len(CODE_ALPHABET)
    for char in reversed(body):
        addend = factor * CODE_ALPHABET.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return CODE_ALPHABET[(n - total % n) % n]


def new_recovery_code() -> str:
    """Six groups of five characters; the last character is a check character."""
    length = CODE_GROUPS * CODE_GROUP_LENGTH - 1
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
    code = body + _check_character(body)
    groups = [code[i : i + CODE_GROUP_LENGTH] for i in range(0, len(code), CODE_GROUP_LENGTH)]
    return "-".join(groups)


def normalise_recovery_code(text: str) -> str:
    """The code's 30 characters as typed, without spaces or dashes, in capitals; a mistyped
    code (wrong length, a letter that cannot be in one, a failed check) is refused in words."""
    compact = "".join(c for c in text.upper() if c not in " -\t\n").translate(_READ_AS)
    if len(compact) != CODE_GROUPS * CODE_GROUP_LENGTH or any(
        c not in CODE_ALPHABET for c in compact
    ):
        raise WrongRecoveryCode(
            "A recovery code is six groups of five letters and digits, as printed at setup. "
            "Check what you typed."
        )
    if _check_character(compact[:-1]) != compact[-1]:
        raise WrongRecoveryCode(
            "This recovery code has a typing mistake: one of its characters is not the one "
            "printed. Check each group against the sheet."
        )
    return compact


def key_file(data_dir: Path) -> Path:
    return data_dir / KEY_FILE


def has_keys(data_dir: Path) -> bool:
    """True for an encrypted practice (its key.json is there)."""
    return key_file(data_dir).exists()


@dataclass(frozen=True)
class NewKeys:
    """What setting up a practice's keys gives: the key, and the recovery code to show once."""

    key: DataKey
    recovery_code: str


def create_keys(data_dir: Path, passphrase: str, params: KdfParams | None = None) -> NewKeys:
    """Make the data key and its key.json in `data_dir`; refused if the practice has keys."""
    if has_keys(data_dir):
        raise KeyError_(f"{data_dir} already has its keys; nothing was changed.")
    key, code = DataKey.generate(), new_recovery_code()
    content = {
        "format": KEY_FORMAT,
        "version": KEY_VERSION,
        "id": uuid.uuid4().hex,  # names the practice to the OS keychain, wherever it is moved
        "key_check": _key_check(key),
        "passphrase": _passphrase_slot(key, passphrase, params or DEFAULT_KDF),
        "recovery": _recovery_slot(key, code),
    }
    _write(data_dir, content, share=False)  # a server practice's are sent once it is made
    return NewKeys(key, code)


def _key_check(key: DataKey) -> str:
    """A fingerprint of the data key (one-way), so a slot is never written for another key."""
    return _b64(key.derive("key check", 16))


def _passphrase_slot(key: DataKey, passphrase: str, params: KdfParams) -> dict[str, Any]:
    salt = secrets.token_bytes(16)
    wrapping = passphrase_key(passphrase, salt, params)
    return {"kdf": "argon2id", **asdict(params), "salt": _b64(salt)} | key.wrapped_under(
        wrapping, "passphrase"
    )


def _recovery_slot(key: DataKey, code: str) -> dict[str, Any]:
    salt = secrets.token_bytes(16)
    return {"kdf": "hkdf-sha256", "salt": _b64(salt)} | key.wrapped_under(
        recovery_key(code, salt), "recovery"
    )


def read_key_file(data_dir: Path) -> dict[str, Any]:
    """key.json's content; a missing or damaged one is told in words."""
    path = key_file(data_dir)
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeyError_(f"{path} is missing: this practice's data cannot be unlocked.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise KeyError_(
            f"{path} cannot be read ({error}). Restore it from a backup; the backup holds it."
        ) from None
    if not isinstance(content, dict) or content.get("format") != KEY_FORMAT:
        raise KeyError_(f"{path} is not a DermaDesk key file.")
    if content.get("version") != KEY_VERSION:
        raise KeyError_(f"{path} was written by a newer DermaDesk. Update DermaDesk first.")
    return content


def _damaged(data_dir: Path) -> KeyError_:
    return KeyError_(
        f"{key_file(data_dir)} is damaged: this practice cannot be unlocked with it. "
        "Restore it from a backup; nothing was changed."
    )


def practice_id(data_dir: Path) -> str:
    """The practice's own name for itself in key.json (its path, for a key file without one)."""
    found = read_key_file(data_dir).get("id")
    return found if isinstance(found, str) and found else str(key_file(data_dir))


def _slot(data_dir: Path, content: dict[str, Any], name: str) -> dict[str, Any]:
    slot = content.get(name)
    if not isinstance(slot, dict):
        raise _damaged(data_dir)
    return slot


def unwrap_slot(data_dir: Path, slot: dict[str, Any], name: str, wrapping: bytes) -> DataKey | None:
    """The data key in `slot`, or None when `wrapping` is not the key it was sealed under;
    a slot that is not whole is refused as damage."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        raw = AESGCM(wrapping).decrypt(
            _unb64(slot["nonce"]), _unb64(slot["sealed"]), _slot_label(name)
        )
        return DataKey(raw)
    except InvalidTag:
        return None
    except (KeyError, TypeError, ValueError, AttributeError):  # binascii.Error is a ValueError
        raise _damaged(data_dir) from None


def _kdf_params(data_dir: Path, slot: dict[str, Any]) -> tuple[KdfParams, bytes]:
    try:
        costs = (int(slot["time_cost"]), int(slot["memory_kib"]), int(slot["parallelism"]))
        params = KdfParams(*costs)
        salt = _unb64(slot["salt"])
    except (KeyError, TypeError, ValueError, AttributeError):
        raise _damaged(data_dir) from None
    # A key file edited to ask for 1 TB of memory or an hour of work must not hang the program.
    if not (
        1 <= params.time_cost <= 64
        and 1 <= params.parallelism <= 64
        and 8 * params.parallelism <= params.memory_kib <= 4 * 1024 * 1024
        and len(salt) >= 8
    ):
        raise _damaged(data_dir)
    return params, salt


def unlock(data_dir: Path, passphrase: str) -> DataKey:
    """The data key, unwrapped with the passphrase (Argon2id: the slow step); refused in words."""
    slot = _slot(data_dir, read_key_file(data_dir), "passphrase")
    params, salt = _kdf_params(data_dir, slot)
    key = unwrap_slot(data_dir, slot, "passphrase", passphrase_key(passphrase, salt, params))
    if key is None:
        raise WrongPassphrase(
            "That passphrase does not unlock this practice. Check Caps Lock and try again, "
            "or use the recovery code."
        )
    return key


def unlock_with_recovery_code(data_dir: Path, code: str) -> DataKey:
    """The data key, unwrapped with the recovery code; a wrong code is refused in words."""
    slot = _slot(data_dir, read_key_file(data_dir), "recovery")
    try:
        salt = _unb64(slot["salt"])
    except (KeyError, TypeError, ValueError, AttributeError):
        raise _damaged(data_dir) from None
    key = unwrap_slot(data_dir, slot, "recovery", recovery_key(code, salt))
    if key is None:
        raise WrongRecoveryCode(
            "That recovery code does not unlock this practice: it belongs to another practice, "
            "or to keys made again since it was printed."
        )
    return key


def change_passphrase(
    data_dir: Path, key: DataKey, new_passphrase: str, params: KdfParams | None = None
) -> None:
    """Wrap the data key under a new passphrase; nothing else changes (no data is re-encrypted).
    The old passphrase stops working; the recovery code and the keychain keep working."""
    slot = _passphrase_slot(key, new_passphrase, params or DEFAULT_KDF)  # the slow step, first
    write_slot(data_dir, key, "passphrase", slot)


def recover(
    data_dir: Path, code: str, new_passphrase: str, params: KdfParams | None = None
) -> DataKey:
    """For a lost passphrase: unlock with the recovery code, then set `new_passphrase`."""
    key = unlock_with_recovery_code(data_dir, code)
    change_passphrase(data_dir, key, new_passphrase, params)
    return key


def replace_recovery_code(data_dir: Path, key: DataKey) -> str:
    """A new recovery code for the practice (the old one stops working); shown once."""
    code = new_recovery_code()
    write_slot(data_dir, key, "recovery", _recovery_slot(key, code))
    return code


def write_slot(data_dir: Path, key: DataKey, name: str, slot: dict[str, Any] | None) -> None:
    """Put (or with None, take out) one wrapping of `key` in key.json, whole or not at all;
    refused when `key` is not this practice's data key. Held under the data folder's lock, so
    the practice key's first making (practice_key.py) never loses a slot written meanwhile."""
    with data_dir_lock(data_dir), keys_lock(data_dir):
        _write_slot(data_dir, key, name, slot)


@contextmanager
def keys_lock(data_dir: Path) -> Iterator[None]:
    """For a server practice's folder: hold the server's lock on its keys, with this
    computer's copy refreshed, so two computers changing them never lose one change."""
    server = SERVER_HOMES.get(data_dir.absolute())
    if server is None:
        yield
        return
    from dermadesk.core.server_keys import server_keys_lock

    with server_keys_lock(server, data_dir):
        yield


def _write_slot(data_dir: Path, key: DataKey, name: str, slot: dict[str, Any] | None) -> None:
    content = read_key_file(data_dir)
    check = content.get("key_check")
    if check is not None and not secrets.compare_digest(str(check), _key_check(key)):
        raise KeyError_(
            f"This key does not belong to the practice in {data_dir}; nothing was changed."
        )
    if slot is None:
        content.pop(name, None)
    else:
        content[name] = slot
    _write(data_dir, content)


def write_key_file(data_dir: Path, content: dict[str, Any]) -> None:
    """Replace key.json whole (on a practice server, its record there first)."""
    _write(data_dir, content)


def _write(data_dir: Path, content: dict[str, Any], share: bool = True) -> None:
    server = SERVER_HOMES.get(data_dir.absolute()) if share else None
    if server is not None:
        from dermadesk.core.server_keys import push_keys

        push_keys(server, content)
    text = json.dumps(content, indent=2) + "\n"
    write_atomically(key_file(data_dir), text.encode("utf-8"), mode=0o600)


def random_bytes(count: int) -> bytes:
    return os.urandom(count)
