"""The practice server the benchmarks run on with --database-url, built as the app builds it.

The database is prepared by its owner (`dermadesk server prepare`, or here with --owner-url),
then the practice is made and opened as the application role, as a computer of the practice
does (Practice.create with BENCH_PASSPHRASE, else unlocked with it). It is filled once with
the same 50,000 demo clients as the SQLite practice, and its first client gets the gallery's
photos; a database a run before filled is reused as it is.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness import BenchError, info
from workspace import BENCH_PASSPHRASE, Workspace, import_gallery_photos

if TYPE_CHECKING:
    from dermadesk.core.practice import Practice

APP_ROLE = "dermadesk_app"  # the role `server prepare` grants unless --app-role says otherwise


def _prepared(workspace: Workspace) -> None:
    """`server prepare` as the owner, when the run was given the owner's address."""
    if not workspace.owner_url:
        return
    from dermadesk.core.clock import default_clock
    from dermadesk.core.server_roles import prepare_server

    prepare_server(workspace.owner_url, APP_ROLE, workspace.root / "admin", default_clock())


@contextlib.contextmanager
def server_practice(workspace: Workspace) -> Iterator[Practice]:
    """The server practice at workspace.database_url, opened as the application role; this
    computer's own files (keys' copy, thumbnail cache) in the shared folder, so that
    --keep-data keeps its thumbnails warm as a computer of the practice would."""
    from dermadesk.core import keys
    from dermadesk.core.practice import Practice
    from dermadesk.core.server_keys import server_home
    from dermadesk.core.server_practice import server_kind

    url = workspace.database_url
    assert url is not None
    _prepared(workspace)
    folder = workspace.shared / "server-computer"
    if server_kind(folder, url) == "new":
        info("Making the practice on the server (Argon2id, as the app does)...")
        practice = Practice.create(folder, BENCH_PASSPHRASE, database_url=url)[0]
    else:
        key = keys.unlock(server_home(folder, url), BENCH_PASSPHRASE)
        practice = Practice.open(folder, key=key, database_url=url)
    with practice:
        if filled(practice, workspace.clients):
            vacuumed(workspace)
        yield practice


@contextlib.contextmanager
def raw_connection(practice: Practice) -> Iterator[Any]:
    """A bare psycopg connection to the same server as the same role (autocommit)."""
    import psycopg

    engine = practice.store.engine
    args, options = engine.dialect.create_connect_args(engine.url)
    with psycopg.connect(*args, **options, autocommit=True) as raw:
        yield raw


def filled(practice: Practice, clients: int) -> bool:
    """Fill the new server practice with the demo clients in bulk (`fill_demo_practice`,
    seed 1, as the SQLite practice is filled); False for a database a run before filled with
    as many, used as it is."""
    from dermadesk.core.demo import fill_demo_practice

    held = practice.clients.count(include_archived=True)
    if held == clients:
        info(f"Reusing the server database's {held:,} clients")
        return False
    if held:
        raise BenchError(
            f"the server database holds {held:,} clients, not {clients:,}: give an empty "
            "database, or one a run with the same --clients filled"
        )
    info(f"Filling the server database with {clients:,} demo clients...")
    started = time.perf_counter()
    fill_demo_practice(practice, clients=clients, seed=1, history=False)
    info(f"  done in {time.perf_counter() - started:.1f} s")
    return True


def vacuumed(workspace: Workspace) -> None:
    """What autovacuum does soon after a bulk load: the planner's statistics and the
    visibility map (index-only counts). The owner's right (the application role's VACUUM
    only warns), so done when the run has the owner's address, else left to autovacuum."""
    if not workspace.owner_url:
        info("  (no --owner-url: the new rows are left for autovacuum to analyse)")
        return
    from sqlalchemy import create_engine, text

    engine = create_engine(workspace.owner_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("VACUUM ANALYZE client, client_prefix"))
    finally:
        engine.dispose()


def gallery_client(practice: Practice, photos: int, pictures: Path) -> int:
    """The first client of the list, with `photos` pictures (imported now unless a run before
    did), and every thumbnail in this computer's cache; the client's id."""
    client_id = practice.clients.search_ids("")[0]
    held = practice.photos.count(client_id)
    if held not in (0, photos):
        raise BenchError(
            f"the gallery's client on the server has {held:,} photos, not {photos:,}: give "
            "an empty database, or one a run with the same --photos filled"
        )
    if not held:
        pictures.mkdir(exist_ok=True)
        info(f"Importing {photos:,} photos for one client into the server...")
        started = time.perf_counter()
        import_gallery_photos(practice, client_id, pictures, photos, keep_files=False)
        info(f"  done in {time.perf_counter() - started:.1f} s")
    for photo in practice.photos.for_client(client_id):  # a computer that showed them before
        practice.photos.thumbnail_for(photo.sha256)
    return client_id
