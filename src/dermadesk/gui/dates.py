"""Dates as the practice reads and types them, in the computer's locale order."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QLocale

from dermadesk.core.validation import DATE_ORDERS, parse_typed_date


def locale_date_order(locale: QLocale | None = None) -> str:
    """DMY, MDY or YMD, as the locale writes short dates."""
    pattern = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat).lower()
    positions = {part: pattern.find(part) for part in ("d", "m", "y")}
    if any(index < 0 for index in positions.values()):
        return "DMY"
    return "".join(sorted("DMY", key=lambda part: positions[part.lower()]))


class DateFormat:
    """Shows and reads dates in one order, chosen once from the locale."""

    def __init__(self, order: str | None = None):
        self.order = order or locale_date_order()
        self.placeholder = DATE_ORDERS[self.order]

    def show(self, value: date | None) -> str:
        """`value` the way it is typed back in (empty for no date)."""
        if value is None:
            return ""
        parts = {"D": f"{value.day:02d}", "M": f"{value.month:02d}", "Y": f"{value.year:04d}"}
        separator = "-" if self.order == "YMD" else "/"
        return separator.join(parts[p] for p in self.order)

    def read(self, text: str, label: str) -> date | None:
        """The date typed in `text`; ValueError naming `label` when it is not one."""
        return parse_typed_date(text, self.order, label)
