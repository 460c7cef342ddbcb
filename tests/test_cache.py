"""The on-disk cache of distance bands: same answer warm or cold, never stale, never fatal, can be turned off."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
import shapely

import geo
from geo import _cache
from geo.analysis import bands as bands_module
from geo.settings import Settings, settings

ROOT = Path(__file__).resolve().parents[1]
LINE = shapely.LineString([(36.0, 50.0), (36.4, 50.3), (36.9, 50.2)])


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    return tmp_path / "cache"


def _entries(folder: Path) -> list[Path]:
    return sorted((folder / "bands").glob("*.npz")) if (folder / "bands").exists() else []


def _no_building(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("bands were rebuilt instead of read from the cache")
    monkeypatch.setattr(bands_module, "_build_band_shapes", fail)


def test_second_call_reads_the_same_bands_from_the_cache(cache_dir, monkeypatch):
    cold = geo.border_bands(LINE, [5_000, 20_000], clip_to="UKR")
    assert len(_entries(cache_dir)) == 1
    _no_building(monkeypatch)
    warm = geo.border_bands(LINE, [5_000, 20_000], clip_to="UKR")
    assert warm["label"].tolist() == cold["label"].tolist()
    assert warm["area_m2"].tolist() == cold["area_m2"].tolist()
    assert all(shapely.equals_exact(a, b, tolerance=0) for a, b in zip(warm.geometry, cold.geometry, strict=True))


@pytest.mark.parametrize("change", [
    {"distances_m": [5_000, 25_000]},
    {"clip_to": "RUS"},
    {"circle_vertices": 64},
    {"border": shapely.LineString([(36.0, 50.0), (36.4, 50.31), (36.9, 50.2)])},
])
def test_any_change_of_input_gets_its_own_entry(cache_dir, change):
    args = {"border": LINE, "distances_m": [5_000, 20_000], "clip_to": "UKR"} | change
    geo.border_bands(LINE, [5_000, 20_000], clip_to="UKR")
    geo.border_bands(**args)
    assert len(_entries(cache_dir)) == 2


@pytest.mark.parametrize("damage", [b"", b"not a zip file", "truncate"])
def test_a_corrupt_entry_is_rebuilt_and_logged(cache_dir, caplog, damage):
    cold = geo.border_bands(LINE, [5_000, 20_000])
    (entry,) = _entries(cache_dir)
    entry.write_bytes(entry.read_bytes()[:200] if damage == "truncate" else damage)
    with caplog.at_level(logging.DEBUG, logger="geo"):
        again = geo.border_bands(LINE, [5_000, 20_000])
    assert again["area_m2"].tolist() == cold["area_m2"].tolist()
    assert any("cache" in r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG)
    geo.border_bands(LINE, [5_000, 20_000])  # rewritten: readable again
    assert _cache.load("bands", entry.stem) is not None


def test_an_entry_with_the_wrong_arrays_is_rebuilt(cache_dir):
    cold = geo.border_bands(LINE, [5_000, 20_000])
    (entry,) = _entries(cache_dir)
    with open(entry, "wb") as handle:
        import numpy as np
        np.savez(handle, something_else=np.arange(3))
    assert geo.border_bands(LINE, [5_000, 20_000])["area_m2"].tolist() == cold["area_m2"].tolist()


def test_an_unwritable_cache_is_skipped(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setattr(settings, "cache_dir", blocker / "cache")
    assert len(geo.border_bands(LINE, [5_000])) == 1


def test_cache_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "cache_dir", None)
    monkeypatch.chdir(tmp_path)
    geo.border_bands(LINE, [5_000, 20_000])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("value", "expected"), [
    ("off", None), ("OFF", None), ("0", None), ("none", None), ("~/x/geo-cache", Path.home() / "x" / "geo-cache"),
])
def test_geo_cache_dir_setting(monkeypatch, value, expected):
    monkeypatch.setenv("GEO_CACHE_DIR", value)
    assert Settings().cache_dir == expected


def test_default_is_the_xdg_user_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("GEO_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert Settings().cache_dir == tmp_path / "geo"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert Settings().cache_dir == Path.home() / ".cache" / "geo"


def test_tests_use_a_temporary_cache():
    assert settings.cache_dir is not None and Path.home() / ".cache" not in settings.cache_dir.parents
    assert os.environ["GEO_CACHE_DIR"] == str(settings.cache_dir)


def test_the_cli_with_the_cache_off_leaves_no_cache(tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GEO_CACHE_DIR": "off", "HOME": str(home), "GEO_PROGRESS": "0"}
    env.pop("XDG_CACHE_HOME", None)
    out = tmp_path / "map.html"
    run = subprocess.run([sys.executable, "-m", "geo", "map", str(ROOT / "seeds" / "belgorod-2023-04-20.yaml"),
                          "-o", str(out)], env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert out.exists() and not (home / ".cache").exists()


def test_bundled_geoparquet_reads_as_geopandas_reads_it(tmp_path):
    """The faster reader of bundled files gives geopandas' frame; a file in another CRS goes to geopandas."""
    import geopandas as gpd

    from geo.reference._datafiles import data_file, read_geoparquet

    for name, options in [("countries.parquet", {}), ("borders.parquet", {}),
                          ("admin1.parquet", {"columns": ["name", "country", "geometry"],
                                              "filters": [("country", "==", "UKR")]})]:
        ours, theirs = read_geoparquet(data_file(name), **options), gpd.read_parquet(data_file(name), **options)
        assert ours.equals(theirs) and ours.dtypes.equals(theirs.dtypes) and ours.crs == theirs.crs
    for code in ("RUS", "FRA", "XXX"):  # one equality filter: row groups by their statistics, then a mask
        options = {"columns": ["name", "country", "geometry"], "filters": [("country", "==", code)]}
        ours, theirs = read_geoparquet(data_file("admin1.parquet"), **options), gpd.read_parquet(
            data_file("admin1.parquet"), **options)
        assert ours.equals(theirs) and ours.index.equals(theirs.index)
    projected = gpd.read_parquet(data_file("borders.parquet")).to_crs(3857)
    projected.to_parquet(tmp_path / "m.parquet")
    assert read_geoparquet(tmp_path / "m.parquet").crs.to_epsg() == 3857


