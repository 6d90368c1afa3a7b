"""search on a practice server (--database-url): the app's keystroke against a raw psycopg
tsquery of the same kind, on the same 50,000 demo clients filled into the server database."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness import BenchError, Result, info
from workspace import Workspace

if TYPE_CHECKING:
    from dermadesk.core.practice import Practice

# What the index must do for the same text: the matching ids, as FTS5's baseline reads them.
RAW_TSQUERY_SQL = "SELECT id FROM client WHERE search_vector @@ %s::tsquery AND NOT archived"


@contextlib.contextmanager
def server_practice(url: str, folder: Path) -> Iterator[Practice]:
    """The practice in the server database at `url`, migrated (the computer's own files in
    `folder`), as core/practice.py builds one; until Practice.open takes a server's URL."""
    from sqlalchemy import create_engine

    from dermadesk.core.clock import default_clock
    from dermadesk.core.db import Store, migrate
    from dermadesk.core.practice import Practice

    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    engine = create_engine(url)
    try:
        migrate(engine, folder / "backups", default_clock())
        yield Practice(folder, Store(engine, default_clock()))
    finally:
        engine.dispose()


def filled(practice: Practice, clients: int) -> None:
    """Fill the empty server database with the demo clients in bulk (`fill_demo_practice`,
    seed 1, as the SQLite practice is filled) and let the server analyse them; a database a
    run before filled with as many is used as it is."""
    from sqlalchemy import text

    from dermadesk.core.demo import fill_demo_practice

    held = practice.clients.count(include_archived=True)
    if held == clients:
        info(f"Reusing the server database's {held:,} clients")
        return
    if held:
        raise BenchError(
            f"the server database holds {held:,} clients, not {clients:,}: give an empty "
            "database, or one a run with the same --clients filled"
        )
    info(f"Filling the server database with {clients:,} demo clients...")
    started = time.perf_counter()
    fill_demo_practice(practice, clients=clients, seed=1, history=False)
    # What autovacuum does soon after a bulk load: the planner's statistics and the
    # visibility map (index-only counts).
    with practice.store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text("VACUUM ANALYZE client, client_prefix"))
    info(f"  done in {time.perf_counter() - started:.1f} s")


def bench_server_search(workspace: Workspace) -> Result:
    """The search benchmark on the server at workspace.database_url."""
    import psycopg
    from sqlalchemy.engine import make_url

    assert workspace.database_url is not None
    with server_practice(workspace.database_url, workspace.root / "server-computer") as practice:
        # The raw connection's arguments as SQLAlchemy gives them to psycopg: the same server.
        engine = practice.store.engine
        args, options = engine.dialect.create_connect_args(make_url(workspace.database_url))
        with psycopg.connect(*args, **options, autocommit=True) as raw:  # as sqlite3 reads
            return _measure(practice, raw, workspace.clients)


def _measure(practice: Practice, raw: Any, clients: int) -> Result:
    """Fill the server's practice if new, then time its keystrokes against `raw`'s."""
    from search import time_keystrokes

    from dermadesk.core.search import wanted_terms
    from dermadesk.core.server_search import tsquery

    filled(practice, clients)
    today = practice.clock.today()

    def raw_keystroke(typed: str) -> Callable[[], object]:
        wanted = wanted_terms(typed, today)
        if wanted is None:
            raise BenchError(f"the search keystroke {typed!r} has nothing to search for")
        match = tsquery(wanted)
        return lambda: raw.execute(RAW_TSQUERY_SQL, (match,)).fetchall()

    return time_keystrokes(practice, raw_keystroke, clients)
