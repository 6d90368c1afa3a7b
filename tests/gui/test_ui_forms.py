"""The compiled forms in the package match their Designer sources in ui/."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORMS = sorted((ROOT / "ui").glob("*.ui"))


def _build_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("ui_build", ROOT / "ui" / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["ui_build"] = module
    spec.loader.exec_module(module)
    return module


def _code(source: str) -> list[str]:
    # The header comment names the uic version; only the code has to match.
    return [line for line in source.splitlines() if not line.startswith("#")]


def test_there_are_forms() -> None:
    names = {form.name for form in FORMS}
    pages = ("practice", "screening", "forms", "treatment", "lock", "backups")
    settings_pages = {f"{page}_page.ui" for page in pages}
    dialogs = ("session_editor", "consent_dialog", "paper_consent_dialog", "photo_import")
    dialog_forms = {"reason_dialog.ui", *(f"{dialog}.ui" for dialog in dialogs)}
    assert {"client_form.ui", *settings_pages, *dialog_forms} <= names


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.name)
def test_compiled_form_is_up_to_date(form: Path) -> None:
    build = _build_module()
    compiled = build.compiled_path(form)
    assert compiled.exists(), f"{compiled.name} is missing: run ui/build.py"
    assert _code(compiled.read_text(encoding="utf-8")) == _code(build.compile_form(form)), (
        f"{compiled.name} is older than {form.name}: run .venv/bin/python ui/build.py"
    )
