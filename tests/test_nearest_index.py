"""ChordIndex: comparing every pair for small queries gives what the KD-tree gives for large ones."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial import cKDTree

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
