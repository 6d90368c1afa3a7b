"""Remembered window state (geometry, splitters) kept beside the practice's data.

Kept in the data dir, not the user's Qt settings, so each practice opens the
way it was left and tests never touch the real user's settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

STATE_FILE = "window-state.ini"


class UiState:
    """Saves and restores the shape of windows and splitters by name."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir  # this computer's data dir (a server practice's too)
        self._settings = QSettings(str(data_dir / STATE_FILE), QSettings.Format.IniFormat)

    def restore_window(self, name: str, window: QMainWindow) -> bool:
        """Put `window` back where it was; False when nothing was saved yet."""
        geometry = self._settings.value(f"{name}/geometry")
        state = self._settings.value(f"{name}/state")
        if isinstance(state, QByteArray):
            window.restoreState(state)
        return isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)

    def save_window(self, name: str, window: QMainWindow) -> None:
        """Remember `window`'s size, place and toolbars."""
        self._settings.setValue(f"{name}/geometry", window.saveGeometry())
        self._settings.setValue(f"{name}/state", window.saveState())

    def restore_splitter(self, name: str, splitter: QSplitter) -> None:
        """Put a splitter's handles back where they were."""
        state = self._settings.value(f"splitters/{name}")
        if isinstance(state, QByteArray):
            splitter.restoreState(state)

    def save_splitter(self, name: str, splitter: QSplitter) -> None:
        """Remember where a splitter's handles are."""
        self._settings.setValue(f"splitters/{name}", splitter.saveState())

    def last_folder(self, kind: str) -> str | None:
        """The folder last chosen in a file dialog of `kind`, if any."""
        value = self._settings.value(f"folders/{kind}")
        return value if isinstance(value, str) and value else None

    def remember_folder(self, kind: str, folder: str) -> None:
        """Keep `folder` as where the next dialog of `kind` starts."""
        self._settings.setValue(f"folders/{kind}", folder)
        self._settings.sync()

    def sync(self) -> None:
        """Write everything to disk now."""
        self._settings.sync()
