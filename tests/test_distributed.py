"""The dask engine (geo.analysis.distributed): the single-machine engine's values, bit for bit, per partition.

Runs on a small partitioned GeoParquet dataset with a real local cluster of
worker processes (so the border index and every partition really cross
process boundaries), compared with :func:`geo.distance_to_border` on the same
points with ``check_exact=True``.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import re
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner
from common import BELGOROD

import geo
from geo.cli.main import cli
from geo.errors import InputError, MissingDependencyError

if importlib.util.find_spec("dask_geopandas") is None or importlib.util.find_spec("distributed") is None:
    pytest.skip("the dask engine needs dask-geopandas and distributed (pip install 'geo-impact[dask]')", allow_module_level=True)


class _OnFirstUse:
    """A module imported when a test first reads one of its names: every test process collects this file, and
    only the one that runs it needs dask (about 0.8 s of CPU to import)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str):
        if attribute.startswith("_"):  # what pytest looks for while it collects (__test__, fixture markers...)
            raise AttributeError(attribute)
        return getattr(importlib.import_module(self._name), attribute)


dask_geopandas = _OnFirstUse("dask_geopandas")
gd = _OnFirstUse("geo.analysis.distributed")

PARTS = 3
ROWS = 400  # per partition
NEW = ["border_distance_m", "border_lon", "border_lat", "border_bearing_deg", "border_side", "border_side_uncertain",
       "border_distance_min_m", "border_distance_max_m"]


def _partition(i: int, rng: np.random.Generator) -> gpd.GeoDataFrame:
    x0, y0, x1, y1 = shapely.bounds(geo.border("RUS", "UKR"))
    radius = rng.uniform(0, 9_000, ROWS)
    radius[::7] = np.nan  # unknown radius: NaN bounds, as in the single-machine engine
    return gpd.GeoDataFrame({"site": [f"p{i}-{k}" for k in range(ROWS)], "uncertainty_m": radius},
                            geometry=gpd.points_from_xy(rng.uniform(x0 - 2, x1 + 2, ROWS),
                                                        rng.uniform(y0 - 2, y1 + 2, ROWS)), crs="EPSG:4326")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    """A folder of 3 GeoParquet files (1,200 points around the Russia-Ukraine border; fixed seed)."""
    folder = tmp_path_factory.mktemp("data") / "points"
    folder.mkdir()
    rng = np.random.default_rng(8)
    frames = [_partition(i, rng) for i in range(PARTS)]
    frames[1].loc[5, "geometry"] = shapely.Point(*BELGOROD)  # a known answer inside a partition
    for i, frame in enumerate(frames):
        frame.to_parquet(folder / f"part.{i}.parquet")
    return folder


@pytest.fixture(scope="module")
def single(dataset) -> gpd.GeoDataFrame:
    """The same points in one frame, in partition order, with the per-file index dask gives them."""
    return pd.concat([gpd.read_parquet(p) for p in sorted(dataset.glob("*.parquet"))])


@pytest.fixture(scope="module")
def client():
    """Two worker processes, one thread each; shut down after the module.

    dask's active memory manager is off here: every 2 s it drops the copies of data no waiting task needs, so it
    can undo a broadcast between the scatter and the test's look at the scheduler's record (it did, under load).
    What geo asked dask for is what the scatter test checks; when the copies live is dask's business."""
    import dask
    import distributed  # noqa: F401  (loads the defaults the next line changes)

    with dask.config.set({"distributed.scheduler.active-memory-manager.start": False}), \
            gd.dask_client(n_workers=2, threads_per_worker=1) as c:
        yield c


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


# --------------------------------------------------------------------------- library

def test_dask_input_gives_a_lazy_result_identical_to_the_single_machine_engine(dataset, single, client):
    points = gd.read_dataset(dataset)
    assert points.npartitions == PARTS
    lazy = geo.distance_to_border(points, "RUS-UKR")
    assert hasattr(lazy, "dask") and lazy.npartitions == PARTS  # nothing computed yet
    assert list(lazy.columns) == NEW
    result = client.compute(lazy).result()
    expected = geo.distance_to_border(single, "RUS-UKR")
    pd.testing.assert_frame_equal(result, expected, check_exact=True)
    belgorod = result["border_distance_m"].to_numpy()[ROWS + 5]
    assert belgorod == pytest.approx(35_389.915, abs=0.01)  # GeographicLib reference, see test_proximity


