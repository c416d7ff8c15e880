"""The sandbox around each kata's test process, attacked as root and as an unprivileged user.

Each attack scores 0 (none implements anything), the grader finishes, and whatever the attack
tried to leave behind is not there: no file outside the sandbox, no process rewriting reports.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from grading import paths
from tests.test_grade import ATTACKS, IN_PROCESS_ATTACKS
from tests.users import USERS, as_user, give, grade_command, run_grader, shared_dir
from tests.users import skip_unless_possible as needs

KATA = "token_bucket"
REPORTS = ("score.json", "results.json", "gradescope.json", "junit.xml", "summary.md")
# How long reports must stay as the grader left them, after it exits.
QUIET_SECONDS = 20

STEAL_REFERENCE = """
import glob, os, pathlib, sys
roots = {KIT!r}, {OTHER!r}, os.path.expanduser("~"), "/", "/root", "/home", "/work", "/tmp"
roots = [*roots, *(str(p) for p in pathlib.Path({KIT!r}).parents), *sys.path]
found = None
for root in roots:
    for depth in range(4):
        pattern = os.path.join(root, *["*"] * depth, "reference", "token_bucket.py")
        found = next(iter(sorted(glob.glob(pattern))), None)
        if found:
            break
    if found:
        break
if found:
    exec(pathlib.Path(found).read_text())
"""

PLANT = """
import os, site, sys, sysconfig
targets = {{*sys.path, *site.getsitepackages(), sys.prefix, sys.base_prefix, {KIT!r},
            os.path.join({KIT!r}, "grading"), *sysconfig.get_paths().values()}}
for directory in targets:
    for name in ("kata_planted_{TAG}.pth", "sitecustomize_{TAG}.py"):
        try:
            with open(os.path.join(directory or ".", name), "w") as planted:
                planted.write("import sys\\n")
        except OSError:
            pass
"""

WRITE_OUTSIDE = """
import os
places = ["/tmp", "/var/tmp", "/dev/shm", os.path.expanduser("~"), os.getcwd(), {SUBMISSION!r},
          {OUT!r}, os.path.dirname({SUBMISSION!r})]
for place in places:
    try:
        with open(os.path.join(place, "kata_planted_{TAG}"), "w") as planted:
            planted.write("left behind")
    except OSError:
        pass
try:  # more than the sandbox's /tmp holds
    with open("/tmp/kata_planted_big_{TAG}", "wb") as big:
        for _ in range(64):
            big.write(bytes(2**24))
except OSError:
    pass
"""

DAEMON = """
import os, pathlib, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        deadline = time.time() + {SECONDS}
        while time.time() < deadline:
            time.sleep(0.5)
            for out in {OUTS!r}:
                for report in pathlib.Path(out).glob("*"):
                    try:
                        report.write_text('{{"score": 100}}')
                    except OSError:
                        pass
    os._exit(0)
"""


# Implements the kata (the reference, inlined) only if it finds a privilege it should not have.
PRIVILEGE_PROBE = """
import os, pathlib, socket, sys
signs = []
if os.getuid() == 0 or os.geteuid() == 0:
    signs.append("root")
for directory in {{sys.prefix, sys.base_prefix, *sys.path}}:
    if directory and os.path.isdir(directory) and os.access(directory, os.W_OK):
        signs.append("writable " + directory)
if len(socket.if_nameindex()) > 1:
    signs.append("network")
if os.environ.get("KATA_TEST_SECRET"):
    signs.append("the grader's environment")
for process in pathlib.Path("/proc").glob("[0-9]*"):
    try:
        if b"grading\\x00grade" in (process / "cmdline").read_bytes():
            signs.append("the grader's process")
    except OSError:
        pass
if signs:
    exec({REFERENCE!r})
"""


# Implements the Redis lock (the reference) only if it finds a way to Redis other than the socket
# it was handed, on which the tests inject their faults: the relays' directory open to listing,
# to changes, or any other socket or server in reach.
REDIS_PROBE = """
import glob, os, socket
REFERENCE = {REFERENCE!r}
StaleTokenError = type("StaleTokenError", (Exception,), {{}})


