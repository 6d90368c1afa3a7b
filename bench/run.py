"""DermaDesk's benchmark runner: how fast the program is, next to the floor its libraries set.

    python bench/run.py                      # a readable table
    python bench/run.py --json               # one JSON object on stdout
    python bench/run.py --json --only search

Every benchmark measures one figure the practice feels (a keystroke in the
search box, the wait for the client list at start) and, the same way, a
baseline: the same work done by the bare libraries underneath (raw SQLite,
an empty Qt window). The ratio says how much DermaDesk adds on top; the
absolute value says whether a person would notice.

The JSON contract is exact, for scripts and CI to read:

    {NAME: {"value": float, "baseline": float, "ratio": float, "unit": str}}

Only the result goes to stdout; progress and extra detail go to stderr.
Targets are reported, never asserted: a slow run still prints its figures.

Adding a benchmark: write `def bench_NAME(workspace: Workspace) -> Result`
and decorate it with `@benchmark("NAME", target="...")`. Data that several
benchmarks share (the 50,000-client practice) comes from `Workspace`, which
builds it once per run in a temporary folder and deletes it at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

CLIENTS = 50_000
DATABASE_NAME = "dermadesk.db"  # the file Practice.open creates in its data dir


class BenchError(Exception):
    """A benchmark could not measure what it should (e.g. the program did not start)."""


@dataclass(frozen=True)
class Result:
    """One benchmark's figures: DermaDesk's value and the baseline, in the same unit."""

    value: float
    baseline: float
    unit: str
    more: tuple[tuple[str, float], ...] = ()  # further figures, e.g. search's worst_ms

    @property
    def ratio(self) -> float:
        return self.value / self.baseline

    def as_json(self) -> dict[str, float | str]:
        # Rounded so the JSON stays readable; far finer than run-to-run noise.
        return {
            "value": round(self.value, 3),
            "baseline": round(self.baseline, 3),
            "ratio": round(self.ratio, 3),
            "unit": self.unit,
            **{name: round(figure, 3) for name, figure in self.more},
        }


def info(message: str) -> None:
    """Progress and detail for the person running the benchmarks: stderr, never stdout."""
    print(message, file=sys.stderr, flush=True)


class Workspace:
    """Data the benchmarks share, built on first use in a temporary folder of this run."""

    def __init__(self, root: Path):
        self.root = root

    @cached_property
    def practice_50k(self) -> Path:
        """The data dir of a practice with 50,000 demo clients (dermadesk.db inside)."""
        from dermadesk.core.demo import fill_demo_practice
        from dermadesk.core.practice import Practice

        data_dir = self.root / f"practice-{CLIENTS}"  # CLIENTS may be set by --clients
        info(f"Creating a demo practice with {CLIENTS:,} clients...")
        started = time.perf_counter()
        with Practice.open(data_dir) as practice:
            # Seed and day fixed: every run searches the same names.
            fill_demo_practice(practice, clients=CLIENTS, seed=1, history=False)
        info(f"  done in {time.perf_counter() - started:.1f} s")
        return data_dir

    @cached_property
    def gallery_1000(self) -> tuple[Path, int]:
        """A copy of the 50,000-client practice where one client has 1,000 photos (thumbnails
        made on import: the cache is warm); the data dir and that client's id."""
        import shutil

        from dermadesk.core.photo_tags import PhotoTags
        from dermadesk.core.practice import Practice

        data_dir = self.root / "practice-gallery"
        shutil.copytree(self.practice_50k, data_dir)
        pictures = self.root / "gallery-pictures"
        pictures.mkdir()
        info(f"Importing {GALLERY_PHOTOS:,} photos for one client...")
        started = time.perf_counter()
        with Practice.open(data_dir) as practice:
            client_id = practice.clients.search_ids("")[0]
            areas = ("forehead", "cheek_left", "cheek_right", "chin")
            views = ("front", "left_oblique", "right_oblique")
            stages = ("before", "after", "follow-up")
            for number in range(GALLERY_PHOTOS):
                path = pictures / f"IMG_{number:04d}.jpg"
                path.write_bytes(_gallery_picture(number))
                tags = PhotoTags(None, areas[number % 4], views[number % 3], stages[number % 3])
                outcome = practice.photos.import_file(client_id, path, tags)
                if not outcome.ok or outcome.duplicate:
                    raise BenchError(f"a gallery photo was not imported: {outcome.message()}")
        info(f"  done in {time.perf_counter() - started:.1f} s")
        return data_dir, client_id


