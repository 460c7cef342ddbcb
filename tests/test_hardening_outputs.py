"""Hardening: outputs that cannot destroy inputs, leak, inject or pile up (issue cases 1, 2, 5, 6, 9, 10, 11, 12).

Each case runs the real CLI: exit 2 with the problem and fix named, no
output, an existing output byte for byte, inputs untouched, no temporary
file left; or, for what geo writes, a check of the written bytes.
"""

from __future__ import annotations

import csv
import errno
import os
import re
import shutil
import time
from pathlib import Path

import pytest
from hardening import PREVIOUS, copy_case, leftovers, refused, run

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "belgorod-2023-04-20.yaml"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture()
def seed(tmp_path: Path) -> Path:
    """The Belgorod case copied with its article, so tests may write beside it."""
    folder = tmp_path / "case"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    shutil.copy(SEED.parent / "belgorod-2023-04-21-article.txt", folder)
    return folder / SEED.name


# --------------------------------------------------------------------------- 1: tiles are the runner's choice
def test_a_scenario_cannot_choose_a_tile_host(tmp_path: Path):
    case = copy_case("tiles-host.yaml", tmp_path)
    out = tmp_path / "map.html"
    refused(["map", str(case), "-o", str(out)], outputs=[out], says=["tiles-host.yaml", "map.tiles", "--tiles"])


