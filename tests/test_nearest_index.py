"""ChordIndex: comparing every pair for small queries gives what the KD-tree gives for large ones."""

from __future__ import annotations

import numpy as np
import pytest

from geo.analysis import _nearest
from geo.analysis._nearest import ChordIndex
from geo.analysis._segments import ecef


@pytest.mark.parametrize("k", [1, 3, 40])
def test_brute_force_and_tree_agree(k):
    rng = np.random.default_rng(k)
    data = ecef(rng.uniform(30, 40, 2_000), rng.uniform(45, 55, 2_000))
    queries = ecef(rng.uniform(29, 41, 50), rng.uniform(44, 56, 50))
    dist, idx = ChordIndex(data).query(queries, k=k)
    assert 50 * 2_000 <= _nearest.BRUTE_FORCE_PAIRS  # this query compared every pair
    from scipy.spatial import cKDTree  # here: every test process collects this file, one runs it

    ref_dist, ref_idx = cKDTree(data).query(queries, k=k)
    assert dist.shape == idx.shape == (50, k)
    assert np.allclose(dist, ref_dist.reshape(50, k), rtol=0, atol=1e-6)
    assert np.array_equal(idx, ref_idx.reshape(50, k))


def test_large_queries_use_the_tree_built_once(monkeypatch):
    rng = np.random.default_rng(1)
    data = ecef(rng.uniform(30, 40, 500), rng.uniform(45, 55, 500))
    index = ChordIndex(data)
    small = index.query(data[:10], k=2)
    assert index._tree is None  # no tree for a small query
    monkeypatch.setattr(_nearest, "BRUTE_FORCE_PAIRS", 100)
    large = index.query(data[:10], k=2)
    tree = index._tree
    assert tree is not None and index.query(data[:10], k=2) is not None and index._tree is tree
    assert np.allclose(small[0], large[0]) and np.array_equal(small[1], large[1])
    assert np.allclose(small[0][:, 0], 0.0)  # each point is its own nearest


def test_k_beyond_the_points_gives_every_point():
    data = ecef(np.array([30.0, 31.0, 32.0]), np.array([50.0, 50.0, 50.0]))
    dist, idx = ChordIndex(data).query(ecef(np.array([30.9]), np.array([50.0])), k=5)
    assert idx.tolist() == [[1, 0, 2]] and (np.diff(dist[0]) >= 0).all()


def test_every_core_gives_the_same_answers_as_one():
    """nearest_places queries the tree with all cores and splits its geodesics across threads: same values, bit for bit."""
    from geo.analysis.places import _PARALLEL_PAIRS, _inverse
    from geo.geodesy import GEOD

    rng = np.random.default_rng(7)
    data = ecef(rng.uniform(-180, 180, 20_000), rng.uniform(-89, 89, 20_000))
    queries = ecef(rng.uniform(-180, 180, 3_000), rng.uniform(-89, 89, 3_000))
    index = ChordIndex(data)
    one, every = index.query(queries, k=4), index.query(queries, k=4, workers=-1)
    assert np.array_equal(one[0], every[0]) and np.array_equal(one[1], every[1])

    n = _PARALLEL_PAIRS * 2 + 1  # split into parts, one of them uneven
    lon1, lat1, lon2, lat2 = (rng.uniform(-180, 180, n), rng.uniform(-89, 89, n), rng.uniform(-180, 180, n),
                              rng.uniform(-89, 89, n))
    az, _, dist = GEOD.inv(lon1, lat1, lon2, lat2)
    az_split, dist_split = _inverse(lon1.copy(), lat1.copy(), lon2.copy(), lat2.copy())
    assert np.array_equal(az, az_split) and np.array_equal(dist, dist_split)


def test_an_index_travels_by_pickle_and_answers_the_same(monkeypatch):
    """The dask engine pickles border indexes to its workers: the tree is left behind and built again."""
    import pickle

    rng = np.random.default_rng(2)
    data = ecef(rng.uniform(30, 40, 500), rng.uniform(45, 55, 500))
    monkeypatch.setattr(_nearest, "BRUTE_FORCE_PAIRS", 100)
    index = ChordIndex(data)
    before = index.query(data[:50], k=3)
    assert index._tree is not None
    copy = pickle.loads(pickle.dumps(index))
    assert copy._tree is None
    after = copy.query(data[:50], k=3)
    assert np.array_equal(before[0], after[0]) and np.array_equal(before[1], after[1])


def _openmp_threads() -> list[int]:
    """What each OpenMP runtime loaded in this process would give this thread's next parallel query."""
    import ctypes

    with open("/proc/self/maps", encoding="utf-8") as maps:
        paths = sorted({line.split(None, 5)[5].strip() for line in maps
                        if len(line.split(None, 5)) == 6 and "libgomp" in line.split(None, 5)[5]})
    return [int(ctypes.CDLL(path).omp_get_max_threads()) for path in paths]


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="OpenMP runtimes found on Linux")
def test_one_core_per_query_while_a_child_computes_then_as_before_with_the_same_answers():
    rng = np.random.default_rng(7)
    data = ecef(rng.uniform(30, 40, 20_000), rng.uniform(45, 55, 20_000))
    queries = ecef(rng.uniform(29, 41, 5_000), rng.uniform(44, 56, 5_000))
    assert 20_000 * 5_000 > _nearest.BRUTE_FORCE_PAIRS  # the KD-tree answers
    index = ChordIndex(data)
    import pykdtree.kdtree  # noqa: F401 - its OpenMP runtime loaded, as a first query loads it

    before = _openmp_threads()
    restore = _nearest.one_core_per_query()
    try:
        threads = _openmp_threads()
        assert threads and all(n == 1 for n in threads)  # the tree library's runtime found and set
        one = index.query(queries, k=3)
    finally:
        restore()
    assert _openmp_threads() == before  # as it was
    everywhere = index.query(queries, k=3)
    assert np.array_equal(one[1], everywhere[1]) and np.array_equal(one[0], everywhere[0])
