"""Benchmark: what several claims per figure cost, against the one-claim form of the same incidents.

Writes two scenarios of ``--n`` incidents near the Russia–Ukraine border
(fixed seed): in one every incident has fatalities and injuries as one claim
each (today's one-claim form), in the other three claims each (one
superseded by a later claim of the same claimant, one disputing them), plus
a location with two claims. Then times the user's commands from process
start to written file: ``geo map`` (interactive HTML) and ``geo report
--format md`` (Markdown with its PNG), best of ``--repeat`` runs, and prints
the claims/one-claim ratios and output sizes.

Run from the repository root::

    .venv/bin/python benchmarks/claims.py
    .venv/bin/python benchmarks/claims.py --n 200 --repeat 1
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _incidents(n: int, *, claims: bool, seed: int = 7) -> list[dict]:
    rng = np.random.default_rng(seed)
    lon = rng.uniform(35.0, 39.0, n)
    lat = rng.uniform(49.5, 51.5, n)
    killed = rng.integers(0, 40, n)
    out = []
    for i in range(n):
        item = {"id": f"ev-{i:05d}", "date": f"2023-04-{1 + i % 28:02d}", "lon": round(float(lon[i]), 5),
                "lat": round(float(lat[i]), 5), "location_precision": 2, "uncertainty_m": 5000,
                "event_type": ["shelling", "air strike", "drone strike"][i % 3]}
        k = int(killed[i])
        if not claims:
            item["fatalities"] = {"low": k, "high": k, "text": f"{k} killed", "source": "Regional governor"}
            item["injuries"] = {"low": 2 * k, "text": f"at least {2 * k} injured", "source": "Regional governor"}
        else:
            figure = [{"id": "g1", "value": max(0, k - 1), "text": f"{max(0, k - 1)} killed", "claimant": "Governor",
                       "source": "wire", "said": "2023-04-01", "superseded_by": "g2"},
                      {"id": "g2", "value": k, "text": f"{k} killed", "claimant": "Governor", "source": "wire",
                       "said": "2023-04-02"},
                      {"value": [k + 5, None], "text": f"at least {k + 5} killed", "claimant": "Ministry",
                       "source": "Daily Paper", "url": "https://example.org/paper", "said": "2023-04-02"}]
            item["fatalities"] = {"claims": figure}
            item["injuries"] = {"claims": [{"value": 2 * k, "claimant": "Governor", "source": "wire"},
                                           {"value": [2 * k, 3 * k + 1], "claimant": "Ministry"}]}
            item["location"] = {"claims": [{"place": "a village", "claimant": "Governor", "source": "wire"},
                                           {"place": "the district", "claimant": "Ministry"}]}
        out.append(item)
    return out


def _scenario(n: int, *, claims: bool) -> dict:
    return {"title": f"{n} incidents, {'several claims' if claims else 'one claim'} per figure",
            "sources": [{"id": "wire", "name": "Wire service", "url": "https://example.org/wire"}],
            "incidents": _incidents(n, claims=claims), "borders": ["RUS-UKR"], "map": {"tiles": "none"}}


def _time(args: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "geo", "-q", *args], capture_output=True, text=True, cwd=ROOT)
        elapsed = time.perf_counter() - start
        if run.returncode != 0:
            raise SystemExit(run.stderr)
        best = min(best, elapsed)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="incidents per scenario (default 2,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command; the best is kept")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        rows = []
        for claims in (False, True):
            name = "claims" if claims else "one-claim"
            case = base / f"{name}.yaml"
            case.write_text(yaml.safe_dump(_scenario(options.n, claims=claims), sort_keys=False), encoding="utf-8")
            html, md = base / f"{name}.html", base / f"{name}.md"
            t_map = _time(["map", str(case), "-o", str(html)], options.repeat)
            t_md = _time(["report", str(case), "-o", str(md), "--format", "md"], options.repeat)
            rows.append((name, t_map, html.stat().st_size, t_md, md.stat().st_size))
    print(f"{options.n:,} incidents, best of {options.repeat}; wall seconds from process start to written file")
    print(f"{'form':<10} {'geo map s':>10} {'HTML MB':>8} {'report md s':>12} {'MD kB':>7}")
    for name, t_map, size, t_md, md_size in rows:
        print(f"{name:<10} {t_map:>10.2f} {size / 1e6:>8.2f} {t_md:>12.2f} {md_size / 1e3:>7.0f}")
    (_, m0, s0, r0, _), (_, m1, s1, r1, _) = rows
    print(f"claims/one-claim: map {m1 / m0:.2f}x time, {s1 / s0:.2f}x size; report {r1 / r0:.2f}x time")


if __name__ == "__main__":
    main()
