"""What every benchmark shares: its result, its registration, its errors and its statistics.

A benchmark is `def bench_NAME(workspace: Workspace) -> Result`, decorated with
`@benchmark("NAME", target="...")`; `run.py` imports each benchmark module, which
registers it, and runs them in that order.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workspace import Workspace

DATABASE_NAME = "dermadesk.db"  # the file Practice.open creates in its data dir
SCRIPTS = Path(__file__).parent / "scripts"  # the programs a benchmark runs in its own process


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


BenchFunction = Callable[["Workspace"], Result]


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


def timed(work: Callable[[], object]) -> float:
    """Seconds `work` took."""
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a program a benchmark starts: offscreen, and never the user's
    practice (the benchmark names its data dir)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **extra}
    env.pop("DERMADESK_DATA_DIR", None)
    return env
