"""What the command line says makes sense without a window."""

from __future__ import annotations

from pathlib import Path

import pytest

from dermadesk import cli
from tests.helpers import details, open_practice, photo_bytes


def test_a_picture_in_another_clients_file_is_refused_in_words_for_the_command_line(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    picture = tmp_path / "one.jpg"
    picture.write_bytes(photo_bytes())
    with open_practice(data_dir) as practice:
        anna = practice.clients.create(details())
        bea = practice.clients.create(details("Bea", "Lis"))
        practice.photos.import_file(anna, picture)

    status = cli.main(["--data-dir", str(data_dir), "photos", "import", str(bea), str(picture)])

    said = capsys.readouterr().err
    assert status == 1 and "already in another client's file" in said
    assert "file is open" not in said and "window" not in said
