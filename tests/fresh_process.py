"""Code run in a new interpreter: empty caches and no other thread, as where geo forks or reads ahead."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def in_fresh_process(code: str) -> str:
    """Run ``code`` (dedented) in a new interpreter with geo from this checkout; return its stdout.

    Fails the test with the end of the child's stderr when the child does not exit 0.
    """
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout
