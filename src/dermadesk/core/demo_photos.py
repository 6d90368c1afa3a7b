"""Demo photos: drawn pictures that look enough like clinical photos to try the gallery.

Each is a face-toned oval (seen from the front, obliquely or in profile) with
texture marks that fade over a course of treatment, and a label saying which
area, view, stage and day it shows. They go in through the real import, with
a camera date in their EXIF, for clients who signed a photo consent.
"""

from __future__ import annotations

import io
import random
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from dermadesk.core.areas import area_name
from dermadesk.core.consent_status import PHOTO, ConsentState
from dermadesk.core.dates import long_date
from dermadesk.core.photo_tags import STAGES, VIEWS, PhotoTags
from dermadesk.core.practice import Practice
from dermadesk.core.session_records import SessionStatus
from dermadesk.paths import resource_path

SIZE = (900, 1200)  # portrait, as a phone takes them
# A slight blur, as a lens gives: a 3x3 Gaussian kernel, a third of GaussianBlur(1.2)'s time.
_LENS = ImageFilter.Kernel((3, 3), [1, 2, 1, 2, 4, 2, 1, 2, 1], 16)
_SKIN = ((241, 214, 192), (226, 188, 160), (198, 150, 118), (160, 112, 82), (118, 80, 58))


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(resource_path("fonts", "DejaVuSans.ttf")), size)


def demo_picture(
    rng: random.Random,
    skin: tuple[int, int, int],
    view: str,
    marks: int,
    label: str,
    flushed: bool = False,
) -> Image.Image:
    """A drawn face in `view`, with `marks` blemishes (and the redness just after a session
    when `flushed`), captioned with `label`."""
    width, height = SIZE
    picture = Image.new("RGB", SIZE, (214, 222, 228))
    draw = ImageDraw.Draw(picture)
    turn = {"front": 0, "left_oblique": -1, "right_oblique": 1}.get(view, 0)
    if view.endswith("profile"):
        facing = -1 if view == "left_profile" else 1
        centre = width // 2 - facing * 60
        draw.ellipse([centre - 230, 180, centre + 230, 1000], fill=skin)
        nose = centre + facing * 230
        draw.polygon([(nose, 470), (nose + facing * 70, 600), (nose, 640)], fill=skin)
        spots = (centre - 150, 420, centre + 150, 820)
    else:
        # Turned a little: a narrower face, its features moved towards the turn.
        centre, half = width // 2, 290 - 50 * abs(turn)
        draw.ellipse([centre - half, 160, centre + half, 1010], fill=skin)
        darker = tuple(max(0, c - 40) for c in skin)
        middle = centre + turn * 40
        for eye in (-120, 120):
            far = eye * turn < 0  # the far eye looks smaller and nearer the nose
            size, offset = (28, eye * 3 // 4) if far else (45, eye)
            draw.ellipse([middle + offset - size, 470, middle + offset + size, 510], fill=darker)
        draw.polygon(
            [(middle, 520), (middle + turn * 40 + 25, 680), (middle - 25, 680)], fill=darker
        )
        draw.arc([middle - 90, 760, middle + 90, 860], 20, 160, fill=darker, width=8)
        spots = (centre - half + 60, 560, centre + half - 60, 760)
    draw.rectangle([0, height - 40, width, height], fill=(90, 100, 110))  # the gown
    red = (min(255, skin[0] + 10), max(0, skin[1] - 70), max(0, skin[2] - 60))
    for _ in range(marks):
        x, y = rng.randint(spots[0], spots[2]), rng.randint(spots[1], spots[3])
        radius = rng.randint(4, 9)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=red)
    if flushed:  # even redness over the treated skin: the end point of a session
        glow = Image.new("RGB", SIZE, (215, 60, 60))
        # Its soft edge drawn an eighth of the size and stretched: the same glow, but a blur
        # this wide over the whole picture took half a second a photo.
        small = Image.new("L", (width // 8, height // 8), 0)
        left, top, right, bottom = spots[0] - 40, spots[1] - 60, spots[2] + 40, spots[3] + 60
        ImageDraw.Draw(small).ellipse([left // 8, top // 8, right // 8, bottom // 8], fill=70)
        mask = small.filter(ImageFilter.GaussianBlur(5)).resize(SIZE, Image.Resampling.BILINEAR)
        picture = Image.composite(glow, picture, mask)
    picture = picture.filter(_LENS)  # a lens, not a vector drawing
    draw = ImageDraw.Draw(picture)
    draw.rectangle([0, 0, width, 64], fill=(255, 255, 255))
    draw.text((20, 14), label, font=_font(28), fill=(31, 41, 51))
    return picture


def _jpeg(picture: Image.Image, taken: datetime) -> bytes:
    exif = Image.Exif()
    exif[0x0110] = "DermaDesk demo camera"
    exif.get_ifd(0x8769)[36867] = taken.strftime("%Y:%m:%d %H:%M:%S")
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=86, exif=exif.tobytes())
    return out.getvalue()


def add_demo_photos(practice: Practice, seed: int = 1, clients: int = 6) -> int:
    """Photos for up to `clients` treated clients with a signed photo consent: before and
    after at each done session of their main area, front and oblique, and a follow-up
    of the first session's area; returns how many photos were imported."""
    today = practice.clock.today()
    rng = random.Random(seed + 5)
    chosen = []
    for client_id in practice.clients.search_ids(include_archived=False):
        done = [
            s
            for s in reversed(practice.sessions.for_client(client_id))
            if s.status is SessionStatus.DONE and s.areas
        ]
        photo_consent = practice.consents.status(client_id, PHOTO, today)
        if len(done) >= 2 and photo_consent.state is ConsentState.SIGNED:
            chosen.append((client_id, done))
        if len(chosen) == clients:
            break
    imported = 0
    with tempfile.TemporaryDirectory(prefix="dermadesk-demo-photos-") as folder:
        for client_id, done in chosen:
            skin = rng.choice(_SKIN)
            area = done[0].areas[0]
            oblique = rng.choice(("left_oblique", "right_oblique"))
            marks = rng.randint(70, 120)
            shots: list[tuple[int | None, str, str, datetime, int]] = []
            for session in done:
                for view in ("front", oblique):
                    shots.append((session.id, view, "before", session.scheduled_at, marks))
                    after_at = session.scheduled_at + timedelta(minutes=50)
                    shots.append((session.id, view, "after", after_at, marks + 15))
                marks = int(marks * rng.uniform(0.55, 0.75))  # the course working
            follow_up = done[-1].scheduled_at + timedelta(weeks=6)
            if follow_up.date() < today:
                shots.append((None, "front", "follow-up", follow_up, marks))
            for number, (session_id, view, stage, taken, count) in enumerate(shots):
                label = (
                    f"{area_name(area)} · {VIEWS[view]} · {STAGES[stage]} · "
                    f"{long_date(taken.date())}"
                )
                picture = demo_picture(rng, skin, view, count, label, flushed=stage == "after")
                path = Path(folder) / f"IMG_{client_id:04d}_{number:03d}.jpg"
                path.write_bytes(_jpeg(picture, taken))
                tags = PhotoTags(session_id, area, view, stage)
                outcome = practice.photos.import_file(client_id, path, tags)
                imported += outcome.ok and not outcome.duplicate
    return imported
