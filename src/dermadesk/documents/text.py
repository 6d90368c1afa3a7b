"""A person's or a practice's text as a sheet prints it: right-to-left words in reading order
with Arabic letters joined, every character in a shipped font that has it, and a visible
stand-in (its name in brackets) for a character no font has, such as an emoji.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from html import escape
from typing import Any

from dermadesk.documents.common import FONT, register_fonts
from dermadesk.paths import resource_path

CJK_FONT = "WenQuanYiMicroHei"
# Tried in order after DejaVu Sans, and registered only when a character needs one (the CJK
# font is 3.7 MB: a sheet of Latin names never loads it, and a PDF embeds only what it uses).
FALLBACK_FONTS = ((CJK_FONT, "WenQuanYiMicroHei-CJK.ttf"),)
# An RTL phrase up to this long is kept on one line: ReportLab wraps lines after ordering
# them for display, so a name split across two lines would read in the wrong order.
KEEP_TOGETHER = 60
_RTL = {"R", "AL"}
_SKIN_TONES = range(0x1F3FB, 0x1F400)  # modifiers of the emoji before them: dropped with it


def markup(value: str) -> str:
    """Plain text as ReportLab paragraph markup that prints as written, line breaks kept."""
    lines = []
    for line in value.split("\n"):
        pieces = (
            escape(run) if font is None else f'<font name="{font}">{escape(run)}</font>'
            for font, run in runs(line)
        )
        lines.append("".join(pieces))
    return "<br/>".join(lines)


def draw_string(
    canvas: Any, x: float, y: float, value: str, font: str, size: float, right: bool = False
) -> None:
    """Draw one line on a canvas from `x` (or ending at `x` when `right`), as written."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pieces = [(font if name is None else name, run) for name, run in runs(value, "L")]
    widths = [stringWidth(run, name, size) for name, run in pieces]
    if right:
        x -= sum(widths)
    for (name, run), width in zip(pieces, widths, strict=True):
        canvas.setFont(name, size)
        canvas.drawString(x, y, run)
        x += width
    canvas.setFont(font, size)


def runs(line: str, base_direction: str | None = None) -> list[tuple[str | None, str]]:
    """One line in drawing order, left to right, cut where the font changes.

    A run's font is None where the surrounding text's own font (DejaVu Sans) has
    every character. `base_direction` "L" or "R" overrides the one the text implies.
    """
    from arabic_reshaper import ArabicReshaper
    from bidi import get_display

    shaped = _reshaper(ArabicReshaper).reshape(_keep_rtl_together(line))
    shown = "".join(_printable(char) for char in shaped)
    visual = get_display(shown, base_dir=base_direction) if _has_rtl(shown) else shown
    result: list[tuple[str | None, str]] = []
    for char in visual:
        found = _font_of(char)
        font = None if found == FONT else found
        if result and result[-1][0] == font:
            result[-1] = (font, result[-1][1] + char)
        else:
            result.append((font, char))
    return result


@cache
def _reshaper(kind: Any) -> Any:
    # Letters as written: vowel marks kept, no word ligatures beyond the obligatory lam-alef.
    return kind(
        configuration={
            "delete_harakat": False,
            "shift_harakat_position": True,
            "ARABIC LIGATURE ALLAH": False,
        }
    )


def _has_rtl(value: str) -> bool:
    return any(unicodedata.bidirectional(char) in _RTL for char in value)


def _keep_rtl_together(line: str) -> str:
    """Join the words of each short right-to-left phrase with no-break spaces."""
    words = line.split(" ")
    out = [words[0]]
    for word in words[1:]:
        if _has_rtl(out[-1]) and _has_rtl(word) and len(out[-1]) + len(word) < KEEP_TOGETHER:
            out[-1] += "\u00a0" + word
        else:
            out.append(word)
    return " ".join(out)


@cache
def _printable(char: str) -> str:
    """`char` if a shipped font has it, else its plain form, else its name in brackets."""
    if _font_of(char):
        return char
    plain = unicodedata.normalize("NFKC", char)
    if plain != char and all(_font_of(part) for part in plain):
        return plain  # a presentation form no font has, drawn as its letter
    if unicodedata.category(char) in {"Cf", "Mn", "Me"} or ord(char) in _SKIN_TONES:
        return ""  # joiners, variation selectors, skin tones: invisible parts of an emoji
    name = unicodedata.name(char, "")
    return f"[{name.lower()}]" if name else f"[U+{ord(char):04X}]"


@cache
def _font_of(char: str) -> str | None:
    """The first font, DejaVu Sans then the fallbacks, that has `char`; None if none has."""
    if ord(char) > 0xFFFF:
        # Emoji and other characters past U+FFFF: ReportLab 5.1 writes them into the PDF's
        # text layer as five hex digits, so copying or searching the sheet reads a wrong
        # letter (a smiley reads back as "ὠ"). They print as their name instead.
        return None
    for name in (FONT, *(name for name, _ in FALLBACK_FONTS)):
        if ord(char) in _face(name).charToGlyph:
            return name
    return None


@cache
def _face(name: str) -> Any:
    """The glyph tables of a font, registering it (and its bold, the same face) first use."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    register_fonts()
    if name != FONT:
        file = dict(FALLBACK_FONTS)[name]
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file))))
        for bold in (0, 1):  # a bold name in a fallback font prints in its one weight
            for italic in (0, 1):
                addMapping(name, bold, italic, name)
    return pdfmetrics.getFont(name).face
