"""Importing client files from a JSON or CSV file, all or nothing.

The format is DESIGN.md's: first_name, last_name, date_of_birth (ISO), phone,
email, the screening answers by their field names (in JSON also nested in a
"screening" object), and optionally the other client fields. Every bad row is
reported with its line and reason before anything is written.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError

from dermadesk.core.client_details import SKIN_TYPES, ClientDetails, entry_problems
from dermadesk.core.clients import Clients
from dermadesk.core.errors import ImportFileError, RowProblem
from dermadesk.core.screening import (
    ADDED_IN_SET_2,
    CONDITION_QUESTIONS,
    DATE_QUESTIONS,
    QUESTION_SET,
    ScreeningAnswers,
)
from dermadesk.core.search import sort_key
from dermadesk.core.validation import parse_iso_date

MAX_FILE_BYTES = 50 * 1024 * 1024
# A client (1) holds screening answers (2) whose values are plain (3): one spare level.
MAX_JSON_DEPTH = 4
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_HALF_A_CHARACTER = (
    "{} holds half of a character pair on its own (a \\ud800-\\udfff escape); export the "
    "file again from where it came"
)
# Tuples, not sets: problems are reported in the order of the format's fields.
_DETAIL_FIELDS = tuple(f.name for f in fields(ClientDetails))
_SCREENING_FIELDS = (*CONDITION_QUESTIONS, *DATE_QUESTIONS)
_KNOWN_COLUMNS = {*_DETAIL_FIELDS, *_SCREENING_FIELDS, "screening"}
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}
_ROMAN_SKIN_TYPES = {roman: number for number, roman in SKIN_TYPES.items()}


@dataclass(frozen=True)
class ImportRow:
    """One client read from a file, with the line it starts on."""

    line: int
    details: ClientDetails
    screening: ScreeningAnswers | None


def _records_from_json(text: str) -> Iterator[tuple[int, Any]]:
    """Each element of the top-level JSON array with the line it starts on."""
    decoder = json.JSONDecoder()
    position = _skip_space(text, 0)
    if not text.startswith("[", position):
        raise ImportFileError("The JSON file should hold a list of clients: [ {...}, {...} ].")
    position = _skip_space(text, position + 1)
    if text.startswith("]", position):
        _expect_end(text, position + 1)
        return
    line, counted_to = 1, 0  # lines counted so far, and up to where
    while True:
        line += text.count("\n", counted_to, position)  # only the new stretch: linear time
        counted_to = position
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            raise ImportFileError(
                f"The JSON file is damaged at line {error.lineno}, column {error.colno}: "
                f"{error.msg}."
            ) from None
        except RecursionError:  # thousands of brackets deep: not a list of clients
            raise ImportFileError(
                f"The JSON file is nested too deeply at line {line}; a client is an object "
                f"of fields, at most {MAX_JSON_DEPTH} levels deep."
            ) from None
        yield line, value
        position = _skip_space(text, position)
        if text.startswith(",", position):
            position = _skip_space(text, position + 1)
        elif text.startswith("]", position):
            _expect_end(text, position + 1)
            return
        else:
            line += text.count("\n", counted_to, position)
            raise ImportFileError(f"The JSON file is damaged at line {line}: expected , or ].")


def _expect_end(text: str, position: int) -> None:
    if _skip_space(text, position) != len(text):
        raise ImportFileError("The JSON file has text after its list of clients.")


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _records_from_csv(text: str) -> Iterator[tuple[int, Any]]:
    """Each CSV row as a dict with the line it starts on (the header is line 1)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return
    columns = [name.strip() for name in header]
    unknown = [name for name in columns if name not in _KNOWN_COLUMNS]
    if unknown:
        raise ImportFileError(
            "The CSV file has columns DermaDesk does not know: "
            + ", ".join(f"“{name}”" for name in unknown)
        )
    ended_at = reader.line_num
    for cells in reader:
        start, ended_at = ended_at + 1, reader.line_num  # a quoted cell may span lines
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are not clients
        if len(cells) > len(columns):
            yield start, {"__extra_cells__": True}
        else:
            yield start, dict(zip(columns, cells, strict=False))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_bool(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{name} should be true or false, not “{value}”.")


def _read_date(value: Any, name: str) -> date | None:
    if _blank(value):
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} should be a date written YYYY-MM-DD, not {value!r}.")
    return parse_iso_date(value, name)


