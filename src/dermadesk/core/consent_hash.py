"""What makes a signed consent provable: a SHA-256 over a canonical form of everything
signed, the form's text and version included."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from dermadesk.core.models import ConsentRecord, ConsentTemplate, utc_iso
from dermadesk.core.records import ConsentForm, SignedConsent
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.screening_rules import CUSTOM_PREFIX


def _sha256(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data is not None else None


def answers_json(answers: ScreeningAnswers | None) -> str:
    """The screening answers a treatment consent keeps, as sorted JSON ("" for none)."""
    if answers is None:
        return ""
    values = {
        "answered_on": answers.answered_on,
        "question_set": answers.question_set,
        **answers.answers(),
        **{CUSTOM_PREFIX + slug: answer for slug, answer in answers.custom},
    }
    return json.dumps(
        {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()},
        sort_keys=True,
        ensure_ascii=False,
    )


def canonical_form(
    record: ConsentRecord | SignedConsent, template: ConsentTemplate | ConsentForm
) -> bytes:
    """The bytes the record's hash is taken over: every signed fact, in a fixed order.

    Binary parts (signatures, scan) enter by their own SHA-256; the template
    enters by id, version and a hash of its text, so a changed form is caught
    too. Keys are sorted and the JSON has no spaces, so the same record always
    gives the same bytes.
    """
    document = {
        "answers": json.loads(record.answers) if record.answers else None,
        "client_date_of_birth": record.client_date_of_birth.isoformat(),
        "client_id": record.client_id,
        "client_name": record.client_name,
        "client_signature": _sha256(record.client_signature),
        "form_text": record.form_text,
        "kind": record.kind,
        "method": record.method,
        "paper_scan": _sha256(record.paper_scan),
        "paper_scan_name": record.paper_scan_name,
        "photo_levels": sorted(json.loads(record.photo_levels)),
        "practitioner_name": record.practitioner_name,
        "practitioner_signature": _sha256(record.practitioner_signature),
        "signed_at": utc_iso(record.signed_at),
        "template": {
            "id": template.id,
            "kind": template.kind,
            "text_sha256": hashlib.sha256(_template_text(template).encode()).hexdigest(),
            "version": template.version,
        },
        "witness_name": record.witness_name,
        "witness_signature": _sha256(record.witness_signature),
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _template_text(template: ConsentTemplate | ConsentForm) -> str:
    """The form's text as hashed: its questions too, on forms that keep them (older forms'
    hashes stay as they were)."""
    text = f"{template.title}\n{template.body}"
    return f"{text}\n{template.questions}" if template.questions else text


def record_hash(
    record: ConsentRecord | SignedConsent, template: ConsentTemplate | ConsentForm
) -> str:
    """The SHA-256 (hex) that proves the record unchanged."""
    return hashlib.sha256(canonical_form(record, template)).hexdigest()
