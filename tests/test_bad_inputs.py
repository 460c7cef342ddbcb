"""The bad-inputs corpus (tests/data/bad/): every case is repaired with a warning or refused with a clear error.

Each case names the file, how it is read, and what geo must say: the error
class and words naming the row/feature, the problem and the fix; or the
RepairWarning saying what changed and a check of the repaired result. The
CLI half runs the same error cases through ``geo distance`` and ``geo
report``: exit status 2, no traceback (``--debug`` shows one), no output
file, and an existing output file left byte-for-byte as it was.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import common
import pytest
import shapely
from click.testing import CliRunner

import geo

CORPUS = Path(__file__).resolve().parent / "data" / "bad"


def _load_make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_corpus = _load_make_corpus()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed cases and the generated ones, side by side in a scratch folder."""
    dest = tmp_path_factory.mktemp("bad")
    for path in CORPUS.iterdir():
        if path.is_file() and path.suffix != ".py":
            shutil.copy(path, dest / path.name)
    make_corpus.build(dest)
    return dest


@dataclass(frozen=True)
class Case:
    """One bad input and what geo must do with it."""

    file: str
    read: str  # "table" (read_table), "incidents", "damage" (read_table + validate_*), "scenario"
    error: type[Exception] | None = None
    warning: type[Warning] | None = None
    says: tuple[str, ...] = ()
    options: dict = field(default_factory=dict)
    check: Callable[[object], None] | None = None

    @property
    def id(self) -> str:
        return self.file


def _read(case: Case, folder: Path):
    path = folder / case.file
    if case.read == "scenario":
        return geo.load_scenario(path)
    frame = geo.read_table(path, **case.options)
    if case.read == "incidents":
        return geo.validate_incidents(frame, source=str(path))
    if case.read == "damage":
        return geo.validate_damage(frame, source=str(path))
    return frame


# --------------------------------------------------------------------------- checks on accepted results

def _geom(i: int = 0) -> Callable[[object], shapely.Geometry]:
    return lambda frame: frame.geometry.iat[i]


def _all_valid_ccw(frame) -> None:
    for g in frame.geometry:
        assert g.is_valid and g.geom_type in ("Polygon", "MultiPolygon")
        assert all(p.exterior.is_ccw for p in shapely.get_parts(g))


def _bowtie_is_two_triangles(frame) -> None:
    _all_valid_ccw(frame)
    fixed = frame.geometry.iat[1]
    assert fixed.geom_type == "MultiPolygon" and len(fixed.geoms) == 2
    # Half the square's area: the two triangles between the crossing diagonals and the sides.
    assert fixed.area == pytest.approx(common.SQUARE.area / 2, rel=1e-9)


def _closed_square(frame) -> None:
    _all_valid_ccw(frame)
    assert frame.geometry.iat[1].equals(common.SQUARE)


def _same_as_square(frame) -> None:
    _all_valid_ccw(frame)
    assert frame.geometry.iat[0].equals(common.SQUARE)
    assert len(frame.geometry.iat[0].exterior.coords) == 5


def _split_at_180(frame) -> None:
    g = frame.geometry.iat[0]
    assert g.geom_type == "MultiPolygon" and len(g.geoms) == 2
    west, east = sorted(g.geoms, key=lambda p: p.bounds[0])
    assert west.bounds[0] == pytest.approx(-180.0) and west.bounds[2] == pytest.approx(-179.8)
    assert east.bounds[0] == pytest.approx(179.8) and east.bounds[2] == pytest.approx(180.0)
    # 0.4° x 0.2° near 16.8°S, not a band around the world
    assert geo.geodesic_area(g) == pytest.approx(geo.geodesic_area(common.ANTIMERIDIAN_SPLIT), rel=1e-6)


def _two_blocks(frame) -> None:
    g = frame.geometry.iat[0]
    assert g.geom_type == "MultiPolygon" and len(g.geoms) == 2


def _points_2d(frame) -> None:
    assert not shapely.has_z(frame.geometry.values).any()
    assert not shapely.has_m(frame.geometry.values).any()
    assert frame.geometry.iat[0].coords[0] == pytest.approx((36.58, 50.60), abs=0.01)


def _one_point(frame) -> None:
    assert frame.geometry.iat[0].geom_type == "Point"
    assert frame.geometry.iat[0].coords[0] == pytest.approx((36.58, 50.60), abs=1e-12)


def _unlocated(frame) -> None:
    assert frame.geometry.isna().all() and list(frame["kind"]) == ["windows"]


