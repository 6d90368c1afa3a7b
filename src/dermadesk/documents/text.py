"""A person's or a practice's text as a sheet prints it: right-to-left words in reading order
with Arabic letters joined, every character in a shipped font that has it, and a visible
stand-in (its name in brackets) for a character no font has, such as an emoji.
"""

from __future__ import annotations

import re
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
# Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and others, their presentation
# forms): text with none of these needs no reordering.
_RTL_SCRIPT = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
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

    pieces = [(font if name is None else name, run) for name, run in runs(value)]
    widths = [stringWidth(run, name, size) for name, run in pieces]
    if right:
        x -= sum(widths)
    for (name, run), width in zip(pieces, widths, strict=True):
        canvas.setFont(name, size)
        canvas.drawString(x, y, run)
        x += width
    canvas.setFont(font, size)


def runs(line: str) -> list[tuple[str | None, str]]:
    """One line in drawing order, left to right, cut where the font changes.

    A run's font is None where the surrounding text's own font (DejaVu Sans) has every
    character. The line reads left to right, as the sheets do; right-to-left phrases in
    it read right to left, kept whole so a line break cannot put their end first.
    """
    if not _RTL_SCRIPT.search(line):
        if set(line) <= _plain():
            return [(None, line)] if line else []  # most text: nothing to do
        visual = "".join(_printable(char) for char in line)
    else:
        from bidi import get_display

        shaped = _reshaper().reshape(_keep_rtl_together(line))
        shown = "".join(_printable(char) for char in shaped)
        visual = get_display(shown, base_dir="L")
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
def _reshaper() -> Any:
    """Arabic letters joined as written: vowel marks kept, no ligature but lam-alef."""
    from arabic_reshaper import ArabicReshaper

    return ArabicReshaper(
        configuration={
            "delete_harakat": False,
            "ARABIC LIGATURE ALLAH": False,
        }
    )


@cache
def _plain() -> frozenset[str]:
    """The characters DejaVu Sans has: left-to-right text of only these needs no work."""
    return frozenset(chr(code) for code in _face(FONT).charToGlyph if code <= 0xFFFF)


def _keep_rtl_together(line: str) -> str:
    """Join the words of each short right-to-left phrase with no-break spaces."""
    words = line.split(" ")
    out = [words[0]]
    for word in words[1:]:
        if (
            _RTL_SCRIPT.search(out[-1])
            and _RTL_SCRIPT.search(word)
            and len(out[-1]) + len(word) < KEEP_TOGETHER
        ):
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
    if char.isspace():
        return " "
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
