"""Compile the Designer forms in ui/ into typed Python modules in dermadesk/gui/forms.

Run after editing a .ui file:  .venv/bin/python ui/build.py
A test fails when a compiled module no longer matches its form.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

UI_DIR = Path(__file__).resolve().parent
FORMS_DIR = UI_DIR.parent / "src" / "dermadesk" / "gui" / "forms"


def uic_command() -> list[str]:
    """The pyside6-uic that belongs to this Python's PySide6."""
    beside_python = Path(sys.executable).with_name("pyside6-uic")
    return [str(beside_python)] if beside_python.exists() else ["pyside6-uic"]


def compiled_path(form: Path) -> Path:
    """Where the module compiled from `form` lives."""
    return FORMS_DIR / f"ui_{form.stem}.py"


def compile_form(form: Path) -> str:
    """The Python source pyside6-uic makes of `form`."""
    result = subprocess.run(
        [*uic_command(), "--generator", "python", str(form)],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def main() -> int:
    for form in sorted(UI_DIR.glob("*.ui")):
        target = compiled_path(form)
        target.write_text(compile_form(form), encoding="utf-8")
        print(f"{form.name} -> {target.relative_to(UI_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
