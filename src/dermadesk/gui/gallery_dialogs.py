"""The dialogs the Photos tab opens: import, the large view, the comparison, export and tags.

Each opens without blocking (tests drive them; the window stays usable) and
reports back to the tab, which reads the photos again and says what was done.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from dermadesk.gui import prompts
from dermadesk.gui.gallery_model import ANY, NO_SESSION, GalleryFilter

if TYPE_CHECKING:
    from dermadesk.gui.gallery_tab import GalleryTab


class GalleryDialogs(QObject):
    """Opens the Photos tab's dialogs on its client and selection, one of each kind at a time."""

    def __init__(self, tab: GalleryTab):
        super().__init__(tab)
        self._tab = tab
        self.import_dialog: QWidget | None = None
        self.tags_dialog: QWidget | None = None
        self.viewer: QWidget | None = None
        self.compare_dialog: QWidget | None = None
        self.export_dialog: QWidget | None = None

    # --- import ------------------------------------------------------------------------------

    def import_files(self) -> None:
        """Ask which pictures to import, then their tags."""
        from dermadesk.gui.photo_import import PICTURE_FILTERS

        tab = self._tab
        if tab.client_id is None:
            return
        chosen = prompts.ask_open_paths(tab, "Import photos", PICTURE_FILTERS)
        if chosen:
            self.import_paths([Path(path) for path in chosen])

    def import_folder(self) -> None:
        """Ask which folder to import every picture from, then their tags."""
        tab = self._tab
        if tab.client_id is None:
            return
        folder = prompts.ask_folder(tab, "Import a folder of photos", str(Path.home()))
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: Sequence[Path]) -> None:
        """Offer these files and folders for import (the dialog asks for their tags)."""
        from dermadesk.gui.photo_import import ImportDialog

        tab = self._tab
        if tab.client_id is None or not paths:
            return
        if tab.archived:
            tab.say("This client's file is archived: restore it to add photos.")
            return
        if tab.in_bin:
            tab.buttons.bin_button.setChecked(False)  # new photos go to the gallery: show it
        chosen = tab.filter_bar.chosen().session
        session_id = chosen if isinstance(chosen, int) and chosen != NO_SESSION else None
        dialog = ImportDialog(tab.practice, tab.client_id, list(paths), tab, session_id)
        dialog.finished_import.connect(self._on_imported)
        self.import_dialog = dialog
        dialog.open()

    def _on_imported(self, report: object) -> None:
        from dermadesk.gui.photo_import import ImportReport

        tab = self._tab
        assert isinstance(report, ImportReport)
        tab.reload()
        # The new photos are selected; when there are none, the ones that were there already.
        fresh = [o.photo_id for o in report.outcomes if not o.duplicate or o.recovered]
        again = [o.photo_id for o in report.duplicates]
        new = [pid for pid in (fresh if any(fresh) else again) if pid is not None]
        if new:
            # Show the new photos: the filters may hide them, so they go back to "All".
            if any(tab.model.row_of(pid) is None for pid in new):
                tab.set_filter(GalleryFilter())
            tab.select_photos(new)
        tab.say(report.headline())
        if report.imported or any(o.recovered for o in report.outcomes):
            tab.changed.emit()

    # --- viewing, comparing, exporting -------------------------------------------------------

    def view_photo(self, photo_id: int | None = None) -> None:
        """Show a photo large (the selected one by default), stepping through those shown."""
        from dermadesk.gui.photo_viewer import PhotoViewer

        tab = self._tab
        shown = [photo.id for photo in tab.model.shown_photos()]
        if not shown:
            return
        if photo_id is None:
            selected = tab.selected_ids()
            photo_id = selected[0] if selected else shown[0]
        if self.viewer is not None:
            self.viewer.close()
        viewer = PhotoViewer(tab.practice, shown, shown.index(photo_id), tab)
        self.viewer = viewer
        viewer.show()

    def compare(self) -> None:
        """Compare the two selected photos, or else the natural before-and-after pair."""
        from dermadesk.gui.photo_compare import CompareDialog, pair_to_compare

        tab = self._tab
        if tab.client_id is None:
            return
        chosen = tab.filter_bar.chosen()
        area = chosen.area if chosen.area not in (ANY, "") else None
        view = chosen.view if chosen.view not in (ANY, "") else None
        selected = tab.selected_ids()
        pair = pair_to_compare(
            tab.practice, tab.client_id, selected[:2] if len(selected) <= 2 else [], area, view
        )
        if pair is None:
            prompts.show_error(
                tab,
                "Nothing to compare yet",
                "A comparison needs two photos of this client. Import a “before” and an "
                "“after” photo of the same area and view, then press Compare.",
            )
            return
        if self.compare_dialog is not None:
            self.compare_dialog.close()
        dialog = CompareDialog(tab.practice, tab.client_id, pair, tab)
        self.compare_dialog = dialog
        dialog.show()

    def export(self) -> None:
        """Export the selected photo, or the two selected as a comparison (earlier on the left)."""
        from dermadesk.gui.photo_compare import pair_to_compare
        from dermadesk.gui.photo_export import ExportDialog

        tab = self._tab
        selected = tab.selected_ids()
        if tab.client_id is None or len(selected) not in (1, 2):
            return
        if len(selected) == 2:
            pair = pair_to_compare(tab.practice, tab.client_id, selected)
            assert pair is not None
            selected = list(pair)
        dialog = ExportDialog(tab.practice, tab.client_id, selected, tab)
        dialog.exported.connect(tab.say)
        self.export_dialog = dialog
        dialog.open()

    # --- tags --------------------------------------------------------------------------------

    def edit_tags(self) -> None:
        """Change the tags of the selected photos."""
        from dermadesk.gui.photo_tags import TagsDialog

        tab = self._tab
        selected = tab.selected_ids()
        if tab.client_id is None or not selected:
            return
        dialog = TagsDialog(tab.practice, tab.client_id, selected, tab)
        dialog.accepted.connect(lambda: self._on_retagged(len(selected)))
        self.tags_dialog = dialog
        dialog.open()

    def _on_retagged(self, count: int) -> None:
        tab = self._tab
        tab.reload()
        tab.say("Tags saved." if count == 1 else f"Tags of {count} photos saved.")
        tab.changed.emit()
