"""Every window and dialog on a 1024x700 screen: nothing outside what can be seen, and no two
Alt letters that clash while shown together."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from dermadesk.core.clock import FixedClock
from dermadesk.core.consent_status import PHOTO, TREATMENT
from dermadesk.core.photo_tags import PhotoTags
from dermadesk.core.practice import Practice
from dermadesk.gui.main_window import MainWindow
from tests.built_once import built_once
from tests.gui.paths import (
    answering,
    click,
    every_action,
    fit_problems,
    leave,
    mnemonic_clashes,
    open_client,
    press,
)
from tests.helpers import TEST_NOW, open_practice, upright_marker

CTRL = Qt.KeyboardModifier.ControlModifier
PIN = "2468"


@dataclass
class Stage:
    """What a scene may use: the window at 1024x700 on a practice in use, one client open."""

    window: MainWindow
    practice: Practice
    client_id: int
    name: str
    photo_ids: list[int]
    qtbot: QtBot


def click_tab(tabs: QTabWidget, index: int) -> None:
    bar = tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def on_tab(index: int) -> Callable[[Stage], QWidget]:
    def scene(stage: Stage) -> QWidget:
        open_client(stage.window, stage.name)
        click_tab(stage.window.client_view.tabs, index)
        return stage.window

    return scene


def no_file(stage: Stage) -> QWidget:
    return stage.window


def due_list(stage: Stage) -> QWidget:
    click_tab(stage.window.today_panel.tabs, 1)
    return stage.window


def locked(stage: Stage) -> QWidget:
    stage.practice.settings.set_lock_pin(PIN)
    stage.window.lock_guard.reload()
    open_client(stage.window, stage.name)
    press(stage.window, Qt.Key.Key_L, CTRL)
    assert stage.window.lock_guard.locked
    return stage.window


def shown(dialog: QDialog) -> QDialog:
    dialog.show()
    return dialog


def settings_tab(index: int) -> Callable[[Stage], QWidget]:
    def scene(stage: Stage) -> QWidget:
        from dermadesk.gui.settings.dialog import SettingsDialog

        dialog = shown(SettingsDialog(stage.practice, stage.window))
        click_tab(dialog.tabs, index)
        return dialog

    return scene


def consent_page(kind: str, page: int) -> Callable[[Stage], QWidget]:
    def scene(stage: Stage) -> QWidget:
        from dermadesk.gui.consent_dialog import ConsentDialog

        dialog = shown(ConsentDialog(stage.practice, stage.client_id, kind, stage.window))
        for _ in range(page):  # as far as the practitioner goes with Next
            click(dialog.next_button)
        return dialog

    return scene


def session_editor(stage: Stage) -> QWidget:
    from dermadesk.gui.session_editor import SessionEditor

    booked = stage.practice.sessions.book(
        stage.client_id, datetime.combine(TEST_NOW.date(), time(16))
    )
    return shown(SessionEditor(stage.practice, booked, stage.window))


def plan_dialog(stage: Stage) -> QWidget:
    from dermadesk.gui.plan_dialogs import PlanDialog

    return shown(PlanDialog(stage.practice.clock.today(), parent=stage.window))


def book_dialog(stage: Stage) -> QWidget:
    from dermadesk.gui.plan_dialogs import BookDialog

    tomorrow = TEST_NOW.date() + timedelta(days=1)
    return shown(BookDialog([(1, "Acne scarring, 3 sessions")], tomorrow, stage.window))


def photo_viewer(stage: Stage) -> QWidget:
    from dermadesk.gui.photo_viewer import PhotoViewer

    return shown(PhotoViewer(stage.practice, stage.photo_ids, 0, stage.window))


def photo_compare(stage: Stage) -> QWidget:
    from dermadesk.gui.photo_compare import CompareDialog

    pair = (stage.photo_ids[0], stage.photo_ids[1])
    return shown(CompareDialog(stage.practice, stage.client_id, pair, stage.window))


def photo_export(stage: Stage) -> QWidget:
    from dermadesk.gui.photo_export import ExportDialog

    return shown(ExportDialog(stage.practice, stage.client_id, stage.photo_ids[:2], stage.window))


def photo_import(stage: Stage) -> QWidget:
    from dermadesk.gui.photo_import import ImportDialog

    path = stage.practice.data_dir.parent / "new-photo.jpg"
    upright_marker().save(path)
    return shown(ImportDialog(stage.practice, stage.client_id, [path], stage.window))


def photo_tags(stage: Stage) -> QWidget:
    from dermadesk.gui.photo_tags import TagsDialog

    return shown(TagsDialog(stage.practice, stage.client_id, stage.photo_ids[:1], stage.window))


def restore(stage: Stage) -> QWidget:
    from dermadesk.gui.restore_dialog import RestoreDialog

    return shown(RestoreDialog(stage.practice.data_dir, stage.practice.clock.today(), stage.window))


def audit(stage: Stage) -> QWidget:
    from dermadesk.gui.audit_viewer import AuditViewer

    return shown(AuditViewer(stage.practice, stage.client_id, stage.window))


def backup_progress(stage: Stage) -> QWidget:
    from dermadesk.gui.backups import WorkingDialog

    text = "Backing up the practice to dermadesk-backup-2026-11-29-1712.ddbackup…"
    return shown(WorkingDialog(text, "Backing up", stage.window))


def unlock_screen(recovery: bool) -> Callable[[Stage], QWidget]:
    def scene(stage: Stage) -> QWidget:
        from dermadesk.gui.unlock_screen import UnlockScreen

        screen = shown(UnlockScreen(stage.practice.data_dir))
        if recovery:
            click(screen.recovery_button)
            screen.recover()  # nothing typed: the longest words are shown
        else:
            screen.unlock()
        return screen

    return scene


def setup_keys(code_step: bool) -> Callable[[Stage], QWidget]:
    def scene(stage: Stage) -> QWidget:
        from dermadesk.gui.unlock_setup import NewPracticeKeys

        wizard = shown(NewPracticeKeys(stage.practice.data_dir.parent / "new-practice"))
        if code_step:  # as once the practice is made (made here without making one)
            assert stage.practice.key is not None
            wizard.passphrase_step.made = (
                stage.practice.key,
                "ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567",
            )
            wizard.next()
        return wizard

    return scene


def encrypt_offer(stage: Stage) -> QWidget:
    from dermadesk.gui.unlock_convert import EncryptOffer

    offer = shown(EncryptOffer(stage.practice, None, stage.window))
    click(offer.encrypt_button)  # nothing typed: its refusal is shown too
    return offer


def change_passphrase(stage: Stage) -> QWidget:
    from dermadesk.gui.settings.passphrase_dialog import ChangePassphrase

    dialog = shown(ChangePassphrase(stage.practice, stage.window))
    click(dialog.change_button)
    return dialog


SCENES: dict[str, Callable[[Stage], QWidget]] = {
    "unlock screen": unlock_screen(recovery=False),
    "unlock screen, recovery code": unlock_screen(recovery=True),
    "setup, passphrase": setup_keys(code_step=False),
    "setup, recovery code": setup_keys(code_step=True),
    "encrypt offer": encrypt_offer,
    "change passphrase": change_passphrase,
    "main window, no file open": no_file,
    "main window, the Due list": due_list,
    "client file, Details": on_tab(0),
    "client file, Consents": on_tab(1),
    "client file, Sessions": on_tab(2),
    "client file, Photos": on_tab(3),
    "main window locked": locked,
    **{f"settings, tab {i + 1}": settings_tab(i) for i in range(6)},
    "treatment consent, answers": consent_page(TREATMENT, 0),
    "treatment consent, form": consent_page(TREATMENT, 1),
    "treatment consent, signatures": consent_page(TREATMENT, 2),
    "photo consent, form": consent_page(PHOTO, 0),
    "photo consent, signatures": consent_page(PHOTO, 1),
    "session editor": session_editor,
    "new plan": plan_dialog,
    "book a session": book_dialog,
    "photo viewer": photo_viewer,
    "photo comparison": photo_compare,
    "photo export": photo_export,
    "photo import": photo_import,
    "photo tags": photo_tags,
    "restore from a backup": restore,
    "audit trail": audit,
    "backup progress": backup_progress,
}


@pytest.fixture(scope="session")
def _stage_folder(tmp_path_factory: pytest.TempPathFactory, _lived_in_template: Path) -> Path:
    """The lived-in practice with a before and an after photo of its first client (in
    practice/; their ids in stage.json), made once for the run: importing them took a sixth
    of a second a scene."""

    def build(folder: Path) -> None:
        shutil.copytree(_lived_in_template / "practice", folder / "practice")
        with open_practice(folder / "practice", FixedClock(TEST_NOW)) as staged:
            client_id = staged.clients.search_ids("")[0]
            photo_ids = []
            for when in ("before", "after"):
                path = folder / f"{when}.jpg"
                upright_marker((480, 320)).save(path)
                tags = PhotoTags(None, "cheek_left", "front", when)
                imported = staged.photos.import_file(client_id, path, tags)
                assert imported.photo_id is not None, imported
                photo_ids.append(imported.photo_id)
        ids = {"client_id": client_id, "photo_ids": photo_ids}
        (folder / "stage.json").write_text(json.dumps(ids))

    return built_once(tmp_path_factory, "paths-screens-stage", build)


@pytest.fixture
def lived_in_source(_stage_folder: Path) -> Path:
    return _stage_folder / "practice"


@pytest.fixture
def stage(
    lived_in_window: MainWindow, lived_in_practice: Practice, qtbot: QtBot, _stage_folder: Path
) -> Stage:
    ids = json.loads((_stage_folder / "stage.json").read_text())
    client = lived_in_practice.clients.get(ids["client_id"])
    name = f"{client.first_name} {client.last_name}"
    client_id, photo_ids = ids["client_id"], ids["photo_ids"]
    return Stage(lived_in_window, lived_in_practice, client_id, name, photo_ids, qtbot)


def open_scene(stage: Stage, scene: str) -> QWidget:
    top = SCENES[scene](stage)
    stage.qtbot.waitExposed(top)
    return top


def close_scene(stage: Stage, top: QWidget) -> None:
    if stage.window.lock_guard.locked:
        stage.window.lock_guard.try_unlock(PIN)  # the teardown closes an open window
    if top is not stage.window:
        from dermadesk.gui.sticky_dialog import StickyDialog

        if isinstance(top, StickyDialog):
            top.close_for_good()
        else:
            top.close()


@pytest.mark.parametrize("scene", list(SCENES))
def test_each_screen_fits_1024x700_and_its_alt_letters_do_not_clash(
    stage: Stage, scene: str
) -> None:
    top = open_scene(stage, scene)
    clashes = mnemonic_clashes(top)
    problems = fit_problems(top)
    close_scene(stage, top)
    assert problems == [] and clashes == [], f"{scene}:\n" + "\n".join(
        [*problems, "Alt letters that clash:", *clashes]
    )


# --- dialogs only their own path opens (they wait in exec) -----------------------------------


def checked_inside(found: dict[str, list[str]], name: str) -> Callable[[QWidget], None]:
    """A dialog answer that checks the dialog as shown, then leaves it."""

    def check(dialog: QWidget) -> None:
        found[name] = fit_problems(dialog) + mnemonic_clashes(dialog)
        leave(dialog)

    return check


def test_the_print_preview_fits_1024x700(stage: Stage) -> None:
    found: dict[str, list[str]] = {}
    open_client(stage.window, stage.name)
    with answering((QPrintPreviewDialog, checked_inside(found, "preview"))):
        press(stage.window, Qt.Key.Key_P, CTRL)
    assert found == {"preview": []}


def test_the_pin_box_in_front_of_a_dialog_fits_and_the_pin_opens_it(stage: Stage) -> None:
    from dermadesk.gui.audit_viewer import AuditViewer
    from dermadesk.gui.lock_widgets import UnlockBox

    stage.practice.settings.set_lock_pin(PIN)
    stage.window.lock_guard.reload()
    found: dict[str, list[str]] = {}

    def unlock(box: QWidget) -> None:
        found["pin box"] = fit_problems(box) + mnemonic_clashes(box)
        pin = stage.window.lock_guard.panel.pin_edit
        assert pin.window() is box and pin.hasFocus()
        QTest.keyClicks(pin, PIN)
        press(pin, Qt.Key.Key_Return)
        stage.qtbot.waitUntil(lambda: not stage.window.lock_guard.locked)

    def lock_from_the_trail(viewer: QWidget) -> None:
        with answering((UnlockBox, unlock)):
            stage.window.lock_guard.lock()  # as the idle timer does, the trail in front
        leave(viewer)

    audit_action = next(r.action for r in every_action(stage.window) if "Audit" in r.where)
    with answering((AuditViewer, lock_from_the_trail)):
        audit_action.trigger()
    assert found == {"pin box": []}
    assert not stage.window.lock_guard.locked
