"""audit-head.json: the audit trail's newest entry, anchored outside the database.

After each audit write an encrypted practice writes, beside the database, the newest entry's
id, its hash and the number of entries, signed with the practice key. Whoever puts back an
older copy of the database, cuts the trail's tail or loses the -wal file leaves a trail
shorter than its head (`audit_truncated`); whoever rewrites the newest entry without the key
leaves a head that no longer matches (`audit_tampered`). The head never goes backwards: it
is written under a lock, from the database as it stands, and only when the trail has grown.
On a practice server each computer keeps its own head, of the entries it has seen written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from dermadesk.core.files import write_private_file

if TYPE_CHECKING:
    from dermadesk.core.db import Store
    from dermadesk.core.keys import DataKey
    from dermadesk.core.practice import Practice
    from dermadesk.core.practice_key import PracticeKey

HEAD_FILE = "audit-head.json"
HEAD_FORMAT = "dermadesk-audit-head"
_NEWEST_SQL = text("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1")
# Up to the newest entry read: on a server another computer may add one between the two reads.
_COUNT_AFTER_SQL = text("SELECT count(*) FROM audit_event WHERE id > :after AND id <= :newest")
_HASH_OF_SQL = text("SELECT hash FROM audit_event WHERE id = :id")
_NAME_SQL = text("SELECT value FROM practice_setting WHERE key = 'practice'")


def data_dir_of(store: Store) -> Path:
    """The folder holding the practice's key.json and the head file: the database's folder,
    or a server practice's folder on this computer."""
    if store.data_dir is not None:
        return store.data_dir
    database = store.engine.url.database
    assert database, "a practice's database is a file"
    return Path(database).absolute().parent


def signing_key(store: Store, key: DataKey) -> PracticeKey:
    """The practice key for the store's practice, made on first use (named after the practice)."""
    from dermadesk.core.practice_key import practice_key

    subject = ""
    with store.engine.connect() as connection:
        stored = connection.execute(_NAME_SQL).scalar()
    if stored:
        subject = str(json.loads(stored).get("name", ""))
    data_dir = data_dir_of(store)

    def anchor(signer: PracticeKey) -> None:  # the key and the first head are made together
        _write(data_dir, database_head(store), signer)

    return practice_key(data_dir, key, store.clock.now(), subject, made=anchor)


def database_head(store: Store, since: dict[str, Any] | None = None) -> dict[str, Any]:
    """{"id", "hash", "count"} of the trail as the database holds it (zeros when empty).

    Given `since`, a signed head of this trail, the count is its count plus the entries after
    it: each write then costs the entries since the last, not a count of the whole trail
    (13 ms at 51,000 entries on a server, growing every year). An entry removed meanwhile
    leaves the head's count above the trail's, which `check` reports, as it should."""
    after = int(since["id"]) if since else 0
    with store.engine.connect() as connection:
        row = connection.execute(_NEWEST_SQL).first()
        if row is None:
            return {"id": 0, "hash": "", "count": 0}
        bounds = {"after": after, "newest": int(row[0])}
        added = connection.execute(_COUNT_AFTER_SQL, bounds).scalar() or 0
    count = (int(since["count"]) if since else 0) + int(added)
    return {"id": int(row[0]), "hash": str(row[1]), "count": count}


def _payload(head: dict[str, Any]) -> bytes:
    fields = {"format": HEAD_FORMAT, "id": head["id"], "hash": head["hash"], "count": head["count"]}
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("utf-8")


def signed_head(store: Store, key: DataKey) -> dict[str, Any]:
    """The trail's head as the database holds it now, signed with the practice key."""
    signer = signing_key(store, key)
    head = database_head(store)
    return {"format": HEAD_FORMAT, **head, "signature": signer.sign(_payload(head))}


def read_head(data_dir: Path) -> dict[str, Any] | None:
    """audit-head.json's content; None when there is none, {} when it cannot be read."""
    try:
        content = json.loads((data_dir / HEAD_FILE).read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}
    return content if isinstance(content, dict) else {}


