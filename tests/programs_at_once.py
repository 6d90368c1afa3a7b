"""Several DermaDesk programs doing one thing at the same moment: real processes, each with
its own connections and file locks, forked from one that has done the imports and let go
together (starting Python for each would cost a second or more apiece, and stagger them)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Runs JOB's module-level code (its imports) once, forks COUNT children that wait on one
# pipe, closes it so that all start at once, and prints each child's exit status and output.
_DRIVER = """
import json, os, sys, traceback
exec(sys.argv[2])
count, args = int(sys.argv[1]), sys.argv[3:]
go_read, go_write = os.pipe()
children = []
for _ in range(count):
    out_read, out_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(go_write)
        os.close(out_read)
        os.read(go_read, 1)  # returns when the parent closes its end: all at once
        os.dup2(out_write, 1)
        code = 0
        try:
            job(*args)
        except BaseException:
            traceback.print_exc()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    os.close(out_write)
    children.append((pid, out_read))
os.close(go_read)
os.close(go_write)
said = []
for pid, out_read in children:
    with os.fdopen(out_read) as out:
        text = out.read()
    _, status = os.waitpid(pid, 0)
    said.append([os.waitstatus_to_exitcode(status), text])
print(json.dumps(said))
"""


def at_once(count: int, job: str, *args: str) -> list[tuple[int, str]]:
    """Run `job(*args)` (defined, with its imports, in the source `job`) in `count` processes
    at the same moment: each one's exit status and what it printed."""
    ran = subprocess.run(
        [sys.executable, "-c", _DRIVER, str(count), job, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert ran.returncode == 0, ran.stderr
    said = [(int(code), str(out)) for code, out in json.loads(ran.stdout)]
    assert all(code == 0 for code, _ in said), (said, ran.stderr)
    return said
