"""The command line runs end to end in a fresh process."""

from __future__ import annotations

import subprocess
import sys

import lastleg


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lastleg.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_version() -> None:
    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == lastleg.__version__


def test_unknown_command_fails() -> None:
    assert run("frobnicate").returncode != 0