def test_default_map_loads_no_tiles(tmp_path: Path):
    case = tmp_path / "case.yaml"
    case.write_text("title: t\nincidents:\n  - {id: a, date: 2023-04-20, lon: 36.58091, lat: 50.60343}\n",
                    encoding="utf-8")
    out = tmp_path / "map.html"
    result = run(["map", str(case), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "tile.openstreetmap.org" not in html and "{z}" not in html


def test_web_tiles_are_an_explicit_choice_said_plainly(tmp_path: Path):
    out = tmp_path / "map.html"
    result = run(["map", str(SEED), "-o", str(out), "--tiles", "OpenStreetMap.Mapnik"])
    assert result.exit_code == 0, result.stderr
    assert "tile.openstreetmap.org" in result.stderr and "IP address" in result.stderr, result.stderr


def test_unknown_tile_host_needs_to_be_allowed(tmp_path: Path):
    out = tmp_path / "map.html"
    url = "https://evil.example/track/victim42/{z}/{x}/{y}.png"
    refused(["map", str(SEED), "-o", str(out), "--tiles", url], outputs=[out],
            says=["evil.example", "--allow-tile-host"])
    allowed = run(["map", str(SEED), "-o", str(out), "--tiles", url, "--allow-tile-host", "evil.example"])
    assert allowed.exit_code == 0, allowed.stderr
    assert "evil.example" in allowed.stderr


# --------------------------------------------------------------------------- 2: output equal to an input
def test_report_over_its_scenario_is_refused(seed: Path):
    refused(["report", str(seed), "-o", str(seed)], outputs=[seed], keep=[seed], says=["input", "-o"])


def test_report_through_another_spelling_of_the_path(seed: Path):
    other = seed.parent / "." / ".." / seed.parent.name / seed.name
    refused(["report", str(seed), "-o", str(other), "--format", "html"], outputs=[seed], keep=[seed],
            says=["input"])


def test_markdown_png_over_an_input_is_refused(seed: Path):
    """The PNG beside ``article.md`` would replace ``article.png``, which the scenario reads."""
    folder = seed.parent
    article = folder / "belgorod-2023-04-21-article.png"
    shutil.copy(folder / "belgorod-2023-04-21-article.txt", article)
    text = seed.read_text(encoding="utf-8").replace("article: belgorod-2023-04-21-article.txt",
                                                    "article: belgorod-2023-04-21-article.png")
    seed.write_text(text, encoding="utf-8")
    out = folder / "belgorod-2023-04-21-article.md"
    refused(["report", str(seed), "-o", str(out)], outputs=[out, article], keep=[article, seed],
            says=["belgorod-2023-04-21-article.png", "input"])


def test_extract_over_its_article_is_refused(seed: Path):
    article = seed.parent / "belgorod-2023-04-21-article.txt"
    refused(["extract", str(article), "-o", str(article), "--published", "2023-04-21"], outputs=[article],
            keep=[article], says=["input"])


def test_distance_over_its_input_is_refused(tmp_path: Path):
    table = copy_case("formula-injection.csv", tmp_path)
    refused(["distance", str(table), "--border", "RUS-UKR", "-o", str(table)], outputs=[table], keep=[table],
            says=["input"])


def test_regions_over_their_layer_is_refused(tmp_path: Path):
    layer = copy_case("escape-names.geojson", tmp_path)
    refused(["regions", "UKR", "--from", str(layer), "-o", str(layer)], outputs=[layer], keep=[layer],
            says=["input"])


def test_map_png_over_a_file_the_scenario_reads_is_refused(seed: Path):
    folder = seed.parent
    article = folder / "article.png"
    shutil.copy(folder / "belgorod-2023-04-21-article.txt", article)
    seed.write_text(seed.read_text(encoding="utf-8").replace("article: belgorod-2023-04-21-article.txt",
                                                             "article: article.png"), encoding="utf-8")
    out = folder / "map.html"
    refused(["map", str(seed), "-o", str(out), "--png", str(article)], outputs=[out, article], keep=[article, seed],
            says=["article.png", "input"])


# --------------------------------------------------------------------------- 5: CSV formula injection
def _cells(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_distance_csv_neutralises_formulas(tmp_path: Path):
    table = copy_case("formula-injection.csv", tmp_path)
    out = tmp_path / "out.csv"
    result = run(["distance", str(table), "--border", "RUS-UKR", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    rows = _cells(out)
    for row in rows:
        for column, value in row.items():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), (column, value)
            if value.startswith("-"):
                float(value)  # only numbers may start with a minus
    assert rows[0]["location"].startswith("'=HYPERLINK(")
    assert rows[1]["notes"] == "'-2+3" and rows[3]["notes"] == "-12.5"
    assert float(rows[0]["border_distance_m"]) > 0
    raw = tmp_path / "raw.csv"
    kept = run(["distance", str(table), "--border", "RUS-UKR", "-o", str(raw), "--raw-csv"])
    assert kept.exit_code == 0, kept.stderr
    assert _cells(raw)[0]["location"].startswith("=HYPERLINK(")


def test_regions_csv_neutralises_formulas(tmp_path: Path):
    layer = copy_case("escape-names.geojson", tmp_path)
    out = tmp_path / "regions.csv"
    result = run(["regions", "UKR", "--from", str(layer), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    names = [row["name"] for row in _cells(out)]
    assert "'=cmd|' /C calc'!A0" in names


# --------------------------------------------------------------------------- 9: terminal escapes
def test_control_characters_never_reach_the_terminal(tmp_path: Path):
    layer = copy_case("escape-names.geojson", tmp_path)
    result = run(["regions", "UKR", "--from", str(layer)])
    assert result.exit_code == 0, result.stderr
    assert not CONTROL.search(result.stdout.replace("\n", "")), repr(result.stdout)
    assert "Evil" in result.stdout and "Clip Oblast" in result.stdout
    case = tmp_path / "esc.yaml"
    case.write_text('title: "t"\nincidents:\n  - {id: a, date: 2023-04-20, lon: 36.58091, lat: 50.60343}\n'
                    'regions: ["\\e]0;owned\\aNowhere Oblast"]\nmap: {tiles: none}\n', encoding="utf-8")
    again = run(["map", str(case), "-o", str(tmp_path / "m.html")])
    assert "\x1b" not in again.stderr and "\x07" not in again.stderr, repr(again.stderr)


# --------------------------------------------------------------------------- 6 and 12: writing fails
def _fail_writes(monkeypatch, match, err: int) -> None:
    """Make every write to a path for which ``match(name)`` holds fail with ``err``."""
    import builtins
    import io

    real_open, real_os_open = builtins.open, os.open

    def fake_open(file, mode="r", *args, **kwargs):
        if any(c in mode for c in "wax") and match(Path(str(file)).name):
            raise OSError(err, os.strerror(err), str(file))
        return real_open(file, mode, *args, **kwargs)

    def fake_os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and match(Path(str(path)).name):
            raise OSError(err, os.strerror(err), str(path))
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(io, "open", fake_open)
    monkeypatch.setattr(os, "open", fake_os_open)


def test_disk_full_during_markdown_keeps_the_old_png(seed: Path, monkeypatch):
    out = seed.parent / "report.md"
    png = seed.parent / "report.png"
    # The disk fills up while the Markdown is written (after the image): writes of new files named after
    # report.md fail; the test's own "previous output" files are written with the real open().
    _fail_writes(monkeypatch, lambda name: name.startswith(".report.md"), errno.ENOSPC)
    refused(["report", str(seed), "-o", str(out), "--generated-at", "2023-04-21T12:00:00Z"],
            outputs=[out, png], says=["report.md", "space"])


def test_read_only_folder_is_refused_before_the_analysis(seed: Path, monkeypatch):
    out = seed.parent / "published" / "map.html"
    out.parent.mkdir()
    # Creating any new file in the folder fails (the test's "previous output" predates the lock).
    _fail_writes(monkeypatch, lambda name: name.startswith("."), errno.EACCES)
    import geo.cli.cmd_map  # noqa: F401 - the command module, so its analysis can be watched

    result = refused(["map", str(seed), "-o", str(out)], outputs=[out], says=["published", "writ"])
    assert "analysing" not in result.stderr, "writability must be checked before the analysis"


def test_disk_full_is_refused_before_the_analysis(seed: Path, monkeypatch):
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9, 0))
    out = seed.parent / "map.html"
    result = refused(["map", str(seed), "-o", str(out)], outputs=[out], says=["space", str(seed.parent.name)])
    assert "analysing" not in result.stderr


def test_pdf_printer_killed_is_a_clear_error(seed: Path, monkeypatch):
    pytest.importorskip("playwright")
    from playwright._impl._errors import TargetClosedError
    from playwright.sync_api import Page

    def killed(self, *args, **kwargs):
        raise TargetClosedError("Target page, context or browser has been closed")

    monkeypatch.setattr(Page, "pdf", killed)
    monkeypatch.setenv("GEO_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
    if not Path(os.environ["GEO_CHROMIUM"]).exists():
        pytest.skip("Chromium is not installed")
    out = seed.parent / "report.pdf"
    refused(["report", str(seed), "-o", str(out)], outputs=[out], says=["report.pdf", "Chromium", "memory"])


# --------------------------------------------------------------------------- 10: worldwide static maps
def test_worldwide_static_map_fits_or_refuses(tmp_path: Path, monkeypatch):
    from matplotlib.text import Annotation

    from geo.render.staticmap import _figure

    drawn = []  # the figure the command draws and writes as the PNG, kept to look inside it

    def keep(*args, **kwargs):
        drawn.append(draw(*args, **kwargs))
        return drawn[-1]

    draw = _figure.static_map
    monkeypatch.setattr(_figure, "static_map", keep)
    case = copy_case("worldwide.yaml", tmp_path)
    out, png = tmp_path / "map.html", tmp_path / "map.png"
    result = run(["map", str(case), "-o", str(out), "--png", str(png)])
    # geo fits a world view to such an extent rather than refusing it.
    assert result.exit_code == 0, result.stderr
    assert png.read_bytes()[:4] == b"\x89PNG" and out.exists()
    [fig] = drawn
    ax = fig.axes[0]
    assert "Azimuthal Equidistant" not in ax.geo_crs.to_wkt(), "an azimuthal projection cannot hold both poles"
    assert "Equal Earth world projection" in " ".join(t.get_text() for t in fig.texts)
    texts = [t.get_text() for t in ax.texts]
    assert not any(t.strip() in {"0", "0 km", "0 m"} for t in texts), texts
    # No single scale bar or north arrow can be true across a world map: a note says so instead.
    assert any("the scale varies" in t for t in texts), texts
    assert not [a for a in ax.texts if isinstance(a, Annotation) and a.arrow_patch is not None]
    assert "N" not in texts


# --------------------------------------------------------------------------- 11: stale temporary files
def test_stale_temporary_files_are_cleaned(tmp_path: Path):
    table = copy_case("formula-injection.csv", tmp_path)
    out = tmp_path / "out.csv"
    stale = [tmp_path / ".out.csv.k3j4h5x_.tmp.csv", tmp_path / ".out.csv.99999999.a8b7.tmp.csv"]
    for path in stale:
        path.write_bytes(b"x" * 1000)
        old = time.time() - 3 * 86400
        os.utime(path, (old, old))
    result = run(["distance", str(table), "--border", "RUS-UKR", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert leftovers(tmp_path) == [], leftovers(tmp_path)
    assert out.read_bytes() != PREVIOUS
