"""What the command line writes reaches the terminal without control characters: a name
holding ESC codes must not recolour the screen, retitle the window or hide a line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from dermadesk.core.text_rules import visible


class VisibleText:
    """A text stream that writes control characters, bidi controls and lone surrogates out
    as escapes (``\\x1b``), keeping only line breaks and tabs: everything printed passes
    through it, so no print path can forget."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        """Write `text` with its invisible characters shown; returns len(text) as print expects."""
        self._stream.write(visible(text, keep="\n\t"))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, encoding... as the stream has them
        return getattr(self._stream, name)


@contextmanager
def visible_output() -> Iterator[None]:
    """While inside, sys.stdout and sys.stderr show control characters as escapes."""
    import sys

    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleText(sys.stdout), VisibleText(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
