"""Where DermaDesk keeps a practice's data, and where its shipped resources live."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "DermaDesk"
DATA_DIR_ENV = "DERMADESK_DATA_DIR"


def default_data_dir() -> Path:
    """The platform's per-user data folder for DermaDesk (e.g. ~/.local/share/DermaDesk)."""
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data dir to use: an explicit --data-dir, else $DERMADESK_DATA_DIR, else the default."""
    chosen = explicit or os.environ.get(DATA_DIR_ENV) or default_data_dir()
    return Path(chosen).expanduser().absolute()


def resource_path(*parts: str) -> Path:
    """A file under resources/, from a built wheel (inside the package) or a source checkout."""
    packaged = Path(__file__).resolve().parent / "resources"
    base = packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "resources"
    return base.joinpath(*parts)
