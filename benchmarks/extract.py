"""Benchmark: `geo extract` accuracy per field on the invented articles, and its time per article.

Accuracy: every article of ``tests/data/articles/expected.yaml`` is extracted
in this process and scored field by field (``tests/extract_scoring.py``).

Time: the user's command from process start to written file, each article in
a fresh process (``python -m geo extract ARTICLE -o draft.yaml``), against
a peer measured in the same run: a fresh Python process that only imports
geopandas and reads the article (the floor any geopandas-based tool pays).
Median, min and max wall seconds, the median CPU seconds and the ratio of
medians are printed; geo's sources are byte-compiled first, as in an installed
package. The timed runs share one cache folder (``GEO_CACHE_DIR``), empty at
the start: the first run decodes the bundled reference files and stores
them, as a user's first ``geo extract`` does; its time, and one run with the
cache off, are printed on their own.

Run from the repository root::

    .venv/bin/python benchmarks/extract.py              # all articles, timing on 12 of them
    .venv/bin/python benchmarks/extract.py --timed 0    # accuracy only
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from extract_scoring import FIELDS, article_path, extract, load_expected, score, summary  # noqa: E402


def accuracy(verbose: bool) -> None:
    expected = load_expected()
    rows = {}
    for name, entry in expected.items():
        rows[name] = score(extract(name, entry), entry)
        wrong = [f"{f}={rows[name][f][1]}" for f in FIELDS if rows[name][f][0] is False]
        if verbose and wrong:
            print(f"  {name}: " + "; ".join(wrong))
    print(f"\naccuracy on {len(rows)} invented articles")
    for field, (right, scored) in summary(rows).items():
        if scored:
            print(f"  {field:<13} {right:>3}/{scored:<3} {100.0 * right / scored:5.1f}%")


def _wall(args: list[str], cache: str = "off") -> tuple[float, float]:
    """(wall seconds, CPU seconds user+system) of one fresh process, with geo's cache in ``cache``."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), GEO_CACHE_DIR=cache)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 2):
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def timing(count: int) -> None:
    # An installed package carries its bytecode; a checkout may not have it yet (or never write it,
    # under PYTHONDONTWRITEBYTECODE): compile once so no timed run pays for compiling geo's sources.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "geo")], check=True, capture_output=True)
    expected = load_expected()
    names = [n for n in expected if not expected[n].get("refuse")][:count]
    ours, peer = [], []
    with tempfile.TemporaryDirectory() as tmp:
        cache = str(Path(tmp) / "cache")  # empty: the first run decodes the bundled files and fills it
        for i, name in enumerate(names):
            path = article_path(name)
            published = expected[name].get("published")
            args = [sys.executable, "-m", "geo", "extract", str(path), "-o", str(Path(tmp) / "draft.yaml")]
            args += ["--published", str(published)] if published else []
            if i == 0:
                first, off = _wall(args, cache), _wall(args, "off")
            ours.append(_wall(args, cache))
            peer.append(_wall([sys.executable, "-c", "import sys, geopandas; open(sys.argv[1]).read()", str(path)]))
    print(f"\nfresh process per article, {len(names)} articles (load average {os.getloadavg()[0]:.1f})")
    print(f"  first run, empty cache: {first[0]:.2f} s wall, {first[1]:.2f} s CPU; "
          f"cache off (GEO_CACHE_DIR=off): {off[0]:.2f} s wall, {off[1]:.2f} s CPU")
    for label, runs in (("geo extract", ours), ("python + geopandas", peer)):
        wall, cpu = [w for w, _ in runs], [c for _, c in runs]
        print(f"  {label:<20} wall median {statistics.median(wall):.2f} s (min {min(wall):.2f}, max {max(wall):.2f}); "
              f"CPU median {statistics.median(cpu):.2f} s")
    ratio = statistics.median(w for w, _ in ours) / statistics.median(w for w, _ in peer)
    print(f"  ratio of wall medians {ratio:.2f}x; geo extract median {statistics.median(w for w, _ in ours):.2f} s "
          "wall (budget 0.5 s per article, issue 17)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timed", type=int, default=12, help="articles to time in fresh processes (0: none)")
    parser.add_argument("--quiet", action="store_true", help="do not list the wrong fields")
    options = parser.parse_args()
    accuracy(verbose=not options.quiet)
    if options.timed:
        timing(options.timed)


if __name__ == "__main__":
    main()
