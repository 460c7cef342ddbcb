"""The interactive map, the static map and the report say the same figure the same way, in the same colours.

Known answer: Belgorod lies 35,389.9 m from the Russia–Ukraine border
(GeographicLib, see test_proximity.py); every renderer prints "35.4 km". Its
8 km uncertainty radius widens that to 27.4–43.4 km.
"""

from __future__ import annotations

import base64
import json
import re

import matplotlib.colors as mcolors
import numpy as np
import pytest
from report_cases import SEED, damage_data, scenario_from

import geo
from geo._format import format_date, format_distance, format_distance_range
from geo.render import style
from geo.render.report import report_content, report_markdown


def _page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="geo-data">(.*?)</script>', page, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


def _column(col: dict) -> list:
    if "v" in col:
        return col["v"]
    return [col["d"][c] if c >= 0 else None for c in _decode_ints(col["c"])]


def _decode_ints(spec: dict) -> list[int]:
    key = next(k for k in ("i1", "i2", "i4") if k in spec)
    dtype = {"i1": "<i1", "i2": "<i2", "i4": "<i4"}[key]
    return np.frombuffer(base64.b64decode(spec[key]), dtype=dtype).tolist()


@pytest.fixture(scope="module")
def case() -> geo.CaseAnalysis:
    return geo.analyze(geo.load_scenario(SEED))


@pytest.fixture(scope="module")
def damage_case() -> geo.CaseAnalysis:
    return geo.analyze(scenario_from(damage_data()))


@pytest.fixture(scope="module")
def payload(case) -> dict:
    return _page_data(geo.ImpactMap.from_analysis(case).to_html())


@pytest.fixture(scope="module")
def figure(case):
    return geo.static_map(case)


def test_distance_reads_the_same_in_map_png_and_report(case, payload, figure):
    distance = float(case.incidents["border_distance_m"].iat[0])
    text = format_distance(distance)
    assert text == "35.4 km"
    low, high = case.incidents["border_distance_min_m"].iat[0], case.incidents["border_distance_max_m"].iat[0]
    span = format_distance_range(low, high)
    assert span == "27.4–43.4 km"
    # Interactive map: the popup record and the label on the line to the border.
    incidents = next(lay for lay in payload["layers"] if lay.get("id") == "incidents")
    record = {f["label"]: _column(f["col"])[0] for f in incidents["fields"]}
    assert record["Distance to border"].startswith(f"{text} to the RUS-UKR border")
    assert f"{span} given the location uncertainty" in record["Distance to border"]
    links = next(lay for lay in payload["layers"] if lay["kind"] == "links")
    assert _column(links["label"]) == [text]
    # Static map: the label on the line and the subtitle.
    ax = figure.axes[0]
    assert text in {t.get_text() for t in ax.texts}
    assert f"{text} from the border" in " ".join(t.get_text() for t in figure.texts)
    # Report (HTML and Markdown share the content).
    content = report_content(case, generated_at="2023-04-21T12:00:00Z")
    border = next(f for f in content.figures if f.label.startswith("Distance to the"))
    assert border.value == text and border.detail.startswith(span)
    assert f"Distance to the Russia–Ukraine border: {text}" in report_markdown(case,
                                                                               generated_at="2023-04-21T12:00:00Z")


def test_dates_and_radius_read_the_same(case, payload, figure):
    incidents = next(lay for lay in payload["layers"] if lay.get("id") == "incidents")
    record = {f["label"]: _column(f["col"])[0] for f in incidents["fields"]}
    summary = dict(report_content(case, generated_at="2023-04-21T12:00:00Z").summary)
    when = format_date(case.incidents["date"].iat[0], case.incidents["time_precision"].iat[0],
                       case.incidents["time_of_day"].iat[0])
    assert when.startswith("20 April 2023 (")  # the seed's time of day, in brackets
    assert record["Date"] == summary["When"] == when
    assert when in " ".join(t.get_text() for t in figure.texts)
    assert payload["subtitle"].startswith(f"1 incident, {format_date(case.incidents['date'].iat[0])};")
    radius = format_distance(case.incidents["uncertainty_m"].iat[0])
    assert f"within {radius} of the point" in record["Precision"]
    assert f"within {radius} of the point shown" in summary["How precisely located"]


def test_damage_area_reads_the_same(damage_case):
    payload = _page_data(geo.ImpactMap.from_analysis(damage_case).to_html())
    content = report_content(damage_case, generated_at="2023-04-21T12:00:00Z")
    report_value = next(f.value for f in content.figures if f.label == "Damage area: buildings")
    shapes = [lay for lay in payload["layers"] if lay["kind"] == "shapes"]
    rows = [dict((r[0], r[1]) for r in f["rows"]) for lay in shapes for f in lay["features"]
            if f.get("heading") == "Damage: buildings"]
    assert report_value == "0.28 km²" and rows[0]["Area"] == report_value


