"""The practice's signing key: an EC P-256 key and its self-signed practice certificate.

It signs what must stay provable even against someone holding the database: each signed
consent, the sealed PDF of its signed copy, and the audit trail's head. The private key is
kept in key.json under "practice", wrapped (AES-256-GCM) by a key derived from the data key,
beside the certificate. It is made the first time it is needed, so practices made before it
(and tests that never sign) get one on first use.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dermadesk.core.files import data_dir_lock
from dermadesk.core.keys import DataKey, KeyError_, keys_lock, read_key_file, write_key_file

if TYPE_CHECKING:
    from datetime import datetime

    from cryptography.hazmat.primitives.asymmetric.ec import (
        EllipticCurvePrivateKey,
        EllipticCurvePublicKey,
    )
    from cryptography.x509 import Certificate

ENTRY = "practice"
PURPOSE = "practice key"
DEFAULT_SUBJECT = "DermaDesk practice"
VALID_YEARS = 10
_LABEL = b"dermadesk practice key"


@dataclass(frozen=True)
class PracticeKey:
    """The practice's private key (in memory) and its certificate; signs and verifies."""

    private_pem: bytes
    certificate_pem: bytes

    @cached_property
    def private_key(self) -> EllipticCurvePrivateKey:
        from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePrivateKey
        from cryptography.hazmat.primitives.serialization import load_pem_private_key

        loaded = load_pem_private_key(self.private_pem, password=None)
        assert isinstance(loaded, EllipticCurvePrivateKey)
        return loaded

    @cached_property
    def certificate(self) -> Certificate:
        from cryptography.x509 import load_pem_x509_certificate

        return load_pem_x509_certificate(self.certificate_pem)

    @property
    def fingerprint(self) -> str:
        """The certificate's SHA-256 fingerprint, in groups of four hex digits."""
        return certificate_fingerprint(self.certificate_pem)

    def sign(self, data: bytes) -> str:
        """An ECDSA-SHA256 signature of `data`, base64."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec

        raw = self.private_key.sign(data, ec.ECDSA(hashes.SHA256()))
        return base64.b64encode(raw).decode("ascii")

    def verify(self, data: bytes, signature: str) -> bool:
        """True when `signature` is this key's signature of `data`."""
        return verify_signature(self.certificate_pem, data, signature)


def verify_signature(certificate_pem: bytes, data: bytes, signature: str) -> bool:
    """True when `signature` (base64 ECDSA-SHA256) was made by the certificate's key."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509 import load_pem_x509_certificate

    public = load_pem_x509_certificate(certificate_pem).public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey):
        return False
    key: EllipticCurvePublicKey = public
    try:
        key.verify(base64.b64decode(signature, validate=True), data, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):
        return False
    return True


def certificate_fingerprint(certificate_pem: bytes) -> str:
    """SHA-256 of the certificate (DER), as "AB12 CD34 …": short enough to read aloud."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509 import load_pem_x509_certificate

    digest = load_pem_x509_certificate(certificate_pem).fingerprint(hashes.SHA256()).hex().upper()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def new_practice_key(now: datetime, subject: str = "") -> PracticeKey:
    """A new P-256 key and its self-signed certificate, valid for ten years from `now`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject.strip() or DEFAULT_SUBJECT)])
    start = now - timedelta(days=1)  # a computer whose clock runs a little late still trusts it
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365 * VALID_YEARS + 3))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(private.public_key()), critical=False
        )
        .sign(private, hashes.SHA256())
    )
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return PracticeKey(private_pem, certificate.public_bytes(serialization.Encoding.PEM))


def _wrap(key: DataKey, practice_key: PracticeKey) -> dict[str, str]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(12)
    bound = _LABEL + practice_key.certificate_pem  # the certificate cannot be swapped alone
    sealed = AESGCM(key.derive(PURPOSE)).encrypt(nonce, practice_key.private_pem, bound)
    return {
        "certificate": practice_key.certificate_pem.decode("ascii"),
        "nonce": base64.b64encode(nonce).decode("ascii"),
        "sealed": base64.b64encode(sealed).decode("ascii"),
    }


def _unwrap(key: DataKey, entry: dict[str, Any]) -> PracticeKey:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        certificate = str(entry["certificate"]).encode("ascii")
        private_pem = AESGCM(key.derive(PURPOSE)).decrypt(
            base64.b64decode(entry["nonce"]),
            base64.b64decode(entry["sealed"]),
            _LABEL + certificate,
        )
    except (InvalidTag, KeyError, ValueError, TypeError):
        raise KeyError_(
            "The practice's signing key or certificate in key.json does not belong to this "
            "practice's data key. Restore key.json from a backup."
        ) from None
    return PracticeKey(private_pem, certificate)


_cache: dict[tuple[Path, DataKey], PracticeKey] = {}


def trusted_certificate(data_dir: Path, key: DataKey) -> bytes | None:
    """The practice certificate, proved by the data key (never made here); None before it
    exists. KeyError_ when key.json's certificate is not the one made with this key."""
    entry = read_key_file(data_dir).get(ENTRY)
    return None if not isinstance(entry, dict) else _unwrap(key, entry).certificate_pem


def proved_certificate(data_dir: Path, key: DataKey | None) -> bytes | None:
    """The practice certificate when the data key proves it is the practice's own; None when
    there is no key, no certificate yet, or one put in key.json by someone else."""
    if key is None:
        return None
    try:
        return trusted_certificate(data_dir, key)
    except KeyError_:
        return None


def certificate_pem(data_dir: Path) -> bytes | None:
    """The practice certificate from key.json, readable without the key (so not proved by it);
    None before it exists."""
    try:
        entry = read_key_file(data_dir).get(ENTRY)
    except KeyError_:
        return None
    return str(entry["certificate"]).encode("ascii") if isinstance(entry, dict) else None


def practice_key(
    data_dir: Path,
    key: DataKey,
    now: datetime,
    subject: str = "",
    made: Callable[[PracticeKey], None] | None = None,
) -> PracticeKey:
    """The practice's signing key, made and kept in key.json the first time it is needed;
    `made` is then called with it, under the same lock (to anchor what it will sign)."""
    data_dir = data_dir.absolute()
    if (data_dir, key) in _cache:
        return _cache[(data_dir, key)]
    entry = read_key_file(data_dir).get(ENTRY)
    if not isinstance(entry, dict):
        with data_dir_lock(data_dir), keys_lock(data_dir):  # two making it at once keep one
            content = read_key_file(data_dir)
            entry = content.get(ENTRY)
            if not isinstance(entry, dict):
                new = new_practice_key(now, subject)
                entry = _wrap(key, new)
                content[ENTRY] = entry
                write_key_file(data_dir, content)  # on a practice server, its record too
                if made is not None:
                    made(new)
    found = _unwrap(key, entry)
    _cache[(data_dir, key)] = found
    return found
