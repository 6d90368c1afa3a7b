"""A quicker form of the check PySide runs on every module imported after it.

PySide6's import hook asks, once per module, whether the module's source mentions "PySide6"
(to scope its optional `__feature__` switches). It reads the source with inspect.getsource,
which costs start-up about 40 ms over the ninety modules imported after Qt. Reading the file
plainly gives the same answer in half the time or less.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType


def quicken_pyside_import_check() -> None:
    """Swap PySide's per-module source check for a plain read of the same file; a PySide
    without that check (another version) is left as it is."""
    import PySide6.QtCore  # noqa: F401  (installs the hook and its module)

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original) or hasattr(original, "pyside_own"):
        return
    feature._mod_uses_pyside = _quickened(original)  # type: ignore[attr-defined]


def _quickened(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def mentions_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)  # compiled, built in or without a file: as PySide does
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    mentions_pyside.pyside_own = original  # type: ignore[attr-defined]
    return mentions_pyside
