"""The Qt binding itself: a release that leaks references to None would crash DermaDesk."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot


class _Watcher(QObject):
    def eventFilter(self, _watched: QObject, _event: QEvent) -> bool:
        return False


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_calls_into_qt_keep_none_alive(qtbot: QtBot) -> None:
    """PySide6 6.12.0 on Python 3.11 dropped a reference to None on every call that returns
    nothing (setText, processEvents, every Python event filter), until Python aborted with
    "deallocating None" after a while of ordinary use."""
    label = QLabel()
    qtbot.addWidget(label)
    watcher = _Watcher()
    label.installEventFilter(watcher)
    before = sys.getrefcount(None)
    for number in range(5000):
        label.setText(str(number))
        QApplication.processEvents()
    assert sys.getrefcount(None) > before - 500
