"""Comparing photos (side by side, slider, zoomed together) and exporting them by consent."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QBuffer, QIODevice, QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QPixmap, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from dermadesk.core.consent_signing import Signing
from dermadesk.core.consent_status import PHOTO
from dermadesk.core.photo_tags import PhotoTags
from dermadesk.core.practice import Practice
from dermadesk.gui.gallery_tab import GalleryTab
from dermadesk.gui.photo_compare import SLIDER, CompareDialog, pair_to_compare
from dermadesk.gui.photo_export import ExportDialog
from tests.gui.conftest import PromptRecorder
from tests.helpers import details, looks_upright, photo_bytes, signature

REDDISH, BLUISH = (200, 40, 40), (40, 60, 200)


def picture(colour: tuple[int, int, int], taken: str) -> bytes:
    """A 400 x 300 camera picture of one colour (told apart on screen), with its date."""
    image = Image.new("RGB", (400, 300), colour)
    ImageDraw.Draw(image).rectangle([0, 0, 39, 29], fill=(255, 255, 255))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = taken
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=95)
    return out.getvalue()


def pil_of(image: QImage | QPixmap) -> Image.Image:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")


def near(colour: tuple[int, ...], wanted: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(colour, wanted, strict=False))


@pytest.fixture
def client(practice: Practice) -> int:
    return practice.clients.create(details("Maja", "Lindqvist"))


@pytest.fixture
def photos(practice: Practice, client: int, tmp_path: Path) -> dict[str, int]:
    """A left cheek before (March), an after in April and the latest after in May; a chin."""
    plan = {
        "before": (
            REDDISH,
            "2026:03:14 10:00:00",
            PhotoTags(None, "cheek_left", "front", "before"),
        ),
        "chin": ((90, 90, 90), "2026:03:14 10:05:00", PhotoTags(None, "chin", "front", "before")),
        "april": (
            (120, 60, 160),
            "2026:04:11 11:00:00",
            PhotoTags(None, "cheek_left", "front", "after"),
        ),
        "may": (BLUISH, "2026:05:09 11:00:00", PhotoTags(None, "cheek_left", "front", "after")),
    }
    ids = {}
    for name, (colour, taken, tags) in plan.items():
        path = tmp_path / f"{name}.jpg"
        path.write_bytes(picture(colour, taken))
        photo_id = practice.photos.import_file(client, path, tags).photo_id
        assert photo_id is not None
        ids[name] = photo_id
    return ids


@pytest.fixture
def compare(practice: Practice, client: int, photos: dict[str, int], qtbot: QtBot) -> CompareDialog:
    pair = pair_to_compare(practice, client)
    assert pair is not None
    dialog = CompareDialog(practice, client, pair)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 640)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.view.loaded)
    return dialog


def test_the_comparison_opens_on_the_natural_pair_labelled_and_others_can_be_picked(
    compare: CompareDialog, photos: dict[str, int], qtbot: QtBot
) -> None:
    view = compare.view
    # The first "before" and the latest "after" of the same area and view.
    assert view.pair == (photos["before"], photos["may"])
    assert view.left_label.text() == "14 Mar 2026 · Before · Left cheek · Front"
    assert view.right_label.text() == "9 May 2026 · After · Left cheek · Front"
    assert view.before_box.currentText() == view.left_label.text()
    assert near(pil_of(view.left.grab()).getpixel((500 // 2, 300)), REDDISH)  # type: ignore[arg-type]

    view.after_box.setFocus()
    qtbot.keyClick(view.after_box, Qt.Key.Key_Up)  # the photo before it in the list: April's

    assert view.pair == (photos["before"], photos["april"])
    assert view.right_label.text().startswith("11 Apr 2026 · After")
    qtbot.mouseClick(view.swap_button, Qt.MouseButton.LeftButton)
    assert view.pair == (photos["april"], photos["before"])


def test_dragging_the_slider_moves_the_divider_and_wipes_one_photo_over_the_other(
    compare: CompareDialog, qtbot: QtBot
) -> None:
    view = compare.view
    qtbot.mouseClick(view.slider_button, Qt.MouseButton.LeftButton)
    assert view.mode == SLIDER
    wipe = view.wipe
    qtbot.waitUntil(lambda: wipe.isVisible() and wipe.width() > 300)
    probe = (int(wipe.width() * 0.4), wipe.height() // 2 + 40)
    assert near(pil_of(wipe.grab()).getpixel(probe), REDDISH)  # type: ignore[arg-type]  # before
    assert near(pil_of(wipe.grab()).getpixel((int(wipe.width() * 0.6), probe[1])), BLUISH)  # type: ignore[arg-type]

    start = QPoint(int(wipe.divider_x()), wipe.height() // 2 + 40)
    end = QPoint(int(wipe.width() * 0.25), start.y())
    qtbot.mousePress(wipe, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(wipe, QPoint(int(wipe.width() * 0.35), start.y()))
    qtbot.mouseMove(wipe, end)
    qtbot.mouseRelease(wipe, Qt.MouseButton.LeftButton, pos=end)

    assert wipe.divider == pytest.approx(0.25, abs=0.01)
    assert near(pil_of(wipe.grab()).getpixel(probe), BLUISH)  # type: ignore[arg-type]  # now after
    assert view.state.zoom == 1.0  # the drag moved the divider, not the pictures
    qtbot.keyClick(wipe, Qt.Key.Key_Right)
    assert wipe.divider == pytest.approx(0.30, abs=0.01)


def wheel(widget, at: QPointF, notches: int) -> None:  # type: ignore[no-untyped-def]
    event = QWheelEvent(
        at,
        QPointF(widget.mapToGlobal(at.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_zooming_or_panning_one_side_does_the_same_to_the_other(
    compare: CompareDialog, qtbot: QtBot
) -> None:
    left, right = compare.view.left, compare.view.right
    whole = right.image_rect()
    painted = pil_of(right.grab())

    wheel(left, QPointF(left.width() * 0.25, left.height() * 0.25), 3)

    factor = 1.25**3
    assert left.state is right.state and right.state.zoom == pytest.approx(factor)
    assert right.image_rect().width() == pytest.approx(whole.width() * factor)
    # The same part of both pictures is in view: here the white top-left corner of each.
    for side in (left, right):
        shown = side.image_rect()
        assert shown.left() / shown.width() == pytest.approx(
            left.image_rect().left() / left.image_rect().width()
        )
    assert pil_of(right.grab()) != painted

    before = right.image_rect()
    middle = right.rect().center()
    qtbot.mousePress(right, Qt.MouseButton.LeftButton, pos=middle)
    qtbot.mouseMove(right, middle + QPoint(-30, -20))
    qtbot.mouseRelease(right, Qt.MouseButton.LeftButton, pos=middle + QPoint(-30, -20))
    assert right.image_rect().topLeft() != before.topLeft()
    assert left.image_rect().left() / left.image_rect().width() == pytest.approx(
        right.image_rect().left() / right.image_rect().width()
    )
    qtbot.mouseClick(compare.view.zoom_buttons[1], Qt.MouseButton.LeftButton)  # Fit
    assert right.image_rect() == whole


# --- export ------------------------------------------------------------------------------------


def _photo_consent(practice: Practice, client: int, *levels: str) -> None:
    practice.consents.sign(
        Signing(
            client_id=client,
            kind=PHOTO,
            practitioner_name="Dr Ola Nowak",
            client_signature=signature(1),
            practitioner_signature=signature(2),
            photo_levels=levels,
        )
    )


@pytest.fixture
def camera_photo(practice: Practice, client: int, tmp_path: Path) -> int:
    """A phone photo stored on its side, with the phone's make and where it was taken."""
    path = tmp_path / "IMG_0420.JPG"
    path.write_bytes(photo_bytes(orientation=6, gps=True))
    photo_id = practice.photos.import_file(
        client, path, PhotoTags(None, "chin", "front", "before")
    ).photo_id
    assert photo_id is not None
    return photo_id