def _decimal_commas(frame) -> None:
    assert frame.geometry.iat[0].coords[0] == pytest.approx(make_corpus.BELGOROD, abs=1e-12)
    assert frame.geometry.iat[1].coords[0] == pytest.approx((36.9, 50.41), abs=1e-12)


def _nul_removed(frame) -> None:
    assert list(frame["location"]) == ["Belgorod", "Shebekino"]
    assert frame.geometry.iat[1].coords[0] == pytest.approx(make_corpus.SHEBEKINO)


def _kept(column: str, expected: str) -> Callable[[object], None]:
    def check(frame) -> None:
        assert frame[column].iat[0] == expected  # byte for byte: escaping is the renderers' job

    return check


def _long_string(frame) -> None:
    value = frame["notes"].iat[0]
    assert len(value) == make_corpus.ONE_MB and value.startswith("Belgorod Belgorod")


def _text_scenario(case) -> None:
    assert case.title == "Strike 💥 on \u202edlrow\u202c\nsecond line"
    assert case.incidents["location"].iat[0] == "Belgorod 🏙️\nresidential area"
    assert case.incidents["notes"].iat[0] == "kept  NUL"


def _layer_read(frame, rows: int, kind: str = "Point") -> None:
    assert len(frame) == rows and (frame.geom_type == kind).all()


def _web_mercator_read_back(frame) -> None:
    assert frame.crs.to_epsg() == 3857


def _unclosed_wkt_scenario(case) -> None:
    assert case.damage.geometry.iat[0].equals(common.SQUARE)


# --------------------------------------------------------------------------- the corpus

