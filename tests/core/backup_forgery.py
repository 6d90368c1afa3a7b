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
from dermadesk.core.practice import Practice
from tests.built_once import built_once
from tests.helpers import TEST_PASSPHRASE

Document = dict[str, object]


def photo_practice(folder: Path) -> str:
    """A demo practice with real photo rows and their files; its recovery code."""
    practice, code = Practice.create(folder, TEST_PASSPHRASE)
    with practice:
        fill_demo_practice(practice, clients=25, seed=4)
        assert add_demo_photos(practice, seed=4, clients=3) >= 10
    return code


def shared_photo_practice(factory: pytest.TempPathFactory) -> Path:
    """`photo_practice` built once per run for every worker: copy it before changing it. Its
    recovery code is in the file `recovery-code` beside it."""

    def build(folder: Path) -> None:
        (folder / "recovery-code").write_text(photo_practice(folder / "practice"), "utf-8")

    return built_once(factory, "photo-practice", build) / "practice"


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