BenchFunction = Callable[[Workspace], Result]


@dataclass(frozen=True)
class Benchmark:
    """A registered benchmark: how to run it, and the target it is judged by (report only)."""

    run: BenchFunction
    target: str


BENCHMARKS: dict[str, Benchmark] = {}


def benchmark(name: str, target: str) -> Callable[[BenchFunction], BenchFunction]:
    """Register a benchmark function under `name`; benchmarks run in registration order."""

    def register(run: BenchFunction) -> BenchFunction:
        BENCHMARKS[name] = Benchmark(run, target)
        return run

    return register


def percentile(samples: list[float], rank: int) -> float:
    """The `rank`th percentile, interpolated between samples."""
    return statistics.quantiles(samples, n=100, method="inclusive")[rank - 1]


def p95(samples: list[float]) -> float:
    """The 95th percentile, interpolated between samples."""
    return percentile(samples, 95)


# --- search ----------------------------------------------------------------------------------

SEARCH_CLIENTS = 150  # clients the receptionist looks up
SEARCH_ROUNDS = 3  # each keystroke is timed this often; its median counts
SEARCH_WARMUP = 40  # keystrokes run untimed first (caches, SQLAlchemy's statement cache)
FIRST_SCREEN = 40  # rows the client list shows without scrolling
RAW_FTS_SQL = "SELECT rowid FROM client_fts WHERE client_fts MATCH ?"


def _typed_prefixes(text: str, letters: int = 4) -> list[str]:
    """What is in the search box after each of the first `letters` keystrokes of `text`."""
    return [text[:n] for n in range(1, min(letters, len(text)) + 1)]


def search_keystrokes(summaries: list[tuple[str, str, str, date]]) -> list[str]:
    """The search box's text after every keystroke of a receptionist looking clients up.

    `summaries` are (first name, last name, phone, birth date) of the clients
    sought. For each, the last name's first 1-4 letters are typed (as written,
    accents and all: the app folds them); for some the first name's, the
    phone's digits as read off a caller display (all of them), or the birth
    date as 27/03/1985, key by key. The choice is random but seeded, so every
    run types the same keystrokes.
    """
    rng = random.Random(7)
    keystrokes: list[str] = []
    for first, last, phone, born in summaries:
        keystrokes += _typed_prefixes(last)
        pick = rng.random()
        if pick < 0.25:
            keystrokes += _typed_prefixes(first)
        elif pick < 0.40:
            digits = "".join(re.findall(r"\d", phone))
            keystrokes += _typed_prefixes(digits, letters=len(digits))
        elif pick < 0.50:
            typed = f"{born:%d/%m/%Y}"
            keystrokes += _typed_prefixes(typed, letters=len(typed))
    return keystrokes


