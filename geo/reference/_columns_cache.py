"""Columns of the bundled reference files kept decoded in geo's on-disk cache, so a fresh process skips pyarrow.

Reading the bundled gazetteer and country tables means importing pyarrow,
decoding Parquet pages into Python strings and zstd-decompressing the name
index: about a third of a fresh ``geo extract``. The first run stores what it
decoded in ``geo.settings.cache_dir`` (:mod:`geo._cache`: plain NumPy arrays,
nothing pickled); later runs read it back with NumPy alone. An entry is keyed
by the bundled file's path, size and modification time and by which part of
it the entry holds, so a rebuilt file never meets a stale entry; with the
cache off (``GEO_CACHE_DIR=off``) every run decodes the bundled files as
before, with the same answers.

Text columns are stored as their distinct values (one UTF-8 buffer, NUL
between values) and a code per row; a missing value is code -1. Numeric
tables read only in small parts (the name index, searched by bisection) are
stored as one ``.npy`` file per array and memory-mapped (:func:`mapped`), so
a run reads the few pages its look-ups touch.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from geo import _cache

__all__ = ["columns", "column", "mapped"]

log = logging.getLogger(__name__)

#: Bump when the layout of an entry changes.
_FORMAT = 2
_KIND = "columns"


def columns(path: str | Path, part: str, read: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Named columns of the bundled file at ``path``: from the cache, else ``read()`` (then stored).

    Parameters
    ----------
    path:
        The bundled file the columns come from (its size and modification
        time are part of the key).
    part:
        Which columns of it, e.g. ``"population"`` or ``"index-exact"``.
    read:
        Reads them from the file: numbers as NumPy arrays, text as object
        arrays of ``str`` (``None`` where missing), as
        :func:`geo.reference._datafiles.arrow_numpy` gives them. The cached
        copy is equal, value for value.
    """
    key = _key(path, part)
    entry = _cache.load(_KIND, key)
    if entry is not None:
        try:
            return _unpack(entry)
        except (KeyError, ValueError, UnicodeDecodeError) as exc:
            log.debug("rebuilding %s of %s: cache entry unusable (%s)", part, Path(path).name, exc)
    values = read()
    packed = _pack(values)
    if packed is not None:
        _cache.store(_KIND, key, packed)
    return values


def _key(path: str | Path, part: str) -> str:
    source = Path(path).resolve()
    stat = source.stat()
    return _cache.cache_key(_KIND, _FORMAT, str(source), stat.st_size, stat.st_mtime_ns, part)


def mapped(path: str | Path, part: str, build: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Numeric arrays derived from the bundled file at ``path``, memory-mapped from the cache, else ``build()``.

    The entry is a folder of ``.npy`` files (read-only maps: do not change
    them), written under a temporary name and renamed into place, so a
    reader sees every array or none.
    """
    folder = _cache.entry_path(_KIND, _key(path, part))
    if folder is None:
        return build()
    folder = folder.with_suffix("")
    if folder.is_dir():
        try:
            return {file.stem: np.load(file, mmap_mode="r", allow_pickle=False) for file in folder.glob("*.npy")}
        except (OSError, ValueError) as exc:
            log.debug("rebuilding %s of %s: cache entry unusable (%s)", part, Path(path).name, exc)
            shutil.rmtree(folder, ignore_errors=True)
    arrays = build()
    _store_mapped(folder, arrays)
    return arrays


def _store_mapped(folder: Path, arrays: dict[str, np.ndarray]) -> None:
    try:
        folder.parent.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder.parent.mkdir(exist_ok=True, mode=0o700)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
        try:
            for name, array in arrays.items():
                np.save(tmp / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
            os.rename(tmp, folder)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    except OSError as exc:  # another process stored it first, or the folder is not writable
        log.debug("could not write cache entry %s: %s", folder, exc)


def column(path: str | Path, name: str, read: Callable[[], np.ndarray]) -> np.ndarray:
    """One column, as :func:`columns` (``name`` is the part)."""
    return columns(path, name, lambda: {name: read()})[name]


def _pack(values: dict[str, np.ndarray]) -> dict[str, np.ndarray] | None:
    packed = {}
    for name, array in values.items():
        if array.dtype != object:
            packed[f"n:{name}"] = array
            continue
        text = _pack_text(array)
        if text is None:
            return None  # not plain text: left uncached, read from the bundled file each time
        packed[f"t:{name}"], packed[f"c:{name}"] = text
    return packed


def _pack_text(values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    distinct: dict[str, int] = {}
    codes = np.empty(values.size, dtype=np.int32)
    for i, value in enumerate(values.tolist()):
        if value is None:
            codes[i] = -1
        elif isinstance(value, str) and "\0" not in value:
            codes[i] = distinct.setdefault(value, len(distinct))
        else:
            return None
    blob = "\0".join(distinct).encode("utf-8")
    # The count of distinct values goes first, so "" alone and no values at all stay apart.
    return np.concatenate([np.frombuffer(len(distinct).to_bytes(8, "little"), np.uint8),
                           np.frombuffer(blob, np.uint8)]), codes


def _unpack(entry: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out = {}
    for label, array in entry.items():
        kind, name = label.split(":", 1)
        if kind == "n":
            out[name] = array
        elif kind == "t":
            out[name] = _unpack_text(array, entry[f"c:{name}"])
    return out


def _unpack_text(blob: np.ndarray, codes: np.ndarray) -> np.ndarray:
    raw = blob.tobytes()
    count = int.from_bytes(raw[:8], "little")
    words = raw[8:].decode("utf-8").split("\0") if count else []
    if len(words) != count or (codes.size and int(codes.max()) >= count):
        raise ValueError(f"{len(words)} values where the entry says {count}")
    distinct = np.empty(count + 1, dtype=object)
    distinct[:count] = words
    distinct[count] = None  # code -1
    return distinct[codes]
