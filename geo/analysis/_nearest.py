"""The k nearest of a fixed set of 3-D points, by straight-line (chord) distance.

A KD-tree answers many queries fast but costs a ``scipy.spatial`` import
(about 0.3 s) and a build before the first answer; a map of a few incidents
asks a few questions of a border of a few thousand vertices, which comparing
every pair answers in microseconds. :class:`ChordIndex` does whichever is
cheaper for each query, building the tree only when a query is large.
"""

from __future__ import annotations

import numpy as np

__all__ = ["ChordIndex", "BRUTE_FORCE_PAIRS"]

#: Queries with at most this many (query point, indexed point) pairs compare every pair
#: (about 40 MB of temporaries at most); larger ones use the KD-tree.
BRUTE_FORCE_PAIRS = 500_000


class ChordIndex:
    """k-nearest queries on fixed points ``xyz`` (shape (n, 3), metres), like ``scipy.spatial.cKDTree.query``.

    Parameters
    ----------
    xyz:
        The indexed points, e.g. Earth-centred coordinates.
    **tree_options:
        Passed to ``cKDTree`` when the tree is built.
    """

    def __init__(self, xyz: np.ndarray, **tree_options: object) -> None:
        self.xyz = np.ascontiguousarray(xyz, dtype=float)
        self._tree_options = tree_options
        self._tree = None

    def __len__(self) -> int:
        return int(self.xyz.shape[0])

    @property
    def tree(self):
        """The ``cKDTree`` of the points, built on first use."""
        if self._tree is None:
            from scipy.spatial import cKDTree

            self._tree = cKDTree(self.xyz, **self._tree_options)
        return self._tree

    def query(self, points: np.ndarray, k: int, *, workers: int = 1) -> tuple[np.ndarray, np.ndarray]:
        """(chord distances, indices), each shape (m, k), of the ``k`` nearest indexed points, nearest first.

        ``workers`` is passed to ``cKDTree.query`` (-1: every core) when the tree answers; same answers.
        """
        points = np.atleast_2d(np.asarray(points, dtype=float))
        k = min(int(k), len(self))
        if points.shape[0] * len(self) > BRUTE_FORCE_PAIRS:
            dist, idx = self.tree.query(points, k=k, workers=workers)
            return dist.reshape(points.shape[0], k), idx.reshape(points.shape[0], k)
        d2 = np.zeros((points.shape[0], len(self)))
        for axis in range(3):  # coordinate by coordinate: exact differences, small temporaries
            diff = points[:, axis, None] - self.xyz[None, :, axis]
            d2 += diff * diff
        idx = np.argpartition(d2, k - 1, axis=1)[:, :k] if k < len(self) else np.tile(np.arange(len(self)),
                                                                                      (points.shape[0], 1))
        near = np.take_along_axis(d2, idx, axis=1)
        order = np.argsort(near, axis=1, kind="stable")
        return np.sqrt(np.take_along_axis(near, order, axis=1)), np.take_along_axis(idx, order, axis=1)
