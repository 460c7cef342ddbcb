"""The ``geo`` process (``python -m geo`` and the console script) from start to exit.

It holds cycle collections back while a command's libraries load and skips the
interpreter's teardown at exit (:mod:`geo.cli._process`); these tests check
that nothing a user or a wrapping tool relies on is lost: the output, the exit
status, what was printed, every exit handler, a thread still running, and
Python's defaults for anyone calling the command line in their own process.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "belgorod-2023-04-20.yaml"

#: Runs ``geo`` as its console script does, with an exit handler registered before it (handlers run last in,
#: first out: this one runs after geo's own) that reports what the process looked like at the very end.
PROBE = """
import atexit, gc, sys
def at_exit():
    from geo.cli import _process
    sys.stdout.write("kept " + " ".join(type(o).__name__ for held in _process._kept for o in held) + "\\n")
    sys.stdout.write(f"threshold {gc.get_threshold()[0]} frozen {gc.get_freeze_count() > 0} "
                     f"numpy {'numpy' in sys.modules} pandas {'pandas' in sys.modules}\\n")
atexit.register(at_exit)
sys.stdout.write("unflushed text before the command\\n")  # a pipe: block-buffered, flushed at exit only
sys.argv = ["geo", *sys.argv[1:]]
from geo.cli import run
run()
"""


def geo(*args: str, code: str = PROBE, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)


def last_line(done: subprocess.CompletedProcess) -> list[str]:
    return done.stdout.splitlines()[-1].split()


@pytest.fixture(scope="module")
def seed_map(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """``geo -q map SEED`` run once as its console script does (with :data:`PROBE`), for the tests that look at
    that one command: what it wrote, printed and ran at exit, and the page it made."""
    out = tmp_path_factory.mktemp("process") / "map.html"
    return geo("-q", "map", str(SEED), "-o", str(out)), out


def test_a_command_writes_flushes_and_runs_every_exit_handler(seed_map):
    done, out = seed_map
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert done.stdout.startswith("unflushed text before the command\n")
    # the command froze its loaded modules out of later collections and gave Python's thresholds back
    assert last_line(done) == ["threshold", str(gc.get_threshold()[0]), "frozen", "True", "numpy", "True",
                               "pandas", "True"]


def test_a_maps_results_are_kept_until_the_process_ends(seed_map):
    """``geo map`` hands its analysis, map and page text to the process's end (which frees nothing) instead of
    freeing them object by object as it returns."""
    done, _ = seed_map
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2].split() == ["kept", "Scenario", "CaseAnalysis", "ImpactMap", "list"]


def test_in_process_callers_keep_no_results(tmp_path: Path):
    """A notebook, a script or a test calling the command line goes on: nothing of a map is held for its end."""
    from click.testing import CliRunner

    from geo.cli import _process
    from geo.cli.main import cli

    result = CliRunner().invoke(cli, ["-q", "map", str(SEED), "-o", str(tmp_path / "map.html")])
    assert result.exit_code == 0, result.output
    assert _process._kept == []


def test_the_same_map_as_the_command_run_in_process(tmp_path: Path, seed_map):
    from click.testing import CliRunner

    from geo.cli.main import cli

    done, process_html = seed_map
    assert done.returncode == 0, done.stderr
    result = CliRunner().invoke(cli, ["-q", "map", str(SEED), "-o", str(tmp_path / "runner.html")])
    assert result.exit_code == 0, result.output
    assert process_html.read_bytes() == (tmp_path / "runner.html").read_bytes()


@pytest.mark.parametrize(("args", "status", "said"), [
    (["--version"], 0, "geo, version"),
    (["map", "--no-such-option"], 2, "No such option"),
    (["map", "missing.csv", "-o", "out.html"], 2, "missing.csv"),
    (["no-such-command"], 2, "No such command"),
])
def test_exit_status_and_message_are_the_commands(tmp_path: Path, args: list[str], status: int, said: str):
    done = geo(*args, cwd=tmp_path)
    assert done.returncode == status, done.stderr
    assert said in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert last_line(done)[0] == "threshold"  # the exit handler ran after the message
    assert not (tmp_path / "out.html").exists()


@pytest.mark.parametrize("command", [None, "map", "report", "embed", "extract", "distance", "regions", "inspect"])
def test_help_loads_neither_numpy_nor_pandas(command: str | None):
    """``geo --help`` and every ``geo COMMAND --help`` are answered by click alone: no numerical library loads."""
    done = geo(*([command] if command else []), "--help")
    assert done.returncode == 0, done.stderr
    assert "Usage: geo" in done.stdout
    assert last_line(done)[-4:] == ["numpy", "False", "pandas", "False"], done.stdout[-300:]


def test_a_thread_still_running_at_exit_is_waited_for(tmp_path: Path):
    """With another thread still at work the process exits as Python does: after the thread has finished."""
    flag = tmp_path / "thread-finished"
    code = ("import threading, time, sys\n"
            f"threading.Thread(target=lambda: (time.sleep(0.5), open({str(flag)!r}, 'w').close())).start()\n"
            + PROBE)
    done = geo("--help", code=code)
    assert done.returncode == 0, done.stderr
    assert flag.is_file()


def test_a_status_object_is_printed_with_status_one():
    code = "from geo.cli._process import _leave\n_leave('stopped: a message')"
    done = geo(code=code)
    assert done.returncode == 1 and done.stderr.strip() == "stopped: a message"
    assert geo(code="from geo.cli._process import _leave\n_leave(None)").returncode == 0


def test_in_process_callers_keep_pythons_collector():
    """A notebook, a script or a test calling the command line keeps Python's thresholds and freezes nothing."""
    from click.testing import CliRunner

    from geo.cli._process import modules_loaded
    from geo.cli.main import cli

    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    modules_loaded()
    assert CliRunner().invoke(cli, ["regions", "UKR"]).exit_code == 0
    assert (gc.get_threshold(), gc.get_freeze_count()) == (threshold, frozen)


def test_run_as_a_module_inside_another_program_keeps_its_exit(tmp_path: Path):
    """``runpy.run_module("geo")`` in a program's own process raises SystemExit to it, as before."""
    code = ("import runpy, sys\n"
            "sys.argv = ['geo', '--version']\n"
            "try:\n    runpy.run_module('geo', run_name='__main__')\nexcept SystemExit as stop:\n"
            "    print('the program goes on; status', stop.code)\n")
    done = geo(code=code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "the program goes on; status 0"


def test_python_dash_m_geo_is_a_process_of_its_own(tmp_path: Path):
    """``python -m geo`` runs :func:`geo.cli.run`: no interpreter teardown after the command (``python -v`` reports
    each module it cleans up), where a program calling :func:`geo.cli.main` gets Python's own exit."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [subprocess.run([sys.executable, "-v", *how, "-q", "map", str(SEED), "-o", str(tmp_path / f"{i}.html")],
                           cwd=tmp_path, capture_output=True, text=True, timeout=300, env=env)
            for i, how in enumerate([("-m", "geo"), ("-c", "import sys; sys.argv[0] = 'geo'\nfrom geo.cli import main\nmain()")])]
    assert [done.returncode for done in runs] == [0, 0], [done.stderr[-2000:] for done in runs]
    assert ["# cleanup[2] removing geo.cli.main" in done.stderr for done in runs] == [False, True]
    assert (tmp_path / "0.html").read_bytes() == (tmp_path / "1.html").read_bytes()
