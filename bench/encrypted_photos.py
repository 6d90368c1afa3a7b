"""The sealed vault's cost (`--encrypted`): importing a photo and the gallery's first screen on
an encrypted practice, each against the same work on a plain one, taking turns, in one run."""

from __future__ import annotations

import statistics
from collections.abc import Callable

from gallery import GALLERY_RUNS, FirstScreen, _bare_screen, _qt_application
from harness import Result, benchmark, info
from photo_import import IMPORT_ROUNDS, camera_files, import_timer
from workspace import Workspace, open_bench_practice


def _taking_turns(
    runs: int, plain: Callable[[], float], sealed: Callable[[], float]
) -> tuple[float, float]:
    """Median ms of `plain` and of `sealed`, each run `runs` times, the two taking turns going
    first (neither always inherits the other's warm caches on a noisy machine)."""
    times: tuple[list[float], list[float]] = ([], [])
    for run in range(runs):
        order = ((0, plain), (1, sealed)) if run % 2 else ((1, sealed), (0, plain))
        for side, work in order:
            times[side].append(work() * 1000)
    for label, figures in zip(("plain", "encrypted"), times, strict=True):
        info(f"  {label}: " + ", ".join(f"{t:.1f}" for t in figures) + " ms")
    return statistics.median(times[0]), statistics.median(times[1])


@benchmark("import_encrypted", target="ratio <= 1.3")
def bench_import_encrypted(workspace: Workspace) -> Result:
    """Median ms of `photos.import_file` on a 12-megapixel JPEG into an encrypted practice's
    vault (sealed while streaming, HMAC-named, its thumbnail sealed), against the same
    import into a plain practice's vault."""
    files = camera_files(workspace.root / "camera", IMPORT_ROUNDS + 2)
    with (
        open_bench_practice(workspace.root / "practice-import-plain") as plain,
        open_bench_practice(workspace.root / "practice-import-sealed", encrypted=True) as sealed,
    ):
        plain_import, sealed_import = import_timer(plain), import_timer(sealed)
        for path in files[:2]:  # warm-up: imports, the first folders in the vault
            plain_import(path)
            sealed_import(path)
        # Each side imports every picture once, in the same order.
        plain_files, sealed_files = iter(files[2:]), iter(files[2:])
        plain_ms, sealed_ms = _taking_turns(
            IMPORT_ROUNDS,
            lambda: plain_import(next(plain_files)),
            lambda: sealed_import(next(sealed_files)),
        )
    info(f"  import: plain {plain_ms:.1f} ms, encrypted {sealed_ms:.1f} ms")
    return Result(value=sealed_ms, baseline=plain_ms, unit="ms")


@benchmark("gallery_encrypted", target="value < 100 ms")
def bench_gallery_encrypted(workspace: Workspace) -> Result:
    """Median ms from opening the Photos tab on the 1,000-photo client of the encrypted
    practice (every thumbnail sealed on disk) to its first screen painted with every visible
    thumbnail in place, against the same on the plain practice; the bare sealed reads (the
    app's `cached_thumbnail` and `QImage.fromData`) are printed beside them."""
    plain_dir, client_id = workspace.gallery
    sealed_dir, _ = workspace.gallery_encrypted
    app = _qt_application()
    with open_bench_practice(plain_dir) as plain, open_bench_practice(sealed_dir) as sealed:
        plain_run = FirstScreen(app, plain, client_id)
        sealed_run = FirstScreen(app, sealed, client_id)
        plain_run()  # warm-up: imports, the first thread pool, the font cache
        sealed_run()
        plain_ms, sealed_ms = _taking_turns(GALLERY_RUNS, plain_run, sealed_run)
        shas = [photo.sha256 for photo in sealed.photos.for_client(client_id)]
        bare = [_bare_screen(sealed.photos, shas[: sealed_run.shown]) for _ in range(GALLERY_RUNS)]
    info(
        f"  first screen ({sealed_run.shown} thumbnails): plain {plain_ms:.1f} ms, encrypted "
        f"{sealed_ms:.1f} ms; bare sealed reads {statistics.median(bare) * 1000:.1f} ms"
    )
    return Result(value=sealed_ms, baseline=plain_ms, unit="ms")