def test_marketing_export_without_consent_is_refused_in_words(
    practice: Practice,
    client: int,
    camera_photo: int,
    tmp_path: Path,
    qtbot: QtBot,
    prompts: PromptRecorder,
) -> None:
    _photo_consent(practice, client, "clinical")
    prompts.save_path = str(tmp_path / "for the website.jpg")
    dialog = ExportDialog(practice, client, [camera_photo])
    qtbot.addWidget(dialog)
    dialog.show()
    assert "It does not allow marketing or publication." in dialog.consent_note.text()

    dialog.purpose_buttons["marketing"].click()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    assert len(prompts.errors) == 1
    title, message = prompts.errors[0]
    assert title == "Not exported"
    assert "has not consented to their photos being used for marketing or publication" in message
    assert not (tmp_path / "for the website.jpg").exists()
    assert dialog.isVisible()  # the practitioner may choose the clinical record instead


def test_clinical_export_writes_the_photo_upright_without_metadata(
    practice: Practice,
    client: int,
    camera_photo: int,
    tmp_path: Path,
    qtbot: QtBot,
    prompts: PromptRecorder,
) -> None:
    tab = GalleryTab(practice)
    qtbot.addWidget(tab)
    tab.show_client(client)
    tab.show()
    qtbot.waitUntil(lambda: not tab.loading)  # the rows are read off the GUI thread
    tab.select_photos([camera_photo])
    prompts.save_path = str(tmp_path / "out" / "chin before")  # typed without an ending

    qtbot.mouseClick(tab.buttons.export_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialogs.export_dialog
    assert isinstance(dialog, ExportDialog) and not dialog.comparison
    assert dialog.purpose == "clinical"  # the safe choice is the first one
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.written is not None)

    written = tmp_path / "out" / "chin before.jpg"
    assert dialog.written == written and written.exists()
    assert prompts.errors == []
    with Image.open(written) as exported:
        assert dict(exported.getexif()) == {}  # no camera, no place, no date
        assert looks_upright(exported)
    assert b"PhoneMaker" not in written.read_bytes()
    assert tab.status.text() == f"Photo exported for the clinical record: {written}"
    assert not dialog.isVisible()


