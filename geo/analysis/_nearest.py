"""The k nearest of a fixed set of 3-D points, by straight-line (chord) distance.

A KD-tree answers many queries fast but costs a build before the first
answer; a map of a few incidents asks a few questions of a border of a few
thousand vertices, which comparing every pair answers in microseconds.
:class:`ChordIndex` does whichever is cheaper for each query, building the
tree only when a query is large. The tree is pykdtree's: exact k-nearest
queries like ``scipy.spatial.cKDTree`` (the same neighbours and distances),
answered on every core, and a 1 ms import where ``scipy.spatial`` takes 0.3 s
(qhull, sparse and linalg come with it), which a map of 100,000 incidents
paid before its first distance.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

import numpy as np

__all__ = ["ChordIndex", "BRUTE_FORCE_PAIRS", "tree_used", "one_core_per_query"]

log = logging.getLogger(__name__)

#: Queries with at most this many (query point, indexed point) pairs compare every pair
#: (about 40 MB of temporaries at most); larger ones use the KD-tree.
BRUTE_FORCE_PAIRS = 500_000
_TREE_USED: list[bool] = []


def tree_used() -> bool:
    """Whether this process has queried a KD-tree (started OpenMP's threads, which a forked child cannot use)."""
    return bool(_TREE_USED)


def one_core_per_query() -> Callable[[], None]:
    """Have this thread's KD-tree queries (and those of a child forked from it) run on one core, until the
    returned function is called; it puts back the number of threads each query used before.

    A map of many incidents measures distances here while a forked child finds towns with the same
    tree library on the other core (:mod:`geo._ahead`): a query split over both cores then waits for
    its half on the busy one (0.39 s instead of 0.28 s for 100,000 incidents). Sets OpenMP's
    ``omp_set_num_threads`` in each OpenMP runtime the tree library loaded (found in this process's
    memory map, Linux), which starts no thread, so a fork stays safe; elsewhere, or when none is found,
    nothing changes. The answers are the same on any number of threads.
    """
    import ctypes

    try:
        import pykdtree.kdtree  # noqa: F401 - loads its OpenMP runtime, which reads its settings then

        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            paths = sorted({line.split(None, 5)[5].strip() for line in maps
                            if len(line.split(None, 5)) == 6 and "libgomp" in line.split(None, 5)[5]})
        runtimes = [ctypes.CDLL(path) for path in paths]
        before = [int(runtime.omp_get_max_threads()) for runtime in runtimes]
        for runtime in runtimes:
            runtime.omp_set_num_threads(1)
    except (OSError, AttributeError, ImportError) as exc:  # no OpenMP runtime to set: queries as they are
        log.debug("KD-tree queries keep their threads: %s", exc)
        return lambda: None

    def restore() -> None:
        for runtime, threads in zip(runtimes, before, strict=True):
            with contextlib.suppress(OSError):
                runtime.omp_set_num_threads(threads)

    return restore


class ChordIndex:
    """k-nearest queries on fixed points ``xyz`` (shape (n, 3), metres), like ``scipy.spatial.cKDTree.query``.

    Parameters
    ----------
    xyz:
        The indexed points, e.g. Earth-centred coordinates.
    """

    def __init__(self, xyz: np.ndarray) -> None:
        self.xyz = np.ascontiguousarray(xyz, dtype=float)
        self._tree = None

    def __len__(self) -> int:
        return int(self.xyz.shape[0])

    def __getstate__(self) -> dict[str, object]:
        # Pickled without the tree (pykdtree's cannot be pickled; the dask engine sends indexes to its
        # workers): each process builds it again on its first large query, in milliseconds.
        return {"xyz": self.xyz, "_tree": None}

    @property
    def tree(self):
        """The KD-tree of the points (``pykdtree.kdtree.KDTree``), built on first use."""
        if self._tree is None:
            from pykdtree.kdtree import KDTree

            self._tree = KDTree(self.xyz)
            if not _TREE_USED:
                _TREE_USED.append(True)
        return self._tree

    def query(self, points: np.ndarray, k: int, *, workers: int = 1) -> tuple[np.ndarray, np.ndarray]:
        """(chord distances, indices), each shape (m, k), of the ``k`` nearest indexed points, nearest first.

        ``workers`` is accepted for ``cKDTree.query``'s callers and changes nothing: the tree answers
        on every core (OpenMP), with the same answers as on one.
        """
        points = np.ascontiguousarray(np.atleast_2d(np.asarray(points, dtype=float)))
        k = min(int(k), len(self))
        if points.shape[0] * len(self) > BRUTE_FORCE_PAIRS:
            dist, idx = self.tree.query(points, k=k)
            return dist.reshape(points.shape[0], k), idx.astype(np.int64).reshape(points.shape[0], k)
        d2 = np.zeros((points.shape[0], len(self)))
        for axis in range(3):  # coordinate by coordinate: exact differences, small temporaries
            diff = points[:, axis, None] - self.xyz[None, :, axis]
            d2 += diff * diff
        idx = np.argpartition(d2, k - 1, axis=1)[:, :k] if k < len(self) else np.tile(np.arange(len(self)),
                                                                                      (points.shape[0], 1))
        near = np.take_along_axis(d2, idx, axis=1)
        order = np.argsort(near, axis=1, kind="stable")
        return np.sqrt(np.take_along_axis(near, order, axis=1)), np.take_along_axis(idx, order, axis=1)
