"""`dermadesk` run on a real pseudo-terminal, typed at as a person would: the prompts,
what is echoed and what is not are the terminal's own."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("dermadesk")


class Terminal:
    """One `dermadesk ARGS` on its own terminal: wait for text, type lines, read all it showed."""

    def __init__(self, *args: str, env: dict[str, str]):
        self.shown = ""
        self._looked = 0  # how far wait_for has read: each wait finds the next appearance
        pid, fd = pty.fork()
        if pid == 0:  # the child: its stdin, stdout and controlling terminal are the pty
            try:
                os.execve(SCRIPT, [str(SCRIPT), *args], env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 4096)
        except OSError:  # the child has gone and closed its side
            return False
        self.shown += chunk.decode("utf-8", "replace")
        return bool(chunk)

    def wait_for(self, text: str, timeout: float = 30) -> None:
        """Wait until `text` appears (after what earlier waits found)."""
        deadline = time.monotonic() + timeout
        while (found := self.shown.find(text, self._looked)) < 0:
            if time.monotonic() > deadline or not self._read(0.1):
                raise AssertionError(f"{text!r} never appeared; the terminal showed:\n{self.shown}")
        self._looked = found + len(text)

    def type(self, line: str) -> None:
        os.write(self.fd, (line + "\n").encode("utf-8"))

    def finish(self, timeout: float = 30) -> int:
        """Wait for the command to end (killed after `timeout`); its exit status."""
        deadline = time.monotonic() + timeout
        while self._read(0.1):
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                break
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)
