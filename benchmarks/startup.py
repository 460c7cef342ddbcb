"""Benchmark: what a ``geo`` command pays besides its work (process start, imports, exit).

Each command runs in a fresh process, timed from spawn to exit (wall and CPU
seconds, medians of ``--repeat`` interleaved runs), three ways:

* ``geo``: ``python -m geo ...``, as a user runs it (:func:`geo.cli.run`: no
  cycle collections while the command's libraries load, no interpreter
  teardown at exit);
* ``main()``: the same command through :func:`geo.cli.main.main` with Python's
  own collector and exit (what ``geo`` did before);
* the floor (the peer): a fresh Python that only imports the third-party
  libraries the command ended up using (found by a first run), which any tool
  built on them pays before doing anything.

Ratios are printed against the floor. Commands: ``geo --help``, ``geo map
--help``, ``geo extract`` on one invented article, ``geo report`` and ``geo map``
of the Belgorod seed, and ``geo map`` of ``--n`` synthetic incidents with
``--border RUS-UKR`` (the incidents of ``benchmarks/many_events.py``). geo's
sources are byte-compiled first, as in an installed package; the runs share the
user's cache (a second run of a command, as users mostly make).

Run from the repository root::

    .venv/bin/python benchmarks/startup.py
    .venv/bin/python benchmarks/startup.py --n 0 --repeat 3      # without the large map
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

MAIN = "import sys\nsys.argv[0] = 'geo'\nfrom geo.cli.main import main\nmain()"
#: Top-level packages a command used, printed at exit by an exit handler registered before geo's.
PROBE = ("import atexit, json, sys\n"
         "atexit.register(lambda: sys.stderr.write('\\nLOADED ' + json.dumps(sorted({m.split('.')[0] "
         "for m, mod in list(sys.modules.items()) if getattr(mod, '__spec__', None) is not None})) + '\\n'))\n"
         "sys.argv[0] = 'geo'\nfrom geo.cli import run\nrun()")


def timed(argv: list[str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of ``argv`` in a fresh process, and its stderr; fails on a non-zero status."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{stderr[-3000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, stderr


def floor_code(args: list[str]) -> str:
    """A Python program importing the third-party packages ``geo ARGS`` loads (standard library left out)."""
    _, _, stderr = timed([sys.executable, "-c", PROBE, *args])
    loaded = json.loads(stderr.rsplit("LOADED ", 1)[1])
    third = sorted(name for name in loaded if name not in sys.stdlib_module_names and not name.startswith("_")
                   and name not in ("geo", "site", "sitecustomize", "usercustomize", "distutils-precedence"))
    return "\n".join(f"import {name}" for name in third) or "pass"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="incidents of the large map (0: skip it)")
    parser.add_argument("--repeat", type=int, default=5, help="interleaved runs of each command (default 5)")
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "geo")], check=True, capture_output=True)
    seed = ROOT / "seeds" / "belgorod-2023-04-20.yaml"
    article = ROOT / "tests" / "data" / "articles" / "according-to-him-shostka.txt"
    with tempfile.TemporaryDirectory(prefix="geo-bench-startup-") as tmp:
        folder = Path(tmp)
        commands = {
            "geo --help": ["--help"],
            "geo map --help": ["map", "--help"],
            "geo extract (1 article)": ["extract", str(article), "-o", str(folder / "draft.yaml"),
                                        "--published", "2023-04-21"],
            "geo report (seed)": ["report", str(seed), "-o", str(folder / "report.html"),
                                  "--generated-at", "2023-04-21T12:00:00Z"],
            "geo map (seed)": ["map", str(seed), "-o", str(folder / "seed.html")],
        }
        if args.n:
            from many_events import write_csv

            csv = folder / "events.csv"
            write_csv(args.n, csv)
            commands[f"geo map ({args.n:,} incidents)"] = ["map", str(csv), "--border", "RUS-UKR", "--tiles",
                                                          "none", "-o", str(folder / "many.html")]
        print(f"each command in a fresh process, spawn to exit; medians of {args.repeat} interleaved runs "
              "(wall s / CPU s)\n")
        print(f"  {'command':28s} {'geo':>13s} {'main()':>13s} {'floor':>13s}   geo/floor (wall, CPU)")
        for name, argv in commands.items():
            floor = floor_code(argv)
            timed([sys.executable, "-m", "geo", *argv])  # fills the cache, as a user's earlier run has
            runs: dict[str, list[tuple[float, float]]] = {"geo": [], "main": [], "floor": []}
            for _ in range(args.repeat):
                runs["geo"].append(timed([sys.executable, "-m", "geo", *argv])[:2])
                runs["main"].append(timed([sys.executable, "-c", MAIN, *argv])[:2])
                runs["floor"].append(timed([sys.executable, "-c", floor])[:2])
            m = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}
            cells = "".join(f" {m[k][0]:6.2f}/{m[k][1]:5.2f}" for k in ("geo", "main", "floor"))
            print(f"  {name:28s}{cells}   {m['geo'][0] / m['floor'][0]:5.2f}x {m['geo'][1] / m['floor'][1]:5.2f}x",
                  flush=True)
        print("\nfloor: a Python process importing only the libraries the command loaded "
              "(numpy, pandas, geopandas, ...), doing nothing")


if __name__ == "__main__":
    main()
