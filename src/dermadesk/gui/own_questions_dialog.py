"""Settings ▸ Screening ▸ Your own questions…: the practice's own screening questions.

A list of the questions with what each is (yes/no, or a date with an
interval), whether it blocks or warns, and whether it is still asked; a
question is added or changed in a small form below the list, and retired
rather than deleted. Nothing is kept until Save, and then all at once.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dermadesk.core.custom_questions import DATE, YES_NO, QuestionDraft
from dermadesk.core.errors import ValidationError
from dermadesk.core.practice import Practice
from dermadesk.gui.screen_fit import resize_within_screen

_COLUMNS = ("Question", "Answered with", "If it applies", "Asked")


def _kind_text(draft: QuestionDraft) -> str:
    if draft.kind == DATE:
        return f"a date; counts for {draft.interval_days} days"
    return "yes or no"


class OwnQuestionsDialog(QDialog):
    """Edit the practice's own screening questions; Save keeps every change or none."""

    def __init__(self, practice: Practice, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Your own screening questions")
        self._practice = practice
        self.drafts = [QuestionDraft.of(q) for q in practice.custom_questions.all()]

        intro = QLabel(
            "Questions your practice asks beside DermaDesk's own. Each appears on the "
            "questionnaire and the treatment consent form. A question clients have answered "
            "keeps its wording; retire it and add a new one instead."
        )
        intro.setWordWrap(True)
        self._build_table()
        editor = self._build_editor()
        self.message = QLabel()
        self.message.setObjectName("ownQuestionsMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b42318;")
        box = self._build_buttons()

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(editor)
        layout.addWidget(self.message)
        layout.addWidget(box)
        resize_within_screen(self, 760, 520)
        self._fill_table()
        self._show_selected()

    def _build_table(self) -> None:
        """The list of questions, one row each."""
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setObjectName("ownQuestionsTable")
        self.table.setHorizontalHeaderLabels(_COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._show_selected)

    def _build_editor(self) -> QGroupBox:
        """The fields of one question and the buttons that add, change or retire it."""
        self.wording = QLineEdit()
        self.wording.setObjectName("questionWording")
        self.wording.setPlaceholderText(
            "As the client will read it, e.g. A laser treatment on the area"
        )
        self.yes_no = QRadioButton("Yes or no")
        self.dated = QRadioButton("A date, counting for")
        self.yes_no.setChecked(True)
        kinds = QButtonGroup(self)
        kinds.addButton(self.yes_no)
        kinds.addButton(self.dated)
        self.interval = QSpinBox()
        self.interval.setObjectName("questionInterval")
        self.interval.setRange(1, 3650)
        self.interval.setValue(28)
        self.interval.setSuffix(" days")
        self.wording.returnPressed.connect(self.add_question)  # Enter adds what was typed
        self.dated.toggled.connect(self.interval.setEnabled)
        self.interval.setEnabled(False)
        kind_row = QHBoxLayout()
        for widget in (self.yes_no, self.dated, self.interval):
            kind_row.addWidget(widget)
        kind_row.addStretch(1)
        self.blocks = QCheckBox("Blocks treatment (otherwise it asks for your judgement)")
        self.blocks.setObjectName("questionBlocks")
        form = QFormLayout()
        form.addRow("Question", self.wording)
        form.addRow("Answered with", kind_row)
        form.addRow("", self.blocks)
        editor = QGroupBox("A question")
        editor_layout = QVBoxLayout(editor)
        editor_layout.addLayout(form)
        editor_layout.addLayout(self._build_question_buttons())
        return editor

    def _build_question_buttons(self) -> QHBoxLayout:
        """Add, change and retire: none of them pressed by Enter."""
        self.add_button = QPushButton("Add as a new question")
        self.add_button.setObjectName("addQuestion")
        self.add_button.clicked.connect(self.add_question)
        self.change_button = QPushButton("Change the chosen question")
        self.change_button.setObjectName("changeQuestion")
        self.change_button.clicked.connect(self.change_question)
        self.retire_button = QPushButton("Retire it")
        self.retire_button.setObjectName("retireQuestion")
        self.retire_button.clicked.connect(self.toggle_retired)
        buttons_row = QHBoxLayout()
        for button in (self.add_button, self.change_button, self.retire_button):
            button.setAutoDefault(False)
            buttons_row.addWidget(button)
        buttons_row.addStretch(1)
        return buttons_row

    def _build_buttons(self) -> QDialogButtonBox:
        """Save and Cancel, neither of them pressed by Enter."""
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        for button in box.buttons():
            if isinstance(button, QPushButton):  # as every standard button is
                button.setAutoDefault(False)  # Enter in the question field never saves all
                button.setDefault(False)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        self.save_button = box.button(QDialogButtonBox.StandardButton.Save)
        return box

    # --- the list --------------------------------------------------------------------

    def _fill_table(self, select: int | None = None) -> None:
        self.table.setRowCount(len(self.drafts))
        for row, draft in enumerate(self.drafts):
            cells = (
                draft.wording,
                _kind_text(draft),
                "blocks treatment" if draft.blocks else "asks for judgement",
                "yes" if draft.in_use else "retired",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if not draft.in_use:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, item)
        if select is not None:
            self.table.selectRow(select)

    def _selected(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _show_selected(self) -> None:
        row = self._selected()
        chosen = row is not None
        self.change_button.setEnabled(chosen)
        self.retire_button.setEnabled(chosen)
        if row is None:
            return
        draft = self.drafts[row]
        self.wording.setText(draft.wording)
        self.wording.setCursorPosition(0)
        (self.dated if draft.kind == DATE else self.yes_no).setChecked(True)
        self.interval.setValue(draft.interval_days or 28)
        self.blocks.setChecked(draft.blocks)
        if draft.slug is None:
            self.retire_button.setText("Take it off the list")
        else:
            self.retire_button.setText("Retire it" if draft.in_use else "Ask it again")
        # A kept question's kind never changes: its answers are of that kind.
        self.yes_no.setEnabled(draft.slug is None)
        self.dated.setEnabled(draft.slug is None)

    # --- the form's buttons ----------------------------------------------------------

    def _draft_from_form(self, slug: str | None, kind: str) -> QuestionDraft | None:
        wording = " ".join(self.wording.text().split())
        if not wording:
            self.message.setText("Write the question as the client will read it.")
            self.wording.setFocus()
            return None
        self.message.clear()
        return QuestionDraft(
            slug=slug,
            kind=kind,
            wording=wording,
            blocks=self.blocks.isChecked(),
            interval_days=self.interval.value() if kind == DATE else None,
        )

    def add_question(self) -> None:
        """Add what the form says as a new question at the end of the list."""
        kind = DATE if self.dated.isChecked() else YES_NO
        draft = self._draft_from_form(None, kind)
        if draft is None:
            return
        self.drafts.append(draft)
        self._fill_table(select=len(self.drafts) - 1)

    def change_question(self) -> None:
        """Put what the form says in place of the chosen question."""
        row = self._selected()
        if row is None:
            return
        old = self.drafts[row]
        draft = self._draft_from_form(old.slug, old.kind)
        if draft is None:
            return
        self.drafts[row] = replace(draft, in_use=old.in_use)
        self._fill_table(select=row)

    def toggle_retired(self) -> None:
        """Retire the chosen question, or ask a retired one again."""
        row = self._selected()
        if row is None:
            return
        draft = self.drafts[row]
        if draft.slug is None:  # never kept: simply taken off the list
            del self.drafts[row]
            self._fill_table()
            self._show_selected()
            return
        self.drafts[row] = replace(draft, in_use=not draft.in_use)
        self._fill_table(select=row)

    def accept(self) -> None:
        """Keep every change at once; on a problem say it and keep the dialog open."""
        try:
            self._practice.custom_questions.save_all(self.drafts)
        except ValidationError as error:
            self.message.setText(str(error))
            return
        super().accept()
