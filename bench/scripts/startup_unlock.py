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
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

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


def give_up():
    """A screen nobody answers (an error said in a dialog): say what it says, and stop."""
    shown = QApplication.activeModalWidget()
    words = " ".join(label.text() for label in shown.findChildren(QLabel)) if shown else ""
    print(f"startup_unlock: stuck on {shown!r}: {words}", file=sys.stderr, flush=True)
    app.exit(3)


QTimer.singleShot(int(sys.argv[3]) if len(sys.argv) > 3 else 60_000, give_up)
status = run_app(data_dir)
if status == 0 and "painted" not in marks:
    status = 3
if "screen" in marks:
    marks["typing"] = marks["given"] - marks["screen"]
    marks["given_to_painted"] = marks["painted"] - marks["given"]
print(json.dumps({name: value * 1000 for name, value in marks.items()}), flush=True)
sys.exit(status)
