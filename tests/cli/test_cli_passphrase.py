"""How the command line gets the passphrase (a file, the environment, the keychain), makes a
new practice with a recovery code, and changes or recovers the passphrase."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import keyring
import pytest

from dermadesk.core import keychain, keys
from dermadesk.core.practice import Practice
from tests.cli_runner import Dermadesk
from tests.helpers import TEST_PASSPHRASE, open_practice
from tests.helpers import test_key as key_of
from tests.keychains import MemoryKeychain, lent_keychains

CODE = re.compile(r"\b[0-9A-Z]{5}(?:-[0-9A-Z]{5}){5}\b")
NEW = "a brand new passphrase"


def _practice(data_dir: Path) -> Path:
    open_practice(data_dir).close()
    return data_dir


def _secret_file(tmp_path: Path, text: str, mode: int = 0o600) -> Path:
    path = tmp_path / f"secret-{abs(hash(text))}.txt"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def _actions(data_dir: Path, key: keys.DataKey) -> list[str]:
    with Practice.open(data_dir, key=key) as practice:
        return [event.action for event in practice.audit.events()]


def test_demo_makes_an_encrypted_practice_and_shows_its_recovery_code_once(
    dermadesk: Dermadesk, data_dir: Path
) -> None:
    ran = dermadesk("--data-dir", str(data_dir), "demo", "--clients", "3")

    assert ran.returncode == 0, ran.stderr
    [code] = CODE.findall(ran.stdout)
    assert "shown only this once" in ran.stdout and "Write it down" in ran.stdout
    assert keys.unlock_with_recovery_code(data_dir, code) == key_of(data_dir)
    with pytest.raises(sqlite3.DatabaseError):  # plain SQLite cannot read it
        sqlite3.connect(data_dir / "dermadesk.db").execute("select * from sqlite_master").all()
    again = dermadesk("--data-dir", str(data_dir), "clients")
    assert again.returncode == 0 and "3 clients." in again.stdout
    assert not CODE.findall(again.stdout + again.stderr)  # once only


def test_with_json_the_recovery_code_is_in_the_json(dermadesk: Dermadesk, data_dir: Path) -> None:
    ran = dermadesk("--data-dir", str(data_dir), "demo", "--clients", "2", "--json")
    made = json.loads(ran.stdout)
    assert made["result"] == {"data_dir": str(data_dir), "clients": 2, "photos": 0}
    assert keys.unlock_with_recovery_code(data_dir, made["recovery_code"]) == key_of(data_dir)

    source = data_dir.parent / "clients.json"
    source.write_text(json.dumps([{"first_name": "Ola", "last_name": "Nowak",
                                   "date_of_birth": "1990-01-02"}]))  # fmt: skip
    other = data_dir.parent / "other"
    imported = json.loads(dermadesk("--data-dir", str(other), "clients", "import",
                                    str(source), "--json").stdout)  # fmt: skip
    assert len(imported["result"]) == 1
    assert keys.unlock_with_recovery_code(other, imported["recovery_code"]) == key_of(other)
    # An existing practice's JSON is as it always was.
    source.write_text(json.dumps([{"first_name": "Ewa", "last_name": "Lis",
                                   "date_of_birth": "1991-02-03"}]))  # fmt: skip
    again = json.loads(
        dermadesk("--data-dir", str(other), "clients", "import", str(source), "--json").stdout
    )
    assert isinstance(again, list) and len(again) == 1


def test_a_new_practice_needs_a_passphrase_the_rules_accept_and_nothing_is_made_without(
    dermadesk: Dermadesk, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DERMADESK_PASSPHRASE", "sunshine123")
    ran = dermadesk("--data-dir", str(data_dir), "demo", "--clients", "2")
    assert ran.returncode == 1
    assert "not accepted" in ran.stderr and "most common passwords" in ran.stderr
    assert not data_dir.exists() or os.listdir(data_dir) == []


def test_a_wrong_passphrase_is_refused_in_words_and_nothing_is_written(
    dermadesk: Dermadesk, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _practice(data_dir)
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    monkeypatch.setenv("DERMADESK_PASSPHRASE", TEST_PASSPHRASE.upper())
    ran = dermadesk("--data-dir", str(data_dir), "clients")
    assert ran.returncode == 1
    assert ran.stderr == (
        "dermadesk: The passphrase in DERMADESK_PASSPHRASE does not unlock this practice. "
        "A forgotten passphrase is replaced with `dermadesk recover`.\n"
    )
    assert {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()} == before


def test_without_a_passphrase_or_a_terminal_the_three_ways_are_named(
    dermadesk: Dermadesk, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _practice(data_dir)
    monkeypatch.delenv("DERMADESK_PASSPHRASE")
    ran = dermadesk("--data-dir", str(data_dir), "clients")
    assert ran.returncode == 1
    assert "--passphrase-file FILE" in ran.stderr and "DERMADESK_PASSPHRASE" in ran.stderr
    assert "in a terminal" in ran.stderr


def test_a_passphrase_file_gives_its_first_line_before_or_after_the_command(
    dermadesk: Dermadesk, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _practice(data_dir)
    monkeypatch.setenv("DERMADESK_PASSPHRASE", "the file comes first, so not this")
    secret = _secret_file(tmp_path, f"{TEST_PASSPHRASE}\nsecond line, ignored\n")
    for args in (["--passphrase-file", str(secret), "clients"],
                 ["clients", "--passphrase-file", str(secret)]):  # fmt: skip
        ran = dermadesk("--data-dir", str(data_dir), *args)
        assert ran.returncode == 0 and ran.stdout == "No clients yet.\n", ran.stderr
        assert "warning" not in ran.stderr
    crlf = _secret_file(tmp_path, f"{TEST_PASSPHRASE}\r\n")  # written on Windows
    assert dermadesk("--data-dir", str(data_dir), "--passphrase-file", str(crlf),
                     "clients").returncode == 0  # fmt: skip


def test_a_passphrase_file_others_can_read_is_warned_about(
    dermadesk: Dermadesk, data_dir: Path, tmp_path: Path
) -> None:
    _practice(data_dir)
    secret = _secret_file(tmp_path, TEST_PASSPHRASE + "\n", mode=0o644)
    ran = dermadesk("--data-dir", str(data_dir), "--passphrase-file", str(secret), "clients")
    assert ran.returncode == 0
    assert "other users of this computer can read" in ran.stderr and "chmod 600" in ran.stderr


def test_a_missing_or_empty_passphrase_file_is_told_in_words(
    dermadesk: Dermadesk, data_dir: Path, tmp_path: Path
) -> None:
    _practice(data_dir)
    ran = dermadesk("--data-dir", str(data_dir), "--passphrase-file", "/nowhere/pass", "clients")
    assert ran.returncode == 1 and "there is no file /nowhere/pass" in ran.stderr
    empty = _secret_file(tmp_path, "\n" + TEST_PASSPHRASE)
    ran = dermadesk("--data-dir", str(data_dir), "--passphrase-file", str(empty), "clients")
    assert ran.returncode == 1 and f"the first line of {empty} is empty" in ran.stderr
    wrong = _secret_file(tmp_path, "not the one at all")
    ran = dermadesk("--data-dir", str(data_dir), "--passphrase-file", str(wrong), "clients")
    assert f"The passphrase in {wrong} does not unlock this practice" in ran.stderr


def test_an_empty_environment_variable_counts_as_none(
    dermadesk: Dermadesk, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _practice(data_dir)
    monkeypatch.setenv("DERMADESK_PASSPHRASE", "")
    ran = dermadesk("--data-dir", str(data_dir), "clients")
    assert ran.returncode == 1 and "there is no terminal to ask it on" in ran.stderr


def test_changing_the_passphrase_keeps_the_key_and_is_audited(
    dermadesk: Dermadesk, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = key_of(_practice(data_dir))
    monkeypatch.setenv("DERMADESK_NEW_PASSPHRASE", NEW)
    ran = dermadesk("--data-dir", str(data_dir), "passphrase")
    assert ran.returncode == 0, ran.stderr
    assert "The passphrase is changed" in ran.stdout
    with pytest.raises(keys.WrongPassphrase):
        keys.unlock(data_dir, TEST_PASSPHRASE)
    assert keys.unlock(data_dir, NEW) == key
    assert _actions(data_dir, key)[0] == "passphrase.changed"


def test_a_wrong_current_passphrase_changes_nothing(
    dermadesk: Dermadesk, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = key_of(_practice(data_dir))
    before = keys.key_file(data_dir).read_bytes()
    monkeypatch.setenv("DERMADESK_PASSPHRASE", "not the one at all")
    monkeypatch.setenv("DERMADESK_NEW_PASSPHRASE", NEW)
    ran = dermadesk("--data-dir", str(data_dir), "passphrase")
    assert ran.returncode == 1
    assert "neither this practice's passphrase nor its recovery code" in ran.stderr
    assert keys.key_file(data_dir).read_bytes() == before
    assert "passphrase.changed" not in _actions(data_dir, key)


def test_a_weak_new_passphrase_changes_nothing(
    dermadesk: Dermadesk, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _practice(data_dir)
    before = keys.key_file(data_dir).read_bytes()
    monkeypatch.setenv("DERMADESK_NEW_PASSPHRASE", "short")
    ran = dermadesk("--data-dir", str(data_dir), "passphrase")
    assert ran.returncode == 1 and "at least 10 characters, or 4 words" in ran.stderr
    assert keys.key_file(data_dir).read_bytes() == before


def test_the_recovery_code_sets_a_new_passphrase_and_is_audited(
    dermadesk: Dermadesk, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DERMADESK_PASSPHRASE")  # forgotten
    practice, code = Practice.create(data_dir, TEST_PASSPHRASE)
    practice.close()
    key = key_of(data_dir)
    typo = code[:3] + ("Z" if code[3] != "Z" else "Y") + code[4:]
    ran = dermadesk("--data-dir", str(data_dir), "recover", "--recovery-code-file",
                    str(_secret_file(tmp_path, typo)))  # fmt: skip
    assert ran.returncode == 1 and "typing mistake" in ran.stderr

    ran = dermadesk("--data-dir", str(data_dir), "recover",
                    "--recovery-code-file", str(_secret_file(tmp_path, code.lower() + "\n")),
                    "--new-passphrase-file", str(_secret_file(tmp_path, NEW + "\n")))  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert "A new passphrase is set" in ran.stdout
    assert keys.unlock(data_dir, NEW) == key
    assert _actions(data_dir, key)[0] == "passphrase.recovered"


def test_the_passphrase_command_takes_the_recovery_code_for_the_current_one(
    dermadesk: Dermadesk, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    practice, code = Practice.create(data_dir, TEST_PASSPHRASE)
    practice.close()
    monkeypatch.setenv("DERMADESK_NEW_PASSPHRASE", NEW)
    ran = dermadesk("--data-dir", str(data_dir), "passphrase",
                    "--passphrase-file", str(_secret_file(tmp_path, code)))  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    key = keys.unlock(data_dir, NEW)
    assert _actions(data_dir, key)[0] == "passphrase.recovered"


def test_a_mistyped_recovery_code_for_the_current_passphrase_is_called_a_typing_mistake(
    dermadesk: Dermadesk, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    practice, code = Practice.create(data_dir, TEST_PASSPHRASE)
    practice.close()
    typo = code[:3] + ("Z" if code[3] != "Z" else "Y") + code[4:]
    monkeypatch.setenv("DERMADESK_NEW_PASSPHRASE", NEW)
    ran = dermadesk("--data-dir", str(data_dir), "passphrase",
                    "--passphrase-file", str(_secret_file(tmp_path, typo)))  # fmt: skip
    assert ran.returncode == 1 and "typing mistake" in ran.stderr


def test_a_recovery_code_of_another_practice_is_refused_in_words(
    dermadesk: Dermadesk, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _practice(data_dir)
    _, other_code = Practice.create(tmp_path / "other", TEST_PASSPHRASE)
    before = keys.key_file(data_dir).read_bytes()
    monkeypatch.setenv("DERMADESK_NEW_PASSPHRASE", NEW)
    ran = dermadesk("--data-dir", str(data_dir), "recover",
                    "--recovery-code-file", str(_secret_file(tmp_path, other_code)))  # fmt: skip
    assert ran.returncode == 1 and "belongs to another practice" in ran.stderr
    assert keys.key_file(data_dir).read_bytes() == before


@pytest.mark.parametrize("kind", ["none", "plain"])
def test_passphrase_commands_on_a_folder_without_keys_say_why(
    dermadesk: Dermadesk, data_dir: Path, kind: str
) -> None:
    if kind == "plain":
        data_dir.mkdir()
        sqlite3.connect(data_dir / "dermadesk.db").execute("create table t (x)").connection.close()
    for command in ("passphrase", "recover"):
        ran = dermadesk("--data-dir", str(data_dir), command)
        assert ran.returncode == 1
        said = "not encrypted yet" if kind == "plain" else "There is no DermaDesk practice"
        assert said in ran.stderr


def test_a_practice_remembered_in_the_keychain_opens_without_a_passphrase(
    dermadesk: Dermadesk, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = key_of(_practice(data_dir))
    monkeypatch.delenv("DERMADESK_PASSPHRASE")
    with lent_keychains():
        keyring.set_keyring(MemoryKeychain())
        keychain.remember_in_keychain(data_dir, key)
        ran = dermadesk("--data-dir", str(data_dir), "clients")
        assert ran.returncode == 0 and ran.stdout == "No clients yet.\n", ran.stderr
        keychain.forget_keychain(data_dir, key)
        assert dermadesk("--data-dir", str(data_dir), "clients").returncode == 1


SCRIPT = Path(sys.executable).with_name("dermadesk")


def _real(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`dermadesk ARGS` as its own process, with no terminal to ask on."""
    return subprocess.run([SCRIPT, *args], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)  # fmt: skip