def _read_skin_type(value: Any) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip().upper()
    if text in _ROMAN_SKIN_TYPES:
        return _ROMAN_SKIN_TYPES[text]
    if text.isdigit() and int(text) in SKIN_TYPES:
        return int(text)
    raise ValueError(f"skin_type should be a Fitzpatrick type I to VI, not “{value}”.")


def _parse_record(record: Any, today: date) -> tuple[ClientDetails, ScreeningAnswers | None]:
    """A client from one record; ValueError with every problem joined when it is not one."""
    flat = _flat_fields(record)
    unreadable: dict[str, str] = {}  # field -> why its value could not be read
    details = ClientDetails(**_read_details(flat, unreadable)).cleaned()
    screening = _read_screening(flat, unreadable, today)
    messages = [message.rstrip(".") for message in unreadable.values()]
    messages += [
        problem.message.rstrip(".")
        for problem in entry_problems(details, screening, today)
        if problem.field not in unreadable  # already said why it could not be read
    ]
    if messages:
        raise ValueError("; ".join(messages))
    return details, screening


def _flat_fields(record: Any) -> dict[str, Any]:
    """The record's fields, its nested screening answers among them; ValueError when the
    record is not an object of known fields."""
    if not isinstance(record, Mapping):
        raise ValueError("each client should be an object with named fields")
    _refuse_hostile_json(record)
    if record.get("__extra_cells__"):
        raise ValueError("the row has more cells than the header has columns")
    flat = dict(record)
    nested = flat.pop("screening", None)
    if nested is not None:
        if not isinstance(nested, Mapping):
            raise ValueError("screening should be an object of answers")
        strays = sorted(set(nested) - set(_SCREENING_FIELDS))
        if strays:
            raise ValueError("screening holds fields that are not answers: " + ", ".join(strays))
        flat.update(nested)
    unknown = sorted(set(flat) - _KNOWN_COLUMNS)
    if unknown:
        raise ValueError("unknown fields: " + ", ".join(unknown))
    return flat


def _refuse_hostile_json(value: Mapping[Any, Any] | list[Any], depth: int = 1) -> None:
    """ValueError for objects and lists nested deeper than a client can be, and for text
    holding half of a character pair (a lone surrogate, which only a JSON \\u escape makes)."""
    if depth > MAX_JSON_DEPTH:
        raise ValueError(f"the client is nested more than {MAX_JSON_DEPTH} levels deep")
    pairs = value.items() if isinstance(value, Mapping) else ((None, item) for item in value)
    for key, item in pairs:
        if key is not None and _LONE_SURROGATE.search(key):
            raise ValueError(_HALF_A_CHARACTER.format("a field name"))
        if type(item) is str:  # JSON text is plain str: the quick test first
            if _LONE_SURROGATE.search(item):
                raise ValueError(_HALF_A_CHARACTER.format(key or "a list in the client"))
        elif isinstance(item, dict | list):  # what JSON's objects and arrays are read as
            _refuse_hostile_json(item, depth + 1)


def _read_details(flat: dict[str, Any], unreadable: dict[str, str]) -> dict[str, Any]:
    """The client's details by field; a value that cannot be read is noted in `unreadable`
    and left empty."""
    values: dict[str, Any] = {}
    for name in _DETAIL_FIELDS:
        raw = flat.get(name)
        try:
            if name == "date_of_birth":
                values[name] = _read_date(raw, "date_of_birth")
            elif name == "skin_type":
                values[name] = _read_skin_type(raw)
            elif raw is not None and not isinstance(raw, str):
                raise ValueError(f"{name} should be text, not {raw!r}")
            else:
                values[name] = raw or ""
        except ValueError as error:
            unreadable[name] = str(error)
            values[name] = None if name in {"date_of_birth", "skin_type"} else ""
    return values


def _read_screening(
    flat: dict[str, Any], unreadable: dict[str, str], today: date
) -> ScreeningAnswers | None:
    """The screening answers given, dated today (None when none were); a value that cannot
    be read is noted in `unreadable`."""
    # Only what was answered counts: a blank cell is "not asked", never "no". A
    # client whose answers are all blank gets no dated answers at all.
    answers: dict[str, Any] = {}
    for name in (name for name in _SCREENING_FIELDS if not _blank(flat.get(name))):
        try:
            reader = _read_bool if name in CONDITION_QUESTIONS else _read_date
            answers[name] = reader(flat[name], name)
        except ValueError as error:
            unreadable[name] = str(error)
    if not answers:
        return None
    # A file without the newer questions' columns was never asked them: not "no". (A
    # blank date means never, as for the other dates, once the column is there.)
    unasked = {
        name: None for name in ADDED_IN_SET_2 if name in CONDITION_QUESTIONS and name not in answers
    }
    return ScreeningAnswers(
        answered_on=today,
        **{**unasked, **answers},
        question_set=QUESTION_SET if "isotretinoin_last" in flat else 1,
    )


