"""Work computed ahead in a forked child: the same results as computing it here, and a fallback when it fails."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from fresh_process import in_fresh_process

from geo._ahead import start_ahead

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks only on Linux")


def test_a_child_returns_what_the_function_returns_and_failures_come_back_as_none():
    out = in_fresh_process("""
        import time
        import warnings
        import numpy as np
        from geo._ahead import start_ahead

        def big(n):
            return {"values": np.arange(n, dtype=float) / 7, "text": ["a", None, "é"] * n}

        def fails():
            raise ValueError("boom")

        def hangs():
            time.sleep(60)

        ahead = start_ahead(big, 300_000, what="numbers")
        assert ahead is not None
        ok, value = ahead.result()
        assert ok and (value["values"] == np.arange(300_000) / 7).all() and value["text"] == ["a", None, "é"] * 300_000
        assert start_ahead(fails).result() == (False, None)

        def warns():
            warnings.warn("a note from the child", UserWarning)
            return 7

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert start_ahead(warns).result() == (True, 7)
        assert [str(w.message) for w in caught] == ["a note from the child"]  # given here, as here it would be
        start = time.monotonic()
        assert start_ahead(hangs).result(seconds=0.2) == (False, None)  # ended, not waited for
        assert time.monotonic() - start < 30
        slow = start_ahead(hangs)
        slow.discard()  # ended without reading
        print("ok")
    """)
    assert out.strip() == "ok"


def test_an_answer_is_taken_without_waiting_for_the_child_to_exit():
    """A whole answer read, the child's exit (the kernel unmapping its copy of the process) is not waited for:
    it is collected without blocking, then or on a later call; a child that gave no answer is waited for."""
    out = in_fresh_process("""
        import os, time
        import geo._ahead as ahead_module
        from geo._ahead import start_ahead

        calls = []
        waitpid = os.waitpid

        def recorded(pid, flags):
            calls.append(flags)
            return waitpid(pid, flags)

        ahead_module.os.waitpid = recorded
        assert start_ahead(sum, [1, 2, 3]).result() == (True, 6)
        assert 0 not in calls, calls  # never a blocking wait for a child that answered
        deadline = time.monotonic() + 30
        while ahead_module._EXITING and time.monotonic() < deadline:
            time.sleep(0.05)
            ahead_module._collect_exited()
        assert not ahead_module._EXITING
        calls.clear()
        assert start_ahead(int, "not a number").result() == (False, None)
        assert 0 in calls  # a failed child is waited for, as before
        os.waitpid = waitpid
        assert start_ahead(sum, [4]).result() == (True, 4)
        ahead_module._collect_all()  # at exit: waited for, so its CPU time counts as this process's children's
        assert not ahead_module._EXITING
        try:
            os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            print("ok")
    """)
    assert out.strip() == "ok"


def test_no_fork_from_a_process_running_another_thread():
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert start_ahead(len, "abc") is None  # a lock held by the other thread would never be released
    finally:
        stop.set()
        other.join()


@pytest.mark.parametrize("borders", ["[('RUS', 'UKR')]", "[]"], ids=["named-border", "nearest-border"])
def test_many_incidents_analysed_with_a_child_give_what_one_process_gives(borders):
    """Countries, regions and nearest towns found in a forked child while the distances are measured: the very
    frames, notes and regions of the analysis done in one process (the second run here: it cannot fork, as
    its KD-tree has run)."""
    out = in_fresh_process(f"""
        import sys
        sys.path.insert(0, "tests")
        import pandas as pd
        from test_many_events import synthetic
        from geo.analysis import case as case_module
        from geo.input.model import Scenario

        case_module.AHEAD_MIN_INCIDENTS = 100  # a small table, forked as 100,000 incidents are
        started = []
        start = case_module.start_ahead
        case_module.start_ahead = lambda *a, **k: started.append(start(*a, **k)) or started[-1]
        answered = []
        result = case_module.Ahead.result

        def recorded(self, *args, **kwargs):
            ok, value = result(self, *args, **kwargs)
            answered.append(ok)
            return ok, value

        case_module.Ahead.result = recorded
        frame = synthetic(3_000, seed=11)
        frame.loc[[5, 2_000], "geometry"] = None
        scenario = Scenario(title="many", incidents=frame, borders={borders})
        forked = case_module.analyze(scenario, nearest_towns=2)
        assert len(started) == 1 and started[0] is not None and answered == [True], "the first analysis forked"
        alone = case_module.analyze(scenario, nearest_towns=2)
        assert len(started) == 1, "the second one did not"
        for name in ("incidents", "nearest", "regions", "borders", "bands"):
            a, b = getattr(forked, name), getattr(alone, name)
            pd.testing.assert_frame_equal(pd.DataFrame(a), pd.DataFrame(b), check_exact=True)
        assert forked.notes == alone.notes
        assert forked.incidents["country"].notna().sum() > 2_000 and len(forked.regions) >= 2
        print("ok")
    """)
    assert out.strip() == "ok"


def test_a_child_is_not_waited_for_past_its_deadline():
    def hangs() -> None:
        time.sleep(60)

    import threading

    if threading.active_count() != 1:
        pytest.skip("this test process runs other threads (no fork from here)")
    ahead = start_ahead(hangs)
    assert ahead is not None
    start = time.monotonic()
    assert ahead.result(seconds=0.2) == (False, None)
    assert time.monotonic() - start < 30


def test_popup_fields_made_half_in_a_child_are_those_made_in_one_process():
    """The incident layer's popup fields, half made in a forked child: the very fields (labels, kinds, encoded
    columns, tooltip and heading) of the layer made in one process, for a case with claims, extra columns and
    analysis columns."""
    out = in_fresh_process("""
        import sys
        sys.path.insert(0, "tests")
        from test_many_events import synthetic
        import geo
        import geo._ahead
        from geo.input.model import Scenario
        from geo.render.webmap import _fields, _layers

        frame = synthetic(2_500, seed=5)
        frame["fatalities_high"] = frame["fatalities_low"] + 2
        frame["source_url"] = ["https://example.org/" + str(i % 40) for i in range(len(frame))]
        frame["lon"] = frame.geometry.x  # an extra column that only repeats the point: never a field
        case = geo.analyze(Scenario(title="many", incidents=frame, borders=[("RUS", "UKR")]), nearest_towns=1)
        started = []
        start = _fields.start_ahead
        _fields.start_ahead = lambda *a, **k: started.append(start(*a, **k)) or started[-1]
        _fields.AHEAD_MIN_INCIDENTS = 100
        answered = []
        result = geo._ahead.Ahead.result

        def recorded(self, *args, **kwargs):
            ok, value = result(self, *args, **kwargs)
            answered.append(ok)
            return ok, value

        geo._ahead.Ahead.result = recorded
        kw = dict(layer_id="x", name="Incidents", sources={}, band_labels=None)
        forked, _ = _layers.incidents_layer(case.incidents, **kw)
        assert len(started) == 1 and started[0] is not None and answered == [True], "the layer forked"
        _fields.AHEAD_MIN_INCIDENTS = 10**9
        alone, _ = _layers.incidents_layer(case.incidents, **kw)
        assert len(started) == 1
        assert forked == alone
        labels = [f["label"] for f in forked["fields"]]
        assert {"Date", "Near", "Distance to border", "Fatalities", "source_url"} <= set(labels)
        assert "lon" not in labels
        print("ok")
    """)
    assert out.strip() == "ok"


def test_an_analysis_whose_child_hangs_computes_the_step_itself():
    """A child that never answers (stuck on a lock it inherited, say) is ended at the deadline and the
    analysis finds the countries, regions and towns itself: the same results, seconds later, not never."""
    out = in_fresh_process("""
        import os, sys, time
        sys.path.insert(0, "tests")
        import pandas as pd
        from test_many_events import synthetic
        import geo._ahead
        from geo.analysis import case as case_module
        from geo.input.model import Scenario

        case_module.AHEAD_MIN_INCIDENTS = 100
        geo._ahead.CHILD_SECONDS = 0.5
        parent, places_of, bands = os.getpid(), case_module._places_of, case_module._bands
        done = []

        def stuck_in_the_child(*args):
            if os.getpid() != parent:
                time.sleep(600)
            done.append("places found here")
            return places_of(*args)

        def recorded_bands(*args):
            built = bands(*args)
            done.append("bands")
            return built

        case_module._places_of = stuck_in_the_child
        case_module._bands = recorded_bands
        # 300 incidents fork (over the 100 above); few, as the parent waits for the stuck child twice as long
        # as it worked since the fork
        scenario = Scenario(title="many", incidents=synthetic(300, seed=3), borders=[("RUS", "UKR")])
        start = time.monotonic()
        stuck = case_module.analyze(scenario, nearest_towns=1)
        assert time.monotonic() - start < 120
        # the bands' thread, started while the child was awaited, had finished before the places were found here
        assert done == ["bands", "places found here"], done
        alone = case_module.analyze(scenario, nearest_towns=1)  # cannot fork: its KD-tree has run
        pd.testing.assert_frame_equal(pd.DataFrame(stuck.incidents), pd.DataFrame(alone.incidents))
        pd.testing.assert_frame_equal(stuck.nearest, alone.nearest)
        print("ok")
    """)
    assert out.strip() == "ok"


def test_bands_built_in_a_child_are_those_built_in_one_process():
    """With no child finding the places (a few incidents), the bands are built in a child of their own while the
    distances and regions are measured: the very frames and notes of the analysis done in one process; kept for
    the next analysis of the same borders (no second child), and the cache entry is the one this process writes."""
    out = in_fresh_process("""
        import os, sys, tempfile
        from pathlib import Path
        sys.path.insert(0, "tests")
        import pandas as pd
        from test_many_events import synthetic
        import geo._ahead
        from geo.analysis import _case_bands, case as case_module
        from geo.input.model import Scenario
        from geo.settings import settings

        settings.cache_dir = Path(tempfile.mkdtemp()) / "forked"  # empty: the child builds them
        started, answered = [], []
        start, result = _case_bands.start_ahead, geo._ahead.Ahead.result
        _case_bands.start_ahead = lambda *a, **k: started.append(start(*a, **k)) or started[-1]

        def recorded(self, *args, **kwargs):
            ok, value = result(self, *args, **kwargs)
            answered.append(ok)
            return ok, value

        geo._ahead.Ahead.result = recorded
        scenario = Scenario(title="few", incidents=synthetic(30, seed=4), borders=[("RUS", "UKR")])
        forked = case_module.analyze(scenario)
        assert len(started) == 1 and started[0] is not None and answered == [True], (started, answered)
        again = case_module.analyze(scenario)
        assert len(started) == 1, "kept from the child: no second one"
        written = sorted((settings.cache_dir / "bands").iterdir())
        _case_bands._BUILT.clear()
        settings.processes = False
        settings.cache_dir = Path(tempfile.mkdtemp()) / "alone"
        alone = case_module.analyze(scenario)
        for name in ("incidents", "nearest", "regions", "borders", "bands"):
            for other in (again, alone):
                pd.testing.assert_frame_equal(pd.DataFrame(getattr(forked, name)), pd.DataFrame(getattr(other, name)),
                                              check_exact=True)
        assert forked.notes == alone.notes and len(forked.bands) == 3
        mine = sorted((settings.cache_dir / "bands").iterdir())
        assert [p.name for p in written] == [p.name for p in mine] and len(mine) == 1
        assert written[0].read_bytes() == mine[0].read_bytes()
        print("ok")
    """)
    assert out.strip() == "ok"


def test_bands_whose_child_fails_are_built_here():
    out = in_fresh_process("""
        import os, sys
        sys.path.insert(0, "tests")
        import pandas as pd
        from test_many_events import synthetic
        from geo.analysis import _case_bands, case as case_module
        from geo.input.model import Scenario
        from geo.settings import settings

        settings.cache_dir = None
        parent, bands = os.getpid(), case_module._bands

        def fails_in_the_child(*args):
            if os.getpid() != parent:
                raise RuntimeError("no bands in the child")
            return bands(*args)

        case_module._bands = fails_in_the_child
        started = []
        start = _case_bands.start_ahead
        _case_bands.start_ahead = lambda *a, **k: started.append(start(*a, **k)) or started[-1]
        scenario = Scenario(title="few", incidents=synthetic(30, seed=4), borders=[("RUS", "UKR")])
        built_here = case_module.analyze(scenario)
        assert len(started) == 1 and started[0] is not None
        case_module._bands = bands
        _case_bands._BUILT.clear()
        settings.processes = False
        alone = case_module.analyze(scenario)
        pd.testing.assert_frame_equal(pd.DataFrame(built_here.bands), pd.DataFrame(alone.bands), check_exact=True)
        pd.testing.assert_frame_equal(pd.DataFrame(built_here.incidents), pd.DataFrame(alone.incidents))
        print("ok")
    """)
    assert out.strip() == "ok"


def test_an_analysis_that_fails_after_its_places_ends_the_bands_child():
    """An error after the places are found (here: measuring the damage areas) ends the child building the bands
    and collects it: none is left running, or blocked writing an answer no one reads."""
    out = in_fresh_process("""
        import os, sys
        sys.path.insert(0, "tests")
        from test_many_events import synthetic
        from geo.analysis import _case_bands, case as case_module
        from geo.input.model import Scenario
        from geo.settings import settings

        settings.cache_dir = None
        started = []
        start = _case_bands.start_ahead
        _case_bands.start_ahead = lambda *a, **k: started.append(start(*a, **k)) or started[-1]

        def fails(*args):
            raise RuntimeError("no damage today")

        case_module._damage = fails
        scenario = Scenario(title="few", incidents=synthetic(30, seed=4), borders=[("RUS", "UKR")])
        try:
            case_module.analyze(scenario)
        except RuntimeError:
            pass
        assert len(started) == 1 and started[0] is not None
        try:
            os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            print("ok")
    """)
    assert out.strip() == "ok"


def test_no_child_when_the_settings_say_one_process(monkeypatch):
    """``geo.settings.processes = False`` (``GEO_PROCESSES=0``) keeps every step in the calling process."""
    import geo

    monkeypatch.setattr(geo.settings, "processes", False)
    assert start_ahead(len, "abc") is None
    monkeypatch.setenv("GEO_PROCESSES", "0")
    assert geo.settings.__class__().processes is False
    monkeypatch.setenv("GEO_PROCESSES", "1")
    assert geo.settings.__class__().processes is True


def test_a_map_of_many_incidents_starts_their_popup_fields_before_its_other_layers():
    """ImpactMap.from_analysis forks the popup-field child first, so it works while the region, band and border
    layers are built; the page is the one a single process writes."""
    out = in_fresh_process("""
        import sys
        sys.path.insert(0, "tests")
        from test_many_events import synthetic
        import geo
        from geo.input.model import Scenario
        from geo.render.webmap import _fields, impact_map
        from geo.settings import settings

        case = geo.analyze(Scenario(title="many", incidents=synthetic(2_500, seed=7), borders=[("RUS", "UKR")]),
                           nearest_towns=1, uncertainty_circles=False)
        _fields.AHEAD_MIN_INCIDENTS = impact_map.DECORATE_ALL_MAX = 100
        order = []
        start = _fields.start_ahead
        _fields.start_ahead = lambda *a, **k: order.append("fork") or start(*a, **k)
        add_regions = impact_map.ImpactMap.add_regions
        impact_map.ImpactMap.add_regions = lambda self, *a, **k: order.append("regions") or add_regions(self, *a, **k)
        forked = impact_map.ImpactMap.from_analysis(case).to_html()
        assert order == ["fork", "regions"], order
        settings.processes = False
        alone = impact_map.ImpactMap.from_analysis(case).to_html()
        assert forked == alone
        print("ok")
    """)
    assert out.strip() == "ok"


def test_early_fields_only_for_a_frame_the_layer_draws_as_it_is():
    import geopandas as gpd
    from shapely.geometry import Point

    from geo.render.webmap._layers import early_fields

    points = gpd.GeoDataFrame({"id": ["a", "b"]}, geometry=[Point(36.5, 50.5), Point(36.6, 50.4)], crs="EPSG:4326")
    pending = early_fields(points)
    assert pending is not None
    pending.discard()
    assert early_fields(points.set_geometry([Point(36.5, 50.5), None], crs="EPSG:4326")) is None  # warns later
    assert early_fields(points.to_crs("EPSG:3857")) is None
    assert early_fields(points.drop(columns="geometry")) is None
