"""startup --encrypted's program: DermaDesk's window started on DATA_DIR as `python -m dermadesk`
starts it (quitting at the client list's first paint, DERMADESK_QUIT_WHEN_READY). An encrypted
practice's unlock screen is answered as a person would: once it has painted, the passphrase is
typed into its field and Enter pressed. Prints what it timed as JSON on stdout: the typing, the
Argon2id unlock, and from Enter ("passphrase given") to the list painted.

    python startup_unlock.py DATA_DIR PASSPHRASE
"""

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from dermadesk.core import keys
from dermadesk.gui.app import make_application, run_app

data_dir, passphrase = Path(sys.argv[1]), sys.argv[2]
marks: dict[str, float] = {}
real_unlock = keys.unlock


def timed_unlock(*args, **kwargs):  # the KDF, timed where the unlock screen runs it
    started = time.perf_counter()
    try:
        return real_unlock(*args, **kwargs)
    finally:
        marks["kdf"] = time.perf_counter() - started


keys.unlock = timed_unlock


def answer(screen):
    field = screen.findChild(QLineEdit, "unlockPassphrase")
    QTest.keyClicks(field, passphrase)
    marks["given"] = time.perf_counter()
    QTest.keyClick(field, Qt.Key.Key_Return)


class Person(QObject):
    """Answers the unlock screen once it has painted, as a person would."""

    def eventFilter(self, watched, event):
        if (
            event.type() == QEvent.Type.Paint
            and watched.objectName() == "unlockScreen"
            and "screen" not in marks
        ):
            marks["screen"] = time.perf_counter()
            QTimer.singleShot(0, lambda: answer(watched))
        return False


app = make_application(sys.argv[:1])
person = Person()
app.installEventFilter(person)
app.aboutToQuit.connect(lambda: marks.setdefault("painted", time.perf_counter()))
QTimer.singleShot(60_000, lambda: app.exit(3))  # a screen nobody answers: give up
status = run_app(data_dir)
if "screen" in marks:
    marks["typing"] = marks["given"] - marks["screen"]
    marks["given_to_painted"] = marks["painted"] - marks["given"]
print(json.dumps({name: value * 1000 for name, value in marks.items()}), flush=True)
sys.exit(status)
