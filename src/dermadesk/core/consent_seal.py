"""Signatures no one can forge on signed consents: the record's, and the sealed PDF.

At signing, the record's canonical form is signed with the practice key (ECDSA-SHA256).
Just after, its signed copy is laid out and sealed as a PAdES signature (pyHanko) with the
practice certificate; the sealed bytes are kept with a signature binding their SHA-256 to the
record's hash. Whoever holds the database but not the key can change a record and recompute
its SHA-256, but cannot sign it again: `check` reports it as consent_tampered.

pyHanko costs about a second to import, so it is imported only when a seal is made or read.
"""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import select

from dermadesk.core.consent_hash import canonical_form
from dermadesk.core.errors import NotFoundError

if TYPE_CHECKING:
    from dermadesk.core.db import Store
    from dermadesk.core.models import ConsentRecord, ConsentSeal, ConsentTemplate
    from dermadesk.core.practice import Practice
    from dermadesk.core.practice_key import PracticeKey

SEAL_FIELD = "DermaDeskPracticeSeal"


def record_payload(record: ConsentRecord, template: ConsentTemplate) -> bytes:
    """What the practice key signs for a record: its canonical form, under a label."""
    return b"dermadesk consent record\n" + canonical_form(record, template)


def seal_payload(record_id: int, record_hash: str, pdf_sha256: str) -> bytes:
    """What the practice key signs for a sealed copy: the record it is of, and its bytes' hash."""
    return f"dermadesk consent seal\n{record_id}\n{record_hash}\n{pdf_sha256}".encode()


def seal_pdf(pdf: bytes, signer: PracticeKey, reason: str = "") -> bytes:
    """`pdf` with a PAdES signature by the practice key (about 135 ms, after the import)."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    certificate = asn1_x509.Certificate.load(
        signer.certificate.public_bytes(serialization.Encoding.DER)
    )
    private = asn1_keys.PrivateKeyInfo.load(
        signer.private_key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    pdf_signer = signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=private,
        cert_registry=SimpleCertificateStore.from_certs([certificate]),  # type: ignore[no-untyped-call]
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or "Signed consent, sealed by the practice",
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    out = signers.sign_pdf(writer, metadata, signer=pdf_signer)
    return bytes(out.getvalue())


def seal_consent(practice: Practice, record_id: int) -> bytes:
    """Seal the signed copy of consent `record_id` and keep it; the sealed PDF (already sealed:
    the one kept). A plain practice, which has no practice key, cannot seal."""
    from dermadesk.core.audit_head import signing_key
    from dermadesk.core.models import ConsentSeal

    if (kept := sealed_copy(practice.store, record_id)) is not None:
        return kept
    key = practice.store.key
    if key is None:
        raise NotFoundError("A practice that is not encrypted has no key to seal consents with.")
    signer = signing_key(practice.store, key)
    record = practice.consents.record(record_id)
    copy = practice.sheets.signed_copy(record_id, today=_local_day(record.signed_at))
    sealed = seal_pdf(copy.pdf, signer)
    digest = hashlib.sha256(sealed).hexdigest()
    seal = ConsentSeal(
        record_id=record_id,
        sealed_at=practice.clock.now(),
        pdf_sha256=digest,
        sealed_pdf=sealed,
        signature=signer.sign(seal_payload(record_id, record.record_hash, digest)),
    )
    with practice.store.writing() as session:
        if session.get(ConsentSeal, record_id) is not None:  # sealed meanwhile elsewhere
            return session.get(ConsentSeal, record_id).sealed_pdf  # type: ignore[union-attr]
        session.add(seal)
    return sealed


def _local_day(moment: datetime) -> date:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone().date()


def sealed_copy(store: Store, record_id: int) -> bytes | None:
    """The sealed PDF kept for consent `record_id`; None when it was not sealed."""
    from dermadesk.core.models import ConsentSeal

    with store.reading() as session:
        seal = session.get(ConsentSeal, record_id)
        return None if seal is None else seal.sealed_pdf


def unsealed(store: Store) -> list[int]:
    """Consents signed by the practice key whose copy was not sealed (the program closed, or
    the sealing failed, just after signing), oldest first."""
    from sqlalchemy import text

    query = text(
        "SELECT id FROM consent_record WHERE signature != '' "
        "AND id NOT IN (SELECT record_id FROM consent_seal) ORDER BY id"
    )
    with store.engine.connect() as connection:
        return [int(row[0]) for row in connection.execute(query)]


def seals(store: Store) -> list[ConsentSeal]:
    """Every seal kept, by record."""
    from dermadesk.core.models import ConsentSeal

    with store.reading() as session:
        return list(session.exec(select(ConsentSeal)))


def seal_problem(seal: ConsentSeal, record_hash: str, certificate_pem: bytes) -> str | None:
    """Why `seal` is not what the practice sealed, in words; None when it holds (its bytes'
    hash and signature only: see `pades_problem` for the PDF's own signature)."""
    from dermadesk.core.practice_key import verify_signature

    if hashlib.sha256(seal.sealed_pdf).hexdigest() != seal.pdf_sha256:
        return "its sealed PDF was changed"
    payload = seal_payload(seal.record_id, record_hash, seal.pdf_sha256)
    if not verify_signature(certificate_pem, payload, seal.signature):
        return "its sealed PDF is not the one the practice sealed"
    return None


def pades_problem(pdf: bytes, certificate_pem: bytes, moment: datetime) -> str | None:
    """Why the PDF's PAdES seal does not hold under the practice certificate at `moment`; None
    when it does."""
    status = validate_seal(pdf, certificate_pem, moment)
    if status is None:
        return "its PDF carries no seal"
    if not (status.intact and status.valid and status.trusted):
        return "its PDF's seal does not hold"
    return None


def validate_seal(pdf: bytes, certificate_pem: bytes | None, moment: datetime | None = None) -> Any:
    """pyHanko's validation of the PDF's seal (trusting the practice certificate when given),
    as of `moment` (the practice's clock; pyHanko's own by default); None when it has none."""
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    if not reader.embedded_signatures:
        return None
    trusted = []
    if certificate_pem is not None:
        _, _, der = pem.unarmor(certificate_pem)
        trusted = [asn1_x509.Certificate.load(der)]
    context = ValidationContext(trust_roots=trusted, allow_fetching=False, moment=moment)
    return validate_pdf_signature(reader.embedded_signatures[0], context)
