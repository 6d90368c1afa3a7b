"""The window on a 1024x700 screen with a client's file open: everything on screen, nothing cut."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from dermadesk.core.practice import Practice
from dermadesk.gui.main_window import MainWindow
from tests.helpers import TEST_NOW, details

SCREEN = (1024, 700)


def in_scrolled_content(widget: QWidget, window: QWidget) -> bool:
    """True inside a scroll area's viewport, where what is out of view is scrolled to."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return True
        parent = parent.parentWidget()
    return False


def off_screen(window: QWidget) -> list[str]:
    """The visible widgets that stick out of the window."""
    frame = window.rect()
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow() or in_scrolled_content(widget, window):
            continue
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not frame.contains(rect):
            found.append(f"{type(widget).__name__} {widget.objectName()!r} at {rect}")
    return found


def cut_buttons(window: QWidget) -> list[str]:
    """Visible buttons narrower than their own label."""
    found = []
    for button in window.findChildren(QPushButton):
        if not button.isVisible() or in_scrolled_content(button, window):
            continue
        label = button.text().replace("&", "")
        needed = button.fontMetrics().horizontalAdvance(label) + 12
        if button.menu() is not None:
            needed += 20  # Qt paints the menu arrow over the label's end
        if button.width() < needed:
            found.append(f"“{label}” is {button.width()} px wide, needs {needed}")
    return found


def test_a_client_file_fits_a_1024_by_700_screen_on_every_tab(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    long_name = details("Maria-Magdalena Aleksandra", "Wiśniewska-Szczepańska-Zielińska")
    client_id = demo_practice.clients.create(long_name)
    window.client_list.refresh()
    window.resize(*SCREEN)
    qtbot.wait(10)
    for opened in (window.client_list.model.client_id(0), client_id):
        assert opened is not None
        window.client_list.select(opened)
        tabs = window.client_view.tabs
        for index in range(tabs.count()):
            bar = tabs.tabBar()
            qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
            assert tabs.currentIndex() == index
            qtbot.wait(10)
            label = tabs.tabText(index)
            assert window.minimumSizeHint().width() <= SCREEN[0], label
            assert window.minimumSizeHint().height() <= SCREEN[1], label
            assert (window.width(), window.height()) == SCREEN, label  # never widens itself
            assert off_screen(window) == [], label
            assert cut_buttons(window) == [], label
    header = window.client_view.header.name_label
    assert header.toolTip() == header.text() == f"{long_name.first_name} {long_name.last_name}"


def test_the_due_list_shows_each_whole_text_on_hover(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    from dermadesk.core.plans import PlanDetails

    client_id = demo_practice.clients.create(details("Maria-Magdalena", "Wiśniewska-Zielińska"))
    concerns = "acne scarring on both cheeks and the chin, enlarged pores, fine lines, melasma"
    demo_practice.sessions.create_plan(client_id, PlanDetails(concerns, 6, 4, TEST_NOW.date()))
    window.resize(*SCREEN)
    panel = window.today_panel
    panel.refresh()
    assert panel.due.topLevelItemCount() > 0
    panel.tabs.setCurrentIndex(1)
    for row in range(panel.due.topLevelItemCount()):
        item = panel.due.topLevelItem(row)
        for column in range(panel.due.columnCount()):
            assert item.toolTip(column) == item.text(column)
    plan = panel.due.topLevelItem(0).text(3)
    assert plan.startswith("Session ")  # the start shows; the rest is cut with "…"
    assert panel.due.textElideMode() == Qt.TextElideMode.ElideRight


def test_names_in_the_list_have_room_on_a_small_screen(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    window.resize(*SCREEN)
    qtbot.wait(10)
    table = window.client_list.table
    model = window.client_list.model
    assert table.columnWidth(0) >= 0.45 * table.viewport().width()  # the name comes first
    short = table.fontMetrics().horizontalAdvance("Dumitrașcu, Bianca")
    assert table.columnWidth(0) >= short + 8  # a usual name shows whole
    row = model.rowCount() - 1
    assert model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole) == model.index(row, 0).data()
    assert table.textElideMode() == Qt.TextElideMode.ElideRight  # the start shows, then …


def test_tabs_and_their_buttons_stay_put_from_client_to_client(
    window: MainWindow, qtbot: QtBot, demo_practice: Practice
) -> None:
    from dermadesk.core.screening import ScreeningAnswers

    today = TEST_NOW.date()
    many = ScreeningAnswers(
        answered_on=today, herpes_outbreak=True, active_acne=True, local_infection=True,
        keloid_tendency=True, chemotherapy=True, chronic_skin_disease=True,
    )  # fmt: skip
    worried = demo_practice.clients.create(details("Ewa", "Alarm", allergies="Lidocaine"), many)
    calm = demo_practice.clients.create(details("Ewa", "Calm"), ScreeningAnswers(today))
    window.client_list.refresh()
    window.resize(*SCREEN)
    view = window.client_view

    def places() -> list[QPoint]:
        return [
            widget.mapTo(window, QPoint(0, 0))
            for widget in (view.tabs.tabBar(), view.form.ui.saveButton, view.header.archive_button)
        ]

    window.client_list.select(worried)
    qtbot.wait(10)
    assert view.alerts.blocking_label.isVisible()
    with_alerts = places()
    window.client_list.select(calm)
    qtbot.wait(10)
    assert not view.alerts.blocking_label.isVisible()
    assert places() == with_alerts
    # The alerts are all there to read: scrolled to, never cut off.
    area = view.alerts_area
    window.client_list.select(worried)
    qtbot.wait(10)
    assert area.widget().height() >= view.alerts.sizeHint().height()