def test_border_regions_read_their_border_pieces_from_the_cache(cache_dir, monkeypatch):
    from geo.reference.regions import _along_border

    cold = _along_border._border_regions_cached.__wrapped__("UKR", "RUS", 0.0, 10_000.0, 0)
    assert len(list((cache_dir / "border-regions").glob("*.npz"))) == 1

    def fail(*args, **kwargs):
        raise AssertionError("border pieces were assigned again instead of read from the cache")
    monkeypatch.setattr(_along_border, "_assign_pieces", fail)
    warm = _along_border._border_regions_cached.__wrapped__("UKR", "RUS", 0.0, 10_000.0, 0)
    assert warm.drop(columns="geometry").equals(cold.drop(columns="geometry"))
    with pytest.raises(AssertionError, match="assigned again"):  # another tolerance is another entry
        _along_border._border_regions_cached.__wrapped__("UKR", "RUS", 0.0, 5_000.0, 0)


def test_world_basemap_is_read_from_the_cache(cache_dir, monkeypatch):
    """Without a bundled world layer at the map's tolerance, the one computed is cached."""
    import importlib

    from geo.render.webmap import _basemap

    monkeypatch.setattr(importlib.import_module("geo.reference.countries"), "simplified_world", lambda tolerance: None)
    cold_land, cold_lines = _basemap._world_layers.__wrapped__()
    assert len(list((cache_dir / "basemap").glob("*.npz"))) == 1
    monkeypatch.setattr(_basemap, "_simplified_world", lambda: (_ for _ in ()).throw(AssertionError("rebuilt")))
    land, lines = _basemap._world_layers.__wrapped__()
    assert shapely.equals_exact(land, cold_land, 0).all() and shapely.equals_exact(lines, cold_lines, 0).all()


