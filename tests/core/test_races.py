"""Two programs at once, as a practice runs them: the database, not Python, keeps one file
per person and each picture in one client's file. Real processes, 20 times each."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from dermadesk.core.practice import DATABASE_NAME
from tests.helpers import connect_db, details, open_practice, photo_bytes
from tests.practice_folders import folder_with_database

RUNS = int(os.environ.get("RACE_RUNS", "20"))
# Small: each round is decided when both wait for the write lock this test lets go, whatever
# the size of the file or the number of pictures (each an import that costs its own time).
ROWS = 10
PHOTOS = 6
# A process holding the database open waits for the lock when it sleeps in SQLite's busy
# handler and used no CPU for GLANCE_S; where the kernel does not say where a process sleeps,
# when it used no CPU for STILL_FOR_S (the kernel counts CPU time in 10 ms ticks).
GLANCE_S = 0.05
STILL_FOR_S = 0.3
pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


# One program that runs `dermadesk ARGS` on each data dir in turn, as the command line
# does (cli.main), and prints what each run said as one JSON list at the end. One process
# for all the rounds: starting Python 40 times would make the test slower than the races.
# It imports what the commands use, then waits for its work on stdin, so that its second of
# imports passes while the test prepares the practices.
_WORKER = """
import contextlib, io, json, sys
from dermadesk import cli
import dermadesk.core.client_import, dermadesk.core.images, dermadesk.core.practice
dirs, args = json.loads(sys.stdin.readline())
said = []
for data_dir in dirs:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--data-dir", data_dir, *args])
    said.append([code, out.getvalue(), err.getvalue()])
print(json.dumps(said))
"""


@pytest.fixture
def programs() -> Iterator[list[subprocess.Popen[str]]]:
    """Two real DermaDesk processes, started at once, ready for their work (see _race)."""
    started = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    yield started
    for run in started:  # all ended, unless the test failed before the end of its rounds
        run.kill()
        for pipe in (run.stdin, run.stdout, run.stderr):
            if pipe is not None:
                pipe.close()
        run.wait()


def _race(
    runs: list[subprocess.Popen[str]], data_dirs: list[Path], *argss: tuple[str, ...]
) -> list[list[tuple[int, str, str]]]:
    """Run the two processes over `data_dirs` in step, each with its own args: for each data
    dir, this test holds the write lock until both have done their own checks and wait for
    it, then lets go. Each round's (exit status, stdout, stderr) of both processes."""
    holders = []
    for data_dir in data_dirs:
        holder = connect_db(data_dir)
        holder.isolation_level = None  # the transaction below is this test's own
        holder.execute("BEGIN IMMEDIATE")
        holders.append(holder)
    for run, args in zip(runs, argss, strict=True):
        assert run.stdin is not None
        run.stdin.write(json.dumps([[str(d) for d in data_dirs], list(args)]) + "\n")
        run.stdin.flush()
    try:
        for data_dir, holder in zip(data_dirs, holders, strict=True):
            _wait_until_waiting(runs, data_dir / DATABASE_NAME)
            holder.execute("ROLLBACK")
            holder.close()
    finally:
        for holder in holders:
            holder.close()
    said = []
    for run in runs:
        out, err = run.communicate(timeout=240)
        assert run.returncode == 0, err
        said.append(json.loads(out))
    return [list(round_said) for round_said in zip(*said, strict=True)]


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def _waits_for_the_lock(pid: int) -> bool | None:
    """Whether the process sleeps in nanosleep, as SQLite's busy handler does between tries
    for the write lock (nothing else in DermaDesk sleeps); None where the kernel will not say."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        channel = Path(f"/proc/{pid}/wchan").read_text().strip()
    except (FileNotFoundError, IndexError):  # the process ended meanwhile
        return False
    except OSError:  # not allowed to look
        return None
    if state != "S":
        return False  # running, or waiting for the disk
    return None if channel in ("", "0") else "nanosleep" in channel


def _has_open(pid: int, path: Path) -> bool:
    folder = Path(f"/proc/{pid}/fd")
    try:
        return any(os.readlink(folder / fd) == str(path) for fd in os.listdir(folder))
    except FileNotFoundError:  # the process ended, or closed the file meanwhile
        return False


def _wait_until_waiting(runs: list[subprocess.Popen[str]], db: Path) -> None:
    """Until every run has the database open and has stopped working: it waits for the
    write lock this test holds, its own checks done."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if all(run.poll() is None and _has_open(run.pid, db) for run in runs):
            before = [_cpu_ticks(run.pid) for run in runs]
            time.sleep(GLANCE_S)
            waiting = [_waits_for_the_lock(run.pid) for run in runs]
            if None in waiting:  # the kernel does not say where they sleep: CPU time alone
                time.sleep(STILL_FOR_S - GLANCE_S)
            elif not all(waiting):
                continue
            if all(run.poll() is None for run in runs) and before == [
                _cpu_ticks(run.pid) for run in runs
            ]:
                return
        elif any(run.poll() is not None for run in runs):
            return  # one ended early: the assertions below say why
        else:
            time.sleep(0.02)
    raise AssertionError("the two imports never reached the database")


