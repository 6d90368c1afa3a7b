"""{name} placeholders in the practice's own texts (consent forms, aftercare advice)."""

from __future__ import annotations

import re
from collections.abc import Iterable

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_LOOKS_LIKE_PLACEHOLDER = re.compile(r"\{([^{}\s]+)\}")  # {word} or {0} or {a.b}; not {some words}


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Put `values` in for their {name} placeholders; any other text, braces too, stays as typed."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def unknown_placeholders(text: str, known: Iterable[str]) -> list[str]:
    """The {names} in `text` that are not among `known`, so would print as typed."""
    known = set(known)
    found = _LOOKS_LIKE_PLACEHOLDER.findall(text)
    return sorted({name for name in found if name not in known})


def unknown_placeholders_message(unknown: list[str], known: Iterable[str]) -> str:
    """The words telling the practice which placeholders cannot be filled in."""
    return (
        "DermaDesk cannot fill in "
        + ", ".join(f"{{{name}}}" for name in unknown)
        + "; it knows "
        + ", ".join(f"{{{name}}}" for name in known)
        + "."
    )
