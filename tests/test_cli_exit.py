"""The console entry point leaves the objects alive at exit out of the interpreter's last cycle collections,
and still writes, flushes and runs every exit handler."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import atexit, gc, sys
# Registered before the entry point's own handler, so it runs after it (handlers run last in, first out).
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count() > 0, flush=True))
sys.argv = ["geo", *sys.argv[1:]]
from geo.cli import main
main()
"""


def test_console_entry_freezes_at_exit_and_still_writes(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text("id,date,lon,lat\na,2023-04-20,36.58,50.60\nb,2023-04-21,36.89,50.41\n", encoding="utf-8")
    out = tmp_path / "map.html"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", SCRIPT, "map", str(events), "--border", "RUS-UKR", "-o", str(out)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"wrote {out}" in done.stderr + done.stdout
    assert done.stdout.strip().endswith("frozen at exit: True")
    assert out.read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_in_process_commands_freeze_nothing() -> None:
    """Only the console entry point does it: a notebook or test calling the click group keeps collecting."""
    import gc

    from click.testing import CliRunner

    from geo.cli.main import cli

    before = gc.get_freeze_count()
    assert CliRunner().invoke(cli, ["--help"]).exit_code == 0
    assert gc.get_freeze_count() == before
