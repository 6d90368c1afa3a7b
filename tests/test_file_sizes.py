"""Files with one job stay small enough to read whole: none of the program's or the
benchmarks' modules is over 450 lines (the compiled Designer forms aside)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 450


def test_no_module_is_over_450_lines() -> None:
    modules = [*(ROOT / "src" / "dermadesk").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]
    generated = ROOT / "src" / "dermadesk" / "gui" / "forms"
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in modules
        if generated not in path.parents
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert len(modules) > 100  # the walk found the package
    assert too_long == {}, f"split these into files with one job each: {too_long}"