@pytest.mark.real_clock
def test_a_real_dermadesk_process_takes_the_passphrase_from_the_environment(
    data_dir: Path,
) -> None:
    _practice(data_dir)
    env = {**os.environ, "DERMADESK_PASSPHRASE": TEST_PASSPHRASE}
    ran = _real("--data-dir", data_dir, "clients", env=env)
    assert ran.returncode == 0 and ran.stdout == "No clients yet.\n", ran.stderr


@pytest.mark.real_clock
def test_a_real_dermadesk_process_takes_the_passphrase_from_a_file(
    data_dir: Path, tmp_path: Path
) -> None:
    _practice(data_dir)
    env = {k: v for k, v in os.environ.items() if k != "DERMADESK_PASSPHRASE"}
    secret = _secret_file(tmp_path, TEST_PASSPHRASE + "\n")
    ran = _real("--data-dir", data_dir, "--passphrase-file", secret, "clients", env=env)
    assert ran.returncode == 0 and ran.stdout == "No clients yet.\n", ran.stderr
    without = _real("--data-dir", data_dir, "clients", env=env)
    assert without.returncode == 1 and "DERMADESK_PASSPHRASE" in without.stderr


def test_a_json_command_that_fails_after_making_the_practice_still_shows_the_code(
    dermadesk: Dermadesk, data_dir: Path, tmp_path: Path
) -> None:
    ran = dermadesk("--data-dir", str(data_dir), "clients", "import",
                    str(tmp_path / "no-such.json"), "--json")  # fmt: skip
    assert ran.returncode == 1 and "There is no file" in ran.stderr
    [code] = CODE.findall(ran.stderr)  # the JSON that was to carry it was never printed
    assert keys.unlock_with_recovery_code(data_dir, code) == key_of(data_dir)


def test_a_folder_that_held_a_practice_is_refused_before_a_passphrase_is_asked(
    dermadesk: Dermadesk, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _practice(data_dir)
    for name in ("dermadesk.db", "key.json"):  # both lost: the folder looks new, but is not
        (data_dir / name).unlink()
    monkeypatch.delenv("DERMADESK_PASSPHRASE")
    ran = dermadesk("--data-dir", str(data_dir), "demo", "--clients", "2")
    assert ran.returncode == 1
    assert "is missing" in ran.stderr and "passphrase" not in ran.stderr
    assert not (data_dir / "dermadesk.db").exists() and not (data_dir / "key.json").exists()
