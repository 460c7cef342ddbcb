"""Errors carry their rows and keys as data, and gain context without losing their class or state."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import yaml

import geo
from geo.errors import GeoError, InputError, SchemaError, UnknownCountryError, rows_label


def test_rows_are_data_and_the_message_shows_the_first_few():
    mask = np.zeros(9, dtype=bool)
    mask[[0, 1, 2, 3, 4, 6, 8]] = True
    exc = SchemaError("incident id is blank", location=rows_label(mask), hint="give every incident an id")
    assert exc.rows == (1, 2, 3, 4, 5, 7, 9)
    assert exc.location == "rows 1, 2, 3, 4, 5 and 2 more"
    assert str(exc) == "rows 1, 2, 3, 4, 5 and 2 more: incident id is blank (fix: give every incident an id)"
    one = InputError("feature has no geometry", location=rows_label([False, False, True], "feature"))
    assert one.location == "feature 3" and one.rows == (3,)
    assert InputError("not YAML", location="line 3").rows == ()


def test_with_context_keeps_class_and_state():
    exc = UnknownCountryError("unknown country code 'XYZ'", hint="did you mean XKX?")
    exc.suggestions = ["XKX"]  # any state a subclass carries survives
    moved = exc.with_context(source="case.yaml", key="borders[0]")
    assert type(moved) is UnknownCountryError and isinstance(moved, KeyError)
    assert moved.suggestions == ["XKX"] and moved.hint == "did you mean XKX?"
    assert moved.source == "case.yaml" and moved.key == "borders[0]"
    assert str(moved) == "case.yaml, borders[0]: unknown country code 'XYZ' (fix: did you mean XKX?)"
    assert exc.source is None and exc.key is None  # the original is unchanged


def test_with_context_keeps_a_source_already_named_unless_told():
    exc = SchemaError("bad", source="a.csv", location=rows_label([False, True]))
    assert exc.with_context(source="b.csv").source == "a.csv"
    assert exc.with_context(source="b.csv", replace=True).source == "b.csv"
    moved = exc.with_context(location="partition 2")
    assert moved.location == "partition 2, row 2" and moved.rows == (2,)  # the rows stay data
    assert isinstance(moved, SchemaError) and moved.hint == exc.hint


def test_every_geo_error_is_an_input_error_or_a_dependency_error():
    errors = [getattr(geo.errors, name) for name in geo.errors.__all__]
    errors = [cls for cls in errors if isinstance(cls, type) and issubclass(cls, GeoError) and cls is not GeoError]
    assert {SchemaError, UnknownCountryError, geo.errors.ScenarioError} <= set(errors)  # the list is the real one
    for cls in errors:
        assert issubclass(cls, (InputError, geo.errors.MissingDependencyError)), cls.__name__


def test_scenario_incident_errors_name_incident_keys_from_row_data(tmp_path):
    """Rows of the incidents table become incidents[i] keys as data, not by rewriting text."""
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump({"title": "t", "incidents": [
        {"id": "a", "date": "2023-04-20", "lon": 36.58, "lat": 50.60},
        {"id": "a", "date": "2023-04-20", "lon": 36.60, "lat": 50.61},
    ]}), encoding="utf-8")
    with pytest.raises(geo.ScenarioError) as info:
        geo.load_scenario(path)
    assert info.value.key == "incidents[0], incidents[1]"  # both rows share the id
    assert info.value.location == info.value.key and "row" not in str(info.value)  # a key, not "row 2" rewritten
    assert str(info.value).startswith(f"{path}, incidents[0], incidents[1]: ")


@pytest.mark.parametrize(("call", "error"), [
    (lambda: geo.geodesic_circle(36.0, 50.0, -5), InputError),
    (lambda: geo.geodesic_ring(36.0, 50.0, 10, 5), InputError),
    (lambda: geo.border_regions("RUS", "UKR", sort="size"), InputError),
    (lambda: geo.border_regions("RUS", "UKR", within_m=-1), InputError),
    (lambda: geo.border("FRA", "UKR"), InputError),
    (lambda: geo.geocode("Nowhereville-on-Sea"), InputError),
])
def test_public_functions_refuse_user_input_with_input_errors(call, error):
    with pytest.raises(error) as info:
        call()
    assert info.value.message and info.value.hint  # the problem and its fix


def test_empty_static_map_is_an_input_error():
    empty = gpd.GeoDataFrame({"id": []}, geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326")
    case = geo.CaseAnalysis(scenario=geo.Scenario(title="empty", incidents=empty), incidents=empty, borders=empty,
                            bands=empty, nearest=empty.drop(columns="geometry"), uncertainty=empty,
                            damage=empty, regions=empty, places=empty)
    with pytest.raises(InputError, match="nothing to draw") as info:
        geo.static_map(case)
    assert info.value.hint


def test_errors_still_catchable_as_builtins():
    with pytest.raises(ValueError):
        raise SchemaError("x", location=rows_label([True]))
    with pytest.raises(KeyError):
        raise UnknownCountryError("unknown country code 'XYZ'")