FIX = "(fix: "
CASES: list[Case] = [
    # ---- files
    Case("empty.csv", "table", geo.InputError, says=("empty (0 bytes)", "export the data again")),
    Case("blank-lines.csv", "table", geo.InputError, says=("no header row", "first line must name the columns")),
    Case("header-only.csv", "table", geo.InputError, says=("zero rows", "add at least one row")),
    Case("empty-collection.geojson", "table", geo.InputError, says=("zero features", "add at least one feature")),
    Case("truncated.geojson", "table", geo.InputError, says=("not a readable vector file", "check the file is complete")),
    Case("truncated.gpkg", "table", geo.InputError, says=("not a readable vector file", "malformed",
                                                         "check the file is complete")),
    Case("geojson-content.csv", "table", geo.InputError, says=("looks like GeoJSON", "rename it to geojson-content.geojson")),
    Case("csv-content.geojson", "table", geo.InputError, says=("looks like CSV text", "rename it to csv-content.csv")),
    Case("cp1252.csv", "table", geo.InputError, says=("not UTF-8", "byte 0x8a at line 3", "re-save the file as UTF-8")),
    Case("cp1252.geojson", "table", geo.InputError, says=("not UTF-8", "byte 0x8a", "re-save the file as UTF-8")),
    Case("utf16.csv", "table", geo.InputError, says=("UTF-16", "re-save the file as UTF-8")),
    Case("utf16-no-bom.csv", "table", geo.InputError, says=("UTF-16", "re-save the file as UTF-8")),
    Case("two-layers.gpkg", "table", geo.InputError, says=("2 layers (incidents, damage); which one?",
                                                          "--layer 'incidents'")),
    Case("two-folders.kml", "table", geo.InputError, says=("2 layers (Incidents, Damage); which one?", "--layer")),
    Case("two-layers.gpkg", "incidents", options={"layer": "incidents"}, check=lambda f: _layer_read(f, 2)),
    Case("two-folders.kml", "table", options={"layer": "Damage"}, check=lambda f: _layer_read(f, 1, "Polygon")),
    Case("two-layers.gpkg", "table", geo.InputError, options={"layer": "strikes"},
         says=("has no layer 'strikes'; it has incidents, damage", "--layer 'incidents'")),
    Case("no-prj.shp", "table", geo.MissingCRSError, says=("no coordinate reference system", "without .prj",
                                                          "--crs EPSG:4326")),
    # ---- coordinates
    Case("lat-out-of-range.csv", "table", geo.InputError, says=("row 2", "latitude 249.99 is outside -90..90",
                                                               "check the value and column order")),
    Case("lon-540.csv", "table", geo.InputError, says=("row 2", "longitude 540.0 is outside -180..180",
                                                      "540 is 180")),
    Case("nan.csv", "table", geo.InputError, says=("row 2", "not a finite number (NaN", "decimal degrees")),
    Case("inf.csv", "table", geo.InputError, says=("row 3", "not a finite number (infinity)", "decimal degrees")),
    Case("huge.csv", "table", geo.InputError, says=("row 1", "(1e+308, 50.6) is not a position on Earth",
                                                   "fix or drop the row")),
    Case("blank-cell.csv", "table", geo.InputError, says=("row 2", "column 'lon' has an empty cell",
                                                         "fill in the coordinate")),
    Case("abc-cell.csv", "table", geo.InputError, says=("row 2", "column 'lat'", "not a number: 'abc'",
                                                       "decimal degrees such as 36.58")),
    Case("decimal-comma.csv", "table", warning=geo.RepairWarning,
         says=("rows 1, 2", "column 'lon'", "decimal comma (36,58091)", "(36.58091)"), check=_decimal_commas),
    Case("decimal-comma-unquoted.csv", "table", geo.InputError, says=("row 1", "more fields than the header",
                                                                     "decimal comma")),
    Case("swapped-moscow.csv", "incidents", geo.InputError,
         says=("row 1", "(lon 55.7558, lat 37.6173) lies in IRN, not in RUS", "look swapped", "never swaps silently")),
    Case("swapped-location-only.csv", "table", geo.InputError,
         says=("row 2", "far from 'Moscow'", "(lon 37.6173, lat 55.7558) is near it", "look swapped")),
    Case("swapped-columns.csv", "table", geo.InputError,
         says=("row 1", "latitude 131.8735 is outside", "look swapped", "swap the two columns")),
    Case("swapped-at-sea.csv", "table", warning=geo.GeoWarning,
         says=("rows 1, 2", "lie at sea", "on land (GHA, NGA)", "swap the columns")),
    Case("projected-metres.csv", "table", geo.InputError,
         says=("row 1", "(4,072,000, 6,551,000) look like projected metres", "--crs EPSG:3857")),
    Case("projected-metres.csv", "table", options={"crs": "EPSG:3857"}, check=_web_mercator_read_back),
    Case("projected-metres.geojson", "table", geo.InputError,
         says=("feature 1", "look like projected metres", "declares EPSG:4326", "export it again in EPSG:4326")),
    Case("mixed-crs.yaml", "scenario", geo.CRSMismatchError,
         says=("different coordinate reference systems", "incidents_file (incidents-3857.geojson): EPSG:3857",
               "damage_file (damage-4326.geojson): EPSG:4326", "reproject them to one CRS")),
    # ---- geometry
    Case("bowtie.geojson", "damage", warning=geo.RepairWarning,
         says=("feature 2", "Self-intersection", "make_valid"), check=_bowtie_is_two_triangles),
    Case("unclosed-ring.geojson", "damage", warning=geo.RepairWarning,
         says=("feature 2", "not closed", "repeating their first point"), check=_closed_square),
    Case("ring-3-points.geojson", "damage", geo.SchemaError,
         says=("feature 2", "fewer than 4 points", "three corners and its first point repeated")),
    Case("hole-outside.geojson", "damage", geo.SchemaError,
         says=("feature 2", "hole that lies outside its polygon", "make it its own polygon")),
    Case("duplicate-vertices.geojson", "damage", warning=geo.RepairWarning,
         says=("feature 1", "repeated consecutive vertices", "removed the repeats"), check=_same_as_square),
    Case("clockwise.geojson", "damage", warning=geo.RepairWarning,
         says=("feature 1", "clockwise outer rings", "counter-clockwise", "RFC 7946"), check=_same_as_square),
    Case("empty-geometry.geojson", "incidents", geo.InputError,
         says=("row 2", "no location (empty or missing geometry)", "give lon/lat for every incident")),
    Case("unlocated-damage.geojson", "damage", check=_unlocated),
    Case("mixed-types.geojson", "incidents", geo.SchemaError,
         says=("row 2", "must be points, got a Polygon (the layer mixes geometry types)", "damage areas")),
    Case("mixed-types-damage.geojson", "damage", geo.SchemaError,
         says=("feature 2", "must be polygons, got LineString (the layer mixes geometry types)", "incidents")),
    Case("collection-polygons.geojson", "damage", warning=geo.RepairWarning,
         says=("feature 1", "GeometryCollections of polygons", "one MultiPolygon"), check=_two_blocks),
    Case("collection-mixed.geojson", "damage", geo.SchemaError,
         says=("feature 2", "GeometryCollection holding Point besides polygons", "list points as incidents")),
    Case("z-points.geojson", "incidents", warning=geo.RepairWarning,
         says=("rows 1, 2", "Z (height)", "dropped them"), check=_points_2d),
    Case("m-values.shp", "incidents", warning=geo.RepairWarning, says=("M (measure)", "dropped them"),
         check=_points_2d),
    Case("single-multipoint.geojson", "incidents", warning=geo.RepairWarning,
         says=("row 1", "MultiPoints holding one point", "that Point"), check=_one_point),
    Case("antimeridian-box.geojson", "damage", warning=geo.RepairWarning,
         says=("feature 1", "cross the antimeridian", "split them at ±180°"), check=_split_at_180),
    # ---- scenario YAML
    Case("missing-title.yaml", "scenario", geo.ScenarioError, says=("title: missing required key 'title'",
                                                                   "add a line 'title: ...'")),
    Case("unknown-key.yaml", "scenario", geo.ScenarioError, says=("the top level", "unknown key 'incidnets'",
                                                                 "allowed keys: ")),
    Case("unknown-incident-key.yaml", "scenario", geo.ScenarioError,
         says=("incidents[0]", "unknown keys 'latitude', 'longitude'", "allowed keys: ")),
    Case("wrong-type.yaml", "scenario", geo.ScenarioError, says=("incidents[0].lat", "must be a number, got 'fifty'",
                                                                "plain number")),
    Case("wrong-type-list.yaml", "scenario", geo.ScenarioError, says=("incidents", "must be a list", "- {id: ")),
    Case("bad-date.yaml", "scenario", geo.ScenarioError, says=("incidents[0].date", "not a date: '2023-04-31'",
                                                              "YYYY-MM-DD")),
    Case("missing-file.yaml", "scenario", geo.ScenarioError,
         says=("incidents_file", "missing file 'nowhere/incidents.csv'", "relative to the scenario file")),
    Case("unknown-iso-border.yaml", "scenario", geo.ScenarioError, says=("borders[0]", "unknown country code 'XYZ'",
                                                                        "alpha-3")),
    Case("unknown-iso-country.yaml", "scenario", geo.ScenarioError,
         says=("incidents[0].country", "unknown country code 'RUX'", "did you mean RUS")),
    Case("not-a-mapping.yaml", "scenario", geo.ScenarioError, says=("must be a mapping of keys, got list",
                                                                   "start with 'title:'")),
    Case("bad-yaml.yaml", "scenario", geo.ScenarioError, says=("not valid YAML", "line 4", "indentation")),
    Case("nul.yaml", "scenario", geo.ScenarioError, says=("not valid YAML", "#x0000", "line 1")),
    Case("unclosed-wkt.yaml", "scenario", warning=geo.RepairWarning,
         says=("damage[0].wkt", "not closed", "repeating its first point"), check=_unclosed_wkt_scenario),
    Case("text.yaml", "scenario", warning=geo.RepairWarning, says=("row 1", "NUL characters in notes"),
         check=_text_scenario),
    # ---- text
    Case("long-string.csv", "incidents", check=_long_string),
    Case("bidi.csv", "incidents", check=_kept("location", "\u202edorogleB\u202c <b>x</b>")),
    Case("emoji.csv", "incidents", check=_kept("notes", "💥 explosion; 🚒 fire")),
    Case("newline-in-name.csv", "table", geo.InputError, says=("row 2", "latitude 95.5", "look swapped")),
    Case("nul-in-field.csv", "incidents", warning=geo.RepairWarning, says=("NUL characters at lines 2, 3",
                                                                          "removed them"), check=_nul_removed),
    Case("bad-date.csv", "incidents", geo.SchemaError, says=("row 2", "not dates in YYYY-MM-DD form", "'2023-04-31'",
                                                            "ISO 8601")),
    Case("ambiguous-date.csv", "incidents", geo.SchemaError,
         says=("row 1", "'04/05/2023'", "could be day/month or month/day", "YYYY-MM-DD")),
]


