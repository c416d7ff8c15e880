"""Time the learner's commands against their budgets, in a fresh temporary workspace.

    python tools/learner_budgets.py [--nox] [--kata SLUG]

Each line: what was run, its wall time, the budget, and whether it holds. `--nox` also times a
second `nox -s katas` run (the environment exists already) against `kata test` alone.
Exit code 1 when a budget is exceeded.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return seconds, done.stdout


def kata(*args: str) -> list[str]:
    return [sys.executable, "-m", "grading", *args]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kata", default="token_bucket", metavar="SLUG")
    parser.add_argument("--nox", action="store_true", help="also time a second `nox -s katas`")
    args = parser.parse_args()
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="kata-budgets-") as scratch:
        workspace = Path(scratch) / "workspace"
        env = {**os.environ, "KATA_WORKSPACE": str(workspace), "COLUMNS": "80"}
        workspace.mkdir()
        seconds, _ = timed(kata("test"), env)
        rows.append(("empty workspace: kata test", seconds, 3.0))
        timed(kata("start", args.kata), env)
        module = workspace / f"{args.kata}.py"
        module.write_text((ROOT / "reference" / f"{args.kata}.py").read_text())
        report = Path(scratch) / "score.json"
        timed(kata("test", "--json", str(report)), env)
        seconds, _ = timed(kata("test"), env)
        rows.append(("unchanged workspace: kata test", seconds, 2.0))
        seconds, _ = timed(kata("hint", args.kata), env)
        rows.append((f"unchanged file: kata hint {args.kata}", seconds, 1.0))
        module.write_text(module.read_text() + "\n# changed\n")
        seconds, _ = timed(kata("test", "--json", str(report)), env)
        katas = json.loads(report.read_text())["katas"]
        own = max(k.get("seconds", 0.0) for k in katas if k["id"] == args.kata)
        rows.append((f"one kata changed (its tests: {own:.1f} s)", seconds, own + 1.0))
        module.write_text(module.read_text().replace("class ", "class class ", 1))
        seconds, _ = timed(kata("test"), env)
        rows.append(("syntax error: kata test", seconds, 1.0))
        if args.nox:
            nox = [sys.executable, "-m", "nox", "-s", "katas"]
            timed(nox, env)
            seconds, _ = timed(nox, env)
            alone, _ = timed(kata("test"), env)
            rows.append((f"second nox run, over kata test ({alone:.1f} s)", seconds - alone, 3.0))
    print(f"{'what':52} {'seconds':>8} {'budget':>7}")
    for what, seconds, budget in rows:
        verdict = "ok" if seconds <= budget else "OVER"
        print(f"{what:52} {seconds:8.2f} {budget:7.1f} {verdict}")
    return 0 if all(seconds <= budget for _, seconds, budget in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
