"""The practice key, the sealed consent PDF and the audit head, as a reader outside DermaDesk
checks them: pyHanko's validator, pdftotext, key.json and audit-head.json read as files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dermadesk.core import keys
from dermadesk.core.audit_head import HEAD_FILE, current_head, database_head
from dermadesk.core.consent_seal import seal_consent, sealed_copy, validate_seal
from dermadesk.core.consent_signing import Signing
from dermadesk.core.consent_status import TREATMENT
from dermadesk.core.integrity import check_practice
from dermadesk.core.practice import Practice
from dermadesk.core.practice_key import certificate_fingerprint, certificate_pem, practice_key
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.settings import PracticeDetails
from tests.helpers import TEST_NOW, details, open_practice, signature

pytestmark = pytest.mark.both_stores


@pytest.fixture
def record_id(practice: Practice) -> int:
    practice.settings.set_practice_details(
        PracticeDetails(name="Skin Studio Bath", phone="01225 000000", practitioner_name="Ola")
    )
    client_id = practice.clients.create(
        details("Łucja", "Wiśniewska"), ScreeningAnswers(answered_on=TEST_NOW.date())
    )
    signing = Signing(
        client_id=client_id,
        kind=TREATMENT,
        practitioner_name="Ola",
        client_signature=signature(1),
        practitioner_signature=signature(2),
    )
    return practice.consents.sign(signing, practice.clients.latest_screening(client_id))


def test_the_sealed_copy_validates_and_shows_the_practice_certificate(
    practice: Practice, record_id: int, tmp_path: Path
) -> None:
    sealed = seal_consent(practice, record_id)
    assert sealed_copy(practice.store, record_id) == sealed
    assert seal_consent(practice, record_id) == sealed  # sealed once, kept as it was
    assert practice.sheets.signed_copy(record_id).pdf == sealed  # what is printed or saved
    certificate = certificate_pem(practice.data_dir)
    assert certificate is not None

    trusted = validate_seal(sealed, certificate)
    assert trusted.intact and trusted.valid and trusted.trusted and trusted.bottom_line
    assert "Skin Studio Bath" in trusted.signing_cert.subject.human_friendly

    untrusted = validate_seal(sealed, None)  # a reader who was not given the certificate
    assert untrusted.intact and untrusted.valid and not untrusted.trusted
    assert "Skin Studio Bath" in untrusted.signing_cert.subject.human_friendly

    pdf = tmp_path / "sealed.pdf"
    pdf.write_bytes(sealed)
    shown = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    fingerprint = certificate_fingerprint(certificate)
    assert fingerprint[:19] in " ".join(shown.split())  # the footer names the certificate
    assert check_practice(practice) == []


def test_a_consent_left_unsealed_is_found_to_seal_later(practice: Practice, record_id: int) -> None:
    from dermadesk.core.consent_seal import unsealed

    assert unsealed(practice.store) == [record_id]
    seal_consent(practice, record_id)
    assert unsealed(practice.store) == []


@pytest.mark.sqlite_only(
    reason="edits SQLite's file around its triggers; the server's attacks: test_server_store.py"
)
def test_a_sealed_pdf_replaced_in_the_database_is_caught(
    practice: Practice, record_id: int
) -> None:
    import hashlib

    from dermadesk.core.db import connect_file

    sealed = seal_consent(practice, record_id)
    forged = sealed + b"\n% an update appended by hand\n"
    assert forged != sealed
    with connect_file(practice.data_dir / "dermadesk.db", practice.key) as db:
        db.execute("DROP TRIGGER consent_seal_no_update")
        db.execute(
            "UPDATE consent_seal SET sealed_pdf = ?, pdf_sha256 = ? WHERE record_id = ?",
            (forged, hashlib.sha256(forged).hexdigest(), record_id),
        )
    assert {p.kind for p in check_practice(practice)} == {"consent_tampered"}


@pytest.mark.sqlite_only(
    reason="reads key.json in the data folder; a server practice's keys: test_server_store.py"
)
def test_the_practice_key_is_kept_wrapped_and_survives_a_new_passphrase(
    practice: Practice, data_dir: Path
) -> None:
    key = practice.key
    assert key is not None
    made = practice_key(data_dir, key, practice.clock.now())
    content = (data_dir / keys.KEY_FILE).read_text()
    assert "PRIVATE KEY" not in content and "BEGIN CERTIFICATE" in content
    keys.change_passphrase(data_dir, key, "a brand new passphrase for the practice")
    again = keys.unlock(data_dir, "a brand new passphrase for the practice")
    assert json.loads((data_dir / keys.KEY_FILE).read_text())["practice"]["certificate"] == (
        made.certificate_pem.decode()
    )
    assert made.verify(b"x", practice_key(data_dir, again, practice.clock.now()).sign(b"x"))
    with pytest.raises(keys.KeyError_, match="does not belong"):
        practice_key(data_dir, keys.DataKey.generate(), practice.clock.now())


@pytest.mark.sqlite_only(
    reason="reads audit-head.json in the data folder, and backs up (issue 16's part 7)"
)
def test_the_audit_head_follows_every_write_and_goes_into_backups(
    practice: Practice, data_dir: Path
) -> None:
    practice.clients.create(details("Ewa", "Head"), None)
    written = json.loads((data_dir / HEAD_FILE).read_text())
    assert {k: written[k] for k in ("id", "hash", "count")} == database_head(practice.store)
    assert written["hash"].startswith("hmac:")
    carried = current_head(practice)  # what a backup's manifest carries
    assert {k: carried[k] for k in ("id", "hash", "count")} == database_head(practice.store)
    assert practice.audit.key is not None and carried["signature"]


WRITER = """
import sys
from tests.helpers import details, open_practice
with open_practice(sys.argv[1]) as practice:
    for n in range(15):
        practice.clients.create(details("Proc", sys.argv[2] + "x" * n), None)
"""


def test_two_processes_writing_leave_the_newest_head(data_dir: Path) -> None:
    open_practice(data_dir).close()
    root = Path(__file__).resolve().parents[2]
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(data_dir), name], cwd=root)
        for name in ("One", "Two")
    ]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]
    with open_practice(data_dir) as practice:
        written = json.loads((data_dir / HEAD_FILE).read_text())
        assert {k: written[k] for k in ("id", "hash", "count")} == database_head(practice.store)
        assert check_practice(practice) == []
