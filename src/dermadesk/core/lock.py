"""The practice PIN that unlocks a locked window: kept only as a scrypt hash.

A PIN (or a longer passphrase) is never stored. What is stored is
`scrypt$<n>$<r>$<p>$<salt>$<key>`: the cost parameters travel with the hash,
so they can be raised in a later release and old hashes still verify (and
can be replaced on the next unlock, see `needs_rehash`).

Wrong attempts slow down: the first few are free (a PIN is easily mistyped
with gloves on), then each waits twice as long as the one before, up to half
a minute. The policy is a plain function so the window and the tests share it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import unicodedata
from typing import TYPE_CHECKING, Protocol

from dermadesk.core.audit import Audit, Entry
from dermadesk.core.errors import Problem, ValidationError

if TYPE_CHECKING:
    from dermadesk.core.keys import DataKey

MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 256  # scrypt takes any length; this only keeps a pasted novel out
# scrypt's cost: n=2**14, r=8 takes 16 MB and tens of milliseconds per try, slow
# enough to make guessing from a copied database expensive, quick enough to unlock.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32
_SCHEME = "scrypt"

FREE_ATTEMPTS = 3  # wrong PINs allowed before any waiting
MAX_DELAY_SECONDS = 30.0


def _normalised(pin: str) -> bytes:
    # The same letters typed on another keyboard may arrive composed differently (é).
    return unicodedata.normalize("NFC", pin).encode("utf-8")


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # OpenSSL refuses above its default 32 MB unless told; allow what these costs need.
    maxmem = 128 * r * (n + p + 2) + 1024 * 1024
    return hashlib.scrypt(_normalised(pin), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=maxmem)


def pin_problems(pin: str) -> list[str]:
    """What makes `pin` unusable as the practice PIN, in words (empty when it will do)."""
    if not pin.strip():
        return ["Type a PIN (at least 4 characters)."]
    if len(pin) < MIN_PIN_LENGTH:
        return [f"A PIN needs at least {MIN_PIN_LENGTH} characters."]
    if len(pin) > MAX_PIN_LENGTH:
        return [f"A PIN can be at most {MAX_PIN_LENGTH} characters."]
    return []


def hash_pin(pin: str) -> str:
    """The stored form of `pin`: scrypt with a new random salt; ValidationError when too short."""
    if problems := pin_problems(pin):
        raise ValidationError([Problem("pin", message) for message in problems])
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES)
    return f"{_SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != _SCHEME:
        return None
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        key = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        return None
    # Bounds keep a damaged or planted hash from asking for gigabytes.
    if not (2 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16 and key):
        return None
    return n, r, p, salt, key


def verify_pin(pin: str, stored: str) -> bool:
    """True when `pin` is the one `stored` was made from; False for anything else."""
    parsed = _parse(stored)
    if parsed is None:
        return False
    n, r, p, salt, key = parsed
    try:
        candidate = _scrypt(pin, salt, n, r, p, len(key))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(candidate, key)  # no early exit that timing could reveal


def needs_rehash(stored: str) -> bool:
    """True when `stored` was made with weaker settings than today's (to replace on unlock)."""
    parsed = _parse(stored)
    if parsed is None:
        return True
    n, r, _p, salt, key = parsed
    return n < SCRYPT_N or r < SCRYPT_R or len(salt) < SALT_BYTES or len(key) < KEY_BYTES


PIN_PURPOSE = "pin"


class PinRecord(Protocol):
    @property
    def pin_hash(self) -> str: ...
    @property
    def pin_tag(self) -> str: ...


def pin_tag(key: DataKey, pin_hash: str) -> str:
    """The data key's HMAC of the stored PIN record ("" included): in an encrypted practice a
    PIN hash planted, or removed, by someone without the key no longer matches it."""
    message = f"dermadesk pin\n{pin_hash}".encode()
    return hmac.new(key.derive(PIN_PURPOSE), message, hashlib.sha256).hexdigest()


def pin_tag_holds(key: DataKey, record: PinRecord) -> bool:
    """True when `record`'s PIN hash was stored by DermaDesk holding `key`."""
    return hmac.compare_digest(pin_tag(key, record.pin_hash), record.pin_tag)


def delay_after(failures: int) -> float:
    """Seconds to wait after `failures` wrong PINs in a row: 0, 0, 0, then 1, 2, 4, ... 30."""
    if failures <= FREE_ATTEMPTS:
        return 0.0
    return min(MAX_DELAY_SECONDS, 2.0 ** (failures - FREE_ATTEMPTS - 1))


def record_locked(audit: Audit, why: str) -> None:
    """Write to the audit trail that the window locked, and why ("after 5 idle minutes")."""
    audit.log(Entry("window.locked", detail=why))


def record_unlocked(audit: Audit, wrong_tries: int) -> None:
    """Write to the audit trail that the window was unlocked with the PIN, after how many
    wrong tries."""
    tries = (
        ""
        if not wrong_tries
        else f"after {wrong_tries} wrong tr{'y' if wrong_tries == 1 else 'ies'}"
    )
    audit.log(Entry("window.unlocked", detail=tries))
