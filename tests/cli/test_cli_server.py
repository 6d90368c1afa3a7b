"""The command line on a practice server: `--database-url`, DERMADESK_DATABASE_URL, the
address remembered per computer, and `server prepare` for the administrator."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.server_address import DATABASE_URL_ENV, REMEMBERED
from tests.cli_runner import Dermadesk
from tests.helpers import details
from tests.postgres_server import (
    APP_ROLE,
    ServerDatabase,
    create_database,
    drop_database,
    open_server_practice,
)


def _with_a_client(data_dir: Path, database: ServerDatabase) -> int:
    with open_server_practice(data_dir, database.app_url) as practice:
        answers = ScreeningAnswers(answered_on=practice.clock.today(), active_acne=True)
        client_id = practice.clients.create(details("Zofia", "Nowak"), answers)
        practice.sessions.book(client_id, practice.clock.local_now() + timedelta(days=2))
        return client_id


def test_screen_sessions_and_check_work_against_the_server(
    dermadesk: Dermadesk, tmp_path: Path, server_practice_database: ServerDatabase
) -> None:
    database = server_practice_database
    client_id = _with_a_client(tmp_path / "reception", database)
    here = ("--data-dir", str(tmp_path / "treatment-room"), "--database-url", database.app_url)
    screened = dermadesk(*here, "screen", str(client_id), "--json")
    assert screened.returncode == 0, screened.stderr
    assert json.loads(screened.stdout)["findings"][0]["rule"] == "active_acne"
    sessions = dermadesk(*here, "sessions", str(client_id), "--json")
    assert [s["status"] for s in json.loads(sessions.stdout)] == ["planned"]
    checked = dermadesk(*here, "check", "--json")
    assert json.loads(checked.stdout) == {"ok": True, "problems": []}, checked.stderr
    assert not (tmp_path / "treatment-room" / "dermadesk.db").exists()


def test_the_server_is_remembered_per_computer_without_its_password(
    dermadesk: Dermadesk, tmp_path: Path, server_practice_database: ServerDatabase
) -> None:
    database = server_practice_database
    client_id = _with_a_client(tmp_path / "reception", database)
    computer = tmp_path / "treatment-room"
    with_password = database.app_url.replace(f"{APP_ROLE}@", f"{APP_ROLE}:not-needed@")
    given = ("--data-dir", str(computer), "--database-url", with_password)
    first = dermadesk(*given, "screen", str(client_id))
    assert first.returncode == 0, first.stderr
    remembered = (computer / REMEMBERED).read_text("utf-8")
    assert database.name in remembered
    assert "not-needed" not in remembered
    later = dermadesk("--data-dir", str(computer), "sessions", str(client_id), "--json")
    assert later.returncode == 0, later.stderr
    assert len(json.loads(later.stdout)) == 1


def test_the_environment_names_the_server(
    dermadesk: Dermadesk,
    tmp_path: Path,
    server_practice_database: ServerDatabase,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client_id = _with_a_client(tmp_path / "reception", server_practice_database)
    monkeypatch.setenv(DATABASE_URL_ENV, server_practice_database.app_url)
    ran = dermadesk("--data-dir", str(tmp_path / "laptop"), "screen", str(client_id), "--json")
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["status"] == "caution"


def test_prepare_then_a_command_on_an_empty_server_says_what_to_do(
    dermadesk: Dermadesk, tmp_path: Path, postgres_socket: str
) -> None:
    database = create_database(postgres_socket)
    try:
        here = ("--data-dir", str(tmp_path / "admin"))
        prepared = dermadesk(*here, "--database-url", database.owner_url, "server", "prepare")
        assert prepared.returncode == 0, prepared.stderr
        assert f"the role {APP_ROLE} may use them" in prepared.stdout
        refused = dermadesk(*here, "--database-url", database.app_url, "screen", "1")
        assert refused.returncode == 1
        assert "holds no practice yet" in refused.stderr
        assert "Traceback" not in refused.stderr
    finally:
        drop_database(database)


def test_an_unreachable_server_is_a_plain_error(dermadesk: Dermadesk, tmp_path: Path) -> None:
    nowhere = f"postgresql+psycopg://{APP_ROLE}@/practice?host={tmp_path / 'no-server'}"
    ran = dermadesk("--data-dir", str(tmp_path / "d"), "--database-url", nowhere, "screen", "1")
    assert ran.returncode == 1
    assert "cannot be reached" in ran.stderr


def test_a_new_practice_on_a_server_not_prepared_says_to_prepare_it(
    dermadesk: Dermadesk, tmp_path: Path, server_database: ServerDatabase
) -> None:
    here = ("--data-dir", str(tmp_path / "reception"), "--database-url", server_database.app_url)
    ran = dermadesk(*here, "demo", "--clients", "3")
    assert ran.returncode == 1
    assert "server prepare" in ran.stderr
    assert "Traceback" not in ran.stderr
    assert not list((tmp_path / "reception").rglob("key.json"))  # nothing half made
