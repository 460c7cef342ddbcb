"""Columns of the bundled reference files kept decoded in geo's on-disk cache, so a fresh process skips pyarrow.

Reading the bundled gazetteer and country tables means importing pyarrow,
decoding Parquet pages into Python strings and zstd-decompressing the name
index: about a third of a fresh ``geo extract``. The first run stores what it
decoded in ``geo.settings.cache_dir`` (one folder per entry, one ``.npy``
file per array: plain NumPy arrays, nothing pickled, written under a
temporary name and renamed into place); later runs memory-map them with NumPy
alone and read only the pages they touch. An entry is keyed (:mod:`geo._cache`)
by the bundled file's path, size and modification time and by which part of
it the entry holds, so a rebuilt file never meets a stale entry; an entry
that cannot be read is rebuilt; with the cache off (``GEO_CACHE_DIR=off``)
every run decodes the bundled files as before, with the same answers.

Text columns are stored as their distinct values (one UTF-8 buffer, NUL
between values, with the offset where each ends) and a code per row; a
missing value is code -1. A :class:`TextColumn` decodes a value only when
it is read: the extractor reads a few hundred of 300,000 place names.
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

__all__ = ["columns", "column", "mapped", "TextColumn"]

log = logging.getLogger(__name__)

#: Bump when the layout of an entry changes.
_FORMAT = 4
_KIND = "columns"


def columns(path: str | Path, part: str, read: Callable[[], dict[str, np.ndarray]], *, lazy: bool = False
            ) -> dict[str, np.ndarray]:
    """Named columns of the bundled file at ``path``: from the cache, else ``read()`` (then stored).

    Parameters
    ----------
    path:
        The bundled file the columns come from (its size and modification
        time are part of the key).
    part:
        Which columns of it, e.g. ``"population"`` or ``"country-names"``.
    read:
        Reads them from the file: numbers as NumPy arrays, text as object
        arrays of ``str`` (``None`` where missing), as
        :func:`geo.reference._datafiles.arrow_numpy` gives them. The cached
        copy is equal, value for value.
    lazy:
        Give a text column read from the cache as a :class:`TextColumn`,
        which decodes a value when it is read, instead of decoding every one.
    """
    folder = _folder(path, part)
    if folder is None:
        return read()  # the cache is off: nothing to pack or store
    entry = _load(folder, part, path)
    if entry is not None:
        try:
            return _unpack(entry, lazy)
        except (KeyError, ValueError, UnicodeDecodeError) as exc:
            log.debug("rebuilding %s of %s: cache entry unusable (%s)", part, Path(path).name, exc)
            shutil.rmtree(folder, ignore_errors=True)
    values = read()
    packed = _pack(values)
    if packed is not None:
        _store(folder, packed)
    return values


def column(path: str | Path, name: str, read: Callable[[], np.ndarray], *, lazy: bool = False) -> np.ndarray:
    """One column, as :func:`columns` (``name`` is the part)."""
    return columns(path, name, lambda: {name: read()}, lazy=lazy)[name]


def mapped(path: str | Path, part: str, build: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Numeric arrays derived from the bundled file at ``path``, memory-mapped from the cache, else ``build()``.

    Read-only maps: do not change them.
    """
    folder = _folder(path, part)
    entry = _load(folder, part, path)
    if entry is not None:
        return entry
    arrays = build()
    if folder is not None:
        _store(folder, arrays)
    return arrays


def _folder(path: str | Path, part: str) -> Path | None:
    """The entry's folder (one ``.npy`` file per array), or ``None`` when the cache is off."""
    if _cache.entry_path(_KIND, "") is None:
        return None
    source = Path(path).resolve()
    stat = source.stat()
    key = _cache.cache_key(_KIND, _FORMAT, str(source), stat.st_size, stat.st_mtime_ns, part)
    entry = _cache.entry_path(_KIND, key)
    return None if entry is None else entry.with_suffix("")


def _load(folder: Path | None, part: str, path: str | Path) -> dict[str, np.ndarray] | None:
    if folder is None or not folder.is_dir():
        return None
    try:
        return {file.stem: np.load(file, mmap_mode="r", allow_pickle=False) for file in folder.glob("*.npy")}
    except (OSError, ValueError) as exc:  # truncated or foreign files: rebuilt, never fatal
        log.debug("rebuilding %s of %s: cache entry unusable (%s)", part, Path(path).name, exc)
        shutil.rmtree(folder, ignore_errors=True)
        return None


