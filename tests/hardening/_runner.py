"""Run fuzz cases in child processes so that a crash is a finding, not a dead runner."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass
class FuzzReport:
    cases: int = 0
    outcomes: Counter = field(default_factory=Counter)
    bad: list[str] = field(default_factory=list)  # "seed kind outcome"
    crashes: list[str] = field(default_factory=list)  # "seed: signal / exit status"

    def merge(self, other: FuzzReport) -> None:
        self.cases += other.cases
        self.outcomes.update(other.outcomes)
        self.bad += other.bad
        self.crashes += other.crashes


def run_batch(start: int, count: int, timeout: float = 600.0) -> FuzzReport:
    """Cases start..start+count-1 in one child; after a crash, go on past the bad case."""
    report = FuzzReport()
    seed, end = start, start + count
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONFAULTHANDLER="1")
    while seed < end:
        proc = subprocess.run([sys.executable, str(HERE / "fuzz_cases.py"), str(seed), str(end - seed)],
                              capture_output=True, text=True, timeout=timeout, env=env,
                              check=False)
        last_begin = None
        for line in proc.stdout.splitlines():
            parts = line.split(" ", 3)
            if parts[0] == "BEGIN":
                last_begin = int(parts[1])
            elif parts[0] == "END" and len(parts) == 4:
                report.cases += 1
                outcome = parts[3]
                report.outcomes[f"{parts[2]} {outcome.split(' ')[0]}"] += 1
                if outcome.startswith("BAD"):
                    report.bad.append(f"{parts[1]} {parts[2]} {outcome}")
                last_begin = None
        if proc.returncode == 0:
            break
        why = (f"signal {signal.Signals(-proc.returncode).name}" if proc.returncode < 0
               else f"exit status {proc.returncode}")
        tail = proc.stderr.strip().splitlines()[-5:]
        crashed = last_begin if last_begin is not None else seed
        report.crashes.append(f"case {crashed}: {why}: {' | '.join(tail)}")
        report.cases += 1
        seed = crashed + 1
    return report
