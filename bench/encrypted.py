"""SQLCipher's cost (`--encrypted`): search and opening on the encrypted practice, each against
the same work on the plain one in the same run, and the passphrase's Argon2id on its own."""

from __future__ import annotations

import gc
import random
import statistics
import time

from harness import Result, benchmark, info, p95, percentile
from search import FIRST_SCREEN, SEARCH_CLIENTS, SEARCH_ROUNDS, SEARCH_WARMUP, search_keystrokes
from workspace import BENCH_PASSPHRASE, Workspace, bench_key, open_bench_practice

OPEN_RUNS = 9  # timed opens of each, alternating, after one of each untimed


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


@benchmark("startup_encrypted", target="ratio <= 1.2")
def bench_startup_encrypted(workspace: Workspace) -> Result:
    """Median ms from "passphrase given" (the key unlocked) to the client list's first screen
    read: open the practice, count it, read its first 40 rows; against the plain practice.
    Argon2id's unlock is timed on its own (`kdf_ms`). In-process: the window's start-up with
    the unlock screen is the window part's."""
    plain_dir, encrypted_dir = workspace.practice_50k, workspace.practice_50k_encrypted
    kdf_ms = []
    for _ in range(3):
        started = time.perf_counter()
        key = bench_key(encrypted_dir)
        kdf_ms.append((time.perf_counter() - started) * 1000)
    info(f"  Argon2id unlock ({BENCH_PASSPHRASE!r}): " + ", ".join(f"{t:.0f}" for t in kdf_ms))

    def open_to_first_screen(data_dir, given_key) -> float:  # type: ignore[no-untyped-def]
        from dermadesk.core.practice import Practice

        started = time.perf_counter()
        with Practice.open(data_dir, key=given_key) as practice:
            query = practice.clients.query("")
            practice.clients.summaries(query.ids(0, 40))
        return (time.perf_counter() - started) * 1000

    open_to_first_screen(plain_dir, None)
    open_to_first_screen(encrypted_dir, key)
    plain_ms, encrypted_ms = [], []
    for run in range(OPEN_RUNS):
        gc.collect()
        if run % 2:
            plain_ms.append(open_to_first_screen(plain_dir, None))
            encrypted_ms.append(open_to_first_screen(encrypted_dir, key))
        else:
            encrypted_ms.append(open_to_first_screen(encrypted_dir, key))
            plain_ms.append(open_to_first_screen(plain_dir, None))
    for label, figures in (("plain", plain_ms), ("encrypted", encrypted_ms)):
        info(f"  {label}: " + ", ".join(f"{t:.0f}" for t in figures) + " ms")
    return Result(
        value=statistics.median(encrypted_ms),
        baseline=statistics.median(plain_ms),
        unit="ms",
        more=(("kdf_ms", statistics.median(kdf_ms)),),
    )
