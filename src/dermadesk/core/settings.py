"""The practice's settings, kept in the database so every computer of the practice agrees."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlmodel import Session

from dermadesk.core.audit import Audit, Entry
from dermadesk.core.db import Store
from dermadesk.core.errors import Problem, ValidationError
from dermadesk.core.lock import hash_pin, pin_tag, pin_tag_holds
from dermadesk.core.placeholders import unknown_placeholders, unknown_placeholders_message
from dermadesk.core.settings_versions import VERSIONS_SQL, refuse_if_settings_changed, setting_rows
from dermadesk.core.text_rules import free_text_problem, single_line_problem
from dermadesk.paths import resource_path

if TYPE_CHECKING:  # the rules load with the first screening() (not for the list's first paint)
    from dermadesk.core.screening_rules import ScreeningSettings

_READ_SQL = text("SELECT value FROM practice_setting WHERE key = :key")

_SCREENING = "screening"
_PRACTICE = "practice"
_CONSENT = "consent"
_DEVICE = "device"
_AFTERCARE = "aftercare"
_BACKUP = "backup"
_LOCK = "lock"
# The screening settings that are a number of days or years.
_SCREENING_NUMBERS = (
    "botulinum_toxin_days", "retinoid_days", "isotretinoin_days", "minimum_gap_days",
    "minimum_age", "answers_valid_days",
)  # fmt: skip
# The rules a practice could choose for before DermaDesk kept which rules it knew of.
_RULES_BEFORE_0008 = (
    "herpes_outbreak", "local_infection", "chemotherapy", "active_acne", "chronic_skin_disease",
    "keloid_tendency", "recent_botulinum_toxin", "recent_retinoid", "under_minimum_age",
    "not_screened", "answers_outdated",
)  # fmt: skip
# What the aftercare advice may name; the sheet fills them in per session.
AFTERCARE_PLACEHOLDERS = ("practice_name", "practice_phone", "actives_days")


@dataclass(frozen=True)
class PracticeDetails:
    """Who the practice is: printed on every sheet and filled into the consent forms."""

    name: str = "Your practice"
    address: str = ""
    phone: str = ""
    practitioner_name: str = "Your practitioner"
    credentials: str = ""

    def problems(self) -> list[Problem]:
        """Characters that cannot be seen or printed, line breaks in a one-line field."""
        found = []
        for name, label in (("name", "The practice's name"), ("phone", "The practice's phone"),
                            ("practitioner_name", "The practitioner's name"),
                            ("credentials", "The credentials")):  # fmt: skip
            if message := single_line_problem(getattr(self, name).strip(), label):
                found.append(Problem(name, message))
        if message := free_text_problem(self.address.strip(), "The practice's address"):
            found.append(Problem("address", message))
        return found


@dataclass(frozen=True)
class ConsentSettings:
    """How long a signed treatment consent holds before it is signed again."""

    renewal_days: int = 365


@dataclass(frozen=True)
class DeviceSettings:
    """The practice's microneedling device and the needle depths it allows."""

    name: str = ""
    min_depth_mm: float = 0.25
    max_depth_mm: float = 3.0

    def problems(self) -> list[str]:
        """What makes these settings unusable, in words (empty when fine)."""
        found = [message] if (message := single_line_problem(self.name, "The device")) else []
        if not 0 < self.min_depth_mm < self.max_depth_mm <= 5.0:
            found.append(
                "The needle depth range must run from a shallowest above 0 mm to a deepest "
                "above it, at most 5 mm."
            )
        return found


@dataclass(frozen=True)
class BackupSettings:
    """Where the automatic daily backup goes ("" is the data folder's backups/) and how many
    daily, weekly and monthly ones are kept there."""

    folder: str = ""
    daily: int = 7
    weekly: int = 4
    monthly: int = 12


@dataclass(frozen=True)
class LockSettings:
    """The practice PIN (only its scrypt hash, "" for none) and how many idle minutes lock the
    window (0: only on demand)."""

    pin_hash: str = field(default="", repr=False)
    idle_minutes: int = 5
    # The data key's HMAC of pin_hash (core.lock); not compared: it only proves the hash.
    pin_tag: str = field(default="", repr=False, compare=False)

    @property
    def has_pin(self) -> bool:
        """True when a PIN is set, so the window can lock."""
        return bool(self.pin_hash)


