"""Files that are not what they claim: a pipe named .jpg, a device, a socket, JSON nested
thousands deep or holding half a character, each refused in words and never hanging."""

from __future__ import annotations

import json
import os
import socket
import tempfile
import threading
from pathlib import Path

import pytest

from dermadesk.core.client_import import import_clients
from dermadesk.core.errors import ImportFileError
from dermadesk.core.photo_import import Imported
from dermadesk.core.practice import Practice
from tests.helpers import details


def _import_within(practice: Practice, client_id: int, path: Path) -> list[Imported]:
    """Import `path`, failing the test when it has not finished within 10 seconds."""
    outcomes: list[Imported] = []
    worker = threading.Thread(
        target=lambda: outcomes.extend(practice.photos.import_files(client_id, [path])),
        daemon=True,
    )
    worker.start()
    worker.join(timeout=10)
    if worker.is_alive():
        # Let the stuck open() of the pipe return, so the thread ends with the test.
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(timeout=10)
        pytest.fail(f"importing {path.name} hung waiting on it")
    return outcomes


def test_a_pipe_named_jpg_is_refused_without_hanging(practice: Practice, tmp_path: Path) -> None:
    client_id = practice.clients.create(details())
    pipe = tmp_path / "IMG_0001.jpg"
    os.mkfifo(pipe)
    (outcome,) = _import_within(practice, client_id, pipe)
    assert outcome.refused == "IMG_0001.jpg: not imported; it is a named pipe, not a picture file."
    assert practice.photos.for_client(client_id) == []


def test_a_device_and_a_socket_are_refused_in_words(practice: Practice) -> None:
    client_id = practice.clients.create(details())
    (device,) = _import_within(practice, client_id, Path("/dev/zero"))
    assert device.refused == "zero: not imported; it is a device, not a picture file."
    # A short folder: a socket's path is limited to about 100 bytes.
    with tempfile.TemporaryDirectory() as folder, socket.socket(socket.AF_UNIX) as listening:
        path = Path(folder) / "photo.jpg"
        listening.bind(str(path))
        (outcome,) = _import_within(practice, client_id, path)
    assert outcome.refused == "photo.jpg: not imported; it is a socket, not a picture file."


def _client(**more: object) -> dict[str, object]:
    return {"first_name": "Anna", "last_name": "Kowalska", "date_of_birth": "1988-05-17", **more}


def test_json_nested_thousands_deep_is_refused_in_words(practice: Practice, tmp_path: Path) -> None:
    path = tmp_path / "clients.json"
    path.write_text("[" + "[" * 100_000 + "]" * 100_000 + "]", encoding="utf-8")
    with pytest.raises(ImportFileError) as refused:
        import_clients(practice.clients, path)
    assert str(refused.value) == (
        "The JSON file is nested too deeply at line 1; a client is an object of fields, "
        "at most 4 levels deep."
    )


def test_a_client_nested_deeper_than_a_client_can_be_is_refused(
    practice: Practice, tmp_path: Path
) -> None:
    deep: object = "x"
    for _ in range(30):
        deep = {"a": deep}
    path = tmp_path / "clients.json"
    path.write_text(json.dumps([_client(), _client(phone=deep)]), encoding="utf-8")
    with pytest.raises(ImportFileError) as refused:
        import_clients(practice.clients, path)
    assert [str(p) for p in refused.value.problems] == [
        "line 1: the client is nested more than 4 levels deep"
    ]
    assert practice.clients.count() == 0


@pytest.mark.parametrize(
    ("record", "words"),
    [
        (r'{"first_name": "Anna\ud800", ', "first_name holds half of a character pair"),
        (r'{"first_name": "Anna", "notes\udfff": "", ', "a field name holds half of a"),
        (r'{"first_name": "Anna", "screening": {"active_acne": "\ud83d"}, ', "active_acne holds"),
    ],
)
def test_a_lone_surrogate_anywhere_is_refused_in_words(
    practice: Practice, tmp_path: Path, record: str, words: str
) -> None:
    path = tmp_path / "clients.json"
    path.write_text(
        f'[{record}"last_name": "Nowak", "date_of_birth": "1990-01-01"}}]', encoding="utf-8"
    )
    with pytest.raises(ImportFileError) as refused:
        import_clients(practice.clients, path)
    (problem,) = refused.value.problems
    assert words in problem.message, problem.message
    assert practice.clients.count() == 0


def test_hostile_names_in_a_csv_are_refused_row_by_row(practice: Practice, tmp_path: Path) -> None:
    path = tmp_path / "clients.csv"
    path.write_text(
        "first_name,last_name,date_of_birth\n"
        "Anna,Nowak,1990-01-01\n"
        "\u200b\u200b,Nowak,1990-01-02\n"
        '"Eve\x1b]0;pwned\x07",Nowak,1990-01-03\n'
        '"Two\nLines",Nowak,1990-01-04\n',
        encoding="utf-8",
    )
    with pytest.raises(ImportFileError) as refused:
        import_clients(practice.clients, path)
    assert [str(p) for p in refused.value.problems] == [
        "line 3: The first name holds only characters that cannot be seen; type it in letters",
        "line 4: The first name holds a character that cannot be seen or printed "
        "(U+001B, escape); type it again without it",
        "line 5: The first name holds a line break; keep it on one line",
    ]
    assert practice.clients.count() == 0