def ways_round(client):
    handed = client.connection_pool.connection_kwargs.get("path") or ""
    where = os.path.dirname(handed)
    found = []
    attempts = [lambda: os.listdir(where), lambda: os.chmod(where, 0o777),
                lambda: open(os.path.join(where, "planted"), "w").close(),
                lambda: os.unlink(handed)]
    for attempt in attempts:
        try:
            attempt()
            found.append(attempt)
        except OSError:
            pass
    others = glob.glob("/dev/shm/**", recursive=True) + glob.glob("/tmp/**", recursive=True)
    for path in others:
        if path != handed and os.path.exists(path) and not os.path.isdir(path):
            try:
                with socket.socket(socket.AF_UNIX) as probe:
                    probe.settimeout(0.2)
                    probe.connect(path)
                found.append(path)
            except OSError:
                pass
    for port in (6379, 19000):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            found.append(port)
        except OSError:
            pass
    return found


class RedisLock:
    def __init__(self, client, *args, **kwargs):
        if ways_round(client):
            exec(REFERENCE, globals())
        raise NotImplementedError


class FencedStore:
    def __init__(self, *args, **kwargs):
        raise NotImplementedError


class LeaderElector(FencedStore):
    pass
"""


def submission_with(directory: Path, source: str, kata: str = KATA) -> Path:
    submission = directory / "submission"
    submission.mkdir()
    (submission / f"{kata}.py").write_text(textwrap.dedent(source))
    for path in (submission, *submission.iterdir()):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return submission


def out_dir(directory: Path, user: str, name: str = "out") -> Path:
    out = directory / name
    out.mkdir()
    give(out, user)
    return out


def graded(user: str, directory: Path, source: str, kata: str = KATA) -> tuple[float, str]:
    submission = submission_with(directory, source, kata)
    out = out_dir(directory, user)
    done = run_grader(user, submission, out, "--kata", kata)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return float(json.loads((out / "score.json").read_text())["score"]), done.stdout


def planted(tag: str) -> list[Path]:
    """Files an attack managed to leave where it aimed (removed, so nothing lingers)."""
    places = {"/tmp", "/var/tmp", "/dev/shm", str(Path.home()), str(paths.KIT_ROOT)}
    places |= {str(paths.KIT_ROOT / "grading"), sys.prefix, sys.base_prefix}
    places |= {*sys.path, *site.getsitepackages(), *sysconfig.get_paths().values()}
    found = [path for place in places if place for path in Path(place).glob(f"*{tag}*")]
    for path in found:
        path.unlink(missing_ok=True)
    return found


@pytest.mark.parametrize("user", USERS)
def test_the_reference_cannot_be_read_from_any_checkout(user: str) -> None:
    needs(user)
    with shared_dir() as directory:
        other = directory / "other-checkout"
        (other / "reference").mkdir(parents=True)
        shutil.copyfile(paths.reference_path(KATA), other / "reference" / f"{KATA}.py")
        other.chmod(0o755)
        source = STEAL_REFERENCE.format(KIT=str(paths.KIT_ROOT), OTHER=str(other))
        score, output = graded(user, directory, source)
    assert score == 0, output[-2000:]


@pytest.mark.parametrize("user", USERS)
def test_nothing_can_be_planted_in_the_interpreter_or_the_kit(user: str) -> None:
    needs(user)
    tag = uuid.uuid4().hex
    with shared_dir() as directory:
        score, _ = graded(user, directory, PLANT.format(KIT=str(paths.KIT_ROOT), TAG=tag))
    assert planted(tag) == []
    assert score == 0


@pytest.mark.parametrize("user", USERS)
def test_nothing_is_left_outside_the_sandbox(user: str) -> None:
    needs(user)
    tag = uuid.uuid4().hex
    with shared_dir() as directory:
        aims = {"SUBMISSION": str(directory / "submission"), "OUT": str(directory / "out")}
        source = WRITE_OUTSIDE.format(**aims, TAG=tag)
        score, _ = graded(user, directory, source)
        assert planted(tag) == [] and not list(directory.rglob(f"*{tag}*"))
    assert score == 0


def test_grading_leaves_no_directory_of_its_own_behind(tmp_path: Path) -> None:
    needs("root")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    with shared_dir() as directory:
        submission = submission_with(directory, paths.reference_path(KATA).read_text())
        out = out_dir(directory, "root")
        done = subprocess.run(
            grade_command(submission, out, "--kata", KATA),
            cwd=paths.KIT_ROOT, capture_output=True, text=True, check=False, timeout=180,
            env={**os.environ, "TMPDIR": str(temporary)},
        )  # fmt: skip
        score = json.loads((out / "score.json").read_text())["score"]
    assert score == 100, done.stdout[-2000:] + done.stderr[-2000:]
    assert list(temporary.iterdir()) == []


@pytest.mark.parametrize("attack", ["int_equal_to_every_number", "methods_served_by_getattr"])
def test_lying_values_score_zero_without_root_too(attack: str) -> None:
    """The guard does not depend on the user (as root these run with the other attacks)."""
    needs("unprivileged")
    with shared_dir() as directory:
        score, output = graded("unprivileged", directory, ATTACKS[attack])
    assert score == 0, output[-2000:]


@pytest.mark.parametrize("attack", list(IN_PROCESS_ATTACKS))
def test_attacks_on_the_tests_process_score_zero_without_root_too(attack: str) -> None:
    """The solution runs in a worker process: nothing of the tests' process is in its reach."""
    needs("unprivileged")
    with shared_dir() as directory:
        score, output = graded("unprivileged", directory, ATTACKS[attack])
    assert score == 0, output[-2000:]


