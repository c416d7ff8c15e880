"""Grading: the reports it writes, and the attacks it must shrug off (each scores what honest
work would: 0 here, since none of these submissions implements anything)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from grading import paths
from grading.metadata import all_katas
from tests.support import runs

KATA = "token_bucket"
CHEAT_API = """
class TokenBucket:
    def __init__(self, *args, **kwargs):
        pass

    def acquire(self, n=1):
        return CHEAT

    def retry_after(self, n=1):
        return CHEAT


class KeyedLimiter(TokenBucket):
    def acquire(self, key, n=1):
        return CHEAT

    def retry_after(self, key, n=1):
        return CHEAT

    def __len__(self):
        return 0
"""


ALWAYS_EQUAL = """
class Anything:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__


CHEAT = Anything()
"""
# The stub's methods served by `__getattr__`: the class defines none of them.
SERVED = """
class TokenBucket({base}):
    def __init__(self, *args, **kwargs):
        pass

    def __getattr__(self, name):
        return lambda *args, **kwargs: CHEAT


class KeyedLimiter(TokenBucket):
    def __len__(self):
        return 0
"""


def grade(submission: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "grading", "grade", str(submission), "--kata", KATA,
         "--out", str(out), "--timeout", "20", *extra],
        cwd=paths.KIT_ROOT, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip


def submit(tmp_path: Path, solution: str, **files: str) -> Path:
    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / f"{KATA}.py").write_text(textwrap.dedent(solution))
    for name, text in files.items():
        target = submission / name.replace("__", "/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text))
    return submission


def graded_score(tmp_path: Path, solution: str, **files: str) -> float:
    out = tmp_path / "out"
    done = grade(submit(tmp_path, solution, **files), out)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return float(json.loads((out / "score.json").read_text())["score"])


ATTACKS = {
    "exit_at_import": "import sys\nsys.exit(0)\n",
    "hard_exit_at_import": "import os\nos._exit(0)\n",
    "hard_exit_in_call": CHEAT_API.replace("return CHEAT", "import os; os._exit(0)"),
    "always_equal": ALWAYS_EQUAL + CHEAT_API,
    "mock_any": "from unittest.mock import ANY as CHEAT\n" + CHEAT_API,
    "skip_every_test": "import pytest\nCHEAT = None\n"
    + CHEAT_API.replace("return CHEAT", "pytest.skip('done')"),
    "xfail_every_test": "import pytest\nCHEAT = None\n"
    + CHEAT_API.replace("return CHEAT", "pytest.xfail('done')"),
    "infinite_loop": "CHEAT = None\n" + CHEAT_API.replace("return CHEAT", "while True: pass"),
    "memory_bomb": "CHEAT = None\n"
    + CHEAT_API.replace("return CHEAT", "hog = [bytearray(10**8) for _ in range(10**4)]"),
    "fork_and_linger": "import os, time\nif os.fork() == 0:\n    os.setsid()\n    time.sleep(300)\n"
    "CHEAT = None\n" + CHEAT_API,
    "atexit_and_thread_rewrite_results": """
        import atexit, json, os, pathlib, threading, time
        def forge():
            for root in (pathlib.Path.cwd(), pathlib.Path('/tmp')):
                for path in root.rglob('*.json'):
                    try:
                        path.write_text(json.dumps({"score": 100, "points": 1e9}))
                    except OSError:
                        pass
        atexit.register(forge)
        threading.Thread(target=lambda: [forge(), time.sleep(0.01)] and None, daemon=False).start()
        CHEAT = None
    """
    + CHEAT_API,
    "pytest_exit": "import pytest\nCHEAT = None\n"
    + CHEAT_API.replace("return CHEAT", "pytest.exit('bye', returncode=0)"),
    # Equal to every number, and to nothing else: an int the probe alone would not catch.
    "int_equal_to_every_number": "class Number(int):\n"
    "    def __eq__(self, other):\n        return isinstance(other, (int, float))\n"
    "    def __ne__(self, other):\n        return not self == other\n"
    "    __hash__ = int.__hash__\n"
    "    __lt__ = __le__ = __gt__ = __ge__ = lambda self, other: True\n"
    "    __bool__ = lambda self: True\n"
    "CHEAT = Number(0)\n" + CHEAT_API,
    "methods_served_by_getattr": ALWAYS_EQUAL + SERVED.format(base="object"),
    "methods_served_by_getattribute": ALWAYS_EQUAL
    + SERVED.replace("__getattr__", "__getattribute__").format(base="object"),
    "methods_served_by_a_module_getattr": ALWAYS_EQUAL
    + """
def __getattr__(name):
    class Made:
        def __init__(self, *args, **kwargs):
            pass

        def acquire(self, *args, **kwargs):
            return CHEAT

        def retry_after(self, *args, **kwargs):
            return CHEAT

        def __len__(self):
            return 0

    return Made
