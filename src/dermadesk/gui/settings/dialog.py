"""Practice settings: who the practice is, which screening findings block, the consent forms,
the device's needle depths and the aftercare advice, the lock's PIN and idle time, and where
the daily backups go, one page each (gui/settings/*_page.py).

Save gathers every page into one SettingsChange and keeps it with one
PracticeSettings.save_all, all of it or nothing: a problem on any page saves
nothing, and that page is shown with the field at fault outlined.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTabWidget, QVBoxLayout, QWidget

from dermadesk.core.errors import ChangedElsewhere, DermaDeskError, Problem, ValidationError
from dermadesk.core.practice import Practice
from dermadesk.core.settings import SettingsChange
from dermadesk.gui import prompts
from dermadesk.gui.screen_fit import resize_within_screen
from dermadesk.gui.settings.backups_page import BackupsPage
from dermadesk.gui.settings.forms_page import FormsPage
from dermadesk.gui.settings.lock_page import LockPage
from dermadesk.gui.settings.page import SettingsPage
from dermadesk.gui.settings.practice_page import PracticePage
from dermadesk.gui.settings.screening_page import ScreeningPage
from dermadesk.gui.settings.server_page import ServerPage
from dermadesk.gui.settings.treatment_page import TreatmentPage
from dermadesk.gui.unlock_start import SwitchTo

_Found = list[tuple[SettingsPage, Problem]]


def _server_page(practice: Practice, data_dir: Path) -> ServerPage:
    from dermadesk.gui.server_words import practice_server

    return ServerPage(data_dir, practice_server(practice))


# each problem with the page that shows it


def merged(changes: Iterable[SettingsChange]) -> SettingsChange:
    """One change holding every section the pages gave."""
    given: dict[str, Any] = {}
    for change in changes:
        for section in fields(change):
            value = getattr(change, section.name)
            if value is not None:
                given[section.name] = value
    return SettingsChange(**given)


class SettingsDialog(QDialog):
    """The practice's settings, one page (tab) each, saved together."""

    # The pages by the names callers open them on.
    TABS = ("practice", "screening", "forms", "treatment", "lock", "backups", "server")

    def __init__(
        self, practice: Practice, parent: QWidget | None = None, data_dir: Path | None = None
    ):
        super().__init__(parent)
        self._practice = practice
        self.switch_to: SwitchTo | None = None  # the Server page chose another practice
        self.setWindowTitle("Practice settings")
        resize_within_screen(self, 780, 640)
        self.practice_page = PracticePage()
        self.screening_page = ScreeningPage(practice)
        self.forms_page = FormsPage(practice.consents)
        self.treatment_page = TreatmentPage()
        self.lock_page = LockPage(practice.settings, practice=practice)
        self.backups_page = BackupsPage(practice.data_dir / "backups")
        self.server_page = _server_page(practice, data_dir or practice.data_dir)
        self.server_page.switch_requested.connect(self._switch)
        self.pages: tuple[SettingsPage, ...] = (
            self.practice_page,
            self.screening_page,
            self.forms_page,
            self.treatment_page,
            self.lock_page,
            self.backups_page,
            self.server_page,
        )
        self.tabs = QTabWidget()
        for page in self.pages:
            self.tabs.addTab(page, page.TITLE)
            page.said.connect(self._say)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._load()

    def _load(self) -> None:
        """Every page shows what is kept now."""
        settings = self._practice.settings
        self.practice_page.load(settings.practice_details())
        self.screening_page.load(settings.screening(), settings.consent())
        self.forms_page.load()
        self.treatment_page.load(settings.device(), settings.aftercare_text())
        self.lock_page.load(settings.lock())
        self.backups_page.load(settings.backup())
        # What a save may overwrite, and what was shown: see _settle_changed.
        self._versions = settings.versions()
        self._shown = merged(page.values() for page in self.pages)

    def page(self, name: str) -> SettingsPage:
        """The page called `name` (one of TABS)."""
        for page in self.pages:
            if name == page.NAME:
                return page
        raise ValueError(f"no settings tab {name!r}")

    def show_tab(self, name: str) -> None:
        """Bring the page called `name` (one of TABS) to the front."""
        self.tabs.setCurrentWidget(self.page(name))

    # --- saving --------------------------------------------------------------------

    def _say(self, message: str, problem: bool = False) -> None:
        colour = "#8e1b1b" if problem else "#2e7d32"
        self.message.setText(f"<span style='color:{colour}'>{html.escape(message)}</span>")

    def _placed(self, problems: Iterable[Problem]) -> _Found:
        """Each problem core names with the page showing its field."""
        return [
            (next((p for p in self.pages if p.shows(problem.field)), self.practice_page), problem)
            for problem in problems
        ]

    def _problems(self, change: SettingsChange) -> _Found:
        """What every page finds, then what core finds in the change (its dry run)."""
        found = [(page, problem) for page in self.pages for problem in page.problems()]
        named = {problem.field for _, problem in found}
        core = self._placed(self._practice.settings.problems(change))
        found += [(page, problem) for page, problem in core if problem.field not in named]
        found.sort(key=lambda pair: self.pages.index(pair[0]))
        return found

    def _show_problems(self, found: _Found) -> None:
        """Show the first problem's page, outline every field at fault, focus the first."""
        first_page = found[0][0]
        self.tabs.setCurrentWidget(first_page)
        first_field = None
        for page, problem in found:
            widget = page.outline(problem.field)
            if first_field is None:
                first_field = widget
        if first_field is not None:
            first_field.setFocus()
        several = len({page for page, _ in found}) > 1
        self._say(
            " ".join(
                f"{page.TITLE.replace('&', '')}: {problem.message}" if several else problem.message
                for page, problem in found
            ),
            problem=True,
        )

    def save(self) -> bool:
        """Save every page at once, or nothing: every page is checked first, and a problem
        is shown on its page with every setting left as it was."""
        for page in self.pages:
            page.clear_outlines()
        change = merged(page.values() for page in self.pages)
        try:
            if found := self._problems(change):
                self._show_problems(found)
                return False
            # The keychain goes first: should it refuse, nothing else is written; should what
            # follows fail, it is put back as it was.
            self.lock_page.keep_keychain_choice()
            if not self._save_form_and_settings(change):
                return False
        except ValidationError as error:
            self._show_problems(self._placed(error.problems))
            return False
        except ChangedElsewhere as error:
            self._settle_changed(error, change)
            return False
        except DermaDeskError as error:
            self._say(str(error), problem=True)
            return False
        self._load()
        self._say(self._saved_words(change))
        return True

    def _save_form_and_settings(self, change: SettingsChange) -> bool:
        """The edited form, then every setting; False when the form was not saved (it says
        why). Anything short of both puts the keychain back as it was."""
        saved = False
        try:
            # The form is a record of its own (a new version), checked above with the rest;
            # it goes first, so should it fail no setting is written.
            if self.forms_page.form_edited() and not self.forms_page.save_form():
                self.show_tab("forms")
                return False
            self._practice.settings.save_all(change, self._versions)
            saved = True
        finally:
            if not saved:
                self.lock_page.undo_keychain_choice()
        return True

    def _settle_changed(self, error: ChangedElsewhere, mine: SettingsChange) -> None:
        """Ask, then show the settings saved now, with my changes back on top if asked."""
        from dermadesk.core.settings_versions import reapplied_change
        from dermadesk.gui.changed_elsewhere import ChangedChoice, ask_changed_elsewhere

        choice = ask_changed_elsewhere(self, error)
        if choice is ChangedChoice.KEEP_EDITING:
            self._say("Not saved: the settings were changed elsewhere.", problem=True)
            return
        loaded = self._shown
        self._load()
        if choice is ChangedChoice.RELOAD:
            self._say("These are the settings as saved now.")
            return
        again = reapplied_change(loaded, mine, self._shown)
        self.practice_page.load(again.practice)  # type: ignore[arg-type]
        self.screening_page.load(again.screening, again.consent)  # type: ignore[arg-type]
        self.treatment_page.load(again.device, again.aftercare)  # type: ignore[arg-type]
        self.backups_page.load(again.backup)  # type: ignore[arg-type]
        self.lock_page.ui.idleMinutes.setValue(again.lock_idle_minutes or 0)
        self.lock_page.ui.newPin.setText(again.new_pin or "")
        self.lock_page.ui.confirmPin.setText(again.new_pin or "")
        self._say("Your changes are back on top of the settings saved now: check them and save.")

    def _saved_words(self, change: SettingsChange) -> str:
        pin_set = change.new_pin is not None
        words = "Settings saved; the new PIN is set." if pin_set else "Settings saved."
        turned = self.lock_page.keychain.turned() if self.lock_page.keychain else None
        if turned is not None:
            words += (
                " This computer's login now unlocks the practice."
                if turned
                else " The passphrase is needed again at every start."
            )
        return words

    def _switch(self, switch: SwitchTo) -> None:
        """Close (offering what is edited for saving, as Close does) for the window to open
        again on the practice chosen."""
        self.switch_to = switch
        self.reject()
        if self.isVisible():  # the person stayed to look at an edit
            self.switch_to = None

    def reject(self) -> None:
        """Close; an edited form, aftercare advice or PIN is offered for saving first."""
        if (
            self.forms_page.form_edited()
            and prompts.ask_yes_no(
                self, "Edited consent form", "Save your changes to the form as a new version?"
            )
            and not self.forms_page.save_form()
        ):
            return
        if (
            self.treatment_page.aftercare_edited()
            and prompts.ask_yes_no(
                self, "Edited aftercare advice", "Save your changes to the aftercare advice?"
            )
            and not self.save()
        ):
            return
        if (
            self.lock_page.pin_typed()
            and prompts.ask_yes_no(self, "New PIN", "Save the new PIN you typed?")
            and not self.save()
        ):
            return
        super().reject()