def _store(folder: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write the arrays under a temporary name and rename the folder into place: a reader sees all or none."""
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


def _pack(values: dict[str, np.ndarray]) -> dict[str, np.ndarray] | None:
    """Arrays named ``<position>.<kind>.<column>``: the position keeps the columns' order (files list in any order)."""
    packed = {}
    for i, (name, array) in enumerate(values.items()):
        if array.dtype != object:
            packed[f"{i:04d}.n.{name}"] = array
            continue
        text = _pack_text(array)
        if text is None:
            return None  # not plain text: left uncached, read from the bundled file each time
        packed[f"{i:04d}.t.{name}"], packed[f"{i:04d}.e.{name}"], packed[f"{i:04d}.c.{name}"] = text
    return packed


def _pack_text(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Distinct values joined by NUL (UTF-8), the byte offset where each ends, and each row's value (-1: None)."""
    distinct: dict[str, int] = {}
    codes = np.empty(values.size, dtype=np.int32)
    for i, value in enumerate(values.tolist()):
        if value is None:
            codes[i] = -1
        elif isinstance(value, str) and "\0" not in value:
            codes[i] = distinct.setdefault(value, len(distinct))
        else:
            return None
    encoded = [value.encode("utf-8") for value in distinct]
    ends = np.cumsum([len(b) + 1 for b in encoded], dtype=np.int64) - 1
    return np.frombuffer(b"\0".join(encoded), np.uint8), ends, codes


def _unpack(entry: dict[str, np.ndarray], lazy: bool = False) -> dict[str, np.ndarray]:
    out = {}
    for label in sorted(entry):  # in the order the columns were read
        position, kind, name = label.split(".", 2)
        if kind == "n":
            out[name] = entry[label]
        elif kind == "t":
            text = TextColumn(entry[label], entry[f"{position}.e.{name}"], entry[f"{position}.c.{name}"])
            out[name] = text if lazy else np.asarray(text)
    return out


class TextColumn:
    """A cached text column that decodes a value when it is read; indexes like a NumPy object array.

    ``column[i]`` is a ``str`` (or ``None``), ``column[rows]`` and
    ``column[mask]`` an object array, ``column[a:b]`` another TextColumn;
    anything else (comparisons, ``np.asarray``) decodes every value first.
    Read-only, as the cached columns are.
    """

    dtype = np.dtype(object)

    def __init__(self, blob: np.ndarray, ends: np.ndarray, codes: np.ndarray, *, checked: bool = False):
        self._blob, self._ends, self._codes = blob, ends, codes
        if not checked and codes.size and not (-1 <= int(codes.min()) and int(codes.max()) < ends.size):
            raise ValueError(f"codes beyond the {ends.size} distinct values")

    def _value(self, code: int) -> str | None:
        if code < 0:
            return None
        start = int(self._ends[code - 1]) + 1 if code else 0
        return self._blob[start:int(self._ends[code])].tobytes().decode("utf-8")

    def __len__(self) -> int:
        return len(self._codes)

    @property
    def shape(self) -> tuple[int]:
        return self._codes.shape

    @property
    def size(self) -> int:
        return self._codes.size

    def __getitem__(self, key):  # noqa: ANN001 - int, slice, positions or a mask, as NumPy takes them
        if isinstance(key, (int, np.integer)):
            return self._value(int(self._codes[key]))
        codes = self._codes[key]
        if isinstance(key, slice):
            return TextColumn(self._blob, self._ends, codes, checked=True)
        out = np.empty(codes.size, dtype=object)
        out[:] = [self._value(c) for c in codes.ravel().tolist()]
        return out.reshape(codes.shape)

    def tolist(self) -> list[str | None]:
        return np.asarray(self).tolist()

    def __iter__(self):
        return iter(self.tolist())

    def __array__(self, dtype=None, copy=None) -> np.ndarray:  # noqa: ANN001 - NumPy's protocol
        """Every value: the distinct values decoded once, then spread over the rows."""
        count = self._ends.size
        words = self._blob.tobytes().decode("utf-8").split("\0") if count else []
        if len(words) != count:
            raise ValueError(f"{len(words)} values where the entry says {count}")
        distinct = np.empty(count + 1, dtype=object)
        distinct[:count] = words
        distinct[count] = None  # code -1
        values = distinct[np.asarray(self._codes)]
        return values if dtype is None else values.astype(dtype)

    def __eq__(self, other):  # noqa: ANN001 - as NumPy compares
        return np.asarray(self) == other

    def __ne__(self, other):  # noqa: ANN001
        return np.asarray(self) != other

    __hash__ = None
