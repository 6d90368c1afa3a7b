"""The Photos tab's row of buttons: import, view, compare, export, tags, the bin."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from dermadesk.gui.flow_layout import FlowLayout


class GalleryButtons(QWidget):
    """The buttons over the grid; which of them work depends on the client and the selection."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.import_button = QPushButton("Im&port…")
        self.import_button.setToolTip("Import pictures for this client (or drop them on the grid)")
        self.import_folder_button = QPushButton("Import f&older…")
        self.import_folder_button.setToolTip(
            "Import every picture in a folder, such as a camera card"
        )
        self.view_button = QPushButton("&View")
        self.view_button.setToolTip("Show the selected photo large (or double-click it)")
        self.compare_button = QPushButton("Co&mpare")
        self.compare_button.setToolTip(
            "Compare two photos: the two selected, or else the first “before” and the "
            "latest “after” of one area"
        )
        self.export_button = QPushButton("E&xport…")
        self.export_button.setToolTip("Save the selected photo, or two selected as a comparison")
        self.tags_button = QPushButton("&Tags…")
        self.tags_button.setToolTip(
            "Change the session, area, view or stage of the selected photos"
        )
        self.bin_action_button = QPushButton("Move to &bin")
        self.bin_button = QPushButton("Bin")
        self.bin_button.setCheckable(True)
        self.bin_button.setToolTip("Photos moved to the bin: see them and take them back out")
        row = FlowLayout(self)  # wraps in a narrow window
        for button in (self.import_button, self.import_folder_button):
            row.addWidget(button)
        row.addSpacing(16)
        for button in self._photo_buttons():
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.bin_button)

    def _photo_buttons(self) -> tuple[QPushButton, ...]:
        """The buttons acting on the selected photos, in the order of the row and the menu."""
        return (
            self.view_button,
            self.compare_button,
            self.export_button,
            self.tags_button,
            self.bin_action_button,
        )

    def update_for(
        self,
        has_client: bool,
        writable: bool,
        selected: int,
        total: int,
        *,
        loading: bool,
        in_bin: bool,
    ) -> None:
        """Enable what can be done with `selected` of `total` photos (`writable`: not archived)."""
        for button in (self.import_button, self.import_folder_button):
            button.setEnabled(writable and not in_bin)
        self.view_button.setEnabled(total > 0)
        # While the rows are read, Compare already works: it asks core, not the grid.
        self.compare_button.setEnabled(has_client and not in_bin and (loading or total >= 2))
        self.export_button.setEnabled(not in_bin and selected in (1, 2))
        self.tags_button.setEnabled(writable and not in_bin and selected > 0)
        self.bin_action_button.setText("&Take out of bin" if in_bin else "Move to &bin")
        self.bin_action_button.setToolTip(
            "Put the selected photos back in the gallery"
            if in_bin
            else "Move the selected photos out of the gallery; the bin keeps them"
        )
        self.bin_action_button.setEnabled(writable and selected > 0)
        self.bin_button.setEnabled(has_client)

    def set_bin_checked(self, on: bool) -> None:
        """Show the Bin button pressed or not, without acting on it."""
        self.bin_button.blockSignals(True)
        self.bin_button.setChecked(on)
        self.bin_button.blockSignals(False)

    def menu_at(self, parent: QWidget, where: QPoint) -> None:
        """The same actions as the photo buttons, as a context menu at the global point `where`."""
        menu = QMenu(parent)
        for button in self._photo_buttons():
            action = menu.addAction(button.text().replace("&", ""))
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
        menu.exec(where)
