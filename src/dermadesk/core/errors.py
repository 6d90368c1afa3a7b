"""Errors a user can act on. Each message is written in the practice's words.

Anything that is not a DermaDeskError is a bug: the command line and the GUI
show those differently (a report to copy, a log entry) from these.
"""

from __future__ import annotations

from dataclasses import dataclass


class DermaDeskError(Exception):
    """A problem explained in plain words; str(error) is what the user reads."""


class DataDirError(DermaDeskError):
    """The data folder cannot be created, read or written."""


class DatabaseError(DermaDeskError):
    """The database cannot be used as it is (newer version, not ours, damaged, busy)."""


class NotFoundError(DermaDeskError):
    """A record the user named does not exist."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with what the user entered: which field, and why."""

    field: str
    message: str


class ValidationError(DermaDeskError):
    """What the user entered cannot be saved; `problems` names every field at fault."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.message for p in self.problems))


@dataclass(frozen=True)
class RowProblem:
    """A problem with one record of an import file, located by its line."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class ImportFileError(DermaDeskError):
    """An import file was refused as a whole; `problems` names each bad row."""

    def __init__(self, summary: str, problems: list[RowProblem] | None = None):
        self.summary = summary
        self.problems = list(problems or [])
        lines = [summary, *(f"  {p}" for p in self.problems)]
        super().__init__("\n".join(lines))
