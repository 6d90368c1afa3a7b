"""A person's or a practice's text as a sheet prints it: right-to-left words in reading order
with Arabic letters joined, every character in a shipped font that has it, and a visible
stand-in (its name in brackets) for a character no font has, such as an emoji.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from html import escape
from typing import Any, TypeVar

from reportlab.platypus import Paragraph as _ReportLabParagraph

from dermadesk.documents.common import FONT, register_fonts
from dermadesk.paths import resource_path

CJK_FONT = "WenQuanYiMicroHei"
# Tried in order after DejaVu Sans, and registered only when a character needs one (the CJK
# font is 3.7 MB: a sheet of Latin names never loads it, and a PDF embeds only what it uses).
FALLBACK_FONTS = ((CJK_FONT, "WenQuanYiMicroHei-CJK.ttf"),)
# Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and others, their presentation
# forms): text with none of these needs no reordering.
_RTL_SCRIPT = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_SPACES = re.compile("( +)")  # splits words, keeping the spaces between them
F = TypeVar("F")  # a word's style: a ReportLab fragment, or None
_SKIN_TONES = range(0x1F3FB, 0x1F400)  # modifiers of the emoji before them: dropped with it


def markup(value: str) -> str:
    """Plain text as paragraph markup that prints as written, line breaks kept.

    The text stays in reading order, so ReportLab breaks lines where a reader would;
    `Paragraph` puts each line's right-to-left phrases in drawing order as it draws it.
    """
    lines = []
    for line in value.split("\n"):
        pieces = (
            escape(run) if font is None else f'<font name="{font}">{escape(run)}</font>'
            for font, run in runs(_prepared(line))
        )
        lines.append("".join(pieces))
    return "<br/>".join(lines)


def draw_string(
    canvas: Any, x: float, y: float, value: str, font: str, size: float, right: bool = False
) -> None:
    """Draw one line on a canvas from `x` (or ending at `x` when `right`), as written."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    words = [(None, word) for word in _SPACES.split(_prepared(value)) if word]
    shown = "".join(word for _, word in _in_drawing_order(words))
    pieces = [(font if name is None else name, run) for name, run in runs(shown)]
    widths = [stringWidth(run, name, size) for name, run in pieces]
    if right:
        x -= sum(widths)
    for (name, run), width in zip(pieces, widths, strict=True):
        canvas.setFont(name, size)
        canvas.drawString(x, y, run)
        x += width
    canvas.setFont(font, size)


def runs(shown: str) -> list[tuple[str | None, str]]:
    """Text cut where the font changes: None for DejaVu Sans, else the fallback's name."""
    if set(shown) <= _plain():
        return [(None, shown)] if shown else []  # most text: one run
    result: list[tuple[str | None, str]] = []
    for char in shown:
        found = _font_of(char)
        font = None if found == FONT else found
        if result and result[-1][0] == font:
            result[-1] = (font, result[-1][1] + char)
        else:
            result.append((font, char))
    return result


class _Paragraph(_ReportLabParagraph):  # type: ignore[misc]
    """ReportLab's paragraph, drawing each line's right-to-left phrases right to left."""

    def drawPara(self, debug: int = 0) -> None:
        this: Any = self  # ReportLab is untyped: its attributes are unknown to mypy
        laid = this.blPara
        this.blPara = laid.clone(lines=[_line_drawn(line, laid.kind) for line in laid.lines])
        try:
            super().drawPara(debug)
        finally:
            this.blPara = laid


Paragraph: Any = _Paragraph  # used as ReportLab's (untyped) Paragraph is, everywhere in a sheet


def _prepared(line: str) -> str:
    """`line` in reading order, Arabic letters joined, a stand-in for what no font has."""
    if not _RTL_SCRIPT.search(line):
        return line if set(line) <= _plain() else "".join(map(_printable, line))
    return "".join(map(_printable, _reshaper().reshape(line)))


def _line_drawn(line: Any, kind: int) -> Any:
    """A laid-out line, words (kind 0) or styled fragments (kind 1), in drawing order."""
    if kind == 0:  # one style: (extra space, words), drawn joined by single spaces
        extra, words = line
        text = " ".join(words)
        if not _RTL_SCRIPT.search(text):
            return line
        parts = [(None, word) for word in _SPACES.split(text) if word]
        return extra, "".join(word for _, word in _in_drawing_order(parts)).split(" ")
    if not any(_RTL_SCRIPT.search(getattr(frag, "text", "")) for frag in line.words):
        return line
    parts = []
    for frag in line.words:
        if not hasattr(frag, "text"):  # an inline image or the like: kept as it is
            parts.append((frag, ""))
            continue
        parts += [(frag, word) for word in _SPACES.split(frag.text) if word]
    merged: list[tuple[Any, str]] = []
    for frag, word in _in_drawing_order(parts):
        if merged and merged[-1][0] is frag:
            merged[-1] = (frag, merged[-1][1] + word)
        else:
            merged.append((frag, word))
    words = [frag.clone(text=word) if hasattr(frag, "text") else frag for frag, word in merged]
    return line.clone(words=words)


def _in_drawing_order(words: list[tuple[F, str]]) -> list[tuple[F, str]]:
    """A line's words and spaces (each with its style) from left to right.

    Each right-to-left phrase is drawn right to left: from a right-to-left word over
    the words, numbers and punctuation after it, to its last right-to-left word or
    number before a left-to-right word; the bidi algorithm orders it within.
    """
    from bidi import get_display

    out: list[tuple[F, str]] = []
    start = 0
    while start < len(words):
        if _direction(words[start][1]) != "R":
            out.append(words[start])
            start += 1
            continue
        last = end = start
        while end < len(words) and (kind := _direction(words[end][1])) != "L":
            last = end if kind in {"R", "D"} else last
            end += 1
        phrase = words[start : last + 1]
        if all(style is phrase[0][0] for style, _ in phrase):
            text = "".join(word for _, word in phrase)
            out.append((phrase[0][0], get_display(text, base_dir="L")))
        else:  # the style changes inside it: its words reversed, each right to left
            out += [(style, get_display(word, base_dir="R")) for style, word in reversed(phrase)]
        start = last + 1
    return out


def _direction(word: str) -> str:
    """ "R" for a word whose first letter is right-to-left, "L" for one of other letters,
    "D" for digits without letters, "N" for the rest (spaces, punctuation)."""
    for char in word:
        kind = unicodedata.bidirectional(char)
        if kind in {"R", "AL"}:
            return "R"
        if kind == "L":
            return "L"
    return "D" if any(char.isdigit() for char in word) else "N"


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