def test_cache_folders_are_private(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "new" / "geo")
    geo.border_bands(LINE, [5_000])
    assert (tmp_path / "new" / "geo").stat().st_mode & 0o077 == 0
    assert (tmp_path / "new" / "geo" / "bands").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("box, focus", [((33.6, 48.6, 39.6, 52.6), (35.0, 50.0, 37.0, 51.0)),
                                        ((33.6, 48.6, 39.6, 52.6), None), (None, None),
                                        ((-170.0, -80.0, -169.0, -79.5), None)])
def test_basemap_payload_is_read_from_the_cache_unchanged(cache_dir, monkeypatch, box, focus):
    import json

    from geo.render.webmap import _basemap

    _basemap._world_layers()  # its entry may be in another test's folder: count only the payload's
    before = set((cache_dir / "basemap").glob("*.npz")) if (cache_dir / "basemap").exists() else set()
    cold = _basemap.basemap_payload.__wrapped__(box, focus)
    assert len(set((cache_dir / "basemap").glob("*.npz")) - before) == 1
    monkeypatch.setattr(_basemap, "_build_payload", lambda *a: (_ for _ in ()).throw(AssertionError("rebuilt")))
    warm = _basemap.basemap_payload.__wrapped__(box, focus)
    assert json.dumps(warm) == json.dumps(cold) and warm == cold
    with pytest.raises(AssertionError, match="rebuilt"):  # another view is another entry
        _basemap.basemap_payload.__wrapped__(box, (0.0, 0.0, 1.0, 1.0))


def test_a_corrupt_basemap_payload_is_rebuilt(cache_dir):
    from geo.render.webmap import _basemap

    box = (33.6, 48.6, 39.6, 52.6)
    cold = _basemap.basemap_payload.__wrapped__(box, None)
    for path in (cache_dir / "basemap").glob("*.npz"):
        path.write_bytes(path.read_bytes()[:100])
    assert _basemap.basemap_payload.__wrapped__(box, None) == cold


def test_page_skeleton_from_the_cache_is_what_folium_renders(cache_dir, monkeypatch):
    """A map page filled into the cached skeleton is byte for byte the page folium renders with the same values,
    cold (folium renders the skeleton) and warm (read back, folium not called)."""
    import importlib

    document = importlib.import_module("geo.render.webmap._document")
    data = {"version": 1, "title": "t </script><b>", "n": [1, 2.5, None]}
    values = {
        "title": "<title>Kharkiv &amp; Belgorod</title>",
        "leaflet_css": document._assets.inline_style(document._assets.leaflet_css()),
        "geo_css": document._assets.inline_style(document._assets.geo_css()),
        "leaflet_js": document._assets.inline_script(document._assets.leaflet_js()),
        "geo_js": document._assets.inline_script(document._assets.geo_js()),
        "data": importlib.import_module("geo.render.webmap._payload").script_block(
            data, element_id=document.DATA_ELEMENT_ID),
    }
    expected = document._render_with_folium(values)
    document._skeleton.cache_clear()
    cold = document.build_document(data, title="Kharkiv & Belgorod")
    assert list((cache_dir / "page").glob("*.npz"))
    document._skeleton.cache_clear()

    def no_folium(values):
        raise AssertionError("folium rendered the skeleton again instead of reading it from the cache")

    monkeypatch.setattr(document, "_render_with_folium", no_folium)
    warm = document.build_document(data, title="Kharkiv & Belgorod")
    document._skeleton.cache_clear()
    assert cold == warm == expected
    assert "GeoMap.render(map_geo" in warm and "\x00" not in warm
