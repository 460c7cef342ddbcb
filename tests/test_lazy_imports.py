"""``import geo`` is cheap: heavy libraries load when a name that needs them is first used.

Each check runs in a fresh interpreter, because this test process has long
imported everything. Timings are the benchmarks' business
(``benchmarks/reference.py``, ``benchmarks/extract.py``); these tests check
which modules a step loads, which is what makes it fast or slow.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import geo

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("geopandas", "folium", "branca", "matplotlib", "scipy", "dask", "distributed", "sklearn")


def loaded_after(code: str) -> set[str]:
    """Top-level packages in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": "", "GEO_CACHE_DIR": os.environ["GEO_CACHE_DIR"]})
    assert run.returncode == 0, run.stderr
    return set(json.loads(run.stdout.splitlines()[-1]))


def test_import_geo_loads_no_heavy_library():
    loaded = loaded_after("import geo")
    assert not loaded & {*HEAVY, "pandas", "shapely", "pyproj", "pyarrow"}, loaded & {*HEAVY, "pandas"}


def test_first_geocode_loads_no_geometry_stack():
    loaded = loaded_after("import geo\nassert geo.geocode('Belgorod')['country'] == 'RUS'")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_first_geocode_loads_no_pandas_and_its_geometry_only_shapely():
    """A ``geo.Place`` needs no pandas; its point geometry loads shapely when first read, and nothing else."""
    hit = "hit = geo.geocode('Prudianka')\nassert (hit.name, hit['admin1'], hit.population) == ('Prudianka', 'Kharkiv', 1924)"
    loaded = loaded_after(f"import geo\n{hit}")
    assert not loaded & {*HEAVY, "pandas", "shapely"}, loaded & {*HEAVY, "pandas", "shapely"}
    loaded = loaded_after(f"import geo\n{hit}\nassert hit.geometry.x == hit.lon")
    assert "shapely" in loaded and not loaded & {*HEAVY, "pandas"}, loaded & {*HEAVY, "pandas"}


@pytest.mark.parametrize("name", geo.__all__)
def test_every_public_name_resolves(name: str):
    value = getattr(geo, name)
    assert value is not None
    if name not in ("__version__", "settings"):
        assert getattr(value, "__name__", name) == name or not callable(value), (name, value)


def test_from_import_and_dir_see_every_public_name():
    namespace: dict = {}
    exec(f"from geo import {', '.join(geo.__all__)}", namespace)
    assert set(geo.__all__) <= set(namespace)
    assert set(geo.__all__) <= set(dir(geo))


def test_a_missing_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        geo.no_such_name  # noqa: B018
    assert not hasattr(geo.reference, "no_such_name")


def test_exported_names_win_over_same_named_submodules():
    """``geo.reference.countries`` is the function, as it was with eager imports, even after its module loads."""
    loaded = subprocess.run(
        [sys.executable, "-c",
         "import geo.reference.countries, geo.analysis.locate, geo.reference.regions._names, geo\n"
         "import geo.reference as r, geo.analysis as a\n"
         "print(callable(r.countries), callable(r.regions), callable(a.locate), geo.settings.__class__.__name__)"],
        capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.split() == ["True", "True", "True", "Settings"]



def test_the_extract_command_loads_no_geometry_stack(tmp_path):
    article = ROOT / "tests" / "data" / "articles" / "bessonovka-village.txt"
    code = ("import sys\nfrom geo.cli import main\n"
            f"sys.argv = ['geo', 'extract', {str(article)!r}, '-o', {str(tmp_path / 'draft.yaml')!r}, "
            "'--published', '2024-01-02']\n"
            "try:\n    main()\nexcept SystemExit as stop:\n    assert not stop.code, stop.code")
    loaded = loaded_after(code)
    assert (tmp_path / "draft.yaml").is_file()
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
    # A village's point needs distances (pyproj), not shapes: shapely and pandas stay out.
    assert not loaded & {"pandas", "shapely"}, loaded & {"pandas", "shapely"}


@pytest.mark.parametrize("code", ["UKR", "RUS", "NGA", "SYR", "ATA"])
def test_plain_region_columns_are_the_regions_frame(code: str):
    """What the extractor reads without geopandas is what ``geo.regions`` gives."""
    from geo.reference.regions import region_table

    table, frame = region_table(code.lower()), geo.regions(code)
    for column in ("name", "name_alt", "names"):
        assert table[column].tolist() == frame[column].tolist(), column
    assert all(a.equals_exact(b, 0) for a, b in zip(table["geometry"], frame.geometry, strict=True))
    assert {len(v) for v in region_table("XXX").values()} == {0}


def test_a_region_only_article_loads_no_geometry_stack(tmp_path):
    article = ROOT / "tests" / "data" / "articles" / "borno-state-only.txt"
    code = ("import sys\nfrom geo.cli import main\n"
            f"sys.argv = ['geo', 'extract', {str(article)!r}, '-o', {str(tmp_path / 'draft.yaml')!r}]\n"
            "try:\n    main()\nexcept SystemExit as stop:\n    assert not stop.code, stop.code")
    loaded = loaded_after(code)
    draft = (tmp_path / "draft.yaml").read_text(encoding="utf-8")
    assert "location_precision: 3" in draft and "outline of Borno State" in draft  # the bundled outline was read
    assert not loaded & {*HEAVY, "pandas"}, loaded & {*HEAVY, "pandas"}


LAZY_PACKAGES = ["geo", "geo.reference", "geo.reference.regions", "geo.input", "geo.input.extract", "geo.analysis",
                 "geo.analysis.distributed"]


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_each_lazy_package_table_matches_its_all(package: str):
    """A name in ``__all__`` but not in the lazy table (or the reverse) would fail only when first used."""
    import importlib

    module = importlib.import_module(package)
    table = module.__dict__["_lazy_exports"]
    assert set(table) <= set(module.__all__), set(table) - set(module.__all__)
    for name in module.__all__:
        assert getattr(module, name) is not None, f"{package}.{name}"


WARM_PROBE = ("import sys\nfrom geo.cli import main\nfrom geo.render.webmap import _document\n"
              "sys.argv = ['geo', '-q', 'map', sys.argv[2], '-o', sys.argv[1]]\n"
              "try:\n    main()\nexcept SystemExit as stop:\n    assert not stop.code, stop.code\n"
              "loaded = sorted({'folium', 'branca', 'jinja2', 'requests'} & set(sys.modules))\n"
              "print(loaded == ['branca', 'folium', 'jinja2', 'requests'] or (_document._from_child and not loaded), "
              "not loaded)")


@pytest.fixture(scope="module")
def plain_map(tmp_path_factory) -> tuple[subprocess.CompletedProcess, bytes]:
    """``geo map`` of the Belgorod seed with the cache off, run in a fresh interpreter as the console script runs it
    (``geo.cli.main``), printing which of folium's modules it loaded: the page the tests below expect."""
    out = tmp_path_factory.mktemp("plain") / "plain.html"
    seed = ROOT / "seeds" / "belgorod-2023-04-20.yaml"
    plain = subprocess.run([sys.executable, "-c", WARM_PROBE, str(out), str(seed)], capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT), "GEO_CACHE_DIR": "off"})
    assert plain.returncode == 0, plain.stderr[-2000:]
    return plain, out.read_bytes()


