"""The command line run in-process: `cli.main(ARGS)` as the `dermadesk` script calls it.

The `dermadesk` fixture (tests/conftest.py) hands tests this runner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from dermadesk import cli


@dataclass(frozen=True)
class Ran:
    """What one command did: its exit status and what it printed."""

    returncode: int
    stdout: str
    stderr: str


Dermadesk = Callable[..., Ran]


def runner(capsys: pytest.CaptureFixture[str]) -> Dermadesk:
    """Run `dermadesk ARGS` in this process and return what it printed; a run that met
    a bug (told as "something went wrong that DermaDesk did not expect") fails the test."""

    def run(*args: str) -> Ran:
        capsys.readouterr()  # only what this command prints
        status = cli.main(list(args))
        out, err = capsys.readouterr()
        assert "did not expect" not in err, err
        return Ran(status, out, err)

    return run
