"""mtreview run as a user runs it: a real process, with standard input, or with standard error on a
terminal; and a short news text of our own with a system's English and a reference, for scoring."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.support.paths import REPO

# A short news text of our own, a system's English and a reference translation of it.
HYPOTHESES = [
    "The Ministry of Commerce said on Tuesday that exports rose 7.2 percent in the first quarter.",
    "Officials from both countries signed 12 cooperation agreements in Beijing .",
    "The new high-speed railway will cut the travel time between the two cities to 90 minutes.",
    "COVID-19 prevention measures remain in place at the port, the Customs said.",
]

REFERENCES = [
    "China's Ministry of Commerce said on Tuesday that exports grew by 7.2 percent in the first quarter.",
    "Officials of the two countries signed 12 cooperation agreements in Beijing.",
    "The new high-speed rail line will shorten travel between the two cities to 90 minutes.",
    "Measures to prevent COVID-19 are still in place at the port, according to the customs authority.",
]


def write_scoring_files(folder: Path) -> tuple[Path, Path]:
    """HYPOTHESES and REFERENCES as one-segment-per-line files in `folder`: (system, reference)."""
    hypothesis, reference = folder / "system.en.txt", folder / "reference.en.txt"
    hypothesis.write_text("\n".join(HYPOTHESES) + "\n", encoding="utf-8")
    reference.write_text("\n".join(REFERENCES) + "\n", encoding="utf-8")
    return hypothesis, reference


def run_mtreview(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "mtreview", *args], input=stdin, capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=300)


def run_on_a_terminal(*args: str, **extra_env: str) -> tuple[int, str, str]:
    """Run mtreview with standard error on a pseudo-terminal (as a person at a terminal has it) and standard
    output on a pipe (as `> file` or `| jq` has it)."""
    controller, terminal = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO), "TERM": "xterm-256color", "COLUMNS": "100"}
    env.pop("MTREVIEW_NO_PROGRESS", None)
    env.update(extra_env)
    process = subprocess.Popen([sys.executable, "-m", "mtreview", *args], stdout=subprocess.PIPE,
                               stderr=terminal, cwd=REPO, env=env)
    os.close(terminal)
    seen = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal's other end closed: the program has exited
            break
        if not chunk:
            break
        seen += chunk
    stdout = process.stdout.read().decode()
    process.wait(timeout=300)
    os.close(controller)
    return process.returncode, stdout, seen.decode("utf-8", "replace")

