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


@dataclass(frozen=True)
class Difference:
    """One field that differs between what is saved now and what the user was saving."""

    label: str  # the field as the form names it
    saved: str  # as it stands in the database now, in words
    yours: str  # as the user has it in the editor


class ChangedElsewhere(DermaDeskError):
    """A save refused because the record changed since the editor loaded it; nothing saved.

    `by` is who changed it ("" when the trail does not say), `when` the local time in
    words, `same_computer` whether the change came from this computer (another window,
    the command line), and `differences` what differs, field by field.
    """

    def __init__(
        self,
        what: str,
        by: str,
        when: str,
        same_computer: bool,
        differences: list[Difference],
    ):
        self.what = what
        self.by = by
        self.when = when
        self.same_computer = same_computer
        self.differences = list(differences)
        super().__init__(
            f"{self.headline()} Nothing was saved: reload {what} and make your changes again."
        )

    def headline(self) -> str:
        """'Changed at another computer by NAME at 10:42.' or its same-computer form."""
        where = "elsewhere on this computer" if self.same_computer else "at another computer"
        who = f" by {self.by}" if self.by else ""
        return f"Changed {where}{who} {self.when}."
