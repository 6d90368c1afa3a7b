"""Small builders shared by the tests."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image, ImageDraw

from dermadesk.core.clients import ClientDetails


def details(first: str = "Anna", last: str = "Kowalska", **more: object) -> ClientDetails:
    """Valid client details, changed where a test says."""
    values: dict[str, object] = {
        "first_name": first,
        "last_name": last,
        "date_of_birth": date(1988, 5, 17),
        **more,
    }
    return ClientDetails(**values)  # type: ignore[arg-type]


def signature(scrawl: int = 0) -> bytes:
    """A real PNG of a drawn line, different for each `scrawl`."""
    image = Image.new("RGBA", (300, 100), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(10, 80), (80 + scrawl, 20), (290, 70)], fill="black", width=3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
