"""import on a practice server (--database-url): one 12-megapixel JPEG imported into the
server practice (sealed on this computer, sent as bytea), against Pillow's pipeline on it plus
a bare psycopg INSERT of the same file's bytes, committed: the floor the libraries set."""

from __future__ import annotations

import hashlib
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import BenchError, Result, info
from photo_import import IMPORT_ROUNDS, camera_files
from server_practice import raw_connection, server_practice
from workspace import Workspace

_RAW_INSERT = "INSERT INTO photo_blob (vault_name, sealed, size) VALUES (%s, %s, %s)"


def _fresh(files: list[Path], folder: Path) -> list[Path]:
    """Copies of `files` with bytes no run before sent (a reused database keeps its photos,
    and the same picture twice is stored once): a random comment after the start marker."""
    folder.mkdir(exist_ok=True)
    nonce = os.urandom(8).hex().encode()
    copies = []
    for path in files:
        jpeg = path.read_bytes()
        comment = b"run " + nonce
        copy = folder / path.name
        copy.write_bytes(jpeg[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big")
                         + comment + jpeg[2:])  # fmt: skip
        copies.append(copy)
    return copies


def bench_server_import(workspace: Workspace) -> Result:
    """Median ms of `photos.import_file` on the server practice, against Pillow's draft
    decode, thumbnail and SHA-256 of the same file with a raw bytea INSERT of its bytes."""
    from PIL import Image

    from dermadesk.core.photo_tags import PhotoTags
    from dermadesk.core.photo_vault import THUMB_SIZE

    camera = camera_files(workspace.root / "camera", IMPORT_ROUNDS + 2)
    files = _fresh(camera, workspace.root / "camera-server")
    raw_names: list[str] = []
    with server_practice(workspace) as practice, raw_connection(practice) as raw:
        # The second client of the list (the first is the gallery's): no new client, so a
        # later run finds the practice as this one filled it.
        client = practice.clients.search_ids("")[1]

        def app_import(path: Path) -> float:
            started = time.perf_counter()
            outcome = practice.photos.import_file(client, path, PhotoTags(area="forehead"))
            elapsed = time.perf_counter() - started
            if not outcome.ok or outcome.duplicate:
                raise BenchError(f"the import did not store the picture: {outcome.message()}")
            return elapsed

        def raw_pipeline(path: Path) -> float:
            started = time.perf_counter()
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            with Image.open(path) as picture:
                picture.draft("RGB", (THUMB_SIZE, THUMB_SIZE))
                picture.thumbnail((THUMB_SIZE, THUMB_SIZE))
            name = f"bench-raw-{digest}"
            with raw.transaction(), raw.cursor(binary=True) as cursor:
                cursor.execute(_RAW_INSERT, (name, data, len(data)))
            raw_names.append(name)
            return time.perf_counter() - started

        try:
            app_ms, raw_ms = _alternating(files, app_import, raw_pipeline)
        finally:
            _removed(raw, raw_names)
    info(f"  import {app_ms:.1f} ms, Pillow + raw bytea INSERT {raw_ms:.1f} ms")
    return Result(value=app_ms, baseline=raw_ms, unit="ms")


def _alternating(
    files: list[Path], app: Callable[[Path], float], raw: Callable[[Path], float]
) -> tuple[float, float]:
    """Median ms of each, after a warm-up of two, taking turns going first."""
    for path in files[:2]:
        app(path)
        raw(path)
    app_times, raw_times = [], []
    for number, path in enumerate(files[2:]):
        if number % 2:
            raw_times.append(raw(path))
            app_times.append(app(path))
        else:
            app_times.append(app(path))
            raw_times.append(raw(path))
    return statistics.median(app_times) * 1000, statistics.median(raw_times) * 1000


def _removed(raw: Any, names: list[str]) -> None:
    """The baseline's rows taken off again (no row of the practice points at them)."""
    with raw.transaction():
        raw.execute("DELETE FROM photo_blob WHERE vault_name = ANY(%s)", (names,))
