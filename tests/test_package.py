"""Packaging: the wheel carries its data, the console script works."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import geo

ROOT = Path(__file__).resolve().parent.parent


def run_geo(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True, cwd=cwd)


def test_version():
    out = run_geo("--version")
    assert out.returncode == 0
    assert geo.__version__ in out.stdout


def test_help_lists_commands_and_examples():
    out = run_geo("--help")
    assert out.returncode == 0
    assert "map" in out.stdout and "Examples" in out.stdout


def test_public_names_are_reexported():
    assert {"analyze", "distance_to_border", "ImpactMap", "InputError", "compass_point"} <= set(geo.__all__)
    for name in geo.__all__:
        assert hasattr(geo, name), name


@pytest.mark.slow
def test_non_editable_wheel_finds_its_data(tmp_path):
    """Build the wheel, install it into a bare target folder and load data from there."""
    dist = tmp_path / "dist"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist),
                            str(ROOT)], capture_output=True, text=True)
    if build.returncode != 0 and "hatchling" in build.stderr:
        build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), str(ROOT)],
                               capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(dist.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    bundled = ["countries.parquet", "borders.parquet", "world_basemap.parquet", "countries.VERSION.txt",
               "admin1.parquet", "gazetteer.parquet", "gazetteer_alternates.parquet", "gazetteer_index.npz"]
    for name in bundled:
        assert f"geo/_data/{name}" in names, name
    sizes = {info.filename: info.compress_size for info in zipfile.ZipFile(wheel).infolist()}
    assert sum(size for name, size in sizes.items() if name.startswith("geo/_data/")) <= 40e6  # issue 14's budget
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target),
                    str(wheel)], check=True)
    probe = ("import geo, pathlib; p = geo.reference._datafiles.data_file('countries.parquet'); "
             "assert 'site' in str(p), p; print(len(geo.countries()), geo.border('RUS','UKR').geom_type); "
             "assert 'site' in str(geo.reference._datafiles.data_file('gazetteer_index.npz')); "
             "print(geo.geocode('Prudianka')['country'], len(geo.places()) > 190000, len(geo.regions()) > 4500, "
             "geo.regions('UKR').set_index('code').loc['UA-43', 'country'])")
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["250", "LineString", "UKR", "True", "True", "UKR"]
