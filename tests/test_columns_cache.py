"""Decoded reference columns in the on-disk cache: equal to the bundled files, never stale, never fatal.

A fresh ``geo extract`` reads the gazetteer's columns, its name index and the
country names from the cache once an earlier run has stored them, and then
does not import pyarrow at all.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from geo.reference import _columns_cache, gazetteer
from geo.reference._datafiles import data_file
from geo.settings import settings

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "tests" / "data" / "articles" / "bessonovka-village.txt"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    return tmp_path / "cache"


def _entries(folder: Path) -> list[Path]:
    """The cache's entries: one folder of ``.npy`` files each."""
    return sorted(p for p in (folder / "columns").iterdir() if p.is_dir()) if (folder / "columns").exists() else []


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and a.tolist() == b.tolist()


def test_text_and_numbers_come_back_value_for_value(cache_dir, tmp_path):
    source = tmp_path / "table.bin"
    source.write_bytes(b"stands in for a bundled file")
    table = {"name": np.array(["Kharkiv", None, "", "Bent Jbaïl", "Белгород", "Kharkiv"], dtype=object),
             "empty": np.array([], dtype=object), "only_blank": np.array(["", ""], dtype=object),
             "population": np.array([1_400_000, 0, 7, 2, 3, 1], dtype=np.int32)}
    cold = _columns_cache.columns(source, "all", lambda: table)
    assert len(_entries(cache_dir)) == 1

    def fail():
        raise AssertionError("read again instead of from the cache")

    warm = _columns_cache.columns(source, "all", fail)
    assert list(warm) == list(table)  # in the order read, whatever order the files list in
    assert all(_same(warm[name], table[name]) for name in table), {n: warm[n].tolist() for n in warm}
    assert cold is table


def test_a_changed_file_gets_a_new_entry(cache_dir, tmp_path):
    source = tmp_path / "table.bin"
    source.write_bytes(b"one")
    first = _columns_cache.column(source, "x", lambda: np.array(["a"], dtype=object))
    source.write_bytes(b"other")
    os.utime(source, ns=(1, 1))
    second = _columns_cache.column(source, "x", lambda: np.array(["b"], dtype=object))
    assert (first.tolist(), second.tolist()) == (["a"], ["b"])
    assert len(_entries(cache_dir)) == 2


def test_text_that_cannot_be_packed_is_left_uncached(cache_dir, tmp_path):
    source = tmp_path / "table.bin"
    source.write_bytes(b"x")
    odd = np.array(["a\0b", "c"], dtype=object)
    assert _columns_cache.column(source, "odd", lambda: odd) is odd
    assert _entries(cache_dir) == []


def test_a_corrupt_entry_is_read_again_from_the_file(cache_dir, tmp_path):
    source = tmp_path / "table.bin"
    source.write_bytes(b"x")
    _columns_cache.column(source, "x", lambda: np.array(["a", "b"], dtype=object))
    (entry,) = _entries(cache_dir)
    for file in entry.glob("*.npy"):
        file.write_bytes(b"not an array")
    again = _columns_cache.column(source, "x", lambda: np.array(["a", "b"], dtype=object))
    assert again.tolist() == ["a", "b"]
    warm = _columns_cache.column(source, "x", lambda: pytest.fail("the rebuilt entry was not stored"))
    assert warm.tolist() == ["a", "b"]


def test_a_lazy_text_column_reads_like_the_object_array(cache_dir, tmp_path):
    source = tmp_path / "table.bin"
    source.write_bytes(b"x")
    names = np.array(["Kharkiv", None, "", "Bent Jbaïl", "Белгород", "Kharkiv", "Z"], dtype=object)
    _columns_cache.column(source, "name", lambda: names)
    lazy = _columns_cache.column(source, "name", lambda: pytest.fail("read again"), lazy=True)
    assert isinstance(lazy, _columns_cache.TextColumn) and len(lazy) == names.size
    assert [lazy[i] for i in range(len(lazy))] == names.tolist()
    rows = np.array([4, 0, 1, 3])
    assert lazy[rows].tolist() == names[rows].tolist() and lazy[rows].dtype == object
    mask = names == "Kharkiv"
    assert lazy[mask].tolist() == ["Kharkiv", "Kharkiv"]
    assert lazy[1:4][0] is None and lazy[1:4][2] == "Bent Jbaïl" and len(lazy[1:4]) == 3
    assert np.asarray(lazy).tolist() == names.tolist() == lazy.tolist()
    assert (lazy == "Kharkiv").tolist() == mask.tolist()


