"""The core and the documents never load Qt: the command line and a server can use them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CHECK = """
import importlib, pkgutil, sys
import dermadesk.core, dermadesk.documents
for package in (dermadesk.core, dermadesk.documents):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
from dermadesk.cli import main
status = main(["--data-dir", sys.argv[1], "demo", "--clients", "3"])
status += main(["--data-dir", sys.argv[1], "clients"])
loaded = sorted(name for name in sys.modules if name.split(".")[0] in {"PySide6", "shiboken6"})
print(status, loaded)
sys.exit(1 if loaded or status else 0)
"""


def test_core_documents_and_cli_commands_never_import_qt(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("0 []")
