"""The window's start reads its command line without the commands' parsers, as they read it."""

from __future__ import annotations

import pytest

from dermadesk.cli_parser import command_line, window_arguments


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--data-dir", "/practice"],
        ["--data-dir=/practice", "--database-url", "postgresql+psycopg://me@host/db"],
        ["--passphrase-file", "pass.txt", "--data-dir", "demo"],
    ],
)
def test_the_windows_options_are_read_as_the_whole_command_line_reads_them(
    argv: list[str],
) -> None:
    assert window_arguments(argv) == command_line().parse_args(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["demo"],
        ["--data-dir", "/practice", "check"],
        ["--help"],
        ["--version"],
        ["--data-dir"],  # its folder missing: the whole command line says so
        ["--data", "/practice"],  # an abbreviation: the whole command line decides
        ["--no-such-option"],
    ],
)
def test_anything_more_is_left_to_the_whole_command_line(argv: list[str]) -> None:
    assert window_arguments(argv) is None
