"""SQLCipher's cost (`--encrypted`): search and the window's start on the encrypted practice, each
against the same on the plain one in the same run, and the passphrase's Argon2id on its own."""

from __future__ import annotations

import compileall
import gc
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from harness import SCRIPTS, BenchError, Result, benchmark, child_env, info, p95, percentile
from search import FIRST_SCREEN, SEARCH_CLIENTS, SEARCH_ROUNDS, SEARCH_WARMUP, search_keystrokes
from startup import STARTUP_RUNS
from workspace import BENCH_PASSPHRASE, Workspace, open_bench_practice


@benchmark("search_encrypted", target="ratio <= 1.3")
def bench_search_encrypted(workspace: Workspace) -> Result:
    """p95 ms of a search keystroke (as `search` times the app's) on the encrypted practice,
    against the same keystrokes on the plain one; the two take turns going first."""
    plain_dir, encrypted_dir = workspace.practice_50k, workspace.practice_50k_encrypted
    with open_bench_practice(plain_dir) as plain, open_bench_practice(encrypted_dir) as secret:
        sought = random.Random(7).sample(plain.clients.search_ids(""), SEARCH_CLIENTS)
        rows = plain.clients.summaries(sought)
        keystrokes = search_keystrokes(
            [(rows[i].first_name, rows[i].last_name, rows[i].phone, rows[i].date_of_birth)
             for i in sought]
        )  # fmt: skip

        def keystroke(practice_clients, typed: str) -> float:  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            query = practice_clients.query(typed)
            practice_clients.summaries(query.ids(0, FIRST_SCREEN))
            return time.perf_counter() - started

        for typed in keystrokes[:SEARCH_WARMUP]:
            keystroke(plain.clients, typed)
            keystroke(secret.clients, typed)
        info(f"Timing {len(keystrokes)} keystrokes, plain and encrypted, {SEARCH_ROUNDS} rounds...")
        times: dict[str, list[list[float]]] = {
            "plain": [[] for _ in keystrokes],
            "encrypted": [[] for _ in keystrokes],
        }
        for round_ in range(SEARCH_ROUNDS):
            gc.collect()
            for i, typed in enumerate(keystrokes):
                order = (("plain", plain), ("encrypted", secret))
                for label, practice in order if (i + round_) % 2 else order[::-1]:
                    times[label][i].append(keystroke(practice.clients, typed))
    ms = {label: [statistics.median(t) * 1000 for t in runs] for label, runs in times.items()}
    for label, figures in ms.items():
        info(
            f"  {label}: median {statistics.median(figures):.2f} ms, p95 {p95(figures):.2f} ms, "
            f"p99 {percentile(figures, 99):.2f} ms, max {max(figures):.2f} ms"
        )
    more = (
        ("p99_ms", percentile(ms["encrypted"], 99)),
        ("p99_baseline_ms", percentile(ms["plain"], 99)),
        ("worst_ms", max(ms["encrypted"])),
        ("worst_baseline_ms", max(ms["plain"])),
    )
    return Result(value=p95(ms["encrypted"]), baseline=p95(ms["plain"]), unit="ms", more=more)


def _window_start(data_dir: Path, env: dict[str, str]) -> tuple[float, dict[str, float]]:
    """Wall ms of scripts/startup_unlock.py on `data_dir` (launch to exit), and what it timed
    inside (ms): the typing, the KDF, from "passphrase given" to the list painted."""
    command = [sys.executable, str(SCRIPTS / "startup_unlock.py"), str(data_dir), BENCH_PASSPHRASE]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        raise BenchError("the window did not reach its client list within 120 s") from None
    wall_ms = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip()[-2000:]
        raise BenchError(f"the window exited with status {done.returncode}:\n{output}")
    marks = json.loads(done.stdout.strip().splitlines()[-1])
    return wall_ms, marks


@benchmark("startup_encrypted", target="ratio <= 1.2 (the KDF apart)")
def bench_startup_encrypted(workspace: Workspace) -> Result:
    """Median ms of the window's start on the encrypted practice, its unlock screen answered
    as a person would (passphrase typed, Enter), to the client list painted, less the typing
    and the Argon2id unlock (timed on their own), against the same start on the plain
    practice, the two alternating. From "passphrase given" to the list painted is printed
    and kept as `given_to_painted_ms`, with and without the KDF."""
    import dermadesk

    plain_dir, encrypted_dir = workspace.practice_50k, workspace.practice_50k_encrypted
    compileall.compile_dir(Path(dermadesk.__file__).parent, quiet=1)  # as startup.py does
    env = child_env(DERMADESK_QUIT_WHEN_READY="1")
    env.pop("DERMADESK_PASSPHRASE", None)  # the window unlocks with it without asking
    _window_start(plain_dir, env)  # untimed: the OS file cache, first-start files
    _window_start(encrypted_dir, env)
    plain_ms: list[float] = []
    sealed_ms: list[float] = []
    inside: list[dict[str, float]] = []
    info(f"Timing {STARTUP_RUNS} window starts each, plain and encrypted, alternating...")
    for run in range(STARTUP_RUNS):
        for data_dir in (plain_dir, encrypted_dir) if run % 2 else (encrypted_dir, plain_dir):
            wall, marks = _window_start(data_dir, env)
            if data_dir == plain_dir:
                plain_ms.append(wall)
                continue
            if "given" not in marks:
                raise BenchError(
                    "the window opened the encrypted practice without its unlock screen"
                )
            inside.append(marks)
            sealed_ms.append(wall - marks["typing"] - marks["kdf"])
    kdf = [m["kdf"] for m in inside]
    given = [m["given_to_painted"] for m in inside]
    opening = [m["given_to_painted"] - m["kdf"] for m in inside]
    for label, figures in (
        ("plain start", plain_ms),
        ("encrypted start, less typing and KDF", sealed_ms),
        ("passphrase given to list painted", given),
        ("of which the KDF", kdf),
    ):
        info(f"  {label}: " + ", ".join(f"{t:.0f}" for t in figures) + " ms")
    more = (
        ("kdf_ms", statistics.median(kdf)),
        ("given_to_painted_ms", statistics.median(given)),
        (
            "given_to_painted_minus_kdf_ms",
            statistics.median(opening),
        ),
    )
    return Result(statistics.median(sealed_ms), statistics.median(plain_ms), "ms", more)
