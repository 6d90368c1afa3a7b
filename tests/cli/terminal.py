"""`dermadesk` run on a real pseudo-terminal, typed at as a person would: the prompts,
what is echoed and what is not are the terminal's own."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("dermadesk")


class Terminal:
    """One `dermadesk ARGS` on its own terminal: wait for text, type lines, read all it showed."""

    def __init__(self, *args: str, env: dict[str, str]):
        self.shown = ""
        self._looked = 0  # how far wait_for has read: each wait finds the next appearance
        # Popen, not pty.fork: forking a process that has threads is unsafe (and warned of).
        # In its own session the child has no controlling terminal, so getpass turns echo off
        # on its stdin, the pty, as it would on /dev/tty.
        fd, terminal = pty.openpty()
        self.process = subprocess.Popen(
            [SCRIPT, *args], env=env, stdin=terminal, stdout=terminal, stderr=terminal,
            start_new_session=True,
        )  # fmt: skip
        os.close(terminal)
        self.fd = fd

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
        while self._read(0.1) and self.process.poll() is None:
            if time.monotonic() > deadline:
                self.process.kill()
                break
        status = self.process.wait()
        while self._read(0.05):  # what it wrote just before it ended
            pass
        os.close(self.fd)
        return status