def test_corpus_is_large_and_complete(corpus: Path):
    assert len({c.file for c in CASES}) >= 35
    assert len(CASES) >= 60
    on_disk = {p.name for p in corpus.iterdir()} - {"no-prj.shx", "no-prj.dbf", "m-values.shx", "m-values.dbf",
                                                     "m-values.prj", "no-prj.cpg", "incidents-3857.geojson",
                                                     "damage-4326.geojson"}
    assert on_disk == {c.file for c in CASES}, "every file in tests/data/bad/ is a case, and every case has a file"
    assert all((corpus / name).exists() for name in make_corpus.GENERATED)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.file}{'+' + str(c.options) if c.options else ''}")
def test_case(case: Case, corpus: Path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if case.error is not None:
            with pytest.raises(case.error) as info:
                _read(case, corpus)
            message = str(info.value)
            assert case.file in message, f"the error must name the file: {message}"
            assert FIX in message, f"the error must say how to fix it: {message}"
            assert "Traceback" not in message
            for words in case.says:
                assert words in message, f"{words!r} missing from: {message}"
            return
        result = _read(case, corpus)
    if case.warning is not None:
        mine = [str(w.message) for w in caught if issubclass(w.category, case.warning)]
        assert mine, f"expected a {case.warning.__name__}, got {[str(w.message) for w in caught]}"
        text = " | ".join(mine)
        assert case.file in text, f"the warning must name the file: {text}"
        for words in case.says:
            assert words in text, f"{words!r} missing from: {text}"
    else:
        unexpected = [str(w.message) for w in caught if issubclass(w.category, geo.GeoWarning)]
        assert not unexpected, f"an accepted case must not warn: {unexpected}"
    if case.check is not None:
        case.check(result)


# --------------------------------------------------------------------------- the same repairs, geometry by geometry

@pytest.mark.parametrize("name", list(common.REPAIRED_POLYGONS))
def test_repaired_polygons_warn_and_come_out_valid(name: str):
    import geopandas as gpd

    shape, words = common.REPAIRED_POLYGONS[name]
    frame = gpd.GeoDataFrame({"id": [name]}, geometry=[shape], crs=4326)
    with pytest.warns(geo.RepairWarning, match=re.escape(words)):
        out = geo.validate_damage(frame, source=f"{name}.geojson")
    _all_valid_ccw(out)
    assert not shapely.has_z(out.geometry.values).any() and not shapely.has_m(out.geometry.values).any()
    assert geo.geodesic_area(out.geometry.iat[0]) > 0


@pytest.mark.parametrize("name", list(common.REJECTED_POLYGONS))
def test_rejected_polygons_name_the_feature(name: str):
    import geopandas as gpd

    shape, words = common.REJECTED_POLYGONS[name]
    frame = gpd.GeoDataFrame({"id": ["ok", name]}, geometry=[common.SQUARE, shape], crs=4326)
    with pytest.raises(geo.SchemaError, match=re.escape(words)) as info:
        geo.validate_damage(frame, source=f"{name}.geojson")
    assert "feature 2" in str(info.value) and FIX in str(info.value)


@pytest.mark.parametrize("name", list(common.VALID_POLYGONS))
def test_valid_polygons_pass_unchanged_and_silent(name: str):
    import geopandas as gpd

    shape = common.VALID_POLYGONS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error", geo.GeoWarning)
        out = geo.validate_damage(gpd.GeoDataFrame({"id": [name]}, geometry=[shape], crs=4326))
    assert out.geometry.iat[0].equals(shape)


@pytest.mark.parametrize("shape", [common.NONE, common.EMPTY_POLYGON], ids=["None", "empty"])
def test_missing_damage_geometry_is_reported_not_located(shape):
    import geopandas as gpd

    out = geo.validate_damage(gpd.GeoDataFrame({"id": ["d"]}, geometry=[shape], crs=4326))
    assert len(out) == 1


@pytest.mark.parametrize("shape", [common.NONE, common.EMPTY_POINT], ids=["None", "empty"])
def test_missing_incident_geometry_is_an_error(shape):
    import geopandas as gpd

    frame = gpd.GeoDataFrame({"id": ["a", "b"]}, geometry=[shapely.Point(common.BELGOROD), shape], crs=4326)
    with pytest.raises(geo.InputError, match="row 2"):
        geo.validate_incidents(frame, source="x.geojson")


def test_swapped_check_does_not_flag_correct_rows():
    import geopandas as gpd

    frame = gpd.GeoDataFrame({"location": ["Moscow", "Belgorod (residential area)"], "country": ["RUS", "Russia"]},
                             geometry=gpd.points_from_xy(*zip(common.MOSCOW, common.BELGOROD, strict=True)), crs=4326)
    with warnings.catch_warnings():
        warnings.simplefilter("error", geo.GeoWarning)
        out = geo.validate_incidents(frame)
    assert len(out) == 2


def test_decimal_comma_is_refused_for_projected_columns(tmp_path: Path):
    path = tmp_path / "metres.csv"
    path.write_text("id;x;y\na;4072000,5;6551000,5\n", encoding="utf-8")
    with pytest.raises(geo.InputError, match="decimal comma in a projected"):
        geo.read_table(path, crs="EPSG:3857")


# --------------------------------------------------------------------------- the CLI: exit 2, no traceback, nothing written

# geo.read_table refuses a KML with several folders (which layer?), but the commands read a KML as
# Google Earth writes it: every folder, named in a `folder` column (tests/test_sources.py checks that).
_COMMANDS_READ_ALL_FOLDERS = {"two-folders.kml"}
ERROR_CASES = [c for c in CASES if c.error is not None and c.file not in _COMMANDS_READ_ALL_FOLDERS]


def _wrapper(case: Case, folder: Path) -> Path:
    """A scenario that reads the case's file, so validation errors reach a command too."""
    name = f"wrap-{case.file}.yaml"
    key = "damage_file" if case.read == "damage" else "incidents_file"
    incidents = "" if key == "incidents_file" else "incidents:\n  - {id: a, lon: 36.58091, lat: 50.60343}\n"
    (folder / name).write_text(f"title: wrapper\n{incidents}{key}: {case.file}\n", encoding="utf-8")
    return folder / name


def _commands(case: Case, folder: Path, output: Path) -> list[list[str]]:
    """Every command that reads this case's file (geo map and geo report read scenarios)."""
    scenario = folder / case.file if case.read == "scenario" else _wrapper(case, folder)
    commands = []
    if case.read == "table":
        commands.append(["distance", str(folder / case.file), "--border", "RUS-UKR", "-o", str(output.with_suffix(".csv"))])
    commands.append(["report", str(scenario), "-o", str(output.with_suffix(".md"))])
    commands.append(["map", str(scenario), "-o", str(output.with_suffix(".html"))])
    if case.read != "scenario":  # geo map also reads data files directly
        commands.append(["map", str(folder / case.file), "-o", str(output.with_suffix(".html")), "--tiles", "none"])
    return commands


def _run(args: list[str]):
    from geo.cli.main import cli

    runner = CliRunner()
    return runner.invoke(cli, args, catch_exceptions=False)


@pytest.mark.parametrize("case", ERROR_CASES, ids=lambda c: c.file)
def test_cli_refuses_with_status_2_and_writes_nothing(case: Case, corpus: Path, tmp_path: Path):
    output = tmp_path / "out" / "result"
    commands = _commands(case, corpus, output)
    for args in commands:
        target = Path(args[-1])
        result = _run(args)
        assert result.exit_code == 2, (args, result.output)
        assert "error:" in result.stderr and case.file in result.stderr, result.stderr
        assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
        assert not target.exists(), f"{args[0]} left a partial output"
        assert not list(target.parent.glob(".*.tmp*")) if target.parent.exists() else True

        target.parent.mkdir(parents=True, exist_ok=True)
        before = b"previous output \x00\xff kept byte for byte\n"
        target.write_bytes(before)
        again = _run(args)
        assert again.exit_code == 2
        assert target.read_bytes() == before, f"{args[0]} changed an existing output file"
        target.unlink()

        debug = _run(["--debug", *args])
        assert debug.exit_code == 2 and "Traceback" in debug.stderr, debug.stderr[-500:]


REPAIR_CASES = [c for c in CASES if c.warning is geo.RepairWarning and c.read != "scenario"]


@pytest.mark.parametrize("case", REPAIR_CASES, ids=lambda c: c.file)
def test_cli_repairs_say_what_changed_and_succeed(case: Case, corpus: Path, tmp_path: Path):
    # Incident and damage files go in through a scenario (incidents_file:/damage_file:), where the
    # schema validates them; plain tables straight on the command line.
    inputs = [str(corpus / case.file if case.read == "table" else _wrapper(case, corpus))]
    output = tmp_path / "map.html"
    result = _run(["map", *inputs, "-o", str(output), "--tiles", "none", "--border", "RUS-UKR"])
    assert result.exit_code == 0, result.output
    assert f"warning: {corpus / case.file}" in result.stderr, result.stderr
    for words in case.says:
        assert words in result.stderr, f"{words!r} missing from: {result.stderr}"
    assert output.exists() and "Traceback" not in result.stderr