def test_nearest_border_names_the_pair_like_the_single_machine_engine(client):
    # Points near several borders, split across partitions: Belgorod, Strasbourg, Ciudad Juarez, Goma.
    pts = gpd.GeoDataFrame({"name": ["Belgorod", "Strasbourg", "Ciudad Juarez", "Goma"]},
                           geometry=gpd.points_from_xy([36.58091, 7.75, -106.45, 29.22], [50.60343, 48.58, 31.72, -1.68]),
                           crs="EPSG:4326")
    lazy = geo.distance_to_border(dask_geopandas.from_geopandas(pts, npartitions=2), "nearest")
    result = client.compute(lazy).result()
    pd.testing.assert_frame_equal(result, geo.distance_to_border(pts, "nearest"), check_exact=True)
    assert result["border_countries"].tolist()[:3] == ["RUS-UKR", "DEU-FRA", "MEX-USA"]


def test_border_is_one_object_in_the_graph_not_one_per_task(dataset):
    lazy = geo.distance_to_border(gd.read_dataset(dataset, npartitions=6), "RUS-UKR")
    graph = dict(lazy.__dask_graph__())
    names = [k[0] if isinstance(k, tuple) else k for k in graph]
    assert sum(str(n).startswith("geo-border-index") for n in names) == 1
    assert lazy.npartitions == 6


def _border_keys(client) -> dict[str, set[str]]:  # noqa: ANN001
    """The scheduler's record of which worker holds which scattered border index (not the workers' own
    memory, which may spill or still hold an index from an earlier test while they are busy)."""
    return {worker: {str(k) for k in keys if str(k).startswith("BorderIndex-")}
            for worker, keys in client.has_what().items()}


def test_with_a_client_the_border_is_scattered_to_every_worker(dataset, client):
    # The keys this call's graph reads, not "keys new since before the call": the scheduler's record may also
    # gain an earlier test's index at that moment (copied to the other worker), which made that form flaky.
    lazy = gd.distance_to_border_dask(gd.read_dataset(dataset), "RUS-UKR", client=client)
    graph = lazy.__dask_graph__()
    read = {name for key in graph for name in re.findall(r"BorderIndex-[0-9a-f]{32}", str(key))}
    assert len(read) == 1  # every task reads one scattered index: scattered once, not per task ...
    held = _border_keys(client)
    assert len(held) == 2 and all(read <= keys for keys in held.values())  # ... and both workers hold it
    assert len(client.compute(lazy).result()) == PARTS * ROWS


def test_empty_partitions_and_projected_input(client):
    pts = gpd.GeoDataFrame({"id": range(6)}, geometry=gpd.points_from_xy(
        [36.58, 36.25, 37.0, 35.5, 38.0, 36.9], [50.60, 49.98, 50.2, 50.9, 49.5, 51.1]), crs="EPSG:4326").to_crs(3857)
    frame = dask_geopandas.from_geopandas(pts, npartitions=3)
    lazy = geo.distance_to_border(frame[frame["id"] < 2], "RUS-UKR")  # partitions 2 and 3 become empty
    result = client.compute(lazy).result()
    pd.testing.assert_frame_equal(result, geo.distance_to_border(pts[pts["id"] < 2], "RUS-UKR"), check_exact=True)


def test_compute_frame_reports_progress_per_partition(dataset, client):
    calls: list[int] = []
    lazy = gd.distance_to_border_dask(gd.read_dataset(dataset), "RUS-UKR", keep_input=True)
    result = gd.compute_frame(lazy, client=client, progress=calls.append)
    assert sorted(calls) == [ROWS] * PARTS
    assert isinstance(result, gpd.GeoDataFrame) and result.crs == "EPSG:4326"
    assert list(result.columns) == ["site", "uncertainty_m", "geometry", *NEW]


def test_plain_parquet_with_lon_lat_columns(tmp_path, single, client):
    folder = tmp_path / "plain"
    folder.mkdir()
    table = pd.DataFrame({"Longitude": single.geometry.x.to_numpy(), "Latitude": single.geometry.y.to_numpy()})
    table.iloc[:600].to_parquet(folder / "a.parquet")
    table.iloc[600:].to_parquet(folder / "b.parquet")
    lazy = geo.distance_to_border(gd.read_dataset(folder), "RUS-UKR")
    result = client.compute(lazy).result()
    expected = geo.distance_to_border(single.reset_index(drop=True)[["geometry"]], "RUS-UKR")
    np.testing.assert_array_equal(result["border_distance_m"].to_numpy(), expected["border_distance_m"].to_numpy())


