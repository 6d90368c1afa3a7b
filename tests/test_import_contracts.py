"""The layers keep to their imports: read from the source, function-level imports included.

documents/ lays sheets out from plain data (nothing from core, gui or Qt); core/ holds
the data and rules (nothing from gui, no Qt), and only its sheets service uses documents/.
The GUI and the CLI get rows as core.records' copies, never core.models' tables.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import dermadesk

PACKAGE = Path(dermadesk.__file__).parent
QT = ("PySide6", "shiboken6")


def imported_by(path: Path) -> set[str]:
    """Every module `path` imports, anywhere in it, as absolute names."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def breaches(folder: str, forbidden: tuple[str, ...], allowed: str = "") -> list[str]:
    """`file: import` for every import under `folder` of a name in (or below) `forbidden`."""
    found = []
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        if allowed and path.is_relative_to(PACKAGE / allowed):
            continue
        for name in sorted(imported_by(path)):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                found.append(f"{path.relative_to(PACKAGE)}: {name}")
    return found


def test_documents_import_nothing_from_core_gui_the_cli_or_qt() -> None:
    assert breaches("documents", ("dermadesk.core", "dermadesk.gui", "dermadesk.cli", *QT)) == []


def test_core_imports_nothing_from_the_gui_the_cli_or_qt() -> None:
    assert breaches("core", ("dermadesk.gui", "dermadesk.cli", *QT)) == []


def test_only_the_sheets_service_in_core_imports_documents() -> None:
    assert breaches("core", ("dermadesk.documents",), allowed="core/sheets") == []


def test_the_gui_and_the_cli_import_no_table_from_core_only_plain_helpers() -> None:
    plain = {"dermadesk.core.models.utc_iso"}  # a function, not a table
    files = [*sorted((PACKAGE / "gui").rglob("*.py")), PACKAGE / "cli.py"]
    found = [
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in files
        for name in sorted(imported_by(path))
        if name.startswith("dermadesk.core.models.") and name not in plain
    ]
    assert found == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from dermadesk.gui import prompts", "dermadesk.gui.prompts"),
        ("def f():\n    from ...gui.printing import send", "dermadesk.gui.printing.send"),
        ("import PySide6.QtCore", "PySide6.QtCore"),
        ("if TYPE_CHECKING:\n    from ...documents import common", "dermadesk.documents.common"),
    ],
)
def test_the_check_sees_function_level_and_relative_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, expected: str
) -> None:
    fake = tmp_path / "dermadesk"
    (fake / "core" / "sheets").mkdir(parents=True)
    module = fake / "core" / "sheets" / "probe.py"
    module.write_text(source, "utf-8")
    monkeypatch.setattr(f"{__name__}.PACKAGE", fake)
    assert expected in imported_by(module)
