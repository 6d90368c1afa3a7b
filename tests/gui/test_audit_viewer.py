"""The audit viewer: entries by client, newest first, and a word when the chain is broken."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from dermadesk.core.audit import Entry
from dermadesk.core.practice import Practice
from dermadesk.gui.audit_viewer import AuditViewer
from tests.gui.conftest import type_text
from tests.helpers import connect_db, details


def _shown(viewer: AuditViewer, column: int) -> list[str]:
    model = viewer.model
    return [str(model.data(model.index(row, column))) for row in range(model.rowCount())]


def test_the_viewer_shows_one_clients_entries_or_everyones(
    practice: Practice, qtbot: QtBot, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    anna = practice.clients.create(details())
    bea = practice.clients.create(details("Beatrix", "Lis"))
    practice.clients.update(anna, details(phone="+44 7700 900123"))
    practice.clients.archive(bea)
    practice.audit.log(Entry("sheet.printed", None, "Consent packs - 21 Nov 2026"))

    viewer = AuditViewer(practice, anna)
    qtbot.addWidget(viewer)
    qtmodeltester.check(viewer.model)
    assert _shown(viewer, 2) == ["Client file edited", "Client file created"]  # newest first
    assert set(_shown(viewer, 3)) == {"Anna Kowalska"}
    assert "Anna Kowalska" in viewer.scope_label.text()

    type_text(viewer.search, "Beat")
    assert _shown(viewer, 2) == ["Client file archived", "Client file created"]
    assert set(_shown(viewer, 3)) == {"Beatrix Lis"}

    viewer.show_everyone()
    assert len(_shown(viewer, 2)) == 5 and _shown(viewer, 2)[0] == "Sheet printed"
    qtbot.waitUntil(lambda: "unbroken" in viewer.chain_label.text())


def test_an_altered_trail_is_said_plainly(practice: Practice, qtbot: QtBot) -> None:
    practice.clients.create(details())
    practice.clients.create(details("Bea", "Lis"))
    connection = connect_db(practice.data_dir)
    with connection:
        connection.execute("DROP TRIGGER audit_event_no_update")
        connection.execute("UPDATE audit_event SET actor = 'nobody' WHERE id = 1")
    connection.close()

    viewer = AuditViewer(practice)
    qtbot.addWidget(viewer)
    qtbot.waitUntil(lambda: "altered outside DermaDesk" in viewer.chain_label.text())
    assert "audit entry 1 was changed" in viewer.chain_label.text()


def test_the_client_menu_opens_the_trail_on_the_open_client(
    window, qtbot: QtBot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    opened: list[AuditViewer] = []
    monkeypatch.setattr(AuditViewer, "exec", lambda viewer: opened.append(viewer) or 0)
    client_id = window.practice.clients.search_ids("")[0]
    window._open_client(client_id)

    window.audit_action.trigger()

    [viewer] = opened
    assert set(_shown(viewer, 3)) == {window.client_view.header.name_label.text()}