def test_errors_name_the_partition_and_row(tmp_path, client):
    frames = [gpd.GeoDataFrame(geometry=gpd.points_from_xy([36.5, 36.6], [50.5, lat]), crs="EPSG:4326")
              for lat in (50.6, 95.0)]
    frame = dask_geopandas.from_geopandas(pd.concat(frames), npartitions=2, sort=False)
    lazy = geo.distance_to_border(frame, "RUS-UKR")
    with pytest.raises(InputError, match=r"partition 2, row 2: .*not valid lon/lat"):
        client.compute(lazy).result()


@pytest.mark.parametrize("bad, text", [
    (lambda: pd.DataFrame({"lon": [1.0]}), "dask_geopandas GeoDataFrame"),
    (lambda: dask_geopandas.from_geopandas(gpd.GeoDataFrame(geometry=gpd.points_from_xy([36.5], [50.5])),
                                           npartitions=1), "no coordinate reference system"),
])
def test_bad_points_fail_before_computing(bad, text):
    with pytest.raises(InputError, match=text):
        gd.distance_to_border_dask(bad(), "RUS-UKR")


def test_bad_border_fails_on_the_client():
    with pytest.raises(geo.UnknownCountryError, match="XXX"):
        gd.prepare_border("RUS-XXX")


def test_missing_dask_gives_the_install_hint(monkeypatch, dataset):
    monkeypatch.setitem(sys.modules, "dask_geopandas", None)  # import now raises ImportError
    with pytest.raises(MissingDependencyError, match=r"pip install 'geo-impact\[dask\]'"):
        gd.read_dataset(dataset)
    code, output = run("distance", str(dataset), "--border", "RUS-UKR", "-o", "never", "--engine", "dask")
    assert code == 2 and "geo-impact[dask]" in output


# --------------------------------------------------------------------------- command line

def test_cli_dataset_to_dataset_on_an_existing_scheduler(dataset, single, client, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="geo")
    out = tmp_path / "measured"
    code, output = run("distance", str(dataset), "--border", "RUS-UKR", "-o", str(out), "--engine", "dask",
                       "--scheduler", client.scheduler.address)
    assert code == 0, output
    assert f"connected to {client.scheduler.address}" in caplog.text
    assert sorted(p.name for p in out.iterdir()) == ["part.00000.parquet", "part.00001.parquet", "part.00002.parquet"]
    result = pd.concat([gpd.read_parquet(p) for p in sorted(out.iterdir())])
    expected = geo.distance_to_border(single, "RUS-UKR")
    assert list(result.columns) == ["site", "uncertainty_m", "geometry", *NEW]
    pd.testing.assert_frame_equal(result[NEW].reset_index(drop=True), expected.reset_index(drop=True),
                                  check_exact=True)
    assert result["site"].tolist() == single["site"].tolist()
    assert "1,200 points to RUS-UKR" in output and "3 GeoParquet files" in output
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_cli_local_cluster_writes_the_same_bytes_as_the_exact_engine(tmp_path, caplog):
    """No --scheduler: a local cluster starts and stops; CSV output identical to the exact engine's."""
    psutil = pytest.importorskip("psutil")
    caplog.set_level(logging.INFO, logger="geo")
    source = tmp_path / "points.csv"
    rng = np.random.default_rng(1)
    pd.DataFrame({"id": range(300), "lon": rng.uniform(33, 40, 300), "lat": rng.uniform(47, 53, 300)}).to_csv(
        source, index=False)

    def workers() -> set[int]:  # child processes, less multiprocessing's resource tracker (lives on by design)
        return {p.pid for p in psutil.Process().children(recursive=True)
                if "resource_tracker" not in " ".join(p.cmdline())}

    before = workers()
    code, output = run("distance", str(source), "--border", "RUS-UKR", "-o", str(tmp_path / "dask.csv"),
                       "--engine", "dask", "--partitions", "3")
    assert code == 0, output
    assert re.search(r"local cluster of \d+ worker process", caplog.text) and "dashboard" in caplog.text
    assert workers() <= before  # the cluster's processes are gone
    code, output = run("distance", str(source), "--border", "RUS-UKR", "-o", str(tmp_path / "exact.csv"))
    assert code == 0, output
    assert (tmp_path / "dask.csv").read_bytes() == (tmp_path / "exact.csv").read_bytes()


