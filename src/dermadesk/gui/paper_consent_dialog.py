"""Record a consent signed on paper: look at the scan, say when and before whom, confirm
(built in Designer: ui/paper_consent_dialog.ui).

A signed consent can never be changed, so nothing is saved until the scan
has been seen, the day it was signed and its witness given, and the saving
confirmed.
"""

from __future__ import annotations

import html
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QMessageBox, QWidget

from dermadesk.core.consent_signing import Signing, paper_date_problem, paper_signed_at
from dermadesk.core.consent_status import KINDS, PAPER, PHOTO_LEVELS, TREATMENT
from dermadesk.core.errors import DermaDeskError, Problem, ValidationError
from dermadesk.core.models import utc_iso
from dermadesk.core.practice import Practice
from dermadesk.gui.consent_sealing import seal_in_background
from dermadesk.gui.dates import DateFormat
from dermadesk.gui.forms.ui_paper_consent_dialog import Ui_PaperConsentDialog
from dermadesk.gui.tab_order import tab_in_layout_order
from dermadesk.gui.workers import BackgroundTask

PREVIEW_SIZE = 300  # px: big enough to recognise the form and see it is signed


def _file_opened_on(practice: Practice, client_id: int) -> date:
    created = practice.clients.get(client_id).created_at
    return datetime.fromisoformat(utc_iso(created)).astimezone().date()


