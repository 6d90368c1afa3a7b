"""Backups forged from a good one, as an attacker or a damaged disk would make them."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from dermadesk.core.backup_archive import MANIFEST
from dermadesk.core.demo import fill_demo_practice
from dermadesk.core.demo_photos import add_demo_photos
from tests.built_once import built_once
from tests.helpers import open_practice

Document = dict[str, object]


def photo_practice(folder: Path) -> Path:
    """A demo practice with real photo rows and their files, made once and copied."""
    with open_practice(folder) as practice:
        fill_demo_practice(practice, clients=25, seed=4)
        assert add_demo_photos(practice, seed=4, clients=3) >= 10
    return folder


def shared_photo_practice(factory: pytest.TempPathFactory) -> Path:
    """`photo_practice` built once per run for every worker: copy it before changing it."""
    folder = built_once(factory, "photo-practice", lambda f: photo_practice(f / "practice"))
    return folder / "practice"


def copy_of(practice_dir: Path, where: Path) -> Path:
    shutil.copytree(practice_dir, where)
    return where


def entry(name: str, content: bytes) -> dict[str, object]:
    return {"name": name, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}


def forge(
    good: Path,
    out: Path,
    change: Callable[[Document, dict[str, bytes]], None] = lambda doc, files: None,
) -> Path:
    """A copy of backup `good` whose manifest and files `change` may alter (in place)."""
    with zipfile.ZipFile(good) as source:
        document = json.loads(source.read(MANIFEST))
        files = {n: source.read(n) for n in source.namelist() if n != MANIFEST}
    change(document, files)
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(MANIFEST, json.dumps(document))
        for name, content in files.items():
            archive.writestr(name, content)
    return out


def add_file(name: str, content: bytes = b"hello") -> Callable[[Document, dict[str, bytes]], None]:
    """A change that packs and lists one more file, honestly hashed."""

    def change(document: Document, files: dict[str, bytes]) -> None:
        listed = document["files"]
        assert isinstance(listed, list)
        listed.append(entry(name, content))
        files[name] = content

    return change