def test_cli_partitions_option_repartitions(dataset, client, tmp_path):
    out = tmp_path / "two"
    code, output = run("distance", str(dataset), "--border", "RUS-UKR", "-o", str(out), "--engine", "dask",
                       "--scheduler", client.scheduler.address, "--partitions", "2")
    assert code == 0, output
    assert len(list(out.glob("*.parquet"))) == 2
    assert len(pd.read_parquet(out)) == PARTS * ROWS


def test_cli_bad_row_leaves_no_output(tmp_path, client):
    folder = tmp_path / "bad"
    folder.mkdir()
    for i, lat in enumerate((50.5, 50.6, 95.0)):
        gpd.GeoDataFrame(geometry=gpd.points_from_xy([36.5, 36.6], [50.4, lat]), crs="EPSG:4326").to_parquet(
            folder / f"part.{i}.parquet")
    out = tmp_path / "out"
    code, output = run("distance", str(folder), "--border", "RUS-UKR", "-o", str(out), "--engine", "dask",
                       "--scheduler", client.scheduler.address)
    assert code == 2
    assert "partition 3, row 2" in output and "Traceback" not in output
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["bad"]


def test_cli_corrupt_partition_is_named_and_leaves_no_output(tmp_path, dataset, client):
    folder = tmp_path / "corrupt"
    folder.mkdir()
    for part in sorted(dataset.glob("*.parquet")):
        (folder / part.name).write_bytes(part.read_bytes())
    data = bytearray((folder / "part.1.parquet").read_bytes())
    data[100:400] = b"x" * 300  # inside the first column chunk: the footer still reads, the data does not
    (folder / "part.1.parquet").write_bytes(bytes(data))
    out = tmp_path / "out"
    code, output = run("distance", str(folder), "--border", "RUS-UKR", "-o", str(out), "--engine", "dask",
                       "--scheduler", client.scheduler.address)
    assert code == 2, output
    assert "partition 2: a partition failed" in output and "bug in geo" not in output
    assert not out.exists()


@pytest.mark.parametrize("case, text", [
    ("empty folder", "has no .parquet files"),
    ("no crs", "no coordinate reference system"),
    ("unknown country", "unknown country code 'XXX'"),
    ("scheduler without dask", "only apply to --engine dask"),
    ("output is input", "would replace the input"),
    ("output holds other files", "holding other files"),
])
def test_cli_errors_exit_2_with_a_fix(tmp_path, dataset, case, text):
    folder, out, extra, border = dataset, tmp_path / "out", ["--engine", "dask"], "RUS-UKR"
    if case == "empty folder":
        folder = tmp_path / "empty"
        folder.mkdir()
    elif case == "no crs":
        folder = tmp_path / "nocrs"
        folder.mkdir()
        gpd.GeoDataFrame(geometry=gpd.points_from_xy([36.5], [50.5])).to_parquet(folder / "part.0.parquet")
    elif case == "unknown country":
        border = "RUS-XXX"
    elif case == "scheduler without dask":
        extra = ["--scheduler", "tcp://127.0.0.1:8786"]
        out = tmp_path / "out.csv"
    elif case == "output is input":
        out = dataset
    elif case == "output holds other files":
        out.mkdir()
        (out / "notes.txt").write_text("keep me")
    code, output = run("distance", str(folder), "--border", border, "-o", str(out), *extra)
    assert code == 2, output
    assert text in output and "fix:" in output and "Traceback" not in output
    if case == "output holds other files":
        assert (out / "notes.txt").read_text() == "keep me"


def test_cli_unreachable_scheduler(tmp_path, dataset, monkeypatch):
    import geo.analysis.distributed._cluster as cluster

    monkeypatch.setattr(cluster, "_SCHEDULER_TIMEOUT", "0.2s")  # nothing listens there: no need to wait 10 s
    code, output = run("distance", str(dataset), "--border", "RUS-UKR", "-o", str(tmp_path / "out"),
                       "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert code == 2
    assert "cannot reach the dask scheduler" in output and "dask scheduler" in output
    assert not (tmp_path / "out").exists()
