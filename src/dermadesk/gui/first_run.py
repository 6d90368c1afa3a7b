"""The first-run setup: a new, empty practice is walked through its name and phone, the
practitioner, an optional PIN, where backups go, and its existing clients, with no command line.

Nothing is written until Finish; then the settings are saved all or none
(core's save_all) and the clients imported all or none (core's import).
Cancel leaves the practice as it was, and the setup is offered again at the
next start while the practice is still empty.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from dermadesk.core.client_import import ImportCheck, check_client_file, import_clients
from dermadesk.core.dates import long_date
from dermadesk.core.errors import DermaDeskError, ImportFileError
from dermadesk.core.lock import pin_problems
from dermadesk.core.practice import Practice
from dermadesk.core.settings import BackupSettings, PracticeDetails, SettingsChange
from dermadesk.gui import prompts

CLIENT_FILE_FILTERS = "Client lists (*.csv *.json);;All files (*)"
PREVIEW_ROWS = 5
_PROBLEM = "#8e1b1b"


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setEnabled(False)
    return label


def _words(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _problem_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {_PROBLEM};")
    return label


class PracticePage(QWizardPage):
    """The practice's name, address and phone: printed on every sheet."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle("Step 1 of 5: your practice")
        self.setSubTitle("Printed at the top of every sheet and filled into the consent forms.")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("practiceName")
        self.address_edit = QPlainTextEdit()
        self.address_edit.setTabChangesFocus(True)
        self.address_edit.setFixedHeight(64)
        self.phone_edit = QLineEdit()
        self.phone_edit.setObjectName("practicePhone")
        self.problem = _problem_label()
        form = QFormLayout(self)
        form.addRow("Practice na&me", self.name_edit)
        form.addRow("&Address", self.address_edit)
        form.addRow("P&hone", self.phone_edit)
        form.addRow(_note("Clients call this number with questions after a treatment."))
        form.addRow(self.problem)

    def validatePage(self) -> bool:
        if not self.name_edit.text().strip():
            self.problem.setText("The practice needs a name.")
            self.name_edit.setFocus()
            return False
        self.problem.clear()
        return True


