"""search on a practice server (--database-url): the app's keystroke against a raw psycopg
tsquery of the same kind, on the same 50,000 demo clients filled into the server practice."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from harness import BenchError, Result
from server_practice import raw_connection, server_practice
from workspace import Workspace

if TYPE_CHECKING:
    from dermadesk.core.practice import Practice

# What the index must do for the same text: the matching ids, as FTS5's baseline reads them.
RAW_TSQUERY_SQL = "SELECT id FROM client WHERE search_vector @@ %s::tsquery AND NOT archived"


def bench_server_search(workspace: Workspace) -> Result:
    """The search benchmark on the server at workspace.database_url."""
    with server_practice(workspace) as practice, raw_connection(practice) as raw:
        return _measure(practice, raw, workspace.clients)


def _measure(practice: Practice, raw: Any, clients: int) -> Result:
    """Time the practice's keystrokes against `raw`'s (autocommit, as sqlite3 reads)."""
    from search import time_keystrokes

    from dermadesk.core.search import wanted_terms
    from dermadesk.core.server_search import tsquery

    today = practice.clock.today()

    def raw_keystroke(typed: str) -> Callable[[], object]:
        wanted = wanted_terms(typed, today)
        if wanted is None:
            raise BenchError(f"the search keystroke {typed!r} has nothing to search for")
        match = tsquery(wanted)
        return lambda: raw.execute(RAW_TSQUERY_SQL, (match,)).fetchall()

    return time_keystrokes(practice, raw_keystroke, clients)