def test_cached_gazetteer_columns_and_index_equal_the_bundled_file(cache_dir, monkeypatch):
    path = str(data_file("gazetteer.parquet"))
    names = ("geonameid", "name", "country", "admin1code", "admin1", "population", "lon", "lat")
    gazetteer._column.cache_clear()
    cold = {name: gazetteer._column(path, name) for name in names}
    index = str(data_file("gazetteer_index.npz"))
    cold_index = {prefix: _columns_cache.mapped(index, f"index-{prefix}", gazetteer._Index(index, prefix)._build)
                  for prefix in ("exact", "loose")}
    monkeypatch.setattr(gazetteer, "_coded_file", lambda *a: pytest.fail("the bundled file was read again"))
    gazetteer._column.cache_clear()
    try:
        warm = {name: gazetteer._column(path, name) for name in names}
    finally:
        gazetteer._column.cache_clear()
    assert all(_same(warm[name], cold[name]) for name in names)
    for prefix, arrays in cold_index.items():
        again = _columns_cache.mapped(index, f"index-{prefix}", lambda: pytest.fail("decompressed again"))
        assert set(again) == set(arrays) >= {"blob", "offsets", "starts", "rows"}
        assert all(np.array_equal(again[k], arrays[k]) and again[k].dtype == arrays[k].dtype for k in arrays)
        assert all(isinstance(a, np.memmap) for a in again.values())  # read where the look-ups touch it


def test_a_mapped_entry_that_cannot_be_read_is_built_again(cache_dir, tmp_path):
    source = tmp_path / "index.bin"
    source.write_bytes(b"x")
    built = {"rows": np.arange(5, dtype=np.int32), "blob": np.frombuffer(b"abc", np.uint8)}
    _columns_cache.mapped(source, "index", lambda: built)
    (folder,) = _entries(cache_dir)
    (folder / "rows.npy").write_bytes(b"not an array")
    again = _columns_cache.mapped(source, "index", lambda: built)
    assert again["rows"].tolist() == [0, 1, 2, 3, 4]
    warm = _columns_cache.mapped(source, "index", lambda: pytest.fail("built a third time"))
    assert warm["blob"].tobytes() == b"abc" and warm["rows"].tolist() == [0, 1, 2, 3, 4]


def _extract(cache: Path, output: Path) -> set[str]:
    probe = ("import json, sys, runpy\n"
             f"sys.argv = ['geo', 'extract', {str(ARTICLE)!r}, '-o', {str(output)!r}, '--published', '2024-01-02']\n"
             "try:\n    runpy.run_module('geo', run_name='__main__')\nexcept SystemExit as stop:\n"
             "    assert not stop.code, stop.code\n"
             "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": "", "GEO_CACHE_DIR": str(cache)})
    assert run.returncode == 0, run.stderr
    return set(json.loads(run.stdout.splitlines()[-1]))


def test_a_second_extract_reads_the_cache_without_pyarrow_and_writes_the_same_draft(tmp_path):
    cache = tmp_path / "cache"
    first = _extract(cache, tmp_path / "first.yaml")
    assert "pyarrow" in first and _entries(cache)
    second = _extract(cache, tmp_path / "second.yaml")
    assert "pyarrow" not in second, "a warm cache should spare the import"
    assert (tmp_path / "first.yaml").read_bytes() == (tmp_path / "second.yaml").read_bytes()
    shutil.rmtree(cache)
    off = _extract(Path("off"), tmp_path / "off.yaml")  # GEO_CACHE_DIR=off: nothing stored, same draft
    assert "pyarrow" in off and not cache.exists()
    assert (tmp_path / "off.yaml").read_bytes() == (tmp_path / "first.yaml").read_bytes()
