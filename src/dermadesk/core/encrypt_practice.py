"""`dermadesk encrypt`: a plain practice, from before encryption, made encrypted.

The encrypted practice is built in a new folder beside the old one: new keys,
the database exported through SQLCipher (`ATTACH … KEY` and `sqlcipher_export()`),
every photo and thumbnail through the vault. The old database is held for
writing meanwhile, so nothing is written to it that the copy would lack. Then
everything is verified (every table row for row, SQLite's and SQLCipher's
integrity checks, the search index, the audit chain, each photo) and only then
do the folders swap (core/conversion_swap.py). Until the swap the old folder is
whole and untouched, so a conversion cut short at any point loses nothing, and
running it again starts over.

The old folder is kept, renamed `<name>.plain-<stamp>`: a practitioner expects
to be able to go back if the encrypted practice does not open as it should,
and a conversion that deleted the original could not be undone. It still holds
health data in the clear, so the command says where it is and that it should be
deleted once the encrypted practice is checked. Its backups stay there too.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dermadesk.core.clock import Clock, default_clock
from dermadesk.core.conversion_swap import (
    PLAIN_INFIX,
    announced,
    conversion_unannounced,
    mark_verified,
    plain_copies,
    resume_interrupted_swap,
    staging_for,
    swap,
)
from dermadesk.core.db import (
    BUSY_TIMEOUT_MS,
    Store,
    connect_file,
    driver,
    examining_engine,
)
from dermadesk.core.errors import DermaDeskError
from dermadesk.core.keys import DataKey, create_keys
from dermadesk.core.practice_kind import DATABASE_NAME, practice_kind

__all__ = ["encrypt_practice", "plain_copies"]

Progress = Callable[[int, int], None]
STEPS = 1000  # progress is reported in thousandths of the whole conversion
_COPIED_AS_THEY_ARE = ("practice.json", "logs")  # no health data; the rest stays aside
_LOCK_NAME = "dermadesk.lock"  # the window's (gui/single_instance.py, a QLockFile)


class ConversionError(DermaDeskError):
    """The practice could not be encrypted; the old folder is as it was."""


def encrypt_practice(
    data_dir: Path,
    passphrase: str,
    progress: Progress | None = None,
    clock: Clock | None = None,
) -> str:
    """Encrypt the plain practice in `data_dir` under `passphrase`; the recovery code to show
    once. Works in a new folder, verifies, swaps; the old one is kept as `plain_copies()`
    names it. Interrupted at any point, nothing is lost and running it again finishes."""
    data_dir = Path(data_dir).absolute()
    resume_interrupted_swap(data_dir)
    if conversion_unannounced(data_dir):  # cut short after the swap: the code never shown
        return _new_recovery_code(data_dir, passphrase)
    kind = practice_kind(data_dir)
    if kind == "encrypted":
        raise ConversionError(f"The practice in {data_dir} is encrypted already. Nothing was done.")
    if kind == "new":
        raise ConversionError(f"There is no practice in {data_dir} to encrypt. Check --data-dir.")
    _refuse_if_open(data_dir)
    from dermadesk.core.practice import Practice

    Practice.open(data_dir, clock).close()  # at the newest schema first (copied aside if older)
    report = progress or (lambda _done, _total: None)
    staging = staging_for(data_dir)
    shutil.rmtree(staging, ignore_errors=True)  # a conversion cut short: begun again
    staging.mkdir(mode=0o700)
    guard = _hold_for_writing(data_dir / DATABASE_NAME)
    try:
        try:
            made = create_keys(staging, passphrase)
            _export_database(data_dir / DATABASE_NAME, staging / DATABASE_NAME, made.key)
            report(100, STEPS)
            names = _convert_vault(data_dir, staging, made.key, report)
            _copy_the_rest(data_dir, staging)
            _verify(guard, data_dir, staging, made.key, clock or default_clock())
            _name_and_verify_photos(staging, made.key, names, clock or default_clock())
            report(STEPS - 10, STEPS)
            aside = _aside_name(data_dir, clock or default_clock())
            mark_verified(staging, aside)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if os.name == "nt":  # Windows renames no folder holding an open file
            guard.close()
        swap(data_dir, staging, aside)
    finally:
        guard.close()
    announced(data_dir)
    report(STEPS, STEPS)
    return made.recovery_code


def _refuse_if_open(data_dir: Path) -> None:
    """The window holds its lock file while open on the practice: converting under it would
    leave its writes in the old folder."""
    try:
        pid, _app, host = (data_dir / _LOCK_NAME).read_text("utf-8").splitlines()[:3]
        owner = int(pid)
    except (OSError, ValueError):
        return  # no window, or a lock file left by a crash
    if owner == os.getpid() or host != socket.gethostname():
        return
    try:
        os.kill(owner, 0)
    except ProcessLookupError:
        return  # a lock left by a crash
    except PermissionError:
        pass
    raise ConversionError(
        f"DermaDesk is open on {data_dir}. Close its window first, then encrypt the practice. "
        "Nothing was changed."
    )


def _hold_for_writing(plain_db: Path) -> Any:
    """A connection holding the old database's write lock until the swap: other DermaDesk
    programs may read it meanwhile, and wait (then say they are busy) to write."""
    guard = driver(None).connect(plain_db, isolation_level=None)
    try:
        guard.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        guard.execute("BEGIN IMMEDIATE")
    except driver(None).Error as error:
        guard.close()
        raise ConversionError(
            f"The practice's database cannot be held for the conversion ({error}). Close "
            "DermaDesk's other windows and commands, then try again. Nothing was changed."
        ) from None
    return guard


def _export_database(plain_db: Path, encrypted_db: Path, key: DataKey) -> None:
    """SQLCipher's own export: schema, triggers, virtual tables and every row."""
    module = driver(key)
    connection = module.connect(str(plain_db), isolation_level=None)  # no key: plain
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute(
            f"ATTACH DATABASE ? AS encrypted KEY {key.database_pragma()}", (str(encrypted_db),)
        )
        connection.execute("SELECT sqlcipher_export('encrypted')")
        connection.execute("DETACH DATABASE encrypted")
    finally:
        connection.close()


