"""`dermadesk move-to-server URL`, then the moved practice's commands through the application
role, its backup with `--database-url`, and `restore` of it into another empty server."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from dermadesk.core.clock import FixedClock
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.server_address import REMEMBERED
from dermadesk.core.server_roles import prepare_server
from tests.cli_runner import Dermadesk
from tests.helpers import TEST_NOW, details, open_practice
from tests.postgres_server import APP_ROLE, ServerDatabase, create_database, drop_database


@pytest.fixture
def prepared(server_database: ServerDatabase, tmp_path: Path) -> ServerDatabase:
    prepare_server(server_database.owner_url, APP_ROLE, tmp_path / "admin", FixedClock(TEST_NOW))
    return server_database


def test_a_practice_moved_by_the_command_line_works_on_the_server_and_backs_up_from_it(
    dermadesk: Dermadesk, practice_dir: Path, prepared: ServerDatabase, tmp_path: Path
) -> None:
    with open_practice(practice_dir) as practice:
        answers = ScreeningAnswers(answered_on=practice.clock.today(), active_acne=True)
        client_id = practice.clients.create(details("Zofia", "Nowak"), answers)
        practice.sessions.book(client_id, practice.clock.local_now() + timedelta(days=2))
    here = ("--data-dir", str(practice_dir))
    moved = dermadesk(*here, "move-to-server", prepared.app_url)
    assert moved.returncode == 0, moved.stderr
    assert "every one checked on arrival" in moved.stdout and "read-only" in moved.stdout

    # This computer now uses the server (remembered), through the application role.
    found = dermadesk(*here, "clients", "--search", "nowak", "--json")
    assert [c["id"] for c in json.loads(found.stdout)] == [client_id], found.stderr
    screened = dermadesk(*here, "screen", str(client_id), "--json")
    assert json.loads(screened.stdout)["findings"][0]["rule"] == "active_acne"
    sessions = dermadesk(*here, "sessions", str(client_id), "--json")
    assert [s["status"] for s in json.loads(sessions.stdout)] == ["planned"]
    checked = dermadesk(*here, "check", "--json")
    assert json.loads(checked.stdout) == {"ok": True, "problems": []}, checked.stderr

    backed = dermadesk(*here, "--database-url", prepared.app_url, "backup", str(tmp_path))
    assert backed.returncode == 0, backed.stderr
    (backup,) = tmp_path.glob("*.dermadesk-backup")

    other = create_database(prepared.socket)
    try:
        prepare_server(other.owner_url, APP_ROLE, tmp_path / "admin", FixedClock(TEST_NOW))
        elsewhere = ("--data-dir", str(tmp_path / "pc2"), "--database-url", other.app_url)
        restored = dermadesk(*elsewhere, "restore", str(backup))
        assert restored.returncode == 0, restored.stderr
        assert "into the practice server" in restored.stdout
        listed = dermadesk(*elsewhere, "clients", "--json")
        assert [c["id"] for c in json.loads(listed.stdout)] == [client_id]
        again = dermadesk(*elsewhere, "restore", str(backup))
        assert again.returncode == 1 and "already holds a practice" in again.stderr
    finally:
        drop_database(other)

    # The folder, no longer the server's: read-only, and says where the practice went.
    (practice_dir / REMEMBERED).unlink()
    old = dermadesk(*here, "clients", "--search", "nowak")
    assert old.returncode == 0 and "moved to the practice server" in old.stderr
    assert prepared.name in old.stderr
    twice = dermadesk(*here, "move-to-server", prepared.app_url)
    assert twice.returncode == 1 and "moved to the practice server" in twice.stderr


@pytest.mark.parametrize(
    "address",
    [
        "postgresql+psycopg://dermadesk_app:s3cret@/{db}?host={socket}",
        "postgresql+psycopg://dermadesk_app@/{db}?host={socket}&password=s3cret",
    ],
)
def test_a_server_address_holding_a_password_is_refused_pointing_to_pgpass(
    dermadesk: Dermadesk, practice_dir: Path, prepared: ServerDatabase, address: str
) -> None:
    """A password on the command line shows in `ps` and the shell's history."""
    with open_practice(practice_dir) as practice:
        practice.clients.create(details("Zofia", "Nowak"))
    url = address.format(db=prepared.name, socket=prepared.socket)
    refused = dermadesk("--data-dir", str(practice_dir), "move-to-server", url)
    assert refused.returncode != 0
    assert "~/.pgpass" in refused.stderr and "Nothing was moved" in refused.stderr
    assert "s3cret" not in refused.stderr + refused.stdout
    assert not (practice_dir / REMEMBERED).exists()
    with open_practice(practice_dir) as practice:  # still here, and writable
        practice.clients.create(details("Łukasz", "Wiśniewski"))


def test_a_move_cut_short_after_the_server_took_it_is_finished_by_running_it_again(
    dermadesk: Dermadesk, practice_dir: Path, prepared: ServerDatabase, tmp_path: Path
) -> None:
    """As a move killed between the server's commit and the folder's mark leaves it."""
    from dermadesk.core.moved_practice import MARKER, MOVING, mark_moved
    from dermadesk.core.server_move import copy_into_server

    with open_practice(practice_dir) as practice:
        practice.clients.create(details("Zofia", "Nowak"))
        mark_moved(practice_dir, prepared.app_url, prepared.name, practice.clock, MOVING)
        origin = f"the folder {practice_dir.resolve()}"
        copy_into_server(practice, prepared.app_url, ("practice.moved_in", origin))
    with open_practice(practice_dir) as practice:
        assert practice.moved is not None and "did not finish" in practice.moved
    here = ("--data-dir", str(practice_dir))
    moved = dermadesk(*here, "move-to-server", prepared.app_url)
    assert moved.returncode == 0, moved.stderr
    assert "started earlier is finished" in moved.stdout and "read-only" in moved.stdout
    assert (practice_dir / MARKER).exists() and not (practice_dir / MOVING).exists()
