"""A consent form's text as the screen shows it: set out like the printed sheet.

The same rules as documents.common.form_paragraphs: a blank line parts
paragraphs, and a short first line without a full stop heads its section.
The photo form's [clinical] / [marketing] markers become the words Yes or No,
as chosen below the text, never boxes that look clickable and are not.
"""

from __future__ import annotations

import html
import re

_MARKER = re.compile(r"^\[(\w+)\]\s*")
STYLE = (
    "h2 { font-size: 15pt; margin-bottom: 6px; }"
    "h3 { font-size: 11.5pt; margin-top: 10px; margin-bottom: 2px; }"
    "p { margin-top: 0px; margin-bottom: 6px; }"
    ".yes { color: #1b5e20; font-weight: bold; }"
    ".no { color: #8e1b1b; font-weight: bold; }"
)


def _line(line: str, levels: dict[str, bool] | None) -> str:
    marker = _MARKER.match(line)
    if marker is None or levels is None:
        return html.escape(line)
    chosen = levels.get(marker.group(1), False)
    answer = "<span class='yes'>Yes</span>" if chosen else "<span class='no'>No</span>"
    return f"{answer} {html.escape(line[marker.end() :])}"


def form_html(title: str, body: str, levels: dict[str, bool] | None = None) -> str:
    """The form as HTML for a QTextBrowser; `levels` answers the photo form's markers."""
    parts = [f"<style>{STYLE}</style>", f"<h2>{html.escape(title)}</h2>"]
    for block in re.split(r"\n\s*\n", body.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if len(lines) > 1 and len(lines[0]) < 60 and not lines[0].endswith((".", ":", ";")):
            parts.append(f"<h3>{html.escape(lines[0])}</h3>")
            lines = lines[1:]
        parts.extend(f"<p>{_line(line, levels)}</p>" for line in lines)
    return "".join(parts)
