"""`dermadesk encrypt`: a plain practice converted in a new folder, verified, swapped in;
killed at any point, nothing is lost and a second run finishes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dermadesk.core.conversion_swap import plain_copies, staging_for
from dermadesk.core.encrypt_practice import ConversionError, encrypt_practice
from dermadesk.core.integrity import check_data_dir
from dermadesk.core.keys import unlock_with_recovery_code
from dermadesk.core.practice import DATABASE_NAME, Practice, practice_kind
from tests.helpers import TEST_PASSPHRASE, open_practice, test_key
from tests.practice_folders import client_names, plain_lived_in_folder


def plain_practice(built: pytest.TempPathFactory, data_dir: Path) -> None:
    """A practice as DermaDesk made them before encryption: two clients, three photos and a
    backup, all in the clear (a copy of one made once for the run)."""
    plain_lived_in_folder(data_dir, built)
    assert practice_kind(data_dir) == "plain"


def contents(folder: Path) -> dict[str, bytes]:
    """Every file's bytes (SQLite's -wal and -shm aside: opening the database makes them)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(("-wal", "-shm"))
    }


def assert_encrypted_and_whole(data_dir: Path) -> None:
    assert practice_kind(data_dir) == "encrypted"
    assert client_names(data_dir) == ["Anna", "Łucja"]  # read with the key
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(data_dir / DATABASE_NAME).execute("SELECT * FROM client").fetchall()
    assert check_data_dir(data_dir, key=test_key(data_dir)).problems == []
    with open_practice(data_dir) as practice:
        assert practice.encrypted and practice.photos.problems() == []
        assert len(practice.audit.events()) > 3 and practice.audit.broken_links() == []


def test_a_plain_practice_is_encrypted_and_the_old_one_kept_aside(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path
) -> None:
    plain_practice(tmp_path_factory, data_dir)
    before = contents(data_dir)
    with open_practice(data_dir) as still_plain:  # it works as it is until converted
        assert not still_plain.encrypted and still_plain.clients.count() == 2
    steps: list[tuple[int, int]] = []
    code = encrypt_practice(data_dir, TEST_PASSPHRASE, lambda *step: steps.append(step))
    assert steps[-1][0] == steps[-1][1]
    assert_encrypted_and_whole(data_dir)
    assert unlock_with_recovery_code(data_dir, code) == test_key(data_dir)
    (aside,) = plain_copies(data_dir)
    assert aside.name.startswith("practice.plain-")
    assert contents(aside) == before  # the old practice, as it was
    assert not staging_for(data_dir).exists()
    assert not (data_dir / "backups").exists()  # the plain backups stay with the plain copy


def test_what_is_not_a_plain_practice_is_refused_in_words(data_dir: Path) -> None:
    with pytest.raises(ConversionError, match="no practice in"):
        encrypt_practice(data_dir, TEST_PASSPHRASE)
    open_practice(data_dir).close()
    with pytest.raises(ConversionError, match="encrypted already"):
        encrypt_practice(data_dir, TEST_PASSPHRASE)


def test_the_command_line_encrypts_and_says_where_the_plain_copy_is(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dermadesk import cli

    plain_practice(tmp_path_factory, data_dir)
    assert cli.main(["--data-dir", str(data_dir), "encrypt"]) == 0
    out, err = capsys.readouterr()
    (aside,) = plain_copies(data_dir)
    assert "encrypted now" in out and "recovery code" in out
    assert str(aside) in err and "delete that folder" in err
    assert_encrypted_and_whole(data_dir)


# Run in a process of its own, killed (SIGKILL) right after the step named in argv[2].
_KILLED_AT = """
import os, shutil, signal, sys
from pathlib import Path
from tests.helpers import TEST_PASSPHRASE
from dermadesk.core import encrypt_practice as ep

def kill():
    os.kill(os.getpid(), signal.SIGKILL)

def then_kill(module, name, calls=1):
    original, seen = getattr(module, name), []
    def wrapped(*args, **kwargs):
        result = original(*args, **kwargs)
        seen.append(1)
        if len(seen) == calls:
            kill()
        return result
    setattr(module, name, wrapped)

step = sys.argv[2]
if step == "keys":
    then_kill(ep, "create_keys")
elif step == "database":
    then_kill(ep, "_export_database")
elif step == "photos":
    import dermadesk.core.vault_encrypt as vault_encrypt
    then_kill(vault_encrypt, "_seal_original", calls=2)
elif step == "verified":
    then_kill(ep, "mark_verified")
elif step == "aside":
    then_kill(os, "rename", calls=1)
elif step == "swapped":
    then_kill(ep, "swap")
ep.encrypt_practice(Path(sys.argv[1]), TEST_PASSPHRASE)
"""


@pytest.mark.parametrize("step", ["keys", "database", "photos", "verified", "aside", "swapped"])
def test_a_conversion_killed_at_any_step_loses_nothing_and_a_second_run_finishes(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path, step: str
) -> None:
    plain_practice(tmp_path_factory, data_dir)
    before = contents(data_dir)
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_AT, str(data_dir), step],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -9, killed.stderr
    if step in ("keys", "database", "photos", "verified"):  # before the swap
        assert contents(data_dir) == before and practice_kind(data_dir) == "plain"
        with open_practice(data_dir) as practice:  # still the practice it was
            assert practice.clients.count() == 2 and not practice.encrypted
    else:  # the swap began: the next look at the folder finishes it
        assert practice_kind(data_dir) == "encrypted"
        (aside,) = plain_copies(data_dir)
        assert contents(aside) == before
    code = encrypt_practice(data_dir, TEST_PASSPHRASE)  # the second run
    assert_encrypted_and_whole(data_dir)
    assert unlock_with_recovery_code(data_dir, code) == test_key(data_dir)
    assert len(plain_copies(data_dir)) == 1
    assert not staging_for(data_dir).exists()


def test_a_plain_practice_still_opens_without_a_key(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path
) -> None:
    plain_practice(tmp_path_factory, data_dir)
    with Practice.open(data_dir) as practice:
        assert practice.key is None and practice.clients.count() == 2
