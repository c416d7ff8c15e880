"""The pytest plugin behind every kata run.

It ties each test to a graded part and category (one `kata` marker), chooses which solution file the
tests import, hides tracebacks behind a one-line description and a hint (interview-platform style),
and records results as JSON lines for the runner.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings

from grading import paths
from grading.guard import ClaimsEqualityError
from grading.limits import CPU_SECONDS, SPLIT_CPU_SECONDS, cpu_limit, timed_out
from grading.metadata import CATEGORIES, Kata, kata_by_slug
from grading.results import OUTPUT_KEPT, TOKEN_ENV, CollectedTest, ResultsWriter, TestOutcome
from grading.solution import (
    SolutionUnavailable,
    SourceConfig,
    configure,
    cpu_left_in_run,
    current_config,
    revive_workers,
    split_worker,
    stop_workers,
)
from grading.split.launch import remove_made_directories

MARKER = "kata"
# Schedules a concurrency test runs under (seed 0 switches at every point; the rest are seeded).
SCHEDULES = 6
_ITEM_INFO = pytest.StashKey[CollectedTest]()
_TIMEOUTS = pytest.StashKey[list[str]]()
_WRITER = pytest.StashKey[ResultsWriter]()
_EXIT = pytest.StashKey[int]()
_PHASES = pytest.StashKey[dict[str, list[pytest.TestReport]]]()
# pytest_runtest_logreport gets no config; the session's is kept here when it starts.
_CONFIG: list[pytest.Config] = []

settings.register_profile(
    "kata",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    # Shrinking and explaining a failure cost seconds and the learner sees a hint, not the example.
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("kata", "Backend Kata Kit")
    group.addoption("--reference", action="store_true", help="run against reference/ solutions")
    group.addoption("--workspace", metavar="DIR", help="workspace with one module per kata")
    group.addoption(
        "--solution",
        action="append",
        default=[],
        metavar="SLUG=PATH",
        help="run one kata against a given file (repeatable)",
    )
    group.addoption("--reveal", action="store_true", help="show full pytest failure detail")
    group.addoption(
        "--isolation",
        choices=("in-process", "process", "sandbox"),
        default="in-process",
        help="where solutions run: imported here, or in a worker process (sandboxed)",
    )
    group.addoption("--parts", metavar="PART[,PART]", help="run only tests of these parts")
    group.addoption(
        "--redis-url", metavar="URL", help="run Redis katas on this server instead of fakeredis"
    )
    group.addoption(
        "--kata-results", metavar="PATH|fd:N", help="write JSON-lines results to a file or fd"
    )
    group.addoption(
        "--categories",
        metavar="CAT[,CAT]",
        help=f"run only tests of these categories ({', '.join(CATEGORIES)})",
    )


def _parse_overrides(values: list[str]) -> dict[str, Path]:
    overrides: dict[str, Path] = {}
    for value in values:
        slug, sep, path = value.partition("=")
        if not sep or not slug or not path:
            raise pytest.UsageError(f"--solution takes SLUG=PATH, got {value!r}")
        overrides[slug] = Path(path).resolve()
    return overrides


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(part, category, kata=None): the graded part and category of a kata test",
    )
    settings.load_profile("kata")
    configure(
        SourceConfig(
            mode="reference" if config.getoption("reference") else "workspace",
            workspace=paths.workspace_dir(config.getoption("workspace")),
            overrides=_parse_overrides(config.getoption("solution")),
            isolation=config.getoption("isolation"),
        )
    )
    config.pluginmanager.import_plugin("grading.testkit.fixtures")
    results = config.getoption("kata_results")
    if results:
        # Read once and removed, so code under test does not find it in the environment.
        token = os.environ.pop(TOKEN_ENV, "")
        config.stash[_WRITER] = ResultsWriter(results, token)


def pytest_report_header(config: pytest.Config) -> str:
    return f"kata solutions: {current_config().describe()}"


def _kata_of(item: pytest.Item, marker: pytest.Mark) -> str | None:
    if marker.kwargs.get("kata"):
        return str(marker.kwargs["kata"])
    path = Path(str(item.path)).resolve()
    if paths.KATAS_DIR in path.parents:
        return path.relative_to(paths.KATAS_DIR).parts[0]
    return None


def _describe(item: pytest.Item) -> str:
    function = getattr(item, "function", None)
    doc = (getattr(function, "__doc__", None) or "").strip()
    return doc.splitlines()[0].strip() if doc else ""


def _collected_test(item: pytest.Item) -> CollectedTest | None:
    marker = item.get_closest_marker(MARKER)
    in_katas = paths.KATAS_DIR in Path(str(item.path)).resolve().parents
    if marker is None:
        if in_katas:
            raise pytest.UsageError(f"{item.nodeid}: add @pytest.mark.kata(part=..., category=...)")
        return None
    slug = _kata_of(item, marker)
    if slug is None:
        raise pytest.UsageError(f"{item.nodeid}: the kata marker needs kata=SLUG outside katas/")
    kata: Kata = kata_by_slug(slug)
    part = marker.kwargs.get("part")
    category = marker.kwargs.get("category")
    if part not in {p.id for p in kata.parts}:
        raise pytest.UsageError(f"{item.nodeid}: part {part!r} is not a part of {slug}/kata.toml")
    if category not in CATEGORIES:
        raise pytest.UsageError(f"{item.nodeid}: category {category!r} not in {CATEGORIES}")
    description = _describe(item)
    if not description:
        raise pytest.UsageError(f"{item.nodeid}: give the test a one-line docstring")
    return CollectedTest(item.nodeid, slug, str(part), str(category), description)


def _chosen(config: pytest.Config, option: str) -> set[str] | None:
    value = config.getoption(option)
    return set(value.split(",")) if value else None


def _wanted(
    info: CollectedTest | None, categories: set[str] | None, parts: set[str] | None
) -> bool:
    if categories is None and parts is None:
        return True
    if info is None:
        return False
    return (categories is None or info.category in categories) and (
        parts is None or info.part in parts
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    categories = _chosen(config, "categories")
    parts = _chosen(config, "parts")
    if categories and not categories <= set(CATEGORIES):
        raise pytest.UsageError(f"--categories: unknown {sorted(categories - set(CATEGORIES))}")
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        info = _collected_test(item)
        if info is not None:
            item.stash[_ITEM_INFO] = info
        (kept if _wanted(info, categories, parts) else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
    if any(_ITEM_INFO in item.stash for item in items):
        # Before any solution is imported, so the locks and connections it makes are ones the
        # thread scheduler can see.
        from grading.testkit import scheduler

        scheduler.install()


def pytest_collection_finish(session: pytest.Session) -> None:
    writer = session.config.stash.get(_WRITER, None)
    if writer is not None:
        writer.collected([i.stash[_ITEM_INFO] for i in session.items if _ITEM_INFO in i.stash])


TIMED_OUT = "timed out: a loop that never ends, or a wait nobody wakes"


def failure_reason(excinfo: pytest.ExceptionInfo[BaseException] | None) -> str:
    """A one-line reason when the failure says something beyond 'wrong behaviour'."""
    if excinfo is None:
        return ""
    exc = excinfo.value
    if isinstance(exc, SolutionUnavailable | ClaimsEqualityError):
        return str(exc)
    if isinstance(exc, NotImplementedError):
        return "not implemented yet (NotImplementedError)"
    if timed_out(exc):
        return TIMED_OUT
    from grading.testkit.scheduler import Deadlock, WaitsAlone

    if isinstance(exc, Deadlock):
        return f"{exc} (threads that wait for each other forever)"
    if isinstance(exc, WaitsAlone):
        return f"{exc} (a lock taken twice, or a wait nobody can end)"
    if isinstance(exc, RecursionError):
        return "recursion too deep"
    return ""


def _hint(info: CollectedTest) -> str:
    return kata_by_slug(info.kata).part(info.part).hints[0]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    info = item.stash.get(_ITEM_INFO, None)
    if info is None or not report.failed:
        return
    reason = failure_reason(call.excinfo)
    limits_hit = item.stash.get(_TIMEOUTS, [])
    if limits_hit:
        reason = TIMED_OUT
    report.kata_reason = reason or info.description  # type: ignore[attr-defined]
    report.kata_timeout = (limits_hit or ["wall" if reason == TIMED_OUT else ""])[0]  # type: ignore[attr-defined]
    _add_interleaving(item, report)
    if not item.config.getoption("reveal"):
        detail = reason or f"hint: {_hint(info)}"
        report.longrepr = f"{info.description}\n  {detail}\n  (--reveal shows the full detail)"


def _add_interleaving(item: pytest.Item, report: pytest.TestReport) -> None:
    from grading.testkit.scheduler import exploration

    info = item.stash.get(_ITEM_INFO, None)
    if info is None or info.category != "concurrency" or exploration.last is None:
        return
    if exploration.used and report.when == "call":
        report.sections.append(("interleaving", exploration.last.describe()))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, None]:
    if _ITEM_INFO not in item.stash:
        yield
        return
    hits = item.stash.setdefault(_TIMEOUTS, [])
    in_worker = current_config().isolation != "in-process"
    if in_worker:
        revive_workers()  # first: it charges the run for a worker ended in the last test
        worker_seconds = min(SPLIT_CPU_SECONDS, cpu_left_in_run())
        limits = cpu_limit(SPLIT_CPU_SECONDS, hits, split_worker, worker_seconds)
    else:
        limits = cpu_limit(CPU_SECONDS, hits)
    with limits:
        outcome = yield
    if outcome.excinfo is not None:
        _cut_lineless_frames(outcome.excinfo[1])


def _cut_lineless_frames(exc: BaseException, seen: set[int] | None = None) -> None:
    """End a traceback before its first frame without a line number (deep recursion leaves
    such frames), which pytest cannot render: the failure is reported, not an internal error."""
    seen = seen if seen is not None else set()
    if id(exc) in seen:
        return
    seen.add(id(exc))
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        if tb.tb_next.tb_lineno is None:
            tb.tb_next = None
            break
        tb = tb.tb_next
    for inner in (exc.__cause__, exc.__context__, *getattr(exc, "exceptions", ())):
        if isinstance(inner, BaseException):
            _cut_lineless_frames(inner, seen)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> bool | None:
    """Run a concurrency test under several thread schedules; the first failing one stands."""
    info = item.stash.get(_ITEM_INFO, None)
    if info is None or info.category != "concurrency":
        return None
    from _pytest.runner import runtestprotocol

    from grading.testkit.scheduler import exploration

    item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    reports: list[pytest.TestReport] = []
    for seed in range(SCHEDULES):
        exploration.seed, exploration.used, exploration.last = seed, False, None
        if seed:
            item._initrequest()  # type: ignore[attr-defined]  # fresh fixtures for each schedule
        reports = runtestprotocol(item, nextitem=nextitem, log=False)
        if any(r.failed for r in reports) or not exploration.used:
            break
    for report in reports:
        item.ihook.pytest_runtest_logreport(report=report)
    item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return True


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # Hypothesis would write a patch file of failing examples into the working directory.
    report.__dict__.pop("_hypothesis_failing_examples", None)
    config = _CONFIG[0] if _CONFIG else None
    if config is None or _WRITER not in config.stash:
        return
    phases = config.stash.setdefault(_PHASES, {})
    phases.setdefault(report.nodeid, []).append(report)
    if report.when != "teardown":
        return
    reports = phases.pop(report.nodeid)
    passed = all(r.passed for r in reports) and any(r.when == "call" for r in reports)
    reason, timeout = "", ""
    for r in reports:
        if r.failed:
            reason = getattr(r, "kata_reason", "") or f"failed in {r.when}"
            timeout = getattr(r, "kata_timeout", "")
            break
        if r.skipped:
            reason = "skipped (a skipped test scores 0)"
            break
    duration = sum(r.duration for r in reports)
    output = "".join(r.capstdout + r.capstderr for r in reports)[:OUTPUT_KEPT]
    config.stash[_WRITER].outcome(
        TestOutcome(report.nodeid, passed, reason, round(duration, 3), output, timeout)
    )


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    _CONFIG[:] = [session.config]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config.stash[_EXIT] = int(exitstatus)
    writer = session.config.stash.get(_WRITER, None)
    if writer is not None:
        writer.finished(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    stop_workers()
    remove_made_directories()
    writer = config.stash.get(_WRITER, None)
    if writer is None:
        return
    writer.close()
    # A solution may leave non-daemon threads behind; under the runner the results are written,
    # so end the process now instead of waiting for threads that may never finish.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(config.stash.get(_EXIT, 1))
