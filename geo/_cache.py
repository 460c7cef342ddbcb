"""An on-disk cache of results that are slow to compute and the same every time for the same input.

Entries are ``.npz`` files (numpy arrays only: nothing is unpickled) in
``geo.settings.cache_dir``, one folder per kind of result, named by a hash of
everything the result depends on: the input's content, the parameters, geo's
version and the entry's format. A changed input therefore never meets a
stale entry; it gets a new one. Files are written atomically (a reader never
sees half a file), and one that cannot be read (truncated, corrupt, from
another format) is ignored and replaced: the cache can only make geo faster,
never change an answer or fail a run. ``cache_dir = None`` (``GEO_CACHE_DIR=off``)
reads and writes nothing. No entry is ever fetched from anywhere.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np

from geo._atomic import atomic_path
from geo._version import __version__
from geo.settings import settings

__all__: list[str] = []

log = logging.getLogger(__name__)

_T = TypeVar("_T")

#: Bump when the layout of any entry changes: old entries are then never read.
FORMAT = 1


def cache_key(*parts: object) -> str:
    """A hex digest of ``parts`` (bytes as they are, anything else by ``repr``), geo's version and the format."""
    digest = hashlib.blake2b(digest_size=20)
    for part in (__version__, FORMAT, *parts):
        data = bytes(part) if isinstance(part, (bytes, bytearray, memoryview)) else repr(part).encode()
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def entry_path(kind: str, key: str) -> Path | None:
    """Where the entry lives, or ``None`` when the cache is off."""
    folder = settings.cache_dir
    return None if folder is None else Path(folder) / kind / f"{key}.npz"


def load(kind: str, key: str) -> dict[str, np.ndarray] | None:
    """The arrays stored under ``key``, or ``None`` (cache off, no entry, or an entry that cannot be read)."""
    path = entry_path(kind, key)
    if path is None or not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as entry:
            return {name: entry[name] for name in entry.files}
    except Exception as exc:  # noqa: BLE001 - any unreadable entry is recomputed, never fatal
        log.debug("ignoring unreadable cache entry %s: %s", path, exc)
        return None


def store(kind: str, key: str, arrays: dict[str, np.ndarray]) -> None:
    """Write ``arrays`` under ``key`` (atomically); a cache that cannot be written is skipped, with a debug note."""
    path = entry_path(kind, key)
    if path is None:
        return
    try:
        # Private folders (only the user reads what geo worked on), created once.
        path.parent.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.parent.mkdir(exist_ok=True, mode=0o700)
        with atomic_path(path) as tmp, open(tmp, "wb") as handle:
            np.savez(handle, **arrays)
    except OSError as exc:
        log.debug("could not write cache entry %s: %s", path, exc)


def cached(kind: str, key: str, build: Callable[[], _T], pack: Callable[[_T], dict[str, np.ndarray]],
           unpack: Callable[[dict[str, np.ndarray]], _T]) -> _T:
    """``build()``, or the result an earlier run stored under ``key``.

    ``unpack`` turns an entry back into the result and raises on one it cannot
    use, which is then rebuilt (with a debug note, never fatal); a built result
    is stored as ``pack(result)``.
    """
    entry = load(kind, key)
    if entry is not None:
        try:
            return unpack(entry)
        except Exception as exc:  # noqa: BLE001 - an unusable entry is rebuilt, never fatal
            log.debug("rebuilding %s: cache entry %s unusable (%s)", kind, key, exc)
    result = build()
    store(kind, key, pack(result))
    return result


def pack_bytes(items: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Byte strings as one uint8 array and their end offsets (for geometries as WKB)."""
    ends = np.cumsum([len(item) for item in items], dtype=np.int64)
    return np.frombuffer(b"".join(items), dtype=np.uint8), ends


def unpack_bytes(data: np.ndarray, ends: np.ndarray) -> list[bytes]:
    """The byte strings :func:`pack_bytes` packed."""
    raw = data.tobytes()
    starts = np.r_[0, ends[:-1]]
    return [raw[int(a):int(b)] for a, b in zip(starts, ends, strict=True)]
