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

Each benchmark is a module beside this one (search.py, startup.py, ...); the
programs some of them start in their own process are in scripts/. Adding one:
write `def bench_NAME(workspace: Workspace) -> Result` in a new module, decorate
it with `@benchmark("NAME", target="...")` (harness.py) and import the module
below. Data that several benchmarks share (the 50,000-client practice) comes
from `Workspace` (workspace.py), built once per run in a temporary folder and
deleted at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Each benchmark module registers its benchmark on import; they run in this order.
# isort: off
import search
import startup
import consent_pdf
import screen_all
import print_day
import photo_import
import import_10k
import gallery
import memory
import encrypted
import encrypted_photos

# isort: on
from harness import BENCHMARKS, BenchError, Result, info
from workspace import CLIENTS, GALLERY_PHOTOS, Workspace

SERVER_BENCHMARKS = ("search", "import", "gallery")  # the ones --database-url runs
BENCHMARK_MODULES = (search, startup, consent_pdf, screen_all, print_day, photo_import, import_10k,
                     gallery, memory, encrypted, encrypted_photos)  # fmt: skip


def run_benchmarks(
    names: list[str],
    clients: int = CLIENTS,
    photos: int = GALLERY_PHOTOS,
    keep: Path | None = None,
    database_url: str | None = None,
    owner_url: str | None = None,
) -> dict[str, Result]:
    """Run the named benchmarks in a fresh temporary workspace (a practice of `clients`, a
    gallery of `photos`), deleted afterwards; the shared practices in `keep` when given."""
    results: dict[str, Result] = {}
    with tempfile.TemporaryDirectory(prefix="dermadesk-bench-") as root:
        workspace = Workspace(Path(root), clients, photos, keep, database_url, owner_url)
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


ENCRYPTED = "_encrypted"


def _selected(name: str, only: list[str], encrypted: bool) -> bool:
    """Whether benchmark `name` runs: as --only says (all when it says nothing), and the
    NAME_encrypted ones only with --encrypted, beside the NAME they are measured against."""
    if name in only:
        return True
    if name.endswith(ENCRYPTED):
        return encrypted and (not only or name[: -len(ENCRYPTED)] in only)
    return not only


def main(argv: list[str] | None = None) -> int:
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
    parser.add_argument(
        "--photos",
        type=int,
        default=GALLERY_PHOTOS,
        metavar="N",
        help=f"photos of the gallery's client (default {GALLERY_PHOTOS:,}); "
        "a scale run, e.g. gallery gallery_scroll memory --photos 5000",
    )
    parser.add_argument(
        "--encrypted",
        action="store_true",
        help="also run the *_encrypted benchmarks beside their plain baselines "
        "(search, import, gallery and startup on encrypted practices: the cost of SQLCipher, "
        "the sealed vault and the unlock screen; the KDF's on its own)",
    )
    parser.add_argument(
        "--keep-data",
        type=Path,
        metavar="DIR",
        help="keep the practices the benchmarks share (the 50,000 clients, the gallery, their "
        "encrypted copies) in DIR and reuse them on later runs with the same --clients/--photos",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="run search, import and gallery on a practice server, as the application role: "
        "the PostgreSQL database at URL (postgresql+psycopg://dermadesk_app@HOST/DB), "
        "prepared by its owner (or give --owner-url), empty or filled by a run before",
    )
    parser.add_argument(
        "--owner-url",
        metavar="URL",
        help="the same database as its owner: `server prepare` is run with it first, and "
        "the new rows are analysed with it",
    )
    args = parser.parse_args(argv)
    # Registration order, whatever order --only named them in; each once. The encrypted
    # runs only with --encrypted (or named), and then beside what --only chose.
    names = [name for name in BENCHMARKS if _selected(name, args.only or [], args.encrypted)]
    if args.database_url:  # what runs on a server; the rest measure this computer alone
        names = [name for name in names if name in SERVER_BENCHMARKS]
        if not names:
            parser.error(f"--database-url runs {', '.join(SERVER_BENCHMARKS)} only")
    try:
        with stdout_to_stderr():
            results = run_benchmarks(
                names,
                args.clients,
                args.photos,
                args.keep_data,
                args.database_url,
                args.owner_url,
            )
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
