"""Every command of DESIGN's command-line contract on a practice server, as the application
role: a demo practice made by `demo` in an empty prepared database (once for the module; the
tests that only read share it), then search, lists, screening, each sheet, photos, import,
`check` (with the server's own safeguards) and the passphrase."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from dermadesk import cli
from dermadesk.core import clock as clock_module
from dermadesk.core.clock import FixedClock
from tests.cli_runner import Dermadesk
from tests.helpers import TEST_NOW, TEST_PASSPHRASE, photo_bytes
from tests.postgres_server import (
    APP_ROLE,
    ServerDatabase,
    create_database,
    drop_database,
    url,
)

DEMO_CLIENTS = 12  # two of them treated twice with a photo consent: their photos go too
# The tests that read the demo server run in one test process, which fills it once: ./dev
# test gives each module to one worker (--dist loadfile).


@dataclass(frozen=True)
class DemoServer:
    database: ServerDatabase
    data_dir: Path

    def here(self, data_dir: Path | None = None) -> tuple[str, ...]:
        return (
            "--data-dir",
            str(data_dir or self.data_dir),
            "--database-url",
            self.database.app_url,
        )


@pytest.fixture(scope="module")
def demo_server(
    postgres_socket: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoServer]:
    """An empty database prepared by its owner with `server prepare`, then filled by `demo
    --photos` as the application role, on the suite's fixed clock."""
    database = create_database(postgres_socket)
    data_dir = tmp_path_factory.mktemp("reception")
    out, err = io.StringIO(), io.StringIO()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(clock_module, "DEFAULT_CLOCK", FixedClock(TEST_NOW))
            patch.setenv("DERMADESK_PASSPHRASE", TEST_PASSPHRASE)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                admin = ("--data-dir", str(tmp_path_factory.mktemp("admin")))
                prepared = cli.main([*admin, "--database-url", database.owner_url, "server",
                                     "prepare"])  # fmt: skip
                assert prepared == 0, err.getvalue()
                here = ("--data-dir", str(data_dir), "--database-url", database.app_url)
                made = cli.main([*here, "demo", "--clients", str(DEMO_CLIENTS), "--photos"])
                assert made == 0, err.getvalue()
        told = out.getvalue()
        assert f"{DEMO_CLIENTS} clients" in told
        assert f"created on the practice server (database {database.name} on" in told
        yield DemoServer(database, data_dir)
    finally:
        drop_database(database)


def _json(dermadesk: Dermadesk, *args: str) -> object:
    ran = dermadesk(*args, "--json")
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)


def _originals_here(data_dir: Path) -> list[Path]:
    """Photo files kept in this computer's folder (its thumbnail cache aside)."""
    return [p for p in data_dir.rglob("photos/**/*") if p.is_file()]


