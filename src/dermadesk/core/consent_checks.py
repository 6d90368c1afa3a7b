"""`check`'s look at signed consents: hashes, signatures, sealed copies, and deleted records.

A record's SHA-256 can be recomputed by whoever edits it; its signature by the practice key
cannot. A signature removed from a record signed under the key is caught too: the audit
trail's entry for that signing is keyed (see core.audit), so the trail proves the record was
signed while the practice had its key.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlmodel import select

from dermadesk.core.audit import KEYED
from dermadesk.core.audit_head import data_dir_of
from dermadesk.core.consent_hash import record_hash
from dermadesk.core.consent_seal import record_payload, seal_problem, seals
from dermadesk.core.db import Store
from dermadesk.core.models import ConsentRecord, ConsentTemplate
from dermadesk.core.practice_key import proved_certificate, verify_signature

_NO_CERTIFICATE = "key.json no longer holds the practice's own certificate"
_SIGNED_SQL = text("SELECT target, hash FROM audit_event WHERE action = 'consent.signed'")
_TARGET = re.compile(r"consent (\d+)\Z")


def _signed_in_trail(store: Store) -> dict[int, bool]:
    """Each consent the trail says was signed, and whether that entry is keyed."""
    found: dict[int, bool] = {}
    with store.engine.connect() as connection:
        for target, hash_ in connection.execute(_SIGNED_SQL):
            if match := _TARGET.match(target or ""):
                found[int(match.group(1))] = str(hash_).startswith(KEYED)
    return found


def tampered_records(store: Store, client_id: int | None = None) -> list[tuple[int, str]]:
    """(record id, why) for each signed consent that is not as signed."""
    certificate = proved_certificate(data_dir_of(store), store.key)
    keyed = _signed_in_trail(store) if store.key is not None else {}
    found: list[tuple[int, str]] = []
    hashes: dict[int, str] = {}
    statement = select(ConsentRecord)
    if client_id is not None:
        statement = statement.where(ConsentRecord.client_id == client_id)
    with store.reading() as session:
        templates = {t.id: t for t in session.exec(select(ConsentTemplate))}
        for record in session.exec(statement):
            assert record.id is not None
            hashes[record.id] = record.record_hash
            template = templates.get(record.template_id)
            if template is None:
                found.append((record.id, "its form version is missing"))
            elif record_hash(record, template) != record.record_hash:
                found.append((record.id, "its content no longer matches its hash"))
            elif record.signature and certificate is None:
                if store.key is not None:
                    found.append((record.id, _NO_CERTIFICATE))
            elif record.signature:
                assert certificate is not None
                if not verify_signature(
                    certificate, record_payload(record, template), record.signature
                ):
                    found.append((record.id, "its content is not what the practice signed"))
            elif keyed.get(record.id):
                found.append((record.id, "its signature by the practice was removed"))
    if certificate is not None:
        for seal in seals(store):
            if seal.record_id in hashes and (
                why := seal_problem(seal, hashes[seal.record_id], certificate)
            ):
                found.append((seal.record_id, why))
    return sorted(found)


def missing_records(store: Store) -> list[str]:
    """ "consent N" for each consent the audit trail says was signed that is gone."""
    with store.reading() as session:
        present = set(session.exec(select(ConsentRecord.id)))
    return [f"consent {n}" for n in sorted(_signed_in_trail(store)) if n not in present]


def seal_problems(store: Store) -> list[tuple[int, str]]:
    """(record id, why) for each sealed PDF whose PAdES signature does not hold (slow: pyHanko)."""
    from dermadesk.core.consent_seal import pades_problem

    certificate = proved_certificate(data_dir_of(store), store.key)
    if certificate is None:
        return []
    return [
        (seal.record_id, why)
        for seal in seals(store)
        if (why := pades_problem(seal.sealed_pdf, certificate, store.clock.now()))
    ]
