"""The command line never writes a control character to the terminal: names, file names
and messages holding them are printed with the characters written out (\\x1b)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from tests.cli_runner import Dermadesk
from tests.helpers import connect_db

HOSTILE = "Eve\x1b]0;pwned\x07\x1b[31m\x9b2J\u202eRed\nLine"


def raw_controls(text: str) -> list[str]:
    """The characters in `text` a terminal would act on (line breaks are expected)."""
    return [
        ch
        for ch in text
        if ch != "\n"
        and (unicodedata.category(ch) in ("Cc", "Cs") or "\u202a" <= ch <= "\u202e"
             or "\u2066" <= ch <= "\u2069")
    ]  # fmt: skip


@pytest.fixture
def hostile_practice(dermadesk: Dermadesk, practice_dir: Path) -> str:
    """A demo practice whose client 1 was named, before the rules, with terminal codes."""
    data = practice_dir
    assert dermadesk("--data-dir", str(data), "demo", "--clients", "3").returncode == 0
    with connect_db(data) as raw:
        raw.execute("UPDATE client SET first_name = ? WHERE id = 1", (HOSTILE,))
    return str(data)


def test_clients_prints_a_hostile_name_written_out(
    dermadesk: Dermadesk, hostile_practice: str
) -> None:
    listed = dermadesk("--data-dir", hostile_practice, "clients")
    assert listed.returncode == 0
    assert raw_controls(listed.stdout) == []
    assert "Eve\\x1b]0;pwned\\x07\\x1b[31m\\u009b2J\\u202eRed\\x0aLine" in listed.stdout
    assert listed.stdout.count("\n") == 4  # three clients and the count: the name kept its line


def test_clients_json_is_exact_and_writes_no_control_character(
    dermadesk: Dermadesk, hostile_practice: str
) -> None:
    listed = dermadesk("--data-dir", hostile_practice, "clients", "--json")
    assert raw_controls(listed.stdout) == []
    names = {client["id"]: client["first_name"] for client in json.loads(listed.stdout)}
    assert names[1] == HOSTILE


def test_screen_and_sessions_print_the_name_written_out(
    dermadesk: Dermadesk, hostile_practice: str
) -> None:
    for command in ("screen", "sessions"):
        shown = dermadesk("--data-dir", hostile_practice, command, "1")
        assert shown.returncode == 0
        assert raw_controls(shown.stdout) == [], command
        assert "\\x1b]0;pwned" in shown.stdout


def test_an_error_naming_a_hostile_file_name_writes_it_out(
    dermadesk: Dermadesk, hostile_practice: str, tmp_path: Path
) -> None:
    missing = tmp_path / "\x1b[2Jclients\x07.json"
    refused = dermadesk("--data-dir", hostile_practice, "clients", "import", str(missing))
    assert refused.returncode == 1
    assert raw_controls(refused.stderr) == []
    assert "There is no file" in refused.stderr and "\\x1b[2Jclients\\x07.json" in refused.stderr


def test_check_writes_out_a_hostile_file_name(dermadesk: Dermadesk, hostile_practice: str) -> None:
    stray = Path(hostile_practice) / "photos" / "ab" / "left\x1b]0;x\x07over"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"left by a crash")
    for how in ([], ["--json"]):
        checked = dermadesk("--data-dir", hostile_practice, "check", *how)
        assert checked.returncode == 1
        assert raw_controls(checked.stdout) == []
    assert json.loads(checked.stdout)["problems"][0]["kind"] == "orphan_file"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[" + "[" * 50_000 + "]" * 50_000 + "]", "The JSON file is nested too deeply"),
        (
            '[{"first_name": "Anna\\ud800", "last_name": "Nowak", "date_of_birth": "1990-01-01"}]',
            "first_name holds half of a character pair on its own",
        ),
    ],
)
def test_an_import_of_hostile_json_is_refused_in_words(
    dermadesk: Dermadesk, hostile_practice: str, tmp_path: Path, text: str, words: str
) -> None:
    path = tmp_path / "clients.json"
    path.write_text(text, encoding="utf-8")
    refused = dermadesk("--data-dir", hostile_practice, "clients", "import", str(path))
    assert refused.returncode == 1 and words in refused.stderr, refused.stderr