def test_a_warm_map_imports_no_folium(tmp_path, plain_map):
    """The second ``geo map`` fills folium's cached page skeleton: no folium, branca, Jinja or ``requests`` (which
    folium pulls in); with the cache off folium renders it every time (in this process, or in the child that
    renders it ahead, on Linux). The pages are the same bytes."""
    seed = ROOT / "seeds" / "belgorod-2023-04-20.yaml"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GEO_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", WARM_PROBE, str(tmp_path / f"{i}.html"), str(seed)],
                           capture_output=True, text=True, env=env) for i in range(2)]
    off, off_page = plain_map  # the same probe with the cache off (GEO_CACHE_DIR=off), shared with the tests below
    assert [r.returncode for r in (*runs, off)] == [0, 0, 0], [r.stderr[-2000:] for r in (*runs, off)]
    ahead = str(sys.platform.startswith("linux"))  # a first map has a child process import folium, not itself
    assert [r.stdout.split()[-2:] for r in (*runs, off)] == [["True", ahead], ["False", "True"], ["True", ahead]]
    pages = {(tmp_path / name).read_bytes() for name in ("0.html", "1.html")} | {off_page}
    assert len(pages) == 1


@pytest.mark.parametrize("child", ["raise RuntimeError('child fails')", "time.sleep(600)"], ids=["fails", "hangs"])
def test_a_failed_render_ahead_leaves_the_page_to_the_command(tmp_path, child, plain_map):
    """When the child rendering the page skeleton ahead fails or hangs, ``geo map`` renders it itself: the
    same page (a hung child is ended at the deadline)."""
    seed = ROOT / "seeds" / "belgorod-2023-04-20.yaml"
    probe = ("import os, sys, time\nfrom geo.cli import main\nfrom geo.render.webmap import _document\n"
             "parent, render = os.getpid(), _document._render_with_folium\n"
             "_document._CHILD_SECONDS = 0.2\n"  # the hung child is ended at this deadline
             "def in_parent_only(values):\n"
             f"    if os.getpid() != parent:\n        {child}\n"
             "    return render(values)\n"
             "_document._render_with_folium = in_parent_only\n"
             f"sys.argv = ['geo', '-q', 'map', {str(seed)!r}, '-o', sys.argv[1]]\n"
             "try:\n    main()\nexcept SystemExit as stop:\n    assert not stop.code, stop.code\n"
             "print(_document._from_child, 'folium' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GEO_CACHE_DIR": "off"}
    failed = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "failed.html")], capture_output=True,
                            text=True, env=env)
    assert failed.returncode == 0, failed.stderr[-2000:]
    assert failed.stdout.split()[-2:] == ["False", "True"]
    assert (tmp_path / "failed.html").read_bytes() == plain_map[1]
