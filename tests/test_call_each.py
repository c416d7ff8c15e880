"""`call_each`: a loop's results and errors, sent to a grading worker as one request."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from grading import paths
from grading.importing import import_file
from grading.split.launch import launcher
from grading.split.remote import RemoteSolution, Worker
from grading.testkit import calls, perf
from grading.testkit.calls import call_each

SLUG = "bloom_filter"


@pytest.fixture
def worker(monkeypatch: pytest.MonkeyPatch) -> Iterator[Worker]:
    path = paths.reference_path(SLUG)
    stub = import_file(f"kata_stub_{SLUG}_calls", paths.stub_path(SLUG))
    started = Worker(SLUG, path, stub, launcher("process", path))
    started.start()
    monkeypatch.setattr(calls, "split_worker", lambda: started)
    monkeypatch.setattr(perf, "split_worker", lambda: started)
    yield started
    started.stop()


def requests_made(worker: Worker, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    made: list[str] = []
    real = worker.request

    def counted(message: list[Any], raw: bool = False) -> Any:
        made.append(message[0])
        return real(message, raw)

    monkeypatch.setattr(worker, "request", counted)
    return made


def test_the_results_are_a_loops_in_one_request(
    worker: Worker, monkeypatch: pytest.MonkeyPatch
) -> None:
    solution = RemoteSolution(worker)
    bloom = solution.BloomFilter(100, 0.01)
    made = requests_made(worker, monkeypatch)
    assert call_each(bloom.add, [(f"member-{i}",) for i in range(60)]) == [None] * 60
    hits = call_each(bloom.__contains__, [(f"member-{i}",) for i in range(100)])
    assert made == ["batch", "batch"]
    assert hits == [f"member-{i}" in bloom for i in range(100)]
    assert all(hits[:60]) and type(hits[0]) is bool


def test_the_first_call_that_raises_ends_them_as_a_loop_would(worker: Worker) -> None:
    counting = RemoteSolution(worker).CountingBloomFilter(100, 0.01)
    call_each(counting.add, [("a",), ("b",)])
    with pytest.raises(KeyError):
        call_each(counting.remove, [("a",), ("never added",), ("b",)])
    assert "a" not in counting and "b" in counting  # removing "b" came after the error


def test_calls_measured_for_memory_are_not_sent_together(worker: Worker) -> None:
    bloom = RemoteSolution(worker).BloomFilter(100, 0.01)
    with pytest.raises(RuntimeError, match="while peak memory is measured"):
        perf.peak_memory(lambda: call_each(bloom.add, [("a",)]))


def test_without_a_worker_it_is_the_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calls, "split_worker", lambda: None)
    seen: list[int] = []
    assert call_each(lambda n: seen.append(n) or n * 2, [(1,), (2,), (3,)]) == [2, 4, 6]
    assert seen == [1, 2, 3]
