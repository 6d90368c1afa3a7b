"""What typed text may hold: one-line fields refuse characters that cannot be seen or
that break lines, rows and terminals; free text is capped in length.

Zero-width joiners and non-joiners are kept inside a value: Persian, Hindi and other
scripts need them to spell names, and emoji sequences are built with them. A value
made of nothing but such characters is refused, so no client is ever invisible.
"""

from __future__ import annotations

import re
import unicodedata

FREE_TEXT_MAX_LENGTH = 20_000
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")
# Embeddings, overrides and isolates reorder whatever follows them: a name holding
# U+202E shows the rest of its row reversed.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters that print as nothing although they are not format characters (Cf).
_BLANK_LOOKING = frozenset("\u034f\u115f\u1160\u2800\u3164\uffa0\ufe0e\ufe0f")
_SPACE_AND_FILLERS = " " + "".join(sorted(_BLANK_LOOKING))
_CONTROL_NAMES = {
    "\x00": "null",
    "\x07": "bell",
    "\x08": "backspace",
    "\t": "tab",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x9b": "control sequence introducer",
}


# What each kind of field refuses: C0 and C1 controls and DEL (line breaks and tabs only in
# free text), lone surrogates, and in one-line fields bidi controls and the line separators.
_NOT_IN_ONE_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NOT_IN_FREE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc"  # C0, DEL and C1


def _is_lone_surrogate(ch: str) -> bool:
    return "\ud800" <= ch <= "\udfff"


def _described(ch: str) -> str:
    """E.g. "U+202E, right-to-left override"."""
    if _is_lone_surrogate(ch):
        name = "half of a character pair, on its own"
    else:
        name = _CONTROL_NAMES.get(ch) or unicodedata.name(ch, "a control character").lower()
    return f"U+{ord(ch):04X}, {name}"


def _unseen(ch: str, label: str) -> str:
    return (
        f"{label} holds a character that cannot be seen or printed ({_described(ch)}); "
        "type it again without it."
    )


def _invisible(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) == "Cf" or ch in _BLANK_LOOKING


def single_line_problem(value: str, label: str) -> str | None:
    """Why `value` cannot be kept in a one-line field (a name, a product, a title), or None.

    `label` names the field as a sentence starts, e.g. "The first name". An empty value
    is fine here: whether the field is required is its owner's rule.
    """
    if found := _NOT_IN_ONE_LINE.search(value):
        ch = found.group()
        if ch in LINE_BREAKS:
            return f"{label} holds a line break; keep it on one line."
        return _unseen(ch, label)
    # Checked in C first: a printable value is blank only if made of spaces and fillers.
    if value.isprintable() and value.strip(_SPACE_AND_FILLERS):
        return None
    if value and all(_invisible(ch) for ch in value):
        return f"{label} holds only characters that cannot be seen; type it in letters."
    return None


def free_text_problem(value: str, label: str) -> str | None:
    """Why `value` cannot be kept as free text (history, notes), or None: line breaks and
    tabs are fine, other control characters are not, and it has at most 20,000 characters."""
    if len(value) > FREE_TEXT_MAX_LENGTH:
        return (
            f"{label} is {len(value):,} characters long; keep it under "
            f"{FREE_TEXT_MAX_LENGTH:,} (a long document belongs in a file of its own)."
        )
    if found := _NOT_IN_FREE_TEXT.search(value):
        return _unseen(found.group(), label)
    return None


def visible(text: str, keep: str = "") -> str:
    """`text` with every control character, bidi control and lone surrogate written out as
    an escape (``\\x1b``, ``\\u202e``), so text stored before these rules cannot colour a
    terminal, flip a row or break a line. Characters in `keep` (e.g. "\\n") stay as they are."""
    if text.isprintable() and not BIDI_CONTROLS.intersection(text):
        return text  # the common case, checked in C
    out = []
    for ch in text:
        if ch in keep:
            out.append(ch)
        elif ch < " ":
            out.append(f"\\x{ord(ch):02x}")
        elif _is_control(ch) or ch in BIDI_CONTROLS or ch in LINE_BREAKS or _is_lone_surrogate(ch):
            # \u, never \x, above U+001F: JSON output then stays JSON (json.dumps escapes
            # the C0 characters itself).
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)