def test_a_marketing_export_is_named_without_the_client(
    practice: Practice, client: int, camera_photo: int, qtbot: QtBot
) -> None:
    dialog = ExportDialog(practice, client, [camera_photo])
    qtbot.addWidget(dialog)
    assert dialog.suggested_name().startswith("Lindqvist Maja - Chin front before")
    dialog.purpose_buttons["marketing"].click()
    assert "Lindqvist" not in dialog.suggested_name()
    assert "Maja" not in dialog.suggested_name()


@pytest.mark.parametrize("as_pdf", [False, True], ids=["jpeg", "pdf"])
def test_a_comparison_is_exported_as_a_picture_or_a_pdf_sheet(
    compare: CompareDialog,
    practice: Practice,
    tmp_path: Path,
    qtbot: QtBot,
    prompts: PromptRecorder,
    as_pdf: bool,
) -> None:
    prompts.save_path = str(tmp_path / "comparison")
    qtbot.mouseClick(compare.export_button, Qt.MouseButton.LeftButton)
    dialog = compare.export_dialog
    assert isinstance(dialog, ExportDialog) and dialog.comparison and dialog.format_box.isVisible()
    (dialog.pdf_button if as_pdf else dialog.jpeg_button).click()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.written is not None or bool(prompts.errors), timeout=15000)

    assert prompts.errors == []
    written = tmp_path / ("comparison.pdf" if as_pdf else "comparison.jpg")
    assert dialog.written == written and written.exists()
    assert written.read_bytes().startswith(b"%PDF-" if as_pdf else b"\xff\xd8")
    assert compare.status.text().startswith("Comparison exported for the clinical record")
