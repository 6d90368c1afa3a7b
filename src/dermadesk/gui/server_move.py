"""File ▸ Move to a practice server…: the address, a confirmation, the move on a worker with
a progress bar, and the result in words; and the banner a moved folder shows from then on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QSizePolicy, QToolBar, QWidget

from dermadesk.core.errors import DermaDeskError
from dermadesk.gui import prompts
from dermadesk.gui.backups import WorkingDialog
from dermadesk.gui.crash_report import logger
from dermadesk.gui.workers import BackgroundTask, run_in_background

if TYPE_CHECKING:
    from dermadesk.core.server_move import MoveResult
    from dermadesk.gui.main_window import MainWindow

BANNER_STYLE = (
    "QLabel { background: #ffe082; color: #3e2723; border: 1px solid #ffb300;"
    " border-radius: 6px; padding: 6px 10px; font-size: 11pt; }"
)


def show_moved_banner(window: MainWindow) -> QLabel | None:
    """A line across the top of the window saying where the practice went (a moved folder)."""
    words = window.practice.moved
    if not words:
        return None
    existing = window.findChild(QLabel, "movedBanner")
    if isinstance(existing, QLabel):
        existing.setText(words)
        existing.setToolTip(words)
        bar = window.findChild(QToolBar, "movedBar")
        if bar is not None:
            bar.show()
        return existing
    window.addToolBarBreak()
    bar = QToolBar("Moved", window)
    bar.setObjectName("movedBar")
    bar.setMovable(False)
    label = QLabel(words)
    label.setObjectName("movedBanner")
    label.setWordWrap(True)
    from dermadesk.core.moved_practice import moved_to

    record = moved_to(window.practice.data_dir) or {}
    address = f"\n\nThe server's address: {record['address']}" if record.get("address") else ""
    label.setToolTip(words + address)
    label.setStyleSheet(BANNER_STYLE)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    bar.addWidget(label)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return label


def _confirmed(parent: QWidget, where: str) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Move to a practice server")
    box.setText(
        f"Move this practice to the practice server ({where})?\n\nEvery client file, consent, "
        "session, photo and the audit trail are copied there and checked. This folder is "
        "kept as it is, read-only, and this computer uses the server from then on."
    )
    move = box.addButton("&Move the practice", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is move


def _told(parent: QWidget, title: str, words: str) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(words)
    box.exec()


def move_practice(window: MainWindow) -> BackgroundTask | None:
    """Ask for the server, confirm, then move the practice there with a progress bar."""
    from dermadesk.core.moved_practice import moving
    from dermadesk.core.server_db import describe
    from dermadesk.gui.server_connect import ServerConnectDialog

    practice = window.practice
    # A move cut short (the folder read-only, saying so) is run again to finish it.
    if (practice.moved and not moving(practice.data_dir)) or not practice.store.is_sqlite:
        _told(
            window,
            "Move to a practice server",
            practice.moved or "This practice is on a practice server already.",
        )
        return None
    dialog = ServerConnectDialog(practice.data_dir, window)
    dialog.setWindowTitle("Move to a practice server")
    if not dialog.exec() or dialog.address is None:
        return None
    url = dialog.address.sqlalchemy_url
    where = describe(url)
    if not _confirmed(window, where):
        return None
    working = WorkingDialog(
        f"Copying the records to {where}, each table checked on arrival…",
        "Moving the practice",
        window,
    )
    working.label.setWordWrap(True)  # a server's name may be long
    working.show()

    photos_now = [False]  # said by the move itself, not guessed from the counts

    def work(report):  # type: ignore[no-untyped-def]
        from dermadesk.core.server_move import move_to_server

        def progress(what: str, done: int, total: int) -> None:
            photos_now[0] = photos_now[0] or what == "photos"
            report(done, total)

        return move_to_server(practice, url, progress)

    def succeeded(result: MoveResult) -> None:
        working.finish()
        _moved(window, url, result)

    def failed(error: BaseException) -> None:
        working.finish()
        _not_moved(window, error)

    task = run_in_background(work)

    def progressed(done: int, total: int) -> None:
        working.show_progress(done, total)
        if photos_now[0]:  # the records are copied and checked: the photos follow, counted
            working.setLabelText(f"Copying the photos to {where}, each checked on arrival…")

    task.progressed.connect(progressed)
    task.succeeded.connect(succeeded)
    task.failed.connect(failed)
    return task


def _moved(window: MainWindow, url: str, result: MoveResult) -> None:
    """The folder is read-only from now on, with its banner; the server is remembered."""
    from dermadesk.core.moved_practice import keep_read_only
    from dermadesk.core.server_address import remember_server

    practice = window.practice
    practice.moved = keep_read_only(practice.store, practice.data_dir)
    try:
        remember_server(practice.data_dir, url)
    except OSError as error:
        logger.warning("The server's address was not remembered: %s", error)
    show_moved_banner(window)
    window.move_action.setEnabled(False)
    if result.finished_earlier:
        _told(
            window,
            "The practice moved",
            f"The move started earlier is finished: the practice was already on the practice "
            f"server ({result.server}), and this folder is now marked as moved, read-only. "
            "Nothing on the server was changed.\n\nDermaDesk opens the practice from the "
            "server when it next starts.",
        )
        return
    _told(
        window,
        "The practice moved",
        f"The practice is now on the practice server ({result.server}): {result.rows} "
        f"records and {result.photos} photos, every one checked on arrival.\n\nDermaDesk "
        "opens it from the server when it next starts. This folder is kept as it was, "
        "read-only.",
    )


def _not_moved(window: MainWindow, error: BaseException) -> None:
    from dermadesk.core.server_move import MoveUnfinished

    if isinstance(error, MoveUnfinished):  # the server may hold it: the folder stays read-only
        show_moved_banner(window)
        prompts.show_error(window, "The move is not finished", str(error))
        return
    bar = window.findChild(QToolBar, "movedBar")
    if bar is not None and not window.practice.moved:  # a cut-short move undone: writable
        bar.hide()
    if isinstance(error, DermaDeskError):
        words = str(error)
    else:
        logger.error("Moving to a practice server failed", exc_info=error)
        words = f"Something unexpected stopped it ({type(error).__name__}: {error})."
    prompts.show_error(
        window, "The practice was not moved", f"{words}\n\nThis practice is as it was."
    )