@benchmark("search", target="ratio <= 3 and value < 10 ms")
def bench_search(workspace: Workspace) -> Result:
    """p95 time of one search keystroke at 50,000 clients, against the raw FTS5 query.

    Per keystroke the program does what the client list does: it counts the
    matches (`clients.query(typed)`), takes the first screen of ids in list
    order and fetches those rows with `summaries`. The
    baseline runs only the FTS5 prefix match on a plain sqlite3 connection to
    the same file, with the MATCH expression the app builds (built outside the
    timing: the baseline is SQLite's own floor).
    """
    from dermadesk.core.practice import Practice
    from dermadesk.core.search import fts_match_expression

    data_dir = workspace.practice_50k
    with (
        Practice.open(data_dir) as practice,
        contextlib.closing(sqlite3.connect(data_dir / DATABASE_NAME)) as raw,
    ):
        clients = practice.clients
        # Pick the clients deterministically from the whole list.
        all_ids = clients.search_ids("")
        sought = random.Random(7).sample(all_ids, SEARCH_CLIENTS)
        rows = clients.summaries(sought)
        keystrokes = search_keystrokes(
            [(rows[i].first_name, rows[i].last_name, rows[i].phone, rows[i].date_of_birth)
             for i in sought]
        )  # fmt: skip
        matches = [fts_match_expression(typed) for typed in keystrokes]
        if None in matches:  # every keystroke above types a letter or a digit
            raise BenchError("a search keystroke has nothing to search for")
        # The raw query stands for what the index must do for the same text: one MATCH.

        def app_keystroke(typed: str) -> tuple[float, int]:
            started = time.perf_counter()
            query = clients.query(typed)
            clients.summaries(query.ids(0, FIRST_SCREEN))
            return time.perf_counter() - started, query.count

        def raw_keystroke(match: str) -> float:
            started = time.perf_counter()
            raw.execute(RAW_FTS_SQL, (match,)).fetchall()
            return time.perf_counter() - started

        for typed, match in zip(keystrokes[:SEARCH_WARMUP], matches[:SEARCH_WARMUP], strict=True):
            app_keystroke(typed)
            raw_keystroke(match)

        info(
            f"Timing {len(keystrokes)} search keystrokes ({SEARCH_CLIENTS} clients sought), "
            f"{SEARCH_ROUNDS} rounds..."
        )
        app_times: list[list[float]] = [[] for _ in keystrokes]
        raw_times: list[list[float]] = [[] for _ in keystrokes]
        found = [0] * len(keystrokes)
        for round_ in range(SEARCH_ROUNDS):
            gc.collect()  # start each round without garbage left by the one before
            for i, (typed, match) in enumerate(zip(keystrokes, matches, strict=True)):
                # App and raw take turns going first, so neither always inherits
                # the other's warm caches on a noisy machine.
                if (i + round_) % 2:
                    raw_times[i].append(raw_keystroke(match))
                    app_time, found[i] = app_keystroke(typed)
                else:
                    app_time, found[i] = app_keystroke(typed)
                    raw_times[i].append(raw_keystroke(match))
                app_times[i].append(app_time)

    # Each keystroke's median over the rounds (in ms) drops one-off hiccups of
    # the machine; the p95 over keystrokes is then the slow keystrokes' cost.
    app_ms = [statistics.median(t) * 1000 for t in app_times]
    raw_ms = [statistics.median(t) * 1000 for t in raw_times]
    for label, times in (("app", app_ms), ("raw", raw_ms)):
        info(
            f"  {label}: median {statistics.median(times):.2f} ms, p95 {p95(times):.2f} ms, "
            f"max {max(times):.2f} ms"
        )
    slowest = sorted(range(len(keystrokes)), key=lambda i: app_ms[i], reverse=True)[:5]
    info("  slowest keystrokes (app ms / raw ms, clients found):")
    for i in slowest:
        info(f"    {keystrokes[i]!r:14} {app_ms[i]:7.2f} / {raw_ms[i]:6.2f}  {found[i]:>6,}")
    p99, p99_raw = percentile(app_ms, 99), percentile(raw_ms, 99)
    more = (
        ("p99_ms", p99),
        ("p99_baseline_ms", p99_raw),
        ("worst_ms", max(app_ms)),
        ("worst_baseline_ms", max(raw_ms)),
        ("clients", float(CLIENTS)),
    )
    info(
        f"  p99 {p99:.2f} ms (raw {p99_raw:.2f}), "
        f"worst {max(app_ms):.2f} ms (raw {max(raw_ms):.2f})"
    )
    return Result(value=p95(app_ms), baseline=p95(raw_ms), unit="ms", more=more)


# --- startup ---------------------------------------------------------------------------------

STARTUP_RUNS = 7  # timed runs of each, after one warm-up of each
STARTUP_TIMEOUT_S = 120

# The floor: what starting any program on PySide6 and SQLModel costs, up to a
# first painted window. It quits the same way DermaDesk does under
# DERMADESK_QUIT_WHEN_READY, and gives up (exit 3) if nothing is ever painted.
FLOOR_SCRIPT = """\
import sys

import sqlmodel  # noqa: F401  (the import is the cost being measured)
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class QuitOnFirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.quit)
        return False


app = QApplication(sys.argv[:1])
window = QMainWindow()
quitter = QuitOnFirstPaint(window)
window.installEventFilter(quitter)
window.show()
QTimer.singleShot(30_000, lambda: app.exit(3))
sys.exit(app.exec())
"""


