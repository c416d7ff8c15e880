"""The wheel is a working kit on its own: installed outside any checkout, `kata` finds its katas."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from grading import __version__, paths


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    if importlib.util.find_spec("pip") is not None:
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out)]
    elif shutil.which("uv"):  # environments made by uv have no pip
        command = ["uv", "build", "--wheel", "-o", str(out)]
    else:
        pytest.skip("neither pip nor uv is here to build the wheel")
    built = subprocess.run(
        [*command, str(paths.KIT_ROOT)], capture_output=True, text=True, timeout=600
    )
    if built.returncode != 0:
        pytest.fail(f"the wheel does not build:\n{built.stdout}{built.stderr}")
    return next(out.glob("*.whl"))


def test_the_wheel_carries_katas_references_and_metadata(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "grading/kit/katas/token_bucket/kata.toml" in names
    assert "grading/kit/reference/token_bucket.py" in names
    assert "grading/kit/pyproject.toml" in names
    assert not [n for n in names if "__pycache__" in n]
    metadata = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith(".dist-info/METADATA")))
        .decode()
    )
    for field in ("Classifier: ", "Project-URL: ", "Keywords: ", f"Version: {__version__}"):
        assert field in metadata


def test_an_installed_wheel_runs_katas_outside_a_checkout(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "env"
    venv.create(env_dir, system_site_packages=True, with_pip=False)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    zipfile.ZipFile(wheel).extractall(site)  # a wheel is a zip laid out for site-packages
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KATA_WORKSPACE")}
    env["COLUMNS"] = "120"
    away = tmp_path / "elsewhere"
    away.mkdir()

    def kata(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [python, "-m", "grading", *args],
            cwd=away, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip

    assert kata("--version").stdout.strip() == f"kata {__version__}"
    listing = kata("list")
    assert listing.returncode == 0 and "token_bucket" in listing.stdout
    refused = kata("start", "token_bucket")
    assert refused.returncode == 2 and "--workspace" in refused.stderr
    workspace = away / "ws"
    assert kata("start", "token_bucket", "--workspace", str(workspace)).returncode == 0
    (workspace / "token_bucket.py").write_text(paths.reference_path("token_bucket").read_text())
    env["KATA_WORKSPACE"] = str(workspace)
    done = kata("test", "--categories", "example")
    assert done.returncode == 0 and "token_bucket" in done.stdout, done.stdout + done.stderr
    assert "Progress: 0%" not in done.stdout
