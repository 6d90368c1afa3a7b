"""Two computers of a practice, as two real processes on the test server, save the same client
file at the same moment while both write to the audit trail: one save lands, the other is
refused as a change made at another computer (nothing overwritten), and the chain verifies."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import details
from tests.postgres_server import ServerDatabase, open_server_practice

# One computer: load the file, say so, wait for the word, then save its own phone number and
# print what happened, while its audit entries go in beside the other computer's.
_COMPUTER = """
import json, sys
from dataclasses import replace
from dermadesk.core import keys
from dermadesk.core.audit import Entry
from dermadesk.core.client_details import ClientDetails
from dermadesk.core.errors import ChangedElsewhere
from tests.postgres_server import open_server_practice
keys.DEFAULT_KDF = keys.FAST_KDF_FOR_TESTS
folder, url, client_id, phone = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
practice = open_server_practice(folder, url)
practice.audit.actor = folder.rsplit("/", 1)[-1]
loaded = practice.clients.get(client_id)
print("loaded", flush=True)
sys.stdin.readline()  # both have loaded the same version: now both save
for _ in range(10):
    practice.audit.log(Entry("sheet.printed", client_id, "consent pack"))
try:
    mine = replace(ClientDetails.of(loaded), phone=phone)
    practice.clients.update(client_id, mine, version=loaded.version)
    outcome = {"saved": phone}
except ChangedElsewhere as refused:
    outcome = {"refused": str(refused), "same_computer": refused.same_computer}
for _ in range(10):
    practice.audit.log(Entry("sheet.printed", client_id, "consent pack"))
practice.close()
print(json.dumps(outcome), flush=True)
"""


@pytest.mark.real_clock
def test_two_computers_saving_one_client_at_once_overwrite_nothing(
    tmp_path: Path, server_practice_database: ServerDatabase
) -> None:
    url = server_practice_database.app_url
    with open_server_practice(tmp_path / "setup", url) as practice:
        client_id = practice.clients.create(details("Zofia", "Nowakowska", phone="07700 900000"))
    phones = {"reception": "07700 900111", "treatment-room": "07700 900222"}
    computers = {
        name: subprocess.Popen(
            [sys.executable, "-c", _COMPUTER, str(tmp_path / name), url, str(client_id), phone],
            cwd=Path(__file__).parents[2],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name, phone in phones.items()
    }
    for computer in computers.values():
        assert computer.stdout is not None and computer.stdout.readline().strip() == "loaded"
    for computer in computers.values():
        assert computer.stdin is not None
        computer.stdin.write("go\n")
        computer.stdin.flush()
    outcomes = {}
    for name, computer in computers.items():
        out, _ = computer.communicate(timeout=120)
        assert computer.returncode == 0
        outcomes[name] = json.loads(out.strip().splitlines()[-1])

    winners = [name for name, outcome in outcomes.items() if "saved" in outcome]
    losers = [name for name, outcome in outcomes.items() if "refused" in outcome]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert f"by {winners[0]}" in outcomes[losers[0]]["refused"]  # who, in words
    with open_server_practice(tmp_path / "check", url) as practice:
        assert practice.clients.get(client_id).phone == phones[winners[0]]  # nothing overwritten
        printed = [e for e in practice.audit.events(limit=None) if e.action == "sheet.printed"]
        assert len(printed) == 40
        assert practice.audit.broken_links() == []