@dataclass(frozen=True)
class SettingsChange:
    """Settings saved together, all or none (the settings dialog's Save, the first-run setup).
    A section left None stays as it is."""

    practice: PracticeDetails | None = None
    screening: ScreeningSettings | None = None
    consent: ConsentSettings | None = None
    device: DeviceSettings | None = None
    aftercare: str | None = None
    backup: BackupSettings | None = None
    lock_idle_minutes: int | None = None
    new_pin: str | None = field(default=None, repr=False)


class _DryRun(Exception):
    """Ends a checking transaction so that nothing of it is kept."""


class PracticeSettings:
    """Named settings. Reached as `practice.settings`."""

    def __init__(self, store: Store, audit: Audit | None = None):
        self._store = store
        self._audit = audit
        # The transaction of a save_all under way in this thread: every write joins it.
        self._batch: ContextVar[Session | None] = ContextVar("settings_batch", default=None)

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """The transaction under way in this thread, or a new one that reads and writes made
        within it join."""
        batch = self._batch.get()
        if batch is not None:
            yield batch
            return
        with self._store.writing() as session:
            token = self._batch.set(session)
            try:
                yield session
            finally:
                self._batch.reset(token)

    def _read(self, key: str) -> Any:
        batch = self._batch.get()  # within a save_all, what it wrote so far counts
        if batch is not None:
            from dermadesk.core.models import PracticeSetting  # the tables wait for a write

            row = batch.get(PracticeSetting, key)
            return None if row is None else json.loads(row.value)
        with self._store.reading() as session:
            # Plain SQL: the lock is read before the first paint, and the ORM's first query
            # (configuring every mapper) can wait until after it.
            value = session.execute(_READ_SQL, {"key": key}).scalar()
            return None if value is None else json.loads(value)

    def _write(self, key: str, value: Any) -> None:
        from dermadesk.core.models import PracticeSetting

        with self._writing() as session:
            now = self._store.clock.now()
            row = session.get(PracticeSetting, key) or PracticeSetting(
                key=key, value="", updated_at=now
            )
            row.value = json.dumps(value, sort_keys=True)
            row.updated_at = now
            session.add(row)

    def _record(self, session: Session, entry: Entry) -> None:
        if self._audit is not None:
            self._audit.add(session, entry)

    # --- many sections at once -----------------------------------------------------------

    def save_all(self, change: SettingsChange, versions: dict[str, int] | None = None) -> None:
        """Keep every section of `change` in one transaction, or none of them: ValidationError
        names every problem of every section, and then nothing is changed; ChangedElsewhere
        when a setting written moved on from the `versions` the editor loaded."""
        self._apply(change, keep=True, versions=versions)

    def versions(self) -> dict[str, int]:
        """Each stored setting's version, for a later save_all to check against."""
        with self._store.reading() as session:
            return {key: version for key, version in session.execute(VERSIONS_SQL)}

    def problems(self, change: SettingsChange) -> list[Problem]:
        """What save_all(change) would refuse, every section checked (empty: it would save)."""
        try:
            self._apply(change, keep=False)
        except ValidationError as error:
            return error.problems
        return []

    def _apply(
        self, change: SettingsChange, keep: bool, versions: dict[str, int] | None = None
    ) -> None:
        sections: list[tuple[Any, Callable[[Any], object]]] = [
            (change.practice, self.set_practice_details),
            (change.screening, self.set_screening),
            (change.consent, self.set_consent),
            (change.device, self.set_device),
            (change.aftercare, self.set_aftercare_text),
            (change.backup, self.set_backup),
            (change.lock_idle_minutes, self.set_lock_idle_minutes),
            (change.new_pin, self.set_lock_pin),
        ]
        problems: list[Problem] = []
        try:
            with self._writing() as session:
                before = setting_rows(session) if versions is not None else {}
                # Each section checks itself before it writes; one section's problem does
                # not hide the next one's, and any problem undoes the whole transaction.
                for value, setter in sections:
                    if value is None:
                        continue
                    try:
                        setter(value)
                    except ValidationError as error:
                        problems.extend(error.problems)
                if problems:
                    raise ValidationError(problems)
                if versions is not None:
                    refuse_if_settings_changed(session, self._store, before, versions)
                if not keep:
                    raise _DryRun
        except _DryRun:
            pass

    def screening(self) -> ScreeningSettings:
        """The screening rule settings (DOMAIN's defaults until the practice changes them),
        with the practice's own questions."""
        from dermadesk.core import custom_questions, screening_rules

        stored = self._read(_SCREENING) or {}
        defaults = screening_rules.ScreeningSettings()
        medicines = stored.get("medicines_of_note")
        with self._store.reading() as session:
            questions = custom_questions.read_questions(session)
        # A rule newer than the practice's last save blocks or warns by its own default.
        known = set(stored.get("rules_known", _RULES_BEFORE_0008))
        chosen = set(stored.get("blocking", defaults.blocking))
        return screening_rules.ScreeningSettings(
            blocking=frozenset(chosen | (defaults.blocking - known)),
            **{name: stored.get(name, getattr(defaults, name)) for name in _SCREENING_NUMBERS},
            medicines_of_note=defaults.medicines_of_note
            if medicines is None
            else tuple(
                replace(family, names=tuple(medicines.get(family.key, ())))
                for family in defaults.medicines_of_note
            ),
            custom_questions=questions,
        )

    def set_screening(self, settings: ScreeningSettings) -> None:
        """Keep new screening rule settings; ValidationError when they make no sense.
        (The practice's own questions are kept by practice.custom_questions.)"""
        from dermadesk.core.screening_rules import RULES

        if problems := settings.problems():
            raise ValidationError([Problem("screening", message) for message in problems])
        self._write(
            _SCREENING,
            {
                "blocking": sorted(settings.blocking),
                "rules_known": sorted(RULES),
                **{name: getattr(settings, name) for name in _SCREENING_NUMBERS},
                "medicines_of_note": {
                    family.key: list(family.names) for family in settings.medicines_of_note
                },
            },
        )

    def practice_details(self) -> PracticeDetails:
        """The practice's name, address, phone and practitioner."""
        stored = self._read(_PRACTICE) or {}
        known = {f.name for f in fields(PracticeDetails)}
        return PracticeDetails(**{k: v for k, v in stored.items() if k in known})

    def set_practice_details(self, details: PracticeDetails) -> None:
        """Keep the practice's details (trimmed)."""
        if not details.name.strip():
            raise ValidationError([Problem("name", "The practice needs a name.")])
        if problems := details.problems():
            raise ValidationError(problems)
        self._write(_PRACTICE, {k: v.strip() for k, v in asdict(details).items()})

    def has_practice_details(self) -> bool:
        """True once the practice's details have been saved (not DermaDesk's stand-ins)."""
        return self._read(_PRACTICE) is not None

    def consent(self) -> ConsentSettings:
        """The consent settings."""
        stored = self._read(_CONSENT) or {}
        return ConsentSettings(renewal_days=stored.get("renewal_days", 365))

    def set_consent(self, settings: ConsentSettings) -> None:
        """Keep the consent settings."""
        if not 1 <= settings.renewal_days <= 3650:
            raise ValidationError(
                [Problem("renewal_days", "Renewal should be between 1 and 3,650 days.")]
            )
        self._write(_CONSENT, asdict(settings))

    def device(self) -> DeviceSettings:
        """The device and its needle depth range (0.25 to 3.0 mm until the practice says)."""
        stored = self._read(_DEVICE) or {}
        known = {f.name for f in fields(DeviceSettings)}
        return DeviceSettings(**{k: v for k, v in stored.items() if k in known})

    def set_device(self, settings: DeviceSettings) -> None:
        """Keep the device settings; ValidationError when the range makes no sense."""
        if problems := settings.problems():
            raise ValidationError([Problem("device", message) for message in problems])
        self._write(_DEVICE, {**asdict(settings), "name": settings.name.strip()})

    def aftercare_text(self) -> str:
        """The aftercare advice the practice gives (DermaDesk's default until it is edited)."""
        stored = self._read(_AFTERCARE)
        if stored:
            return str(stored)
        return resource_path("templates", "aftercare.txt").read_text("utf-8").strip()

    def set_aftercare_text(self, body: str) -> None:
        """Keep the practice's own aftercare advice; empty restores DermaDesk's default."""
        if message := free_text_problem(body.strip(), "The aftercare advice"):
            raise ValidationError([Problem("aftercare", message)])
        if unknown := unknown_placeholders(body, AFTERCARE_PLACEHOLDERS):
            message = unknown_placeholders_message(unknown, AFTERCARE_PLACEHOLDERS)
            raise ValidationError([Problem("aftercare", message)])
        self._write(_AFTERCARE, body.strip())

    def backup(self) -> BackupSettings:
        """Where automatic backups go and how many are kept."""
        stored = self._read(_BACKUP) or {}
        known = {f.name for f in fields(BackupSettings)}
        return BackupSettings(**{k: v for k, v in stored.items() if k in known})

    def set_backup(self, settings: BackupSettings) -> None:
        """Keep the backup settings; ValidationError when they make no sense."""
        if message := single_line_problem(settings.folder.strip(), "The backup folder"):
            raise ValidationError([Problem("folder", message)])
        problems = [
            Problem(name, f"Keep between {low} and {high} {name} backups.")
            for name, low, high in (("daily", 1, 365), ("weekly", 0, 52), ("monthly", 0, 120))
            if not low <= getattr(settings, name) <= high
        ]
        if problems:
            raise ValidationError(problems)
        self._write(_BACKUP, {**asdict(settings), "folder": settings.folder.strip()})

    def lock(self) -> LockSettings:
        """The PIN's hash and the idle time after which the window locks (5 minutes at first).
        In an encrypted practice a PIN record not made with the key is not honoured: no PIN
        unlocks, so the passphrase is asked (`pin_problem` says why)."""
        stored = self._read(_LOCK) or {}
        known = {f.name for f in fields(LockSettings)}
        found = LockSettings(**{k: v for k, v in stored.items() if k in known})
        key = self._store.key
        if key is not None and found.pin_hash and not pin_tag_holds(key, found):
            return replace(found, pin_hash="", pin_tag="")
        return found

    def _with_pin(self, pin_hash: str) -> dict[str, Any]:
        """The lock record holding `pin_hash`, tagged with the data key when there is one."""
        key = self._store.key
        tag = "" if key is None else pin_tag(key, pin_hash)
        return {**asdict(self.lock()), "pin_hash": pin_hash, "pin_tag": tag}

    def pin_problem(self) -> str | None:
        """Why the stored PIN record was not made by DermaDesk with the key, in words; None
        when it was (or the practice has no key)."""
        key = self._store.key
        if key is None:
            return None
        stored = self._read(_LOCK) or {}
        record = LockSettings(
            pin_hash=str(stored.get("pin_hash", "")), pin_tag=str(stored.get("pin_tag", ""))
        )
        if record.pin_tag or record.pin_hash:
            if pin_tag_holds(key, record):
                return None
            return "the PIN record was changed without the practice's key; it no longer unlocks"
        audit = self._audit or Audit(self._store)
        newest = audit.latest_of(("pin.set", "pin.changed", "pin.removed"))
        if newest is not None and newest.action != "pin.removed":
            return "the PIN was removed without the practice's key (the audit trail says it is set)"
        return None

    def set_lock_pin(self, pin: str) -> None:
        """Set or change the practice PIN; only its hash is kept. ValidationError when too short."""
        pin_hash = hash_pin(pin)
        with self._writing() as session:
            had_pin = self.lock().has_pin
            self._write(_LOCK, self._with_pin(pin_hash))
            self._record(session, Entry("pin.changed" if had_pin else "pin.set"))

    def renew_lock_pin_hash(self, pin: str) -> None:
        """Keep the same PIN under today's stronger hash (after an unlock); not a new PIN."""
        self._write(_LOCK, self._with_pin(hash_pin(pin)))

    def adopt_lock_pin(self) -> None:
        """Tag the PIN kept while the practice had no key (when encrypting it), so it goes on
        unlocking; done only by the conversion, which trusts the plain database it reads."""
        stored = self._read(_LOCK) or {}
        self._write(_LOCK, {**stored, **self._with_pin(str(stored.get("pin_hash", "")))})

    def clear_lock_pin(self, how: str = "") -> bool:
        """Remove the PIN: the window can no longer lock until a new one is set. `how` is
        recorded with it (e.g. the forget-pin command); False when there was none."""
        with self._writing() as session:
            had_pin = self.lock().has_pin
            if had_pin or self.pin_problem():  # a planted or damaged record goes too
                self._write(_LOCK, self._with_pin(""))
                self._record(session, Entry("pin.removed", detail=how))
        return had_pin

    def set_lock_idle_minutes(self, minutes: int) -> None:
        """Lock after `minutes` without a key or mouse (1 to 120), or 0 for only on demand."""
        if not 0 <= minutes <= 120:
            raise ValidationError(
                [Problem("idle_minutes", "Lock after 1 to 120 idle minutes, or 0 for never.")]
            )
        self._write(_LOCK, {**asdict(self.lock()), "idle_minutes": minutes})
