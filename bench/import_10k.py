"""import_10k: 10,000 clients imported from one CSV file, against a bare executemany.

The value is the whole of `clients import` as the program runs it (read the file,
check every row, refuse people already on file, insert all or nothing with the
search index and audit entries). The baseline is the same rows' column values,
made beforehand, inserted by one sqlite3 executemany into the same schema (search
index triggers included) and committed: the floor the database sets.
"""

from __future__ import annotations

import csv
import sqlite3
import sys
import time
from datetime import date
from pathlib import Path

from harness import Result, benchmark
from workspace import Workspace, open_bench_practice

CLIENTS_IN_FILE = 10_000
_COLUMNS = ("first_name", "last_name", "date_of_birth", "phone", "email", "medications")


def _write_file(path: Path, today: date) -> None:
    """A CSV of CLIENTS_IN_FILE demo people, each identity once."""
    from dermadesk.core.demo_people import demo_clients
    from dermadesk.core.search import sort_key

    seen: set[tuple[str, date]] = set()
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(_COLUMNS)
        for details, _screening in demo_clients(CLIENTS_IN_FILE * 2, 7, today):
            who = (sort_key(details.first_name, details.last_name), details.date_of_birth)
            if who in seen:
                continue
            seen.add(who)
            writer.writerow([getattr(details, name) for name in _COLUMNS])
            if len(seen) == CLIENTS_IN_FILE:
                return
    raise RuntimeError("the demo names ran out before 10,000 different people")


def _bare_rows(path: Path) -> list[dict[str, object]]:
    """The client rows the import writes for `path`, computed before the clock starts."""
    from datetime import UTC, datetime

    from dermadesk.core.client_import import read_client_file
    from dermadesk.core.clients import _new_client_values
    from dermadesk.core.search import identity_key

    now = datetime.now(UTC)
    rows = []
    for row in read_client_file(path, date.today()):
        values = _new_client_values(row.details.cleaned(), now)
        values["identity_key"] = identity_key(str(values["sort_key"]), row.details.date_of_birth)
        rows.append(values)
    return rows


def measure(root: Path) -> tuple[float, float]:
    """Seconds for DermaDesk's import of 10,000 clients, and for the bare executemany."""
    from dermadesk.core.client_import import import_clients

    today = date.today()
    path = root / "clients-10k.csv"
    _write_file(path, today)
    print(
        f"  {path.stat().st_size / 1e6:.1f} MB file of {CLIENTS_IN_FILE:,} clients", file=sys.stderr
    )

    with open_bench_practice(root / "practice-import-10k") as practice:
        started = time.perf_counter()
        ids = import_clients(practice.clients, path)
        app = time.perf_counter() - started
    if len(ids) != CLIENTS_IN_FILE:
        raise RuntimeError(f"the import added {len(ids)} clients, not {CLIENTS_IN_FILE}")

    rows = _bare_rows(path)
    bare_dir = root / "practice-import-10k-bare"
    with open_bench_practice(bare_dir):
        pass  # the same schema, empty
    names = list(rows[0])
    statement = (
        f"INSERT INTO client ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})"
    )
    raw = sqlite3.connect(bare_dir / "dermadesk.db", isolation_level=None)
    try:
        raw.execute("PRAGMA synchronous = FULL")
        started = time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        raw.executemany(statement, rows)
        raw.execute("COMMIT")
        bare = time.perf_counter() - started
    finally:
        raw.close()
    print(f"  import {app:.2f} s, bare executemany {bare:.2f} s", file=sys.stderr)
    return app, bare


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory(prefix="dermadesk-import-10k-") as folder:
        measure(Path(folder))


@benchmark("import_10k", target="value < 5 s")
def bench_import_10k(workspace: Workspace) -> Result:
    """Seconds to import 10,000 clients from a CSV, against a bare executemany of the same
    rows."""
    app, bare = measure(workspace.root)
    return Result(value=app, baseline=bare, unit="s")