def _timed_run(label: str, command: list[str], env: dict[str, str]) -> float:
    """Run `command` to its end; its wall time in ms. BenchError unless it exits 0."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=STARTUP_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"{label} did not quit within {STARTUP_TIMEOUT_S} s") from None
    elapsed_ms = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip()[-2000:]
        raise BenchError(f"{label} exited with status {done.returncode}:\n{output}")
    return elapsed_ms


@benchmark("startup", target="ratio <= 1.3")
def bench_startup(workspace: Workspace) -> Result:
    """Median wall time from process start to the client list painted, at 50,000 clients.

    The time runs until the process has exited, for the program and the floor
    alike, so both include interpreter start-up and tear-down.
    """
    data_dir = workspace.practice_50k
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DERMADESK_QUIT_WHEN_READY": "1"}
    env.pop("DERMADESK_DATA_DIR", None)  # --data-dir decides; keep the user's practice out
    app = ("DermaDesk", [sys.executable, "-m", "dermadesk", "--data-dir", str(data_dir)])
    floor = ("the floor (empty PySide6 window)", [sys.executable, "-c", FLOOR_SCRIPT])

    info(f"Timing start-up: {STARTUP_RUNS} runs each of DermaDesk and the floor, alternating...")
    # One untimed run each fills the OS file cache and the app's first-start files.
    for label, command in (app, floor):
        _timed_run(label, command, env)
    app_ms: list[float] = []
    floor_ms: list[float] = []
    for _ in range(STARTUP_RUNS):
        app_ms.append(_timed_run(*app, env))
        floor_ms.append(_timed_run(*floor, env))
    for label, times in (("app", app_ms), ("floor", floor_ms)):
        info(f"  {label}: " + ", ".join(f"{t:.0f}" for t in times) + " ms")
    return Result(value=statistics.median(app_ms), baseline=statistics.median(floor_ms), unit="ms")


# --- running ---------------------------------------------------------------------------------


# --- consent_pdf -----------------------------------------------------------------------------

PDF_ROUNDS = 15


@benchmark("consent_pdf", target="ratio <= 3")
def bench_consent_pdf(workspace: Workspace) -> Result:
    """Median time to lay out one treatment consent sheet, against a bare ReportLab page.

    The sheet is the pre-filled form for a wet signature (practice header,
    client block, the form's sections, the question table, signature lines).
    The baseline lays out the same text as plain paragraphs in the same font
    (the Unicode font is needed either way), with ReportLab alone.
    """
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from dermadesk.core.client_details import ClientDetails
    from dermadesk.core.demo import DEMO_PRACTICE
    from dermadesk.core.practice import Practice
    from dermadesk.core.screening import ScreeningAnswers
    from dermadesk.core.sheets import contents
    from dermadesk.documents.common import FONT, register_fonts
    from dermadesk.documents.consent import render_consent

    with Practice.open(workspace.root / "practice-pdf") as practice:
        practice.settings.set_practice_details(DEMO_PRACTICE)  # a consent prints the practice's
        client_id = practice.clients.create(
            ClientDetails("Nguyễn Thị", "Đặng-Wiśniewska", date(1990, 3, 2)),
            ScreeningAnswers(answered_on=date.today()),
        )
        sheet = contents.blank_consent_sheet(practice, client_id)
    register_fonts()
    lines = [sheet.title, sheet.client_name, *sheet.form_text.splitlines()]
    lines += [q.text for q in sheet.questions]
    style = ParagraphStyle("plain", fontName=FONT, fontSize=10, leading=13)

    def bare_page() -> None:
        out = io.BytesIO()
        SimpleDocTemplate(out, pagesize=A4).build([Paragraph(line, style) for line in lines])

    def timed(work: Callable[[], object]) -> float:
        started = time.perf_counter()
        work()
        return time.perf_counter() - started

    for _ in range(3):  # warm-up: imports, font subsetting caches
        bare_page()
        render_consent(sheet)
    app_times, raw_times = [], []
    for round_ in range(PDF_ROUNDS):
        if round_ % 2:
            raw_times.append(timed(bare_page))
            app_times.append(timed(lambda: render_consent(sheet)))
        else:
            app_times.append(timed(lambda: render_consent(sheet)))
            raw_times.append(timed(bare_page))
    app_ms = statistics.median(app_times) * 1000
    raw_ms = statistics.median(raw_times) * 1000
    info(f"  consent sheet {app_ms:.1f} ms, bare page {raw_ms:.1f} ms")
    return Result(value=app_ms, baseline=raw_ms, unit="ms")


# --- screen_all ------------------------------------------------------------------------------

SCREEN_CLIENTS = 2000  # clients screened, spread over the 50,000 (the per-client cost counts)
RAW_ANSWERS_SQL = (
    "SELECT c.date_of_birth, c.allergies, c.medications, q.* FROM client c "
    "LEFT JOIN health_questionnaire q ON q.id = (SELECT id FROM health_questionnaire "
    "WHERE client_id = c.id ORDER BY answered_on DESC, id DESC LIMIT 1) WHERE c.id = ?"
)


@benchmark("screen_all", target="per client, within 2x of the first wave's screening")
def bench_screen_all(workspace: Workspace) -> Result:
    """Time per client of the full screening (answers, allergies, medicines, the last session,
    the practice's questions) at 50,000 clients, as the Today panel and the day pack run it,
    against one raw sqlite3 query of the same client's row and latest answers followed by the
    pure rules on them. Also reports the first wave's path (answers and rules only) and the
    whole 50,000 extrapolated."""
    from dermadesk.core.practice import Practice
    from dermadesk.core.screening import ScreeningAnswers
    from dermadesk.core.screening_rules import ScreeningContext, screen

    data_dir = workspace.practice_50k
    on = date.today()
    with (
        Practice.open(data_dir) as practice,
        contextlib.closing(sqlite3.connect(data_dir / DATABASE_NAME)) as raw,
    ):
        raw.row_factory = sqlite3.Row
        ids = random.Random(11).sample(practice.clients.search_ids(""), SCREEN_CLIENTS)
        settings = practice.settings.screening()
        fields = ScreeningAnswers.answer_fields()

        def full() -> None:
            for client_id in ids:
                practice.sessions.screening_for(client_id, on)

        def first_wave_path() -> None:
            for client_id in ids:
                client = practice.clients.get(client_id)
                screen(
                    practice.clients.latest_screening(client_id), client.date_of_birth, on, settings
                )

        def raw_path() -> None:
            for client_id in ids:
                row = raw.execute(RAW_ANSWERS_SQL, (client_id,)).fetchone()
                answers = None
                if row["answered_on"] is not None:
                    answers = ScreeningAnswers(
                        answered_on=date.fromisoformat(row["answered_on"]),
                        **{name: row[name] for name in fields if "last" not in name},
                    )
                context = ScreeningContext(row["allergies"], row["medications"])
                screen(answers, date.fromisoformat(row["date_of_birth"]), on, settings, context)

        def timed(work: Callable[[], None]) -> float:
            started = time.perf_counter()
            work()
            return (time.perf_counter() - started) * 1000 / SCREEN_CLIENTS

        for work in (full, first_wave_path, raw_path):  # warm-up
            work()
        info(f"Screening {SCREEN_CLIENTS:,} of {CLIENTS:,} clients, 3 rounds...")
        app_ms = statistics.median(timed(full) for _ in range(3))
        wave_ms = statistics.median(timed(first_wave_path) for _ in range(3))
        raw_ms = statistics.median(timed(raw_path) for _ in range(3))
    info(
        f"  {app_ms:.2f} ms a client ({app_ms * CLIENTS / 1000:.0f} s for all {CLIENTS:,}); "
        f"first wave's path {wave_ms:.2f} ms (x{app_ms / wave_ms:.2f}); raw {raw_ms:.2f} ms"
    )
    return Result(value=app_ms, baseline=raw_ms, unit="ms")


DAY_SESSIONS = 20
PRINT_ROUNDS = 5
PRINTER = os.environ.get("DERMADESK_TEST_PRINTER", "DermaDeskPDF")


@benchmark("print_day", target="ratio <= 1.5 and a job under 1 MB")
def bench_print_day(workspace: Workspace) -> Result:
    """Median time from "Print the day's consent packs" (20 sessions) to a job spooled on a
    CUPS queue, against gathering and writing the same PDF to a file.

    The job is the PDF itself, held in the queue and then cancelled (no paper is used);
    its size goes to stderr. Needs `lp` and the queue named by DERMADESK_TEST_PRINTER.
    """
    from datetime import datetime, timedelta
    from datetime import time as clock

    from dermadesk.core import print_queue
    from dermadesk.core.client_details import ClientDetails
    from dermadesk.core.demo import DEMO_PRACTICE
    from dermadesk.core.practice import Practice
    from dermadesk.core.screening import ScreeningAnswers
    from dermadesk.core.sheets import contents
    from dermadesk.documents.day_pack import render_day_pack

    if not print_queue.available() or PRINTER not in print_queue.printers():
        raise BenchError(f"print_day needs CUPS's lp and a print queue named {PRINTER}")
    today = date.today()
    practice = Practice.open(workspace.root / "practice-day")
    try:
        practice.settings.set_practice_details(DEMO_PRACTICE)
        first = datetime.combine(today, clock(8))
        for number in range(DAY_SESSIONS):
            client_id = practice.clients.create(
                ClientDetails("Client", f"Number {number + 1}", date(1980, 1, 1 + number)),
                ScreeningAnswers(answered_on=today),
            )
            practice.sessions.book(client_id, first + timedelta(minutes=25 * number))
        written = workspace.root / "day-pack.pdf"
        sizes: list[int] = []

        def spool() -> None:
            pack = contents.day_pack(practice, today)
            pdf = render_day_pack(pack)
            job = print_queue.submit(pdf, f"Consent packs - {pack.day}", PRINTER, hold=True)
            sizes.append(job.size)
            print_queue.cancel(job)  # not part of the time: the job was already spooled

        def write_alone() -> None:
            render_day_pack(contents.day_pack(practice, today), written)

        def timed(work: Callable[[], object]) -> float:
            started = time.perf_counter()
            work()
            return time.perf_counter() - started

        spool()  # warm-up: imports, fonts, the queue's first answer
        write_alone()
        app_times, raw_times = [], []
        for round_ in range(PRINT_ROUNDS):
            if round_ % 2:
                raw_times.append(timed(write_alone))
                app_times.append(timed(spool))
            else:
                app_times.append(timed(spool))
                raw_times.append(timed(write_alone))
    finally:
        practice.close()
    app_ms = statistics.median(app_times) * 1000
    raw_ms = statistics.median(raw_times) * 1000
    info(
        f"  {DAY_SESSIONS} sessions: spooled in {app_ms:.0f} ms, a job of "
        f"{sizes[-1] / 1024:.0f} KB; the PDF alone written in {raw_ms:.0f} ms"
    )
    return Result(value=app_ms, baseline=raw_ms, unit="ms")


# --- import ----------------------------------------------------------------------------------

IMPORT_ROUNDS = 9
IMPORT_SIZE = (4000, 3000)  # 12 megapixels, as a phone's main camera


def camera_jpeg(size: tuple[int, int]) -> bytes:
    """A JPEG about as large as a phone photo of skin: fine detail everywhere, EXIF inside."""
    import io

    from PIL import Image, ImageFilter

    width, height = size
    # Noise blurred a little compresses like skin texture (a few MB), not like flat colour.
    grain = Image.effect_noise((width, height), 24).filter(ImageFilter.GaussianBlur(0.6))
    picture = Image.merge(
        "RGB",
        (
            grain.point(lambda v: 150 + v // 3),
            grain.point(lambda v: 110 + v // 4),
            grain.point(lambda v: 90 + v // 4),
        ),
    )
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8769)[36867] = "2026:11:20 10:30:00"
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def _variant(jpeg: bytes, number: int) -> bytes:
    """The same picture with a JPEG comment after the start marker: other bytes, other hash."""
    comment = f"bench {number}".encode()
    return jpeg[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + jpeg[2:]


@benchmark("import", target="ratio <= 1.5")
def bench_import(workspace: Workspace) -> Result:
    """Median time to import one 12-megapixel JPEG, against Pillow's own pipeline on it.

    The import is the whole of `photos.import_file`: copy into the vault while
    hashing, fsync, decode in draft mode at thumbnail size (which checks the
    picture), write the thumbnail, rename, fsync the folder, and the row with
    its audit entry. The baseline is what DESIGN names: Pillow's draft-mode
    decode, the thumbnail and a SHA-256 of the same file, in memory.
    """
    import hashlib

    from PIL import Image

    from dermadesk.core.client_details import ClientDetails
    from dermadesk.core.photo_tags import PhotoTags
    from dermadesk.core.photo_vault import THUMB_SIZE
    from dermadesk.core.practice import Practice

    info(f"Making a {IMPORT_SIZE[0]}x{IMPORT_SIZE[1]} JPEG...")
    jpeg = camera_jpeg(IMPORT_SIZE)
    info(f"  {len(jpeg) / 1e6:.1f} MB")
    folder = workspace.root / "camera"
    folder.mkdir()
    files = []
    for number in range(IMPORT_ROUNDS + 2):
        path = folder / f"IMG_{number:04d}.JPG"
        path.write_bytes(_variant(jpeg, number))
        files.append(path)

    def raw_pipeline(path: Path) -> float:
        started = time.perf_counter()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        with Image.open(path) as picture:
            picture.draft("RGB", (THUMB_SIZE, THUMB_SIZE))
            picture.thumbnail((THUMB_SIZE, THUMB_SIZE))
        assert digest
        return time.perf_counter() - started

    with Practice.open(workspace.root / "practice-import") as practice:
        client = practice.clients.create(ClientDetails("Ana", "Lima", date(1990, 3, 2)))

        def app_import(path: Path) -> float:
            started = time.perf_counter()
            outcome = practice.photos.import_file(client, path, PhotoTags(area="forehead"))
            elapsed = time.perf_counter() - started
            if not outcome.ok or outcome.duplicate:
                raise BenchError(f"the import did not store the picture: {outcome.message()}")
            return elapsed

        for path in files[:2]:  # warm-up: imports, the first folders in the vault
            app_import(path)
            raw_pipeline(path)
        app_times, raw_times = [], []
        for number, path in enumerate(files[2:]):
            if number % 2:
                raw_times.append(raw_pipeline(path))
                app_times.append(app_import(path))
            else:
                app_times.append(app_import(path))
                raw_times.append(raw_pipeline(path))
    app_ms = statistics.median(app_times) * 1000
    raw_ms = statistics.median(raw_times) * 1000
    info(f"  import {app_ms:.1f} ms, Pillow draft + thumbnail + sha256 {raw_ms:.1f} ms")
    return Result(value=app_ms, baseline=raw_ms, unit="ms")


# --- gallery ---------------------------------------------------------------------------------

GALLERY_PHOTOS = 1000
GALLERY_RUNS = 7


def _gallery_picture(number: int) -> bytes:
    """A distinct 1200x900 photo-like JPEG (its number drawn in)."""
    import io

    from PIL import Image, ImageDraw

    rng = random.Random(number)
    picture = Image.new("RGB", (1200, 900), (rng.randint(150, 230), 170, 150))
    draw = ImageDraw.Draw(picture)
    for _ in range(40):
        x, y = rng.randint(0, 1150), rng.randint(0, 850)
        draw.ellipse([x, y, x + 50, y + 50], fill=(rng.randint(90, 200), 80, 70))
    draw.text((20, 20), f"photo {number}", fill="white")
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def _qt_application() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from dermadesk.gui.app import make_application

    return make_application([sys.argv[0]])


@benchmark("gallery", target="value < 100 ms")
def bench_gallery(workspace: Workspace) -> Result:
    """Median time from opening the Photos tab on a 1,000-photo client (thumbnails cached on
    disk) to its first screen painted with every visible thumbnail in place.

    The baseline is the bare work of that screen: the same number of cached
    thumbnail files read into QImages one after another and one empty widget
    painted, with no model, no threads and no database.
    """
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QWidget

    from dermadesk.core.practice import Practice
    from dermadesk.gui.gallery_tab import show_first_screen

    data_dir, client_id = workspace.gallery_1000
    app = _qt_application()
    with Practice.open(data_dir) as practice:
        shown: list[int] = []

        def app_run() -> float:
            started = time.perf_counter()
            tab = show_first_screen(practice, client_id)
            elapsed = time.perf_counter() - started
            shown.append(len(tab.view.visible_rows()))
            tab.close()
            tab.deleteLater()
            app.processEvents()  # type: ignore[attr-defined]
            return elapsed

        photos = practice.photos.for_client(client_id)

        def raw_run() -> float:
            paths = [practice.photos.thumbnail_path(p.sha256) for p in photos[: shown[-1]]]
            started = time.perf_counter()
            images = [QImage(str(path)) for path in paths]
            widget = QWidget()
            widget.resize(1100, 800)
            widget.show()
            widget.repaint()
            elapsed = time.perf_counter() - started
            widget.close()
            assert all(not image.isNull() for image in images)
            return elapsed

        app_run()  # warm-up: imports, the first thread pool, the font cache
        raw_run()
        app_times, raw_times = [], []
        for round_ in range(GALLERY_RUNS):
            if round_ % 2:
                raw_times.append(raw_run())
                app_times.append(app_run())
            else:
                app_times.append(app_run())
                raw_times.append(raw_run())
    app_ms = statistics.median(app_times) * 1000
    raw_ms = statistics.median(raw_times) * 1000
    info(f"  first screen ({shown[-1]} thumbnails): {app_ms:.1f} ms; bare reads {raw_ms:.1f} ms")
    return Result(value=app_ms, baseline=raw_ms, unit="ms")


# --- memory ----------------------------------------------------------------------------------

# Runs in its own process so that only what the program holds is counted: the main window
# on the 50,000-client practice, the 1,000-photo client's gallery open and scrolled end to
# end (every thumbnail through the memory cache), then the peak resident size.
MEMORY_SCRIPT = """import os
import sys

from PySide6.QtCore import QEventLoop

from dermadesk.core.practice import Practice
from dermadesk.gui.app import make_application
from dermadesk.gui.gallery_tab import show_first_screen
from dermadesk.gui.main_window import MainWindow
from dermadesk.gui.ui_state import UiState

data_dir, client_id = sys.argv[1], int(sys.argv[2])
app = make_application(sys.argv[:1])
practice = Practice.open(data_dir)
window = MainWindow(practice, UiState(practice.data_dir))
window.show()
app.processEvents()
tab = show_first_screen(practice, client_id)
bar = tab.view.verticalScrollBar()
while bar.value() < bar.maximum():
    bar.setValue(bar.value() + bar.pageStep())
    tab.view.viewport().repaint()
    while not tab.first_screen_ready():  # this screen's thumbnails all in place
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 20)
print(open("/proc/self/status").read(), flush=True)
os._exit(0)  # measured; the tear-down is not what this benchmark is about
"""

MEMORY_FLOOR_SCRIPT = """import sqlmodel  # noqa: F401
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication([])
window = QMainWindow()
window.show()
app.processEvents()
print(open("/proc/self/status").read())
"""


def _peak_rss_mb(command: list[str], env: dict[str, str]) -> float:
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise BenchError(f"the memory run failed:\n{done.stderr.strip()[-2000:]}")
    for line in done.stdout.splitlines():
        if line.startswith("VmHWM:"):  # the peak resident set, in kB
            return int(line.split()[1]) / 1024
    raise BenchError("the memory run did not report its resident size")


@benchmark("memory", target="value < 300 MB")
def bench_memory(workspace: Workspace) -> Result:
    """Peak resident memory with 50,000 clients listed and a 1,000-photo gallery open and
    scrolled through, against an empty PySide6 window with sqlmodel imported."""
    data_dir, client_id = workspace.gallery_1000
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DERMADESK_DATA_DIR", None)
    app_mb = _peak_rss_mb([sys.executable, "-c", MEMORY_SCRIPT, str(data_dir), str(client_id)], env)
    floor_mb = _peak_rss_mb([sys.executable, "-c", MEMORY_FLOOR_SCRIPT], env)
    info(f"  peak resident: DermaDesk {app_mb:.0f} MB, empty window {floor_mb:.0f} MB")
    return Result(value=app_mb, baseline=floor_mb, unit="MB")


def run_benchmarks(names: list[str]) -> dict[str, Result]:
    """Run the named benchmarks in a fresh temporary workspace, deleted afterwards."""
    results: dict[str, Result] = {}
    with tempfile.TemporaryDirectory(prefix="dermadesk-bench-") as root:
        workspace = Workspace(Path(root))
        for name in names:
            info(f"[{name}]")
            result = BENCHMARKS[name].run(workspace)
            if not result.baseline > 0:
                raise BenchError(f"{name}: the baseline measured {result.baseline}, not a time")
            results[name] = result
    return results


def format_table(results: dict[str, Result]) -> str:
    """The results as a table for people, with each benchmark's target."""
    header = ("benchmark", "value", "baseline", "ratio", "target")
    rows = [
        (
            name,
            f"{r.value:.2f} {r.unit}",
            f"{r.baseline:.2f} {r.unit}",
            f"{r.ratio:.2f}",
            BENCHMARKS[name].target,
        )
        for name, r in results.items()
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


@contextlib.contextmanager
def stdout_to_stderr() -> Iterator[None]:
    """Send anything printed while benchmarking to stderr, so stdout holds only the result."""
    with contextlib.redirect_stdout(sys.stderr):
        yield


def main(argv: list[str] | None = None) -> int:
    global CLIENTS  # --clients sets the size of the practice every benchmark uses
    parser = argparse.ArgumentParser(
        prog="bench/run.py",
        description="Run DermaDesk's benchmarks and compare each with its baseline.",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument(
        "--only",
        nargs="+",
        action="extend",
        choices=list(BENCHMARKS),
        metavar="NAME",
        help=f"run only these benchmarks ({', '.join(BENCHMARKS)})",
    )
    parser.add_argument(
        "--clients",
        type=int,
        default=CLIENTS,
        metavar="N",
        help=f"clients in the practice the benchmarks search and screen (default {CLIENTS:,}); "
        "a scale run, e.g. search --clients 200000",
    )
    args = parser.parse_args(argv)
    CLIENTS = args.clients
    # Registration order, whatever order --only named them in; each once.
    names = [name for name in BENCHMARKS if not args.only or name in args.only]
    try:
        with stdout_to_stderr():
            results = run_benchmarks(names)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    if args.json:
        json.dump({name: r.as_json() for name, r in results.items()}, sys.stdout)
        sys.stdout.write("\n")
    else:
        print(format_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
