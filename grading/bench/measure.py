"""The measuring loop: untimed setup, one timed run, the median of interleaved repeats."""

from __future__ import annotations

import gc
import importlib
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from grading import paths

SEED = 20_241_125

# A run does one workload and returns a checksum (hits, admitted calls, a sum of medians...):
# sides marked `same_result` must agree on it, which shows they did the same work.
Run = Callable[[], object]
# Builds the structure and the inputs, untimed, and returns the run to time.
Setup = Callable[[], Run]


class Skip(Exception):
    """A comparison that cannot run here: the kata or the library is missing."""


@dataclass(frozen=True)
class Comparison:
    kata: str
    library: str  # what the reference is measured against, e.g. "cachetools.LRUCache"
    ops: int  # operations in one run, for ops/s
    reference: Setup
    baseline: Setup
    same_result: bool = False
    target: float = 1.0  # the ratio (reference / library) we aim for
    note: str = ""  # shown in the table: what the workload is, measured quality
    why: str = ""  # why the library may legitimately win


@dataclass(frozen=True)
class Result:
    kata: str
    library: str
    reference_ops: float | None = None
    library_ops: float | None = None
    target: float = 1.0
    note: str = ""
    why: str = ""
    skipped: str | None = None

    @property
    def ratio(self) -> float | None:
        if self.reference_ops is None or not self.library_ops:
            return None
        return self.reference_ops / self.library_ops

    @property
    def below_target(self) -> bool:
        return self.ratio is not None and self.ratio < self.target


# A family module's entry: a comparison, or a row saying why it was skipped.
Entry = Comparison | Result


def skipped(kata: str, library: str, reason: str) -> Result:
    return Result(kata, library, skipped=reason)


def load_reference(slug: str) -> ModuleType:
    """The reference module of a kata, or Skip when the kata is not in this checkout yet."""
    if not paths.reference_path(slug).is_file() or not paths.kata_dir(slug).is_dir():
        raise Skip(f"no {slug} kata in this checkout yet")
    root = str(paths.KIT_ROOT)
    if root not in sys.path:
        sys.path.insert(0, root)
    try:
        return importlib.import_module(f"reference.{slug}")
    except Exception as exc:  # a reference being written can fail to import
        raise Skip(f"reference/{slug}.py does not import: {type(exc).__name__}: {exc}") from exc


def load_library(module: str, package: str) -> Any:
    """A benchmark library, or Skip naming the package to install."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise Skip(f"{package} is not installed (pip install -e '.[bench]')") from exc


def _time(setup: Setup) -> tuple[float, object]:
    run = setup()
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()  # as timeit does: a collection landing in one side's run is noise
    try:
        # CPU time of this process, not wall time: on a shared, loaded machine the wall clock
        # also counts the time other processes held the CPU. Library threads are included.
        start = time.process_time()
        checksum = run()
        elapsed = time.process_time() - start
    finally:
        if enabled:
            gc.enable()
    return elapsed, checksum


def measure(comparison: Comparison, repeats: int) -> Result:
    """Median ops/s of each side over `repeats` runs, alternating which side goes first."""
    reference_times: list[float] = []
    library_times: list[float] = []
    note = comparison.note
    try:
        for repeat in range(repeats):
            order = [comparison.reference, comparison.baseline]
            if repeat % 2:
                order.reverse()
            timings = {id(setup): _time(setup) for setup in order}
            ref_time, ref_sum = timings[id(comparison.reference)]
            lib_time, lib_sum = timings[id(comparison.baseline)]
            reference_times.append(ref_time)
            library_times.append(lib_time)
            if comparison.same_result and ref_sum != lib_sum and repeat == 0:
                note = f"{note}; results differ: {ref_sum!r} vs {lib_sum!r}".lstrip("; ")
    except Skip as exc:
        return skipped(comparison.kata, comparison.library, str(exc))
    except Exception as exc:  # a changed API must give a row, not end the whole bench
        reason = f"error: {type(exc).__name__}: {exc}"
        return skipped(comparison.kata, comparison.library, reason)
    return Result(
        comparison.kata,
        comparison.library,
        reference_ops=comparison.ops / statistics.median(reference_times),
        library_ops=comparison.ops / statistics.median(library_times),
        target=comparison.target,
        note=note,
        why=comparison.why,
    )


def collect(kata: str, library: str, build: Callable[[], list[Entry]]) -> list[Entry]:
    """A kata's comparisons, or one skipped row when the kata or its library is missing."""
    try:
        return build()
    except Skip as exc:
        return [skipped(kata, library, str(exc))]
    except Exception as exc:  # a reference whose API changed under us
        return [skipped(kata, library, f"error: {type(exc).__name__}: {exc}")]