def write_head(store: Store, key: DataKey, force: bool = False) -> None:
    """Write audit-head.json from the database's newest entry, unless it holds a later one.

    A missing or altered head is never made again here (the first was made with the practice
    key): one gone, perhaps with a rollback, stays so, and `check` says so, until `reanchor`
    (after a restore, say) makes a new one knowingly.
    """
    from dermadesk.core.files import data_dir_lock

    data_dir = data_dir_of(store)
    signer = signing_key(store, key)  # first: making it takes the same lock
    with data_dir_lock(data_dir):  # another process may be writing its own newer head
        known = read_head(data_dir)
        trusted = known is not None and _valid(known, signer.certificate_pem)
        if not force and not trusted and not (known is None and not store.is_sqlite):
            return  # gone or altered: left as evidence for `check` (on a server, a computer
            # with no head yet writes its first)
        since = known if trusted and not force else None
        if since is not None and not _still_written(store, since):
            return  # the entry it names was replaced (an older copy put back, then written
            # to): the head stays on it as evidence for `check`, never moving past it
        head = database_head(store, since=since)
        if not force and known is not None and known["id"] >= head["id"]:
            return  # as new as ours already, or newer (which `check` will report)
        _write(data_dir, head, signer)


def _still_written(store: Store, head: dict[str, Any]) -> bool:
    """True when the trail still holds the entry `head` names, as written (or no entry yet)."""
    if not head.get("id"):
        return True
    with store.engine.connect() as connection:
        found = connection.execute(_HASH_OF_SQL, {"id": head["id"]}).scalar()
    return found is None or found == head["hash"]  # None: cut, reported by its count


def _write(data_dir: Path, head: dict[str, Any], signer: PracticeKey) -> None:
    """Replace the head file whole. Its folder is not synced (it would double the cost of
    every write): after a power cut the head may be the one before, which is never an
    alarm, since the database it follows is at least as new."""
    content = {"format": HEAD_FORMAT, **head, "signature": signer.sign(_payload(head))}
    text = json.dumps(content, indent=2) + "\n"
    write_private_file(data_dir / HEAD_FILE, text.encode("utf-8"))


def reanchor(practice: Practice) -> None:
    """Anchor the trail as it stands now, whatever head was there: after a restore or after
    encrypting a practice, whose trail is taken as it is."""
    key = practice.store.key
    if key is None:
        return
    write_head(practice.store, key, force=True)


def _valid(head: dict[str, Any], certificate_pem: bytes) -> bool:
    from dermadesk.core.practice_key import verify_signature

    try:
        payload = _payload(head)
        signature = str(head["signature"])
    except KeyError:
        return False
    return head.get("format") == HEAD_FORMAT and verify_signature(
        certificate_pem, payload, signature
    )


def current_head(practice: Practice) -> dict[str, Any]:
    """The signed head for a backup's manifest ({} for a plain practice, which has no key)."""
    key = practice.audit.key
    return {} if key is None else signed_head(practice.store, key)


def head_problems(store: Store, data_dir: Path) -> list[tuple[str, str]]:
    """(kind, words) when the trail does not reach its signed head: audit_truncated, or
    audit_tampered when the head or the entry it names was altered."""
    from dermadesk.core.practice_key import proved_certificate

    certificate = proved_certificate(data_dir, store.key)
    head = read_head(data_dir)
    trail = database_head(store)
    if certificate is None:  # no practice key yet, so nothing was anchored; unless it is gone
        if trail["hash"].startswith("hmac:"):
            return [("audit_tampered", "key.json no longer holds the practice's own certificate")]
        return []
    if head is None and not store.is_sqlite:
        return []  # on a server, a computer that has written no entry yet has no head
    if head is None:
        return [("audit_truncated", f"{HEAD_FILE} is missing: the trail cannot be proved whole")]
    if not _valid(head, certificate):
        return [("audit_tampered", f"{HEAD_FILE} is not signed by this practice's key")]
    if trail["count"] < head["count"] or trail["id"] < head["id"]:
        missing = head["count"] - trail["count"]
        return [
            (
                "audit_truncated",
                f"the audit trail ends at entry {trail['id']} ({trail['count']} entries), but "
                f"entry {head['id']} ({head['count']} entries) was written: {missing} or more "
                "are missing (a cut trail, an older copy of the database, or a lost -wal file)",
            )
        ]
    with store.engine.connect() as connection:
        found = connection.execute(_HASH_OF_SQL, {"id": head["id"]}).scalar()
    if head["id"] and found != head["hash"]:
        return [("audit_tampered", f"audit entry {head['id']} is not the one written")]
    return []
