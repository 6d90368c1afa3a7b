"""Importing pictures into a client's file: each file copied into the vault, checked and
hashed, then its row added; a duplicate is kept once, and a refusal names the file."""

from __future__ import annotations

import stat
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from dermadesk.core.audit import Audit, Entry
from dermadesk.core.clients import Clients
from dermadesk.core.db import Store
from dermadesk.core.errors import DatabaseError
from dermadesk.core.files import private_dir
from dermadesk.core.images import PICTURE_SUFFIXES, ImageRefused, PictureFacts, read_picture
from dermadesk.core.models import Photo
from dermadesk.core.photo_originals import vault_lock
from dermadesk.core.photo_rows import PhotoRows
from dermadesk.core.photo_tags import NO_TAGS, PhotoTags, describe_tags
from dermadesk.core.photo_vault import (
    INCOMING_DIR,
    THUMB_SIZE,
    PhotoVault,
    StorageError,
    disk_words,
)
from dermadesk.core.vault_files import Copied

ImportProgress = Callable[[int, int, str], None]  # (done, total, file name)


@dataclass(frozen=True)
class Imported:
    """What became of one file offered for import."""

    source: Path
    photo_id: int | None = None
    duplicate: bool = False  # the picture was there already: photo_id is the one kept
    recovered: bool = False  # it was in the bin, and is back
    refused: str = ""  # why it was not imported, in words naming the file

    @property
    def ok(self) -> bool:
        """Imported, or there already: nothing for the practitioner to act on."""
        return not self.refused

    def message(self) -> str:
        """One line for the practitioner."""
        if self.refused:
            return self.refused
        if self.recovered:
            return f"{self.source.name}: was in the bin; it is back in the gallery."
        if self.duplicate:
            return f"{self.source.name}: this picture is in the gallery already; kept once."
        return f"{self.source.name}: imported."