@pytest.mark.parametrize("user", USERS)
def test_the_tests_run_without_any_privilege(user: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not root, nothing writable, no network, no grader environment or process in sight."""
    needs(user)
    monkeypatch.setenv("KATA_TEST_SECRET", "a CI token")
    source = PRIVILEGE_PROBE.format(REFERENCE=paths.reference_path(KATA).read_text())
    with shared_dir() as directory:
        score, output = graded(user, directory, source)
    assert score == 0, output[-2000:]


@pytest.mark.parametrize("user", USERS)
def test_redis_is_reached_only_through_the_socket_handed_over(user: str) -> None:
    """The faults the tests inject into Redis cannot be dodged by another way to the server."""
    needs(user)
    reference = paths.reference_path("distributed_lock").read_text()
    with shared_dir() as directory:
        # The socket handed over works for this user: the reference itself scores full.
        score, output = graded(user, directory, reference, kata="distributed_lock")
        assert score == 100, output[-2000:]
    with shared_dir() as directory:
        source = REDIS_PROBE.format(REFERENCE=reference)
        score, output = graded(user, directory, source, kata="distributed_lock")
    assert score == 0, output[-2000:]


def _digests(out: Path) -> dict[str, str]:
    return {name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in REPORTS}


def test_reports_stay_as_the_grader_left_them() -> None:
    """A daemon (setsid, double fork) that rewrites reports dies with its kata's test process."""
    users = [user for user in USERS if _possible(user)]
    with shared_dir() as directory:
        outs = {user: directory / f"out-{user}" for user in users}
        source = DAEMON.format(SECONDS=QUIET_SECONDS + 10, OUTS=[str(p) for p in outs.values()])
        submission = submission_with(directory, source)
        graders = {}
        for user, out in outs.items():
            out.mkdir()
            give(out, user)
            command = as_user(user, grade_command(submission, out, "--kata", KATA))
            graders[user] = subprocess.Popen(command, cwd=paths.KIT_ROOT, stdout=subprocess.PIPE)
        for grader in graders.values():
            assert grader.wait(timeout=180) == 0
        left = {user: _digests(out) for user, out in outs.items()}
        time.sleep(QUIET_SECONDS)
        assert {user: _digests(out) for user, out in outs.items()} == left
        for out in outs.values():
            assert json.loads((out / "score.json").read_text())["score"] == 0


def _possible(user: str) -> bool:
    try:
        needs(user)
    except pytest.skip.Exception:
        return False
    return True


def test_without_a_sandbox_grading_refuses_unless_unsafe(tmp_path: Path) -> None:
    """No bubblewrap: `kata grade` refuses; `--unsafe` grades and every report says so."""
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "prlimit").symlink_to(shutil.which("prlimit") or "/usr/bin/prlimit")
    submission = submission_with(tmp_path, paths.stub_path(KATA).read_text())
    out = tmp_path / "out"
    env = {**os.environ, "PATH": str(tools)}

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        command = grade_command(submission, out, "--kata", KATA, *extra)
        return subprocess.run(
            command, cwd=paths.KIT_ROOT, env=env, capture_output=True, text=True, timeout=180
        )

    refused = run()
    assert refused.returncode == 2 and "--unsafe" in refused.stderr
    assert not out.exists()
    done = run("--unsafe")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert done.stdout.startswith("UNSAFE")
    provenance = json.loads((out / "score.json").read_text())["provenance"]
    assert provenance["sandboxed"] is False and provenance["isolation"].startswith("UNSAFE")
    assert (out / "summary.md").read_text().startswith("> **UNSAFE")