def _client_file(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["first_name", "last_name", "date_of_birth", "phone"])
        for number in range(ROWS):
            born = date(1960 + number % 40, 1 + number % 12, 1 + number % 28)
            writer.writerow([f"Ana{number}", f"Lima{number}", born.isoformat(), "07700 900123"])
    return path


def test_two_imports_of_one_file_at_once_add_everyone_once(
    programs: list[subprocess.Popen[str]], new_practice_dir: Path, tmp_path: Path
) -> None:
    """The issue's attack: `clients import` of the same file twice at once. Both runs check
    the file while neither has written; then one adds everyone and the other is refused in
    words, nothing of it saved."""
    clients = _client_file(tmp_path / "clients.csv")
    data_dirs = [folder_with_database(new_practice_dir, tmp_path / f"p{n}") for n in range(RUNS)]
    rounds = _race(
        programs,
        data_dirs,
        ("clients", "import", str(clients)),
        ("clients", "import", str(clients)),
    )
    for data_dir, said in zip(data_dirs, rounds, strict=True):
        codes = sorted(code for code, _out, _err in said)
        assert codes[0] == 0 and codes[1] != 0, (data_dir.name, said)
        refusal = next(err for code, _out, err in said if code != 0)
        assert "clients.csv was not imported" in refusal, refusal
        assert "Nothing was saved" in refusal and "did not expect" not in refusal, refusal
        with connect_db(data_dir) as raw:
            people = raw.execute("SELECT COUNT(*), COUNT(DISTINCT sort_key) FROM client").fetchone()
        raw.close()
        assert people == (ROWS, ROWS), (data_dir.name, people)


def test_the_same_photos_imported_to_two_clients_at_once_land_in_one_file_each(
    programs: list[subprocess.Popen[str]], new_practice_dir: Path, tmp_path: Path
) -> None:
    """The issue's attack: the same pictures imported to two clients at the same time.
    Every picture ends in exactly one client's file; the other run refuses it in words."""
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    for number in range(PHOTOS):
        (pictures / f"IMG_{number:03d}.jpg").write_bytes(photo_bytes(shade=number + 1))
    with open_practice(
        folder_with_database(new_practice_dir, tmp_path / "two_clients")
    ) as practice:
        assert practice.clients.create(details("Ana", "Lima")) == 1
        assert practice.clients.create(details("Bea", "Sousa")) == 2
    two_clients = tmp_path / "two_clients"
    data_dirs = [folder_with_database(two_clients, tmp_path / f"p{n}") for n in range(RUNS)]
    rounds = _race(
        programs,
        data_dirs,
        ("photos", "import", "1", str(pictures)),
        ("photos", "import", "2", str(pictures)),
    )
    for data_dir, said in zip(data_dirs, rounds, strict=True):
        with connect_db(data_dir) as raw:
            owners = raw.execute(
                "SELECT sha256, COUNT(DISTINCT client_id) FROM photo GROUP BY sha256"
            ).fetchall()
        raw.close()
        in_both = [sha for sha, files in owners if files > 1]
        assert (len(owners), len(in_both)) == (PHOTOS, 0), (data_dir.name, len(in_both))
        refusals = sum(err.count("already in another client's file") for _c, _o, err in said)
        imported = sum(out.count(": imported.") for _c, out, _e in said)
        assert (imported, refusals) == (PHOTOS, PHOTOS), (data_dir.name, said)