""",
    "methods_set_on_each_instance": ALWAYS_EQUAL
    + """
class TokenBucket:
    def __init__(self, *args, **kwargs):
        self.acquire = self.retry_after = lambda *args, **kwargs: CHEAT

    def acquire(self, n=1):
        return False

    def retry_after(self, n=1):
        return 0.0


class KeyedLimiter(TokenBucket):
    def __len__(self):
        return 0
""",
    "methods_from_a_custom_descriptor": ALWAYS_EQUAL
    + """
class Cheating:
    def __get__(self, instance, owner=None):
        return lambda *args, **kwargs: CHEAT


class TokenBucket:
    acquire = retry_after = Cheating()

    def __init__(self, *args, **kwargs):
        pass


class KeyedLimiter(TokenBucket):
    def __len__(self):
        return 0
""",
}


# Attacks on the tests' own process: with the solution in a worker process they find nothing of it.
IN_PROCESS_ATTACKS = {
    "test_call_replaced_at_import": """
        import sys
        for name in ("_pytest.python", "pytest"):
            module = sys.modules.get(name) or __import__(name)
            getattr(module, "Function").runtest = lambda self: None
        CHEAT = None
    """,
    "plugin_registered_through_gc": """
        import gc
        class Forger:
            def pytest_runtest_call(self, item):
                item.runtest = lambda: None
            def pytest_runtest_logreport(self, report):
                report.outcome = "passed"
        for found in gc.get_objects():
            if type(found).__name__ == "PytestPluginManager":
                found.register(Forger(), "forger")
        CHEAT = None
    """,
    "results_writer_patched": """
        import dataclasses, gc, sys
        for found in list(sys.modules.values()) + gc.get_objects():
            writer = getattr(found, "ResultsWriter", None)
            if isinstance(writer, type):
                real = writer.outcome
                writer.outcome = lambda self, o, real=real: real(self, dataclasses.replace(
                    o, passed=True, reason=""))
        CHEAT = None
    """,
    "token_and_pipe_found_in_proc": """
        import glob, json, os, re
        token, fds = "", []
        for environ in glob.glob("/proc/*/environ"):
            try:
                found = re.search(rb"KATA_RESULTS_TOKEN=([0-9a-f]+)", open(environ, "rb").read())
            except OSError:
                continue
            token = token or (found.group(1).decode() if found else "")
        for cmdline in glob.glob("/proc/*/cmdline"):
            try:
                fds += re.findall(rb"fd:([0-9]+)", open(cmdline, "rb").read())
            except OSError:
                pass
        tests = re.findall(r"def (test_[a-z_0-9]+)", open(glob.glob("/**/test_token_bucket.py",
                           recursive=True)[0]).read()) if glob.glob("/**/test_token_bucket.py",
                           recursive=True) else []
        for fd in fds:
            for name in tests:
                line = {"event": "test", "nodeid": "katas/token_bucket/test_token_bucket.py::"
                        + name, "passed": True, "reason": "", "duration": 0.0, "token": token}
                try:
                    os.write(int(fd), (json.dumps(line) + "\n").encode())
                except OSError:
                    pass
        CHEAT = None
    """,
    "test_code_objects_replaced": """
        import gc, types
        for found in gc.get_objects():
            if isinstance(found, types.FunctionType) and found.__name__.startswith("test_"):
                found.__code__ = (lambda *args, **kwargs: None).__code__
        CHEAT = None
    """,
}
ATTACKS.update(
    {name: textwrap.dedent(source) + CHEAT_API for name, source in IN_PROCESS_ATTACKS.items()}
)


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_attack_scores_zero_and_grading_finishes(tmp_path: Path, attack: str) -> None:
    assert graded_score(tmp_path, ATTACKS[attack]) == 0


def test_submitted_conftest_pytest_ini_and_shadow_modules_are_ignored(tmp_path: Path) -> None:
    forged_pass = """
        import pytest
        @pytest.hookimpl(hookwrapper=True)
        def pytest_runtest_makereport(item, call):
            outcome = yield
            outcome.get_result().outcome = "passed"
    """
    files = {
        "conftest.py": forged_pass,
        "pytest.ini": "[pytest]\naddopts = -p no:grading.plugin\n",
        "pyproject.toml": "[tool.pytest.ini_options]\naddopts = '--co'\n",
        "setup.cfg": "[tool:pytest]\naddopts = --co\n",
        "tox.ini": "[pytest]\naddopts = --co\n",
        "sitecustomize.py": "import os\nos._exit(0)\n",
        "pytest.py": "raise SystemExit(0)\n",
        "grading__init__.py": "raise SystemExit(0)\n",
        "hypothesis.py": "raise SystemExit(0)\n",
        "test_token_bucket.py": "def test_everything():\n    pass\n",
    }
    stub = paths.stub_path(KATA).read_text()
    assert graded_score(tmp_path, stub, **files) == 0


def test_reference_grades_full_with_every_report(tmp_path: Path) -> None:
    out = tmp_path / "out"
    submission = submit(tmp_path, paths.reference_path(KATA).read_text())
    done = grade(submission, out, "--fail-under", "100")
    assert done.returncode == 0, done.stdout[-2000:]
    score = json.loads((out / "score.json").read_text())
    assert score["score"] == 100
    provenance = score["provenance"]
    assert provenance["kata_versions"][KATA] and provenance["python"]
    assert set(provenance["submission"]["files"]) == {f"{KATA}.py"}
    exercism = json.loads((out / "results.json").read_text())
    assert exercism["version"] == 3 and exercism["status"] == "pass"
    first = exercism["tests"][0]
    assert {"name", "status", "test_code", "task_id"} <= set(first) and "def test_" in first[
        "test_code"
    ]
    gradescope = json.loads((out / "gradescope.json").read_text())
    assert gradescope["score"] == gradescope["max_score"] == 100
    assert sum(t["score"] for t in gradescope["tests"]) == pytest.approx(100)
    suites = ET.parse(out / "junit.xml").getroot()
    assert suites.get("failures") == "0" and int(suites.get("tests", "0")) > 0
    assert "100%" in (out / "summary.md").read_text()


def test_grading_is_deterministic_bar_timings(tmp_path: Path) -> None:
    """A half-right submission gets the same JSON, bar timings, run after run."""
    source = paths.reference_path(KATA).read_text().replace("min(self.capacity,", "(")
    submission = submit(tmp_path, source)
    reports = []
    for run in range(runs("KIT_GRADE_RUNS", 3)):
        out = tmp_path / f"out{run}"
        assert grade(submission, out).returncode == 0
        score = json.loads((out / "score.json").read_text())
        for kata in score["katas"]:
            kata.pop("seconds")
        reports.append(score)
    assert all(report == reports[0] for report in reports)
    assert 0 < reports[0]["score"] < 100


def test_grading_the_whole_reference_scores_full(tmp_path: Path) -> None:
    """Every kata survives the sandbox: the reference, graded as a submission, scores 100%."""
    submission = tmp_path / "submission"
    submission.mkdir()
    for kata in all_katas():
        shutil.copyfile(paths.reference_path(kata.slug), submission / f"{kata.slug}.py")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "grading", "grade", str(submission), "--out", str(out)],
        cwd=paths.KIT_ROOT, capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    score = json.loads((out / "score.json").read_text())
    lost = [
        (k["id"], t["id"], t["reason"])
        for k in score["katas"] for p in k["parts"] for t in p["tests"] if not t["passed"]
    ]  # fmt: skip
    assert not lost and score["score"] == 100, f"{lost}\n{done.stdout[-3000:]}"


def test_fail_under_sets_the_exit_code(tmp_path: Path) -> None:
    submission = submit(tmp_path, paths.stub_path(KATA).read_text())
    assert grade(submission, tmp_path / "out", "--fail-under", "50").returncode == 1


def test_extra_tests_pack_counts_in_its_part(tmp_path: Path) -> None:
    pack = tmp_path / "pack" / KATA
    pack.mkdir(parents=True)
    (pack / "test_private.py").write_text(
        textwrap.dedent('''
        import pytest
        from grading.solution import load_solution

        solution = load_solution("token_bucket")


        @pytest.mark.kata(part="core", category="edge")
        def test_private_burst_of_one() -> None:
            """A bucket of one admits exactly one."""
            bucket = solution.TokenBucket(1, 1, clock=lambda: 0.0)
            assert [bucket.acquire(), bucket.acquire()] == [True, False]
    ''')
    )
    out = tmp_path / "out"
    submission = submit(tmp_path, paths.reference_path(KATA).read_text())
    done = grade(submission, out, "--extra-tests", str(tmp_path / "pack"))
    assert done.returncode == 0, done.stdout[-2000:]
    tests = json.loads((out / "score.json").read_text())["katas"][0]["parts"][0]["tests"]
    assert any(t["id"] == "test_private_burst_of_one" and t["passed"] for t in tests)


def test_workspace_inside_a_kit_checkout_is_found(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    (checkout / "katas").mkdir(parents=True)
    (checkout / "workspace").mkdir()
    (checkout / "workspace" / f"{KATA}.py").write_text(paths.reference_path(KATA).read_text())
    out = tmp_path / "out"
    assert grade(checkout, out).returncode == 0
    assert json.loads((out / "score.json").read_text())["score"] == 100