def _convert_vault(
    plain_dir: Path, new_dir: Path, key: DataKey, report: Progress
) -> dict[str, str]:
    """Every photo and thumbnail sealed into the new folder, between 10% and 95% of the
    progress; each one checked by decrypting it (core/vault_encrypt.py). The vault names
    (sha256 -> name) for the new database's rows."""
    from dermadesk.core.vault_encrypt import encrypt_vault

    def vault_progress(done: int, total: int, _what: str) -> None:
        report(100 + (850 * done) // max(total, 1), STEPS)

    return encrypt_vault(plain_dir, new_dir, key, vault_progress).names


def _name_and_verify_photos(
    new_dir: Path, key: DataKey, names: dict[str, str], clock: Clock
) -> None:
    """Once the tables were found equal to the old ones: give the encrypted rows their files'
    names, prove each named file holds its picture, and tie the PIN (if any) to the new key,
    so that it keeps working (a PIN record the key has not tagged is refused as planted)."""
    from dermadesk.core.photo_vault import PhotoVault
    from dermadesk.core.practice import Practice
    from dermadesk.core.vault_encrypt import record_vault_names

    with Practice.open(new_dir, clock, key) as practice:
        record_vault_names(practice.store, names)
        vault = PhotoVault(practice.store, new_dir, key)
        try:
            for sha256, name in names.items():
                if not vault.intact(sha256, name):
                    raise _refused(f"the photo {name[:12]}… was not sealed whole")
        except FileNotFoundError as error:
            raise _refused(f"a sealed photo is missing ({error.filename})") from None
        practice.settings.adopt_lock_pin()


def _copy_the_rest(plain_dir: Path, new_dir: Path) -> None:
    for name in _COPIED_AS_THEY_ARE:
        source = plain_dir / name
        if source.is_dir():
            shutil.copytree(source, new_dir / name)
        elif source.is_file():
            shutil.copy2(source, new_dir / name)


def _verify(guard: Any, plain_dir: Path, new_dir: Path, key: DataKey, clock: Clock) -> None:
    """Refuse the copy unless it holds exactly what the old practice holds, whole."""
    encrypted = connect_file(new_dir / DATABASE_NAME, key)
    try:
        for check in ("integrity_check", "cipher_integrity_check"):
            found = [str(row[0]) for row in encrypted.execute(f"PRAGMA {check}")]
            if found not in ([], ["ok"]):
                raise _refused(f"its {check.replace('_', ' ')} says {found[0]}")
        tables = [
            name
            for (name,) in guard.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                "'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        for table in tables:
            if _digest(guard, table) != _digest(encrypted, table):
                raise _refused(f"the table {table} differs from the old practice's")
        if _has_table(encrypted, "client_fts"):
            encrypted.execute(
                "INSERT INTO client_fts(client_fts, rank) VALUES ('integrity-check', 1)"
            )
    except driver(key).DatabaseError as error:
        raise _refused(str(error)) from None
    finally:
        encrypted.close()
    _verify_audit(plain_dir, new_dir, key, clock)


def _has_table(connection: Any, name: str) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE name = ?"
    return connection.execute(query, (name,)).fetchone() is not None


def _digest(connection: Any, table: str) -> tuple[int, str]:
    """How many rows `table` holds and a hash of them all, in storage order."""
    digest, count = hashlib.sha256(), 0
    quoted = '"' + table.replace('"', '""') + '"'
    try:
        rows = connection.execute(f"SELECT * FROM {quoted} ORDER BY rowid")
    except Exception:  # a WITHOUT ROWID table (the search index's): in key order anyway
        rows = connection.execute(f"SELECT * FROM {quoted}")
    for row in rows:
        digest.update(repr(row).encode("utf-8"))
        count += 1
    return count, digest.hexdigest()


def _verify_audit(plain_dir: Path, new_dir: Path, key: DataKey, clock: Clock) -> None:
    from dermadesk.core.audit import Audit

    found = []
    for folder, folder_key in ((plain_dir, None), (new_dir, key)):
        store = Store(examining_engine(folder / DATABASE_NAME, folder_key), clock, folder_key)
        try:
            found.append(Audit(store).broken_links())
        finally:
            store.dispose()
    if found[0] != found[1]:
        raise _refused("its audit trail does not follow the old one's chain")


def _refused(why: str) -> ConversionError:
    return ConversionError(
        f"The encrypted copy did not check out ({why}), so it was not used. The practice is "
        "as it was, unencrypted; run `dermadesk check`, then try again."
    )


def _aside_name(data_dir: Path, clock: Clock) -> Path:
    stem = f"{data_dir.name}{PLAIN_INFIX}{clock.local_now():%Y%m%d-%H%M%S}"
    aside, number = data_dir.with_name(stem), 1
    while aside.exists():
        number += 1
        aside = data_dir.with_name(f"{stem}-{number}")
    return aside


def _new_recovery_code(data_dir: Path, passphrase: str) -> str:
    """A conversion finished but was cut short before its recovery code was shown: make a
    new one (the passphrase given proves the right to), so that it is shown now."""
    from dermadesk.core import keys

    code = keys.replace_recovery_code(data_dir, keys.unlock(data_dir, passphrase))
    announced(data_dir)
    return code