def _pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def test_demo_fills_the_server_and_leaves_no_records_on_this_computer(
    dermadesk: Dermadesk, demo_server: DemoServer, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "treatment-room"
    listed = _json(dermadesk, *demo_server.here(elsewhere), "clients")
    assert isinstance(listed, list) and len(listed) == DEMO_CLIENTS
    assert set(listed[0]) >= {"id", "first_name", "last_name", "date_of_birth"}
    anyone = listed[7]
    found = _json(dermadesk, *demo_server.here(elsewhere), "clients", "--search",
                  anyone["last_name"][:3].lower())  # fmt: skip
    assert isinstance(found, list) and anyone["id"] in [c["id"] for c in found]
    assert not list(demo_server.data_dir.rglob("dermadesk.db"))
    assert not _originals_here(demo_server.data_dir)  # they are on the server


def test_screen_sessions_and_every_sheet_from_the_server(
    dermadesk: Dermadesk, demo_server: DemoServer, tmp_path: Path
) -> None:
    here = demo_server.here(tmp_path / "laptop")
    day = tmp_path / "day.pdf"
    printed = dermadesk(*here, "print", "day", "-o", str(day))
    assert printed.returncode == 0, printed.stderr
    clients = _json(dermadesk, *here, "clients")
    assert isinstance(clients, list)
    for client in clients:  # the first client who has been treated
        client_id = client["id"]
        sessions = _json(dermadesk, *here, "sessions", str(client_id))
        assert isinstance(sessions, list)
        if any(s["status"] == "done" for s in sessions):
            break
    done = next(s for s in sessions if s["status"] == "done")
    assert done["areas"]
    screened = _json(dermadesk, *here, "screen", str(client_id))
    assert screened["status"] in {"clear", "caution", "blocked"}  # type: ignore[index]
    name = f"{client['first_name']} {client['last_name']}"
    for sheet, words in (("consent", "Consent to microneedling"), ("prep", "Preparing for")):
        out = tmp_path / f"{sheet}.pdf"
        ran = dermadesk(*here, "print", sheet, str(client_id), "-o", str(out))
        assert ran.returncode == 0, ran.stderr
        assert words in _pdf_text(out) and name in _pdf_text(out)
    photo = tmp_path / "photo-consent.pdf"
    ran = dermadesk(*here, "print", "consent", str(client_id), "--kind", "photo", "-o", str(photo))
    assert ran.returncode == 0 and name in _pdf_text(photo)
    aftercare = tmp_path / "aftercare.pdf"
    ran = dermadesk(*here, "print", "aftercare", str(done["id"]), "-o", str(aftercare))
    assert ran.returncode == 0, ran.stderr
    assert "Areas treated" in _pdf_text(aftercare)
    assert "Consent" in _pdf_text(day)


def test_check_finds_the_demo_server_whole(dermadesk: Dermadesk, demo_server: DemoServer) -> None:
    assert _json(dermadesk, *demo_server.here(), "check") == {"ok": True, "problems": []}
    told = dermadesk(*demo_server.here(), "check")
    assert told.returncode == 0 and "All is well" in told.stdout


def _client(dermadesk: Dermadesk, here: tuple[str, ...], tmp_path: Path) -> int:
    source = tmp_path / "one.csv"
    source.write_text("first_name,last_name,date_of_birth\nIrena,Sowa,1988-04-05\n", "utf-8")
    (made,) = _json(dermadesk, *here, "clients", "import", str(source))  # type: ignore[misc]
    return int(made["id"])


def test_photos_import_on_the_server_keeps_duplicates_once_and_refuses_a_non_image(
    dermadesk: Dermadesk, server_practice_database: ServerDatabase, tmp_path: Path
) -> None:
    here = ("--data-dir", str(tmp_path / "d"), "--database-url", server_practice_database.app_url)
    client = str(_client(dermadesk, here, tmp_path))
    camera = tmp_path / "camera"
    camera.mkdir()
    (camera / "a.jpg").write_bytes(photo_bytes(shade=1))
    (camera / "b.jpg").write_bytes(photo_bytes(shade=2))
    done = dermadesk(*here, "photos", "import", client, str(camera), "--area", "cheek_left")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["a.jpg: imported.", "b.jpg: imported."]
    (camera / "notes.jpg").write_text("not a picture")
    again = dermadesk(*here, "photos", "import", client, *map(str, sorted(camera.iterdir())))
    assert again.returncode == 1
    assert "notes.jpg: this is not a picture DermaDesk can read" in again.stderr
    assert "a.jpg: this picture is in the gallery already; kept once." in again.stdout
    assert not _originals_here(tmp_path / "d")
    assert _json(dermadesk, *here, "check") == {"ok": True, "problems": []}


def test_clients_import_from_csv_and_json_into_the_server(
    dermadesk: Dermadesk, server_practice_database: ServerDatabase, tmp_path: Path
) -> None:
    here = ("--data-dir", str(tmp_path / "d"), "--database-url", server_practice_database.app_url)
    csv = tmp_path / "c.csv"
    csv.write_text("first_name,last_name,date_of_birth,active_acne\n"
                   "Anna,Lis,1990-01-02,true\nBea,Kos,1985-03-04,false\n", "utf-8")  # fmt: skip
    made = _json(dermadesk, *here, "clients", "import", str(csv))
    assert isinstance(made, list) and len(made) == 2
    blocked = _json(dermadesk, *here, "screen", str(made[0]["id"]))
    assert "active_acne" in [f["rule"] for f in blocked["findings"]]  # type: ignore[index]
    nested = tmp_path / "c.json"
    nested.write_text(json.dumps([{"first_name": "Cara", "last_name": "Wren",
                                   "date_of_birth": "1991-01-01",
                                   "screening": {"keloid_tendency": True}}]))  # fmt: skip
    assert dermadesk(*here, "clients", "import", str(nested)).returncode == 0
    names = {c["last_name"] for c in _json(dermadesk, *here, "clients")}  # type: ignore[union-attr]
    assert names == {"Lis", "Kos", "Wren"}


def _sql(database: ServerDatabase, role: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(host=database.socket, user=role, dbname=database.name) as connection:
        for statement in statements:
            connection.execute(statement)


def test_check_on_a_server_finds_its_safeguards_undone(
    dermadesk: Dermadesk, server_practice_database: ServerDatabase, tmp_path: Path
) -> None:
    database = server_practice_database
    here = ("--data-dir", str(tmp_path / "d"), "--database-url", database.app_url)
    client = _client(dermadesk, here, tmp_path)
    _sql(database, "dermadesk_owner",
         "ALTER TABLE consent_record DISABLE TRIGGER consent_record_never_changed",
         "DROP TRIGGER audit_event_never_truncated ON audit_event",
         "ALTER TABLE consent_seal ENABLE REPLICA TRIGGER consent_seal_never_changed",
         f"GRANT DELETE ON consent_seal TO {APP_ROLE}")  # fmt: skip
    _sql(database, "postgres", "SET session_replication_role = replica",
         f"DELETE FROM client WHERE id = {client}")  # fmt: skip
    ran = dermadesk(*here, "check", "--json")
    assert ran.returncode == 1
    found = json.loads(ran.stdout)["problems"]
    details = "\n".join(f"{p['kind']}: {p['detail']}" for p in found)
    assert (
        "append_only: consent_record: its trigger consent_record_never_changed is switched off"
        in details
    )
    assert "append_only: audit_event: its trigger audit_event_never_truncated is missing" in details
    assert "append_only: consent_seal: the application role may change" in details
    assert "consent_seal: its trigger consent_seal_never_changed is switched off" in details
    assert f"foreign_key: client_prefix points at client {client}, which" in details
    admin = ("--data-dir", str(tmp_path / "admin"), "--database-url", database.owner_url)
    prepared = dermadesk(*admin, "server", "prepare")
    assert prepared.returncode == 0, prepared.stderr
    assert "keep consent_record, audit_event, consent_seal unchanged were switched off" in (
        prepared.stdout
    )
    again = json.loads(dermadesk(*here, "check", "--json").stdout)["problems"]
    assert {p["kind"] for p in again} == {"foreign_key"}  # the triggers and rights put back


def test_passphrase_and_recover_on_the_server_reach_every_computer(
    dermadesk: Dermadesk,
    server_database: ServerDatabase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    database = server_database
    prepared = dermadesk("--data-dir", str(tmp_path / "admin"), "--database-url",
                         database.owner_url, "server", "prepare")  # fmt: skip
    assert prepared.returncode == 0, prepared.stderr
    reception = ("--data-dir", str(tmp_path / "reception"), "--database-url", database.app_url)
    treatment = ("--data-dir", str(tmp_path / "treatment"), "--database-url", database.app_url)
    made = _json(dermadesk, *reception, "demo", "--clients", "1")
    code = made["recovery_code"]  # type: ignore[index]
    assert dermadesk(*treatment, "clients").returncode == 0  # this computer has the keys now
    monkeypatch.setenv("DERMADESK_NEW_PASSPHRASE", "amber kettle meadow softly")
    changed = dermadesk(*reception, "passphrase")
    assert changed.returncode == 0, changed.stderr
    stale = dermadesk(*treatment, "clients")
    assert stale.returncode == 1 and "does not unlock" in stale.stderr
    monkeypatch.setenv("DERMADESK_PASSPHRASE", "amber kettle meadow softly")
    assert dermadesk(*treatment, "clients").returncode == 0
    code_file = tmp_path / "code"
    code_file.write_text(code)
    code_file.chmod(0o600)
    monkeypatch.setenv("DERMADESK_NEW_PASSPHRASE", "copper willow harbour gently")
    recovered = dermadesk(*treatment, "recover", "--recovery-code-file", str(code_file))
    assert recovered.returncode == 0, recovered.stderr
    monkeypatch.setenv("DERMADESK_PASSPHRASE", "copper willow harbour gently")
    assert dermadesk(*reception, "clients").returncode == 0


@pytest.mark.real_clock  # a real `dermadesk` process runs on the computer's clock
def test_the_real_program_on_a_server_end_to_end(
    server_practice_database: ServerDatabase, tmp_path: Path
) -> None:
    script = Path(sys.executable).with_name("dermadesk")
    database = server_practice_database
    here = [str(script), "--data-dir", str(tmp_path / "d"), "--database-url", database.app_url]
    source = tmp_path / "c.csv"
    source.write_text("first_name,last_name,date_of_birth\nOla,Brzoza,1990-03-02\n", "utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        ran = subprocess.run([*here, *args], capture_output=True, text=True, timeout=120,
                             env=dict(os.environ))  # fmt: skip
        assert "Traceback" not in ran.stderr, ran.stderr
        return ran

    imported = run("clients", "import", str(source), "--json")
    assert imported.returncode == 0, imported.stderr
    (client,) = json.loads(imported.stdout)
    found = run("clients", "--search", "brzo")
    assert found.returncode == 0 and "Brzoza, Ola" in found.stdout
    sheet = tmp_path / "prep.pdf"
    printed = run("print", "prep", str(client["id"]), "-o", str(sheet))
    assert printed.returncode == 0, printed.stderr
    assert "Ola Brzoza" in _pdf_text(sheet)
    nowhere = url(APP_ROLE, database.name, str(tmp_path / "no-server"))
    refused = subprocess.run([*here[:3], "--database-url", nowhere, "check", "--json"],
                             capture_output=True, text=True, timeout=60)  # fmt: skip
    assert refused.returncode == 1
    assert json.loads(refused.stdout)["problems"][0]["kind"] == "integrity"
