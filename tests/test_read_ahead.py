"""Reference data read in a thread while the input is read: the same caches filled, the same analysis."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from fresh_process import in_fresh_process

ROOT = Path(__file__).resolve().parent.parent


def test_the_thread_fills_the_caches_the_analysis_reads_and_ends_before_it():
    out = in_fresh_process("""
        import threading
        from geo.analysis._border_index import border_set_index
        from geo.analysis._read_ahead import read_reference_ahead
        from geo.reference.regions._registry import _bundled_country

        ahead = read_reference_ahead([("ukr", "RUS"), ("RUS", "UKR"), ("BLR", "UKR")])
        assert ahead.pairs == [("RUS", "UKR"), ("BLR", "UKR")]  # as analyze() takes a scenario's borders
        ahead.join()
        assert threading.active_count() == 1  # nothing left running when the analysis forks
        assert border_set_index.cache_info().currsize == 1
        before = border_set_index.cache_info().hits
        border_set_index(("RUS-UKR", "BLR-UKR"))
        assert border_set_index.cache_info().hits == before + 1  # the key analyze() asks for
        assert _bundled_country.cache_info().currsize == 3
        assert read_reference_ahead([]) is None
        print("ok")
    """)
    assert out.strip() == "ok"


def test_a_failure_in_the_thread_is_left_to_the_analysis():
    """A pair the thread cannot read is only logged there; the caller's own read reports it as always."""
    out = in_fresh_process("""
        import pytest
        import geo
        from geo.analysis._read_ahead import read_reference_ahead

        ahead = read_reference_ahead([("RUS", "XXX")])
        ahead.join()  # no exception from the thread
        with pytest.raises(geo.GeoError):
            geo.border("RUS", "XXX")
        print("ok")
    """)
    assert out.strip() == "ok"


def test_map_with_and_without_the_thread_is_the_same_page(tmp_path):
    """``geo map --border`` reads ahead; its page is byte for byte the one drawn without the thread."""
    csv = tmp_path / "events.csv"
    csv.write_text("id,date,lon,lat,location_precision\n"
                   + "".join(f"e{i},2023-04-{1 + i % 28:02d},{36.2 + i * 0.01:.4f},{50.3 + i * 0.005:.4f},{1 + i % 3}\n"
                             for i in range(60)), encoding="utf-8")
    run = """
        import sys
        import geo.analysis._read_ahead as read_ahead
        if sys.argv[1] == "off":
            read_ahead.read_reference_ahead = lambda pairs: None
        sys.argv = ["geo", "map", sys.argv[2], "--border", "RUS-UKR", "--tiles", "none", "-o", sys.argv[3]]
        from geo.cli.main import main
        main()
    """
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for mode in ("on", "off"):
        done = subprocess.run([sys.executable, "-c", textwrap.dedent(run), mode, str(csv), str(tmp_path / f"{mode}.html")],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "on.html").read_bytes() == (tmp_path / "off.html").read_bytes()