def read_client_file(path: Path, today: date) -> list[ImportRow]:
    """Read and check every client in `path` as of `today`; ImportFileError lists every bad
    row."""
    kind = path.suffix.lower()
    if kind not in {".json", ".csv"}:
        raise ImportFileError(f"{path.name}: DermaDesk imports clients from .json or .csv files.")
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportFileError(f"{path.name} is larger than 50 MB; split it into smaller files.")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportFileError(f"There is no file {path}.") from None
    except UnicodeDecodeError:
        raise ImportFileError(
            f"{path.name} is not UTF-8 text; save it as UTF-8 and retry."
        ) from None
    except OSError as error:
        raise ImportFileError(f"{path} cannot be read: {error.strerror}.") from None

    rows, problems = _parse_rows(text, kind, today)
    if problems:
        raise ImportFileError(
            f"{path.name} was not imported: {len(problems)} of {len(problems) + len(rows)} "
            "clients have problems. Nothing was saved.",
            problems,
        )
    return rows


def _parse_rows(text: str, kind: str, today: date) -> tuple[list[ImportRow], list[RowProblem]]:
    """Every record of the file's text: the good ones read, the bad ones with their reason."""
    records = _records_from_json(text) if kind == ".json" else _records_from_csv(text)
    rows: list[ImportRow] = []
    problems: list[RowProblem] = []
    for line, record in records:
        try:
            details, screening = _parse_record(record, today)
        except ValueError as error:
            problems.append(RowProblem(line, str(error)))
        else:
            rows.append(ImportRow(line, details, screening))
    return rows, problems


@dataclass(frozen=True)
class ImportCheck:
    """What importing a file would do, found without writing: the clients it would add and
    the rows that would make it refuse the whole file."""

    rows: list[ImportRow]
    problems: list[RowProblem]


def check_client_file(clients: Clients, path: Path) -> ImportCheck:
    """A dry run of import_clients: every row checked, nothing written. ImportFileError only
    when the file cannot be read as a list of clients at all."""
    today = clients.clock.today()
    try:
        rows = read_client_file(path, today)
        problems: list[RowProblem] = []
    except ImportFileError as error:
        if not error.problems:
            raise
        text = path.read_text(encoding="utf-8-sig")
        rows, problems = _parse_rows(text, path.suffix.lower(), today)
    problems = sorted([*problems, *_repeats(clients, rows)], key=lambda p: p.line)
    return ImportCheck(rows, problems)


def _repeats(clients: Clients, rows: list[ImportRow]) -> list[RowProblem]:
    """Rows naming a client already on file, or one already named earlier in the file."""
    problems: list[RowProblem] = []
    seen: dict[tuple[str, date | None], int] = {}
    on_file = clients.same_people([row.details for row in rows])  # one query, not one a row
    for row, existing in zip(rows, on_file, strict=True):
        who = f"{row.details.first_name} {row.details.last_name}"
        key = (sort_key(row.details.first_name, row.details.last_name), row.details.date_of_birth)
        if key in seen:
            problems.append(RowProblem(row.line, f"{who} is also on line {seen[key]}."))
            continue
        seen[key] = row.line
        if existing is not None:
            problems.append(RowProblem(row.line, f"{who} is already a client (id {existing})."))
    return problems


def import_clients(clients: Clients, path: Path) -> list[int]:
    """Import every client in `path` or none; returns the new ids in file order.

    A client already on file (same names and date of birth), or twice in the
    file, refuses the whole import, so running an import again adds nobody twice.
    """
    rows = read_client_file(path, clients.clock.today())
    problems = _repeats(clients, rows)
    if problems:
        raise ImportFileError(
            f"{path.name} was not imported: {len(problems)} clients are already on file "
            "or repeated. Nothing was saved.",
            problems,
        )
    if not rows:
        raise ImportFileError(f"{path.name} holds no clients.")
    entries = ((row.details, row.screening) for row in rows)
    try:
        return clients.create_many(entries, one_file_per_person=True)
    except IntegrityError:
        # The database's one-file-per-person index: someone in the file was added while
        # this import was checking it (another import of the same file, say).
        raise ImportFileError(
            f"{path.name} was not imported: some of its clients were added by another import "
            "or window while this one was checking the file. Nothing was saved; run the "
            "import again to see who is already on file.",
            _repeats(clients, rows),
        ) from None
