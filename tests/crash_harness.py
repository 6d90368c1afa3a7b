"""Crash testing the way SQLite tests itself: kill a writer at random moments, then look.

    python tests/crash_harness.py DATA_DIR KILLS SEED

Prepares a practice in DATA_DIR (new, or a copy of a new one), then KILLS times
forks a child that imports photos, signs consents and saves sessions in a loop,
reporting each one the moment the core call returns (committed), and kills it with SIGKILL a random
moment after it has reported one to four commits (so the kills land inside
writes whatever the machine's speed). After every kill it opens the practice again (SQLite recovers
its WAL) and confirms every reported write is there, whole; every FULL_CHECK_EVERY kills,
and at the end, it runs the whole `check` too and moves the orphan files a killed import may
leave to quarantine (DESIGN allows exactly that). Damage a kill leaves stays until then (a torn
page, a missing file, a broken chain do not mend themselves), so a check every few kills finds
all a check after each would, without reading every photo and consent fifty times over.
Prints one JSON summary on stdout.

A separate process (not the test process, which may hold Qt's threads) so
that forking is safe; forking after the imports keeps each round quick.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dermadesk.core.clock import FixedClock
from dermadesk.core.consent_signing import Signing
from dermadesk.core.consent_status import TREATMENT
from dermadesk.core.integrity import check_practice
from dermadesk.core.models import Photo
from dermadesk.core.photo_tags import PhotoTags
from dermadesk.core.practice import Practice
from dermadesk.core.screening import ScreeningAnswers
from dermadesk.core.session_records import AreaNote, SessionRecord, SessionStatus
from tests.helpers import TEST_NOW, details, open_practice, photo_bytes, signature

CLIENTS = 4
PICTURES = 160  # a child writes at most a handful before its kill: 50 rounds use fewer
FULL_CHECK_EVERY = 5
KINDS = ("photo", "consent", "session")


def prepare(data_dir: Path, pictures: Path) -> list[int]:
    """A practice with a few screened clients, one write of each kind already made (so each
    child forked later has what those writes import loaded, and starts writing at once), and
    a pool of different pictures to import."""
    pictures.mkdir()
    for number in range(PICTURES + 1):
        (pictures / f"{number}.jpg").write_bytes(photo_bytes(shade=number, size=(480, 320)))
    first = pictures / f"{PICTURES}.jpg"
    with open_practice(data_dir, FixedClock(TEST_NOW)) as practice:
        today = TEST_NOW.date()
        ids = [
            practice.clients.create(details(f"Client{n}"), ScreeningAnswers(answered_on=today))
            for n in range(CLIENTS)
        ]
        rng = random.Random(0)
        for kind in KINDS:
            write(practice, kind, first, ids, rng)
    first.unlink()  # not one of the pool the children draw from
    return ids


def write(
    practice: Practice, kind: str, source: Path, clients: list[int], rng: random.Random
) -> str:
    """One write of `kind` (a photo imports `source`); what was committed, in words."""
    client = rng.choice(clients)
    today = TEST_NOW.date()
    if kind == "photo":
        owner = clients[int(source.stem) % len(clients)]  # a picture is one client's
        outcome = practice.photos.import_file(owner, source, PhotoTags(area="forehead"))
        return f"photo {outcome.photo_id}"
    if kind == "consent":
        record = practice.consents.sign(
            Signing(
                client_id=client,
                kind=TREATMENT,
                practitioner_name="Dr Ola Nowak",
                client_signature=signature(rng.randint(0, 50)),
                practitioner_signature=signature(1),
            ),
            practice.clients.latest_screening(client),
        )
        return f"consent {record}"
    booked = practice.sessions.book(client, TEST_NOW.replace(microsecond=0))
    practice.sessions.start(booked, "Discussed with the client: crash test", "Dr Ola Nowak", today)
    notes = (AreaNote("forehead", 0.5, 2), AreaNote("cheek_left", 1.0, 3))
    practice.sessions.save(booked, SessionRecord(areas=notes), done=True)
    return f"session {booked}"


def work(data_dir: Path, pictures: Path, clients: list[int], seed: int, report: int) -> None:
    """The child: write, and say what was committed, until killed."""
    rng = random.Random(seed)
    sources = sorted(pictures.iterdir())
    rng.shuffle(sources)
    # The child runs on the suite's moment too, so the parent's answers are never "future".
    with open_practice(data_dir, FixedClock(TEST_NOW)) as practice:
        for source in sources:
            written = write(practice, rng.choice(KINDS), source, clients, rng)
            os.write(report, f"{written}\n".encode())


def verify(data_dir: Path, committed: list[str], full: bool) -> tuple[list[str], int]:
    """Problems found after a crash (beyond orphans; the whole `check` when `full`), and how
    many orphans were quarantined."""
    found: list[str] = []
    moved: list[Path] = []
    with open_practice(data_dir, FixedClock(TEST_NOW)) as practice:
        if full:
            problems = check_practice(practice)
            orphans = [p for p in problems if p.kind == "orphan_file"]
            found += [f"{p.kind}: {p.detail}" for p in problems if p.kind != "orphan_file"]
            moved = practice.photos.quarantine_orphans() if orphans else []
        with practice.store.reading() as session:
            for line in committed:
                kind, _, number = line.partition(" ")
                record_id = int(number)
                if kind == "photo" and session.get(Photo, record_id) is None:
                    found.append(f"photo {record_id} was reported imported but is gone")
                elif kind == "consent" and not practice.consents.verify(record_id):
                    found.append(f"consent {record_id} was reported signed but is not whole")
                elif kind == "session":
                    row = practice.sessions.get(record_id)
                    areas = practice.sessions.record(record_id).areas
                    if row.status != SessionStatus.DONE or len(areas) != 2:
                        found.append(f"session {record_id} was reported saved but is not")
    return found, len(moved)


def main() -> int:
    data_dir, kills, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    pictures = data_dir.parent / "pictures"
    clients = prepare(data_dir, pictures)
    rng = random.Random(seed)
    committed: list[str] = []
    problems: list[str] = []
    orphans = 0
    started = time.perf_counter()
    for round_number in range(kills):
        read_end, write_end = os.pipe()
        child = os.fork()
        if child == 0:  # the writer
            os.close(read_end)
            try:
                work(data_dir, pictures, clients, seed * 1000 + round_number, write_end)
            finally:
                os._exit(0)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as lines:
            # Kill after the child has reported a few commits, a random moment into the next
            # write: the kills land inside writes however fast or slow the machine is.
            this_round = []
            for _ in range(rng.randint(1, 4)):
                line = lines.readline()
                if not line:
                    break  # the child ended early (it has no more pictures)
                this_round.append(line.decode().strip())
            time.sleep(rng.uniform(0, 0.04))
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            this_round += [line.decode().strip() for line in lines if line.strip()]
        committed += this_round
        full = (round_number + 1) % FULL_CHECK_EVERY == 0
        found, moved = verify(data_dir, this_round, full)
        orphans += moved
        problems += [f"after kill {round_number + 1}: {problem}" for problem in found]
    found, _ = verify(data_dir, committed, full=True)  # and at the end, all ever reported
    problems += [f"at the end: {problem}" for problem in found]
    kinds = {kind: sum(line.startswith(kind) for line in committed) for kind in
             ("photo", "consent", "session")}  # fmt: skip
    summary = {
        "kills": kills,
        "committed": kinds,
        "orphans_quarantined": orphans,
        "problems": problems,
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