class PractitionerPage(QWizardPage):
    """Who treats: named on the consent forms."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle("Step 2 of 5: the practitioner")
        self.setSubTitle("Named on the consent forms the clients sign.")
        self.practitioner_edit = QLineEdit()
        self.credentials_edit = QLineEdit()
        self.credentials_edit.setPlaceholderText("e.g. RN, Level 4 in skin needling")
        form = QFormLayout(self)
        form.addRow("Practitioner's na&me", self.practitioner_edit)
        form.addRow("&Credentials", self.credentials_edit)


class PinPage(QWizardPage):
    """An optional practice PIN, typed twice."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle("Step 3 of 5: a PIN for the lock (you may skip this)")
        self.setSubTitle("Leave both empty for no PIN; File ▸ Practice settings… sets one later.")
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("firstRunPin")
        self.again_edit = QLineEdit()
        self.again_edit.setObjectName("firstRunPinAgain")
        for edit in (self.pin_edit, self.again_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = _problem_label()
        form = QFormLayout(self)
        form.addRow(
            _words(
                "With a PIN, DermaDesk hides every client's data after a few idle minutes and "
                "with Ctrl+L, until the PIN is typed."
            )
        )
        form.addRow("&PIN (4 characters or more)", self.pin_edit)
        form.addRow("The PIN &again", self.again_edit)
        form.addRow(self.problem)

    def pin(self) -> str | None:
        """The PIN typed, or None for none."""
        return self.pin_edit.text() or None

    def validatePage(self) -> bool:
        new, again = self.pin_edit.text(), self.again_edit.text()
        problem = ""
        if new or again:
            if problems := pin_problems(new):
                problem = problems[0]
            elif new != again:
                problem = "The two PINs typed are not the same. Type the PIN twice."
        self.problem.setText(problem)
        if problem:
            self.again_edit.clear()
        return not problem


class BackupPage(QWizardPage):
    """Where the daily backups go."""

    def __init__(self, default_folder: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle("Step 4 of 5: where backups go")
        self.setSubTitle("One checked backup a day, made when DermaDesk closes.")
        self.default_folder = default_folder
        self.folder_edit = QLineEdit()
        self.folder_edit.setObjectName("firstRunBackupFolder")
        self.folder_edit.setPlaceholderText(str(default_folder))
        self.choose_button = QPushButton("C&hoose…")
        self.choose_button.clicked.connect(self.choose)
        self.problem = _problem_label()
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _words(
                "Each backup holds the database and the photos. A folder on another disk or a "
                "USB stick keeps the practice safe from a failing disk."
            )
        )
        layout.addLayout(row)
        layout.addWidget(_note("Empty: the backups folder inside DermaDesk's data folder."))
        layout.addWidget(self.problem)
        layout.addStretch(1)

    def choose(self) -> None:
        """Pick the backup folder in a folder dialog."""
        chosen = prompts.ask_folder(self, "Folder for the daily backups", self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    def folder(self) -> str:
        """The chosen folder ("" for the standard one)."""
        return self.folder_edit.text().strip()

    def validatePage(self) -> bool:
        folder = self.folder()
        if folder and not Path(folder).expanduser().is_absolute():
            self.problem.setText("Give the backup folder as a full path (or use Choose…).")
            return False
        self.problem.clear()
        return True


class ImportPage(QWizardPage):
    """Clients from a CSV or JSON file: a preview of the first rows and of what is refused."""

    def __init__(self, practice: Practice, parent: QWidget | None = None):
        super().__init__(parent)
        self._practice = practice
        self.setTitle("Step 5 of 5: your clients (you may skip this)")
        self.setSubTitle("The whole file is imported, or none of it; nothing before Finish.")
        self.check: ImportCheck | None = None
        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText("No file: start with no clients")
        self.choose_button = QPushButton("&Choose a file…")
        self.choose_button.clicked.connect(self.choose)
        self.clear_button = QPushButton("No fi&le")
        self.clear_button.clicked.connect(self.clear)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.preview = QTableWidget(0, 4)
        self.preview.setHorizontalHeaderLabels(["First name", "Last name", "Born", "Phone"])
        self.preview.verticalHeader().hide()
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.refused = QPlainTextEdit()
        self.refused.setObjectName("refusedRows")
        self.refused.setReadOnly(True)
        self.refused.setPlaceholderText("Rows that would be refused are listed here.")
        self.refused.setMaximumHeight(90)
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _words(
                "A spreadsheet saved as CSV, or a JSON file, with the columns first_name, "
                "last_name, date_of_birth (YYYY-MM-DD), phone, email and the screening answers."
            )
        )
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.refused)

    def choose(self) -> None:
        """Pick the file and show what importing it would do (nothing is written yet)."""
        chosen = prompts.ask_open_path(self, "The file with your clients", CLIENT_FILE_FILTERS)
        if chosen:
            self.show_file(Path(chosen))

    def clear(self) -> None:
        """Go on without importing."""
        self.check = None
        self.file_edit.clear()
        self.summary.clear()
        self.preview.setRowCount(0)
        self.refused.clear()

    def show_file(self, path: Path) -> None:
        """Check `path` without writing and show its first clients and its refused rows."""
        self.clear()
        self.file_edit.setText(str(path))
        try:
            self.check = check_client_file(self._practice.clients, path)
        except ImportFileError as error:
            self._say(str(error), problem=True)
            return
        rows = self.check.rows[:PREVIEW_ROWS]
        self.preview.setRowCount(len(rows))
        for number, row in enumerate(rows):
            details = row.details
            born = long_date(details.date_of_birth) if details.date_of_birth else ""
            for column, text in enumerate(
                (details.first_name, details.last_name, born, details.phone)
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.preview.setItem(number, column, item)
        problems = self.check.problems
        self.refused.setPlainText("\n".join(str(problem) for problem in problems))
        count = len(self.check.rows)
        if problems:
            self._say(
                f"{len(problems)} row{'s' * (len(problems) != 1)} would be refused (listed "
                "below), so nothing would be imported. Correct the file and choose it again, "
                "or choose No file to go on without it.",
                problem=True,
            )
        elif count == 0:
            self._say(f"{path.name} holds no clients.", problem=True)
        else:
            shown = f"; the first {len(rows)} are shown" if count > len(rows) else ""
            self._say(f"{count} client{'s' * (count != 1)} will be imported{shown}.")

    def _say(self, message: str, problem: bool = False) -> None:
        colour = _PROBLEM if problem else "#2e7d32"
        self.summary.setText(f"<span style='color:{colour}'>{html.escape(message)}</span>")

    def ready(self) -> bool:
        """True when there is a file that imports whole."""
        return self.check is not None and not self.check.problems and bool(self.check.rows)

    def validatePage(self) -> bool:
        return not self.file_edit.text() or self.ready()


class FirstRunWizard(QWizard):
    """The setup of a new practice, step by step; Finish saves it, Cancel leaves it as it was."""

    def __init__(self, practice: Practice, parent: QWidget | None = None):
        super().__init__(parent)
        self._practice = practice
        self.setWindowTitle("Set up DermaDesk")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)  # the same on every desktop
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.resize(720, 520)
        self.practice_page = PracticePage()
        self.practitioner_page = PractitionerPage()
        self.pin_page = PinPage()
        self.backup_page = BackupPage(practice.data_dir / "backups")
        self.import_page = ImportPage(practice)
        for page in (
            self.practice_page,
            self.practitioner_page,
            self.pin_page,
            self.backup_page,
            self.import_page,
        ):
            self.addPage(page)
        self.imported = 0

    def change(self) -> SettingsChange:
        """The settings typed in the steps."""
        practice, practitioner = self.practice_page, self.practitioner_page
        stand_in = PracticeDetails()
        return SettingsChange(
            practice=PracticeDetails(
                name=practice.name_edit.text(),
                address=practice.address_edit.toPlainText(),
                phone=practice.phone_edit.text(),
                practitioner_name=practitioner.practitioner_edit.text().strip()
                or stand_in.practitioner_name,
                credentials=practitioner.credentials_edit.text(),
            ),
            backup=BackupSettings(folder=self.backup_page.folder()),
            new_pin=self.pin_page.pin(),
        )

    def accept(self) -> None:
        """Save the settings (all or none), then import the clients (all or none)."""
        if not self.validateCurrentPage():
            return
        settings = self._practice.settings
        change = self.change()
        try:
            settings.save_all(change)
        except DermaDeskError as error:
            prompts.show_error(self, "The setup was not saved", str(error))
            return
        path = self.import_page.file_edit.text()
        if path and self.import_page.ready():
            try:
                self.imported = len(import_clients(self._practice.clients, Path(path)))
            except DermaDeskError as error:
                # The settings are kept: they are the practice's whatever the file holds.
                prompts.show_error(self, "The clients were not imported", str(error))
        super().accept()