def picture_files(paths: Iterable[Path]) -> list[Path]:
    """The files to import: files as given, and the pictures inside folders (sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    child
                    for child in path.rglob("*")
                    if child.is_file()
                    and child.suffix.lower() in PICTURE_SUFFIXES
                    and not any(part.startswith(".") for part in child.relative_to(path).parts)
                )
            )
        else:
            found.append(path)
    return found


_NOT_FILES = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def refuse_unless_regular_file(source: Path) -> None:
    """ImageRefused for a pipe, device or socket, found without opening it: opening a
    named pipe waits for a writer that never comes, whatever its name ends in."""
    try:
        mode = source.stat().st_mode
    except OSError:
        return  # copying it says in words that it is missing or unreadable
    for is_kind, kind in _NOT_FILES:
        if is_kind(mode):
            raise ImageRefused(f"{source.name}: not imported; it is {kind}, not a picture file.")


class PhotoImporter:
    """Brings pictures into the vault and the client's file, one file at a time."""

    def __init__(
        self, store: Store, vault: PhotoVault, rows: PhotoRows, clients: Clients, audit: Audit
    ):
        self._store = store
        self._vault = vault
        self._rows = rows
        self._clients = clients
        self._audit = audit

    def import_files(
        self,
        client_id: int,
        paths: Sequence[Path],
        tags: PhotoTags = NO_TAGS,
        progress: ImportProgress | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> list[Imported]:
        """Import pictures (files, or folders of them) for a client, each on its own.

        Every file is imported or refused with a reason; a full disk stops the
        batch, and the files after it are reported as not imported.
        """
        self._rows.check_tags(client_id, tags)
        files = picture_files(paths)
        outcomes: list[Imported] = []
        for done, path in enumerate(files):
            if should_stop is not None and should_stop():
                break
            if progress is not None:
                progress(done, len(files), path.name)
            try:
                outcomes.append(self._import_one(client_id, path, tags))
            except (ImageRefused, StorageError, DatabaseError) as refusal:
                words = str(refusal)
                if isinstance(refusal, DatabaseError):  # its words do not name the file
                    words = f"{path.name}: not imported. {words}"
                outcomes.append(Imported(path, refused=words))
                if isinstance(refusal, StorageError | DatabaseError):
                    outcomes.extend(
                        Imported(rest, refused=f"{rest.name}: not imported (stopped: {refusal})")
                        for rest in files[done + 1 :]
                    )
                    break
        if progress is not None:
            progress(len(outcomes), len(files), "")
        return outcomes

    def import_file(self, client_id: int, path: Path, tags: PhotoTags = NO_TAGS) -> Imported:
        """Import one picture; see import_files."""
        return self.import_files(client_id, [path], tags)[0]

    def _import_one(self, client_id: int, source: Path, tags: PhotoTags) -> Imported:
        refuse_unless_regular_file(source)
        with vault_lock(self._vault.data_dir, exclusive=False):
            return self._import_under_lock(client_id, source, tags)

    def _import_under_lock(self, client_id: int, source: Path, tags: PhotoTags) -> Imported:
        name = source.name
        server = self._vault.on_server
        brought = self._bring_in(client_id, source)
        if isinstance(brought, Imported):
            return brought
        copied, facts, sealed, created = brought
        sha256 = copied.sha256
        final = self._vault.file_path(copied.name)
        row = self._row(client_id, tags, facts, copied, name)
        try:
            with self._store.writing() as session:
                # Again under the write lock, so that the check and the insert are one step:
                # another program importing the same picture to another client waits for it.
                self._refuse_another_clients(client_id, sha256, name, session)
                found = session.exec(
                    select(Photo).where(Photo.client_id == client_id, Photo.sha256 == sha256)
                ).first()  # imported to this client by another computer meanwhile
                if found is None:
                    if server is not None and sealed is not None:
                        server.keep(session, copied.name, sealed)
                    session.add(row)
                    session.flush()
                    detail = f"{name} ({describe_tags(row).lower()})"
                    self._audit.add(
                        session, Entry("photo.imported", client_id, f"photo {row.id}", detail)
                    )
            if found is not None:  # after the write lock is let go: recovering takes it
                return self._already_there(found, source)
        except IntegrityError:  # imported by another window meanwhile
            if found := self._existing(client_id, sha256):
                return self._already_there(found, source)
            raise
        except BaseException:
            if created and not self._referenced(sha256):
                final.unlink(missing_ok=True)  # no row will point at it
            raise
        assert row.id is not None
        self._vault.learn_name(sha256, copied.name)
        return Imported(source, row.id)

    def _bring_in(
        self, client_id: int, source: Path
    ) -> Imported | tuple[Copied, PictureFacts, bytes | None, bool]:
        """Copy `source` in (sealed) and check it: what was copied, the picture's facts, on a
        server its sealed copy (kept with its row, in one transaction), and whether this import
        created the vault's file; or, when the picture is there already, what became of it."""
        name = source.name
        incoming = private_dir(self._vault.folder / INCOMING_DIR)
        temp = incoming / f"{uuid.uuid4().hex}.partial"
        sealed: bytes | None = None
        created = False
        try:
            copied = self._vault.copy_in(source, temp, name)
            if found := self._existing(client_id, copied.sha256):
                return self._already_there(found, source)
            self._refuse_another_clients(client_id, copied.sha256, name)
            checked = self._vault.read_back(temp, copied)
            facts, thumbnail = read_picture(checked, THUMB_SIZE, name)
            del checked  # its picture, decrypted: not kept beside the sealed copy below
            try:
                self._vault.keep_thumbnail(copied.sha256, copied.name, thumbnail)
                if self._vault.on_server is not None:
                    sealed = temp.read_bytes()
            except OSError as error:  # writing the thumbnail, reading the sealed copy
                raise disk_words(error, name) from None
            if self._vault.on_server is None:
                created = self._vault.put_in_place(temp, copied, name)
        finally:
            temp.unlink(missing_ok=True)
        return copied, facts, sealed, created

    def _row(
        self, client_id: int, tags: PhotoTags, facts: PictureFacts, copied: Copied, name: str
    ) -> Photo:
        """The new photo's row, for the picture `copied` into the vault from the file `name`."""
        return Photo(
            client_id=client_id,
            session_id=tags.session_id,
            area=tags.area,
            view=tags.view,
            stage=tags.stage,
            taken_at=facts.taken_at or self._store.clock.local_now().replace(microsecond=0),
            taken_from_exif=facts.taken_at is not None,
            sha256=copied.sha256,
            vault_name=copied.name if self._vault.encrypted else None,
            size=copied.size,
            width=facts.width,
            height=facts.height,
            format=facts.format,
            original_name=name,
            imported_at=self._store.clock.now(),
        )

    def _existing(self, client_id: int, sha256: str) -> Photo | None:
        with self._store.reading() as session:
            return session.exec(
                select(Photo).where(Photo.client_id == client_id, Photo.sha256 == sha256)
            ).first()

    def _refuse_another_clients(
        self, client_id: int, sha256: str, name: str, session: Session | None = None
    ) -> None:
        """The same picture in two clients' files is nearly always the wrong file opened; and
        its consent would then be read from the wrong client. In `session` when given (the
        import's write transaction), else in a read of its own."""
        statement = select(Photo.client_id).where(
            Photo.sha256 == sha256, Photo.client_id != client_id
        )
        if session is not None:
            owner = session.exec(statement).first()
        else:
            with self._store.reading() as reading:
                owner = reading.exec(statement).first()
        if owner is not None:
            other = self._clients.get(owner)
            initials = f"{other.first_name[:1]}.{other.last_name[:1]}.".upper()
            raise ImageRefused(
                f"{name}: this picture is already in another client's file ({initials}), so it "
                "was not added to this one. Check that it is the right picture for this client."
            )

    def _referenced(self, sha256: str) -> bool:
        with self._store.reading() as session:
            return session.exec(select(Photo.id).where(Photo.sha256 == sha256)).first() is not None

    def _already_there(self, photo: Photo, source: Path) -> Imported:
        assert photo.id is not None
        if photo.deleted_at is None:
            return Imported(source, photo.id, duplicate=True)
        self._rows.recover(photo.id)
        return Imported(source, photo.id, duplicate=True, recovered=True)