class PaperConsentDialog(QDialog):
    """Check a scanned, signed paper form and record it as a consent."""

    def __init__(
        self,
        practice: Practice,
        client_id: int,
        kind: str,
        scan_path: Path,
        scan: bytes,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._practice = practice
        self._client_id = client_id
        self.kind = kind
        self._scan_path = scan_path
        self._scan = scan
        self.record_id: int | None = None
        self.seal_task: BackgroundTask | None = None  # sealing the signed copy, once signed
        self.dates = DateFormat()
        self._file_opened_on = _file_opened_on(practice, client_id)
        self.ui = ui = Ui_PaperConsentDialog()
        ui.setupUi(self)
        client = practice.clients.get(client_id)
        self.setWindowTitle(
            f"{KINDS[kind]} signed on paper: {client.first_name} {client.last_name}"
        )
        self.preview, self.problems_label = ui.scanPreview, ui.paperProblems
        self.signed_on_edit, self.witness_edit = ui.signedOnEdit, ui.witnessEdit
        self.save_button = ui.saveButton
        self._shown_problems: list[Problem] = []
        self._show_preview()
        ui.scanName.setText(scan_path.name)
        self.signed_on_edit.setText(self.dates.show(practice.clock.today()))
        self.signed_on_edit.setPlaceholderText(self.dates.placeholder)
        self.level_checks: dict[str, QCheckBox] = {}
        if kind != TREATMENT:
            ui.detailsForm.addRow(QLabel("<b>The signed form allows:</b>"))
            for level, label in PHOTO_LEVELS.items():
                check = QCheckBox(label)
                check.setObjectName(f"{level}Level")
                check.toggled.connect(self._drop_problems_put_right)
                ui.detailsForm.addRow(check)
                self.level_checks[level] = check
        tab_in_layout_order(self)
        self.signed_on_edit.textEdited.connect(self._drop_problems_put_right)
        self.witness_edit.textEdited.connect(self._drop_problems_put_right)
        self.save_button.clicked.connect(self.save)
        ui.cancelButton.clicked.connect(self.reject)
        self.signed_on_edit.setFocus()
        self.signed_on_edit.selectAll()

    def _show_preview(self) -> None:
        pixmap = QPixmap()
        if pixmap.loadFromData(self._scan) or self._load_pdf_page(pixmap):
            self.preview.setPixmap(
                pixmap.scaled(
                    PREVIEW_SIZE - 4,
                    PREVIEW_SIZE - 4,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.preview.setToolTip(self._scan_path.name)
            return
        # A PDF that cannot be drawn: offer to open it in the computer's own viewer.
        self.preview.setText(
            f"{html.escape(self._scan_path.name)}<br><br>A PDF is not shown here."
            "<br><a href='open'>Open it to check it</a> before saving."
        )
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.linkActivated.connect(
            lambda _link: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._scan_path)))
        )

    def _load_pdf_page(self, pixmap: QPixmap) -> bool:
        """Draw the first page of a PDF scan into `pixmap`; False when it cannot be."""
        if not self._scan.startswith(b"%PDF-"):
            return False
        try:
            import pypdfium2

            document = pypdfium2.PdfDocument(self._scan)
            try:
                page = document[0]
                width, height = page.get_size()
                scale = PREVIEW_SIZE / max(width, height, 1.0)
                picture = page.render(scale=scale).to_pil().convert("RGB")
                page.close()
            finally:
                document.close()
        except pypdfium2.PdfiumError:  # damaged or locked: offered to open instead
            return False
        data = picture.tobytes("raw", "RGB")
        image = QImage(data, picture.width, picture.height, 3 * picture.width,
                       QImage.Format.Format_RGB888)  # fmt: skip
        return pixmap.convertFromImage(image.copy())

    # --- checking ------------------------------------------------------------------

    def _levels(self) -> tuple[str, ...]:
        return tuple(level for level, check in self.level_checks.items() if check.isChecked())

    def problems(self) -> tuple[date | None, list[Problem]]:
        """The day it was signed, and everything that stops recording it, in words."""
        found: list[Problem] = []
        try:
            signed_on = self.dates.read(self.signed_on_edit.text(), "The day it was signed")
        except ValueError as error:
            signed_on = None
            found.append(Problem("signed_on", str(error)))
        else:
            if signed_on is None:
                found.append(Problem("signed_on", "Give the day the form was signed."))
            elif message := paper_date_problem(
                signed_on, self._file_opened_on, self._practice.clock.today()
            ):
                found.append(Problem("signed_on", message))
        if not self.witness_edit.text().strip():
            found.append(Problem("witness", "Say who witnessed the signing."))
        if self.level_checks and not self._levels():
            found.append(
                Problem("photo_levels", "Tick what the signed form allows the photographs for.")
            )
        return signed_on, found

    def _show_problems(self, problems: list[Problem]) -> None:
        self._shown_problems = list(problems)
        items = "".join(f"<li>{html.escape(p.message, quote=False)}</li>" for p in problems)
        self.problems_label.setText(f"<b>Not saved yet:</b><ul style='margin:0'>{items}</ul>")
        self.problems_label.setVisible(bool(problems))
        # Grow to show every line (a top-level dialog does not follow a wrapped label).
        layout = self.layout()
        assert layout is not None  # built in __init__
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def _drop_problems_put_right(self, *_args: object) -> None:
        if not self._shown_problems:
            return
        watched = {problem.field for problem in self._shown_problems}
        _signed_on, problems = self.problems()
        still = [problem for problem in problems if problem.field in watched]
        if still != self._shown_problems:
            self._show_problems(still)

    # --- saving --------------------------------------------------------------------

    def save(self) -> bool:
        """Check, ask to confirm, and record the consent; False when it was not recorded."""
        signed_on, problems = self.problems()
        if problems or signed_on is None:
            self._show_problems(problems)
            return False
        self._show_problems([])
        if not self._confirm(signed_on):
            return False
        practice = self._practice
        signing = Signing(
            client_id=self._client_id,
            kind=self.kind,
            practitioner_name=practice.settings.practice_details().practitioner_name,
            witness_name=self.witness_edit.text(),
            method=PAPER,
            paper_scan=self._scan,
            paper_scan_name=self._scan_path.name,
            photo_levels=self._levels() if self.level_checks else (),
            signed_at=paper_signed_at(signed_on, practice.clock.now()),
        )
        answers = None
        if self.kind == TREATMENT:
            answers = practice.clients.latest_screening(self._client_id)
        try:
            self.record_id = practice.consents.sign(signing, answers)
            self.seal_task = seal_in_background(practice, [self.record_id])
        except ValidationError as error:
            self._show_problems(error.problems)
            return False
        except DermaDeskError as error:
            self._show_problems([Problem("", str(error))])
            return False
        self.accept()
        return True

    def _confirm(self, signed_on: date) -> bool:
        from dermadesk.core.dates import long_date

        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Save the paper consent?")
        box.setTextFormat(Qt.TextFormat.PlainText)  # names and file names are never markup
        allows = ""
        if self.level_checks:
            uses = " and ".join(PHOTO_LEVELS[level].lower() for level in self._levels())
            allows = f", allowing {uses},"
        box.setText(
            f"Save the {KINDS[self.kind].lower()}{allows} signed on {long_date(signed_on)}, "
            f"witnessed by {self.witness_edit.text().strip()}, with {self._scan_path.name}?"
        )
        box.setInformativeText("Once saved it cannot be changed; it can only be withdrawn.")
        save = box.addButton("&Save", QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton("&Go back", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)  # never an irreversible default
        box.setEscapeButton(back)
        box.exec()
        return box.clickedButton() is save