def _hex(colour) -> str:
    return mcolors.to_hex(colour).lower()


def test_both_maps_draw_bands_in_the_same_colours(payload, figure):
    bands = next(lay for lay in payload["layers"] if lay["kind"] == "shapes" and lay["legend"]
                 and any("km" in item["label"] for item in lay["legend"]["items"]))
    web = {item["label"]: bands["styles"][item["s"]]["fillColor"].lower() for item in bands["legend"]["items"]}
    legend = figure.axes[0].get_legend()
    static = {t.get_text().removesuffix(" from the border"): _hex(h.get_facecolor())
              for t, h in zip(legend.get_texts(), legend.legend_handles, strict=True)
              if t.get_text().endswith(" from the border")}
    assert web == static == {"0–10 km": style.BAND_COLOURS[0], "10–25 km": style.BAND_COLOURS[1],
                             "25–50 km": style.BAND_COLOURS[2]}


def test_both_maps_show_the_same_incident_legend(case, payload, figure):
    incidents = next(lay for lay in payload["layers"] if lay.get("id") == "incidents")
    web_types = [(s["label"], s["symbol"]) for s in incidents["symbols"]]
    web_fatalities = [(incidents["classes"][k]["label"], incidents["classes"][k]["color"].lower())
                      for k in incidents["classesUsed"]]
    legend = figure.axes[0].get_legend()
    entries = dict(zip((t.get_text() for t in legend.get_texts()), legend.legend_handles, strict=True))
    markers = {v: k for k, v in style.MATPLOTLIB_MARKERS.items()}
    static_types = [(label, markers[h.get_marker()]) for label, h in entries.items()
                    if label in dict(web_types)]
    static_fatalities = [(label.removeprefix("Fatalities: "), _hex(h.get_markerfacecolor()))
                         for label, h in entries.items() if label.startswith("Fatalities: ")]
    assert static_types == web_types and len(web_types) == 1
    lowest = case.incidents["fatalities_low"].iat[0]
    klass = int(style.fatality_class(case.incidents["fatalities_low"])[0])
    assert static_fatalities == web_fatalities == [(style.FATALITY_CLASSES[klass][0], style.FATALITY_CLASSES[klass][2])]
    assert klass > 0 and lowest >= style.FATALITY_CLASSES[klass][1]


def test_both_maps_draw_damage_by_severity_in_the_same_colours(damage_case):
    payload = _page_data(geo.ImpactMap.from_analysis(damage_case).to_html())
    damage = next(lay for lay in payload["layers"] if lay["kind"] == "shapes" and lay["legend"]
                  and any(i["label"] in style.SEVERITY_COLOURS for i in lay["legend"]["items"]))
    web = {i["label"]: damage["styles"][i["s"]]["fillColor"].lower() for i in damage["legend"]["items"]}
    legend = geo.static_map(damage_case).axes[0].get_legend()
    static = {t.get_text().removeprefix("Damage area: "): _hex(h.get_facecolor())
              for t, h in zip(legend.get_texts(), legend.legend_handles, strict=True)
              if t.get_text().startswith("Damage area: ")}
    assert web == static == {"severe": style.SEVERITY_COLOURS["severe"]}


def test_border_and_uncertainty_colours_are_shared(payload, figure):
    legend = figure.axes[0].get_legend()
    entries = dict(zip((t.get_text() for t in legend.get_texts()), legend.legend_handles, strict=True))
    assert _hex(entries["Russia–Ukraine border"].get_color()) == style.BORDER_COLOUR
    assert _hex(entries["Where the incident may be (uncertainty)"].get_edgecolor()) == style.UNCERTAINTY_COLOUR
    colours = {st.get("color", "").lower() for lay in payload["layers"] if lay["kind"] == "shapes"
               for st in lay["styles"]}
    assert {style.BORDER_COLOUR, style.UNCERTAINTY_COLOUR, style.REGION_COLOUR} <= colours


@pytest.mark.parametrize(("name", "symbol"), [("Battles", "cross"), ("Explosions/Remote violence", "star"),
                                              ("Violence against civilians", "triangle"), ("Protests", "circle"),
                                              ("Riots", "square"), ("Strategic developments", "diamond"),
                                              ("state-based conflict", "cross"), ("one-sided violence", "triangle"),
                                              ("non-state conflict", "hexagon"), ("", "circle")])
def test_event_styles_are_fixed_by_name(name, symbol):
    assert style.event_style(name)[0] == symbol
    assert style.event_style(name.upper()) == style.event_style(name)
    other = style.event_style("accidental release of an air-dropped bomb")
    assert other == style.event_style("Accidental release of an air-dropped bomb ")
    assert other[0] in style.SYMBOLS and other[0] in style.MATPLOTLIB_MARKERS
