"""Frames to layer data: what each map layer carries to the page.

Each function validates its frame (clear :class:`~geo.errors.SchemaError`
naming the layer and the missing column), then returns a plain dict that
:mod:`geo.render.webmap._payload` embeds. Nothing here computes analysis: distances,
areas and bands arrive in the frames' columns, as documented on
:class:`geo.analysis.CaseAnalysis`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo._format import (
    distance_codes,
    format_area,
    format_distance,
    format_distance_range,
    format_distances,
    format_share,
)
from geo.errors import GeoWarning, SchemaError
from geo.input.schema import ensure_wgs84
from geo.render import style
from geo.render.claims_text import disputed_mask
from geo.render.webmap._fields import PendingFields
from geo.render.webmap._geojson import encode_geometries
from geo.render.webmap._payload import coded_column, codes_or_values, typed

__all__ = ["located", "incidents_layer", "early_fields", "links_layer", "shapes_layer", "places_layer",
           "damage_features", "band_features", "border_features", "region_features", "uncertainty_features",
           "MAX_SHAPES", "bounds_of"]

#: More polygons than this would make an SVG layer sluggish; larger layers are cut with a warning.
MAX_SHAPES = 5_000
_EPOCH = np.datetime64("1970-01-01", "D")


def _need(frame: pd.DataFrame, columns: Sequence[str], *, layer: str) -> None:
    missing = [c for c in columns if c not in frame]
    if missing:
        raise SchemaError(f"the {layer} layer needs column(s) {', '.join(missing)}; got {list(frame.columns)[:12]}",
                          source=layer, hint="pass the frame from geo.analyze() (see geo.analysis.CaseAnalysis)")


def _geoframe(frame: Any, *, layer: str) -> gpd.GeoDataFrame:
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame:
        raise SchemaError(f"the {layer} layer needs a GeoDataFrame with a geometry column, got {type(frame).__name__}",
                          source=layer, hint="build it with geopandas, or pass the frame from geo.analyze()")
    return ensure_wgs84(frame, source=layer)


def located(frame: gpd.GeoDataFrame, *, layer: str) -> gpd.GeoDataFrame:
    """``frame`` without rows that have no location, with a warning naming how many were left out."""
    geoms = frame.geometry.values
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if missing.any():
        warnings.warn(f"{layer}: {int(missing.sum()):,} row(s) have no location and are not drawn",
                      GeoWarning, stacklevel=4)
        return frame.loc[~missing]
    return frame


def _points(frame: gpd.GeoDataFrame, *, layer: str) -> tuple[np.ndarray, np.ndarray]:
    geoms = frame.geometry.values
    bad = shapely.is_missing(geoms) | shapely.is_empty(geoms) | (shapely.get_type_id(geoms) != 0)
    if bad.any():
        row = int(np.flatnonzero(bad)[0]) + 1
        raise SchemaError(f"the {layer} layer needs one point per row; row {row} is "
                          f"{'empty' if geoms[row - 1] is None or geoms[row - 1].is_empty else geoms[row - 1].geom_type}",
                          source=layer, location=f"row {row}", hint="give every incident a lon/lat point")
    return shapely.get_x(geoms), shapely.get_y(geoms)


def bounds_of(frame: gpd.GeoDataFrame | None) -> tuple[float, float, float, float] | None:
    """(min lon, min lat, max lon, max lat) of the frame's geometries, or None."""
    if frame is None or not len(frame):
        return None
    values = frame.geometry.values
    values = values[~(shapely.is_missing(values) | shapely.is_empty(values))]
    if not len(values):
        return None
    box = shapely.total_bounds(values)
    return tuple(float(v) for v in box) if np.isfinite(box).all() else None


def _days(frame: pd.DataFrame) -> np.ndarray | None:
    if "date" not in frame:
        return None
    dates = pd.to_datetime(frame["date"], errors="coerce")
    if dates.notna().sum() == 0:
        return None
    days = (dates.to_numpy(dtype="datetime64[D]") - _EPOCH).astype("float64")
    days[dates.isna().to_numpy()] = np.nan
    return days


def early_fields(frame: Any) -> PendingFields | None:
    """The popup fields of :func:`incidents_layer` on ``frame`` started now (with many incidents a child makes
    its share while the caller builds the map's other layers), for a frame the layer draws as it is: a
    GeoDataFrame in WGS84 with every row located; None otherwise (the layer then starts them itself, after its
    checks and warnings)."""
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame or frame.crs is None \
            or frame.crs.to_epsg() != 4326:
        return None
    geoms = frame.geometry.values
    if (shapely.is_missing(geoms) | shapely.is_empty(geoms)).any():
        return None
    return PendingFields(frame)


def incidents_layer(frame: gpd.GeoDataFrame, *, layer_id: str, name: str,
                    sources: dict[str, dict[str, str | None]],
                    band_labels: Sequence[str] | None = None,
                    fields: PendingFields | None = None) -> tuple[dict[str, Any], np.ndarray | None]:
    """The incidents canvas layer and its day numbers (None when undated).

    Symbol by ``event_type``, colour by ``fatalities_low``; popups built in the
    page from the display columns of :func:`~geo.render.webmap._records.incident_fields`. The layer also
    carries what the page's filters and per-incident decorations read (see
    :func:`_filter_columns`). ``fields``: :func:`early_fields` of this very frame, when started already.
    """
    try:
        frame = located(_geoframe(frame, layer=name), layer=name)
        lon, lat = _points(frame, layer=name)
    except BaseException:
        if fields is not None:
            fields.discard()
        raise
    n = len(frame)
    # with many incidents, a child makes half the popup texts meanwhile
    pending = fields if fields is not None else PendingFields(frame)
    try:
        symbols, symbol_legend = style.event_type_classes(frame["event_type"] if "event_type" in frame
                                                          else pd.Series([""] * n, index=frame.index))
        klass = style.fatality_class(frame["fatalities_low"] if "fatalities_low" in frame
                                     else pd.Series([np.nan] * n))
        used = sorted(set(np.unique(klass).tolist()))
        classes = [{"label": label, "color": colour} for label, _, colour in style.FATALITY_CLASSES]
        disputed = disputed_mask(frame)
        days = _days(frame)
        filters = _filter_columns(frame, band_labels)
        fields, tip, heading = pending.result()
    except BaseException:
        pending.discard()
        raise
    layer = {
        "kind": "points", "id": layer_id, "name": name, "n": n,
        "lon": typed(lon, scale=1e6), "lat": typed(lat, scale=1e6),
        "symbol": typed(symbols), "symbols": symbol_legend,
        "klass": typed(klass), "classes": classes, "classesUsed": used,
        "day": typed(days) if days is not None else None,
        "heading": heading,
        "fields": fields,
        "tip": tip, "sources": sources,
        "colors": {"uncertainty": style.UNCERTAINTY_COLOUR, "border": style.BORDER_COLOUR, "ink": style.INK},
        "legendTitle": "Incidents by event type", "legendTitle2": "Reported fatalities (lowest figure)",
    }
    layer.update(filters)
    if disputed.any():  # a dashed ring on the symbol and a legend entry; absent when nothing is disputed
        layer.update(disputed=typed(disputed.astype("int8")), disputedAny=True, disputedLabel=style.DISPUTED_LABEL)
    return layer, days


#: Actors offered in the map's filter: the most frequent, as bits of one 32-bit mask per incident.
MAX_ACTORS = 30


def _filter_columns(frame: gpd.GeoDataFrame, band_labels: Sequence[str] | None) -> dict[str, Any]:
    """Columns for the page's filters and decorations, when the frame has them.

    ``fat`` lowest reported fatalities, ``prec`` location precision, ``urad``
    uncertainty radius (m), ``band`` distance band codes with their labels
    (nearest first), ``actors`` the :data:`MAX_ACTORS` most frequent actors
    with a bit mask per incident (``"; "``-separated lists split), and
    ``blon``/``blat`` the nearest border point and ``blabel`` the distance
    to it as text (formatted here, by :mod:`geo._format`, never in the page).
    """
    out: dict[str, Any] = {}
    for key, column, scale in (("fat", "fatalities_low", 1.0), ("prec", "location_precision", 1.0),
                               ("urad", "uncertainty_m", 1.0), ("blon", "border_lon", 1e6),
                               ("blat", "border_lat", 1e6)):
        if column in frame:
            out[key] = typed(pd.to_numeric(frame[column], errors="coerce"), scale=scale)
    if "border_distance_m" in frame:
        out["blabel"] = coded_column(*distance_codes(pd.to_numeric(frame["border_distance_m"], errors="coerce")))
    if "band" in frame:
        values = frame["band"].astype(object).where(frame["band"].notna(), None)
        labels = [str(b) for b in (band_labels if band_labels is not None else dict.fromkeys(values.dropna()))]
        # each distinct value looked up once (100,000 incidents hold a handful of bands)
        found, distinct = pd.factorize(values, use_na_sentinel=True)
        index = {label: k for k, label in enumerate(labels)}
        lookup = np.array([index.get(str(v), -1) for v in distinct] + [-1], dtype="int64")
        out["band"] = {"d": labels, "c": typed(lookup[found])}
    if "actors" in frame:
        out["actors"] = _actor_masks(frame["actors"])
    return out


def _actor_masks(actors: pd.Series) -> dict[str, Any] | None:
    """The most frequent actors and, per incident, a bit mask of which of them it names.

    Each distinct actor list is split once (100,000 incidents name a few hundred lists).
    """
    codes, lists = pd.factorize(actors.astype(object), use_na_sentinel=True)
    if not len(lists):
        return None
    rows_of_list = np.bincount(codes[codes >= 0], minlength=len(lists))
    split = pd.Series(np.asarray(lists, dtype=object)).astype("string").fillna("").str.split(";").explode().str.strip()
    split = split[split.fillna("") != ""]
    if split.empty:
        return None
    counts = pd.Series(rows_of_list[split.index.to_numpy()], index=split.to_numpy(dtype=object)).groupby(level=0).sum()
    names = sorted(counts.index, key=lambda k: (-int(counts[k]), k))[:MAX_ACTORS]
    bit = pd.Series([1 << k for k in range(len(names))], index=names)
    list_mask = np.zeros(len(lists), dtype="int64")
    np.bitwise_or.at(list_mask, split.index.to_numpy(dtype="int64"),
                     split.map(bit).fillna(0).to_numpy(dtype="int64"))
    mask = np.where(codes >= 0, list_mask[np.maximum(codes, 0)], 0)
    return {"names": [str(n) for n in names], "mask": typed(mask)}


def links_layer(frame: gpd.GeoDataFrame, *, layer_id: str, name: str) -> dict[str, Any]:
    """Lines from each incident to its nearest border point, labelled with the distance."""
    frame = _geoframe(frame, layer=name)
    _need(frame, ("border_lon", "border_lat", "border_distance_m"), layer=name)
    geoms = frame.geometry.values
    frame = frame.loc[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]  # add_incidents warns once
    lon, lat = _points(frame, layer=name)
    days = _days(frame)
    return {"kind": "links", "id": layer_id, "name": name, "n": len(frame),
            "lon": typed(lon, scale=1e6), "lat": typed(lat, scale=1e6),
            "lon2": typed(frame["border_lon"], scale=1e6), "lat2": typed(frame["border_lat"], scale=1e6),
            "day": typed(days) if days is not None else None,
            "label": codes_or_values(pd.Series(format_distances(frame["border_distance_m"]), dtype=object)),
            "colors": {"border": style.BORDER_COLOUR},
            "legendTitle": name, "legendLabel": "to the nearest border point, distance in km"}


def _cap(frame: gpd.GeoDataFrame, name: str) -> gpd.GeoDataFrame:
    if len(frame) > MAX_SHAPES:
        warnings.warn(f"the {name} layer has {len(frame):,} shapes; only the first {MAX_SHAPES:,} are drawn "
                      "(incident popups still state every value)", GeoWarning, stacklevel=5)
        return frame.iloc[:MAX_SHAPES]
    return frame


def shapes_layer(features: list[dict[str, Any]], styles: list[dict[str, Any]], *, layer_id: str, name: str,
                 legend: list[dict[str, Any]] | None, legend_title: str | None = None,
                 show: bool = True) -> dict[str, Any]:
    """A vector layer: features ``{"g", "s", "tip", "heading", "rows"}`` styled by index into ``styles``."""
    return {"kind": "shapes", "id": layer_id, "name": name, "show": show, "styles": styles,
            "features": [f for f in features if f["g"] is not None],
            "legend": {"items": legend} if legend else None, "legendTitle": legend_title or name}


def _row(label: str, value: Any) -> list[Any]:
    return [label, None if value is None or (isinstance(value, float) and value != value) or value == "" else str(value)]


def _records_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts (``iterrows`` builds a Series per row: 50x slower)."""
    columns = [c for c in frame.columns if c != getattr(frame, "_geometry_column_name", None)]
    return frame[columns].to_dict("records")


def _str(value: Any) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def damage_features(frame: gpd.GeoDataFrame, *, name: str) -> tuple[list[dict], list[dict], list[dict]]:
    """Damage polygons by severity: features, styles, legend entries."""
    frame = _cap(_geoframe(frame, layer=name), name)
    order = list(style.SEVERITY_COLOURS)
    styles = [{"color": c, "fillColor": c, "fillOpacity": style.DAMAGE_OPACITY, "weight": 1.5}
              for c in style.SEVERITY_COLOURS.values()]
    features = []
    for row, geometry in zip(_records_of(frame), encode_geometries(frame.geometry.values), strict=True):
        severity = _str(row.get("severity")) or "unknown"  # unknown severities are drawn as "unknown"
        kind = _str(row.get("kind")) or "damage"
        area = row.get("area_m2")
        features.append({
            "g": geometry, "s": order.index(severity) if severity in order else len(order) - 1,
            "tip": f"{kind}: {severity}", "heading": f"Damage: {kind}",
            "rows": [_row("Severity", severity), _row("Description", row.get("description")),
                     _row("Incident", row.get("incident_id")), _row("Source", row.get("source")),
                     _row("Area", format_area(area) if _str(area) is not None and float(area) > 0 else None),
                     _row("Damage id", row.get("id")), *_extra_rows(row, _DAMAGE_SHOWN)]})
    present = {f["s"] for f in features if f["g"] is not None}
    legend = [{"label": sev, "s": i} for i, sev in enumerate(order) if i in present]
    return features, styles, legend


_DAMAGE_SHOWN = {"severity", "description", "incident_id", "source", "area_m2", "id", "kind"}


def _extra_rows(row: dict[str, Any], shown: set[str]) -> list[list[Any]]:
    """Every other column of a record, under its own name (a KML placemark's name, folder, date...)."""
    return [_row(str(key), value) for key, value in row.items() if key not in shown and _str(value) is not None]


def line_features(frame: gpd.GeoDataFrame, *, name: str) -> tuple[list[dict], list[dict], list[dict]]:
    """Line features of data files (trenches, roads): one style, every column in the popup."""
    frame = _cap(_geoframe(frame, layer=name), name)
    styles = [{"color": style.LINE_COLOUR, "weight": 3, "opacity": 0.9, "fill": False}]
    features = []
    for row, geometry in zip(_records_of(frame), encode_geometries(frame.geometry.values), strict=True):
        title = _str(row.get("name")) or _str(row.get("id")) or "line"
        features.append({"g": geometry, "s": 0, "tip": title, "heading": title,
                         "rows": _extra_rows(row, {"name"})})
    return features, styles, [{"label": name, "s": 0}] if features else []


def band_features(frame: gpd.GeoDataFrame, *, name: str) -> tuple[list[dict], list[dict], list[dict]]:
    """Distance bands along a border, nearest band darkest."""
    frame = _geoframe(frame, layer=name)
    _need(frame, ("label",), layer=name)
    if "inner_m" in frame:
        frame = frame.sort_values("inner_m", kind="stable")
    styles, features, legend = [], [], []
    geometries = encode_geometries(frame.geometry.values)
    for k, row in enumerate(_records_of(frame)):
        colour = style.band_colour(k)
        styles.append({"color": colour, "weight": 0.8, "opacity": 0.9, "fillColor": colour,
                       "fillOpacity": style.BAND_OPACITY})
        label = _str(row["label"]) or f"band {k + 1}"
        inner, outer = row.get("inner_m"), row.get("outer_m")
        span = f"{format_distance_range(inner, outer)} from the border" if _str(inner) and _str(outer) else None
        area = row.get("area_m2")
        features.append({"g": geometries[k], "s": k, "tip": f"Border band {label}",
                         "heading": f"Border band {label}",
                         "rows": [_row("Distance", span),
                                  _row("Area", format_area(area) if _str(area) is not None else None)]})
        legend.append({"label": label, "s": k})
    return features, styles, legend


def border_features(frame: gpd.GeoDataFrame, *, name: str) -> tuple[list[dict], list[dict], list[dict]]:
    """The borders analysed, as thick lines."""
    frame = _geoframe(frame, layer=name)
    styles = [{"color": style.BORDER_COLOUR, "weight": 3.5, "fill": False}]
    features = []
    for row, geometry in zip(_records_of(frame), encode_geometries(frame.geometry.values), strict=True):
        countries = _str(row.get("countries")) or "border"
        length = row.get("length_m")
        features.append({"g": geometry, "s": 0, "tip": f"{countries} border",
                         "heading": f"{countries} border",
                         "rows": [_row("Length", format_distance(length) if _str(length) is not None else None),
                                  _row("Source", "Natural Earth 1:10m admin-0 boundaries")]})
    return features, styles, [{"label": "border analysed", "s": 0}]


def region_features(frame: gpd.GeoDataFrame, *, name: str) -> tuple[list[dict], list[dict], list[dict]]:
    """First-level regions as dashed outlines."""
    frame = _geoframe(frame, layer=name)
    styles = [{"color": style.REGION_COLOUR, "weight": 2, "dashArray": "8 5", "fillColor": style.REGION_COLOUR,
               "fillOpacity": 0.04}]
    features = []
    for row, geometry in zip(_records_of(frame), encode_geometries(frame.geometry.values), strict=True):
        label = _str(row.get("name")) or "region"
        share = row.get("border_share")
        length = row.get("border_length_m")
        features.append({"g": geometry, "s": 0, "tip": label, "heading": label,
                         "rows": [_row("Country", row.get("country")), _row("Code", row.get("code")),
                                  _row("Border with", row.get("border_with")),
                                  _row("Border length", format_distance(length) if _str(length) is not None else None),
                                  _row("Share of the border", format_share(share) if _str(share) is not None else None),
                                  _row("Source", row.get("source"))]})
    names = [f["heading"] for f in features]
    label = ", ".join(names) if 0 < len(names) <= 3 else "first-level region"
    return features, styles, [{"label": label, "s": 0}]


def uncertainty_features(frame: gpd.GeoDataFrame, *, name: str) -> tuple[list[dict], list[dict], list[dict]]:
    """Circles within which each incident's site lies (geodesic, from the analysis)."""
    frame = _cap(_geoframe(frame, layer=name), name)
    styles = [{"color": style.UNCERTAINTY_COLOUR, "weight": 1.5, "dashArray": "4 4",
               "fillColor": style.UNCERTAINTY_COLOUR, "fillOpacity": 0.10}]
    features = []
    for row, geometry in zip(_records_of(frame), encode_geometries(frame.geometry.values), strict=True):
        radius = row.get("radius_m")
        r = format_distance(radius) if _str(radius) is not None else None
        incident = _str(row.get("incident_id"))
        area = row.get("area_m2")
        features.append({"g": geometry, "s": 0,
                         "tip": f"Location uncertainty{': ' + r if r else ''}",
                         "heading": "Where the incident could be",
                         "rows": [_row("Incident", incident), _row("Radius", r),
                                  _row("Area", format_area(area) if _str(area) is not None else None)]})
    return features, styles, [{"label": "location uncertainty (radius)", "s": 0}]


def places_layer(frame: pd.DataFrame, *, layer_id: str, name: str, colour: str, legend: str,
                 labels: bool | None = None) -> dict[str, Any]:
    """Labelled towns: ``name``, lon/lat (columns or point geometry) and a record per place.

    ``frame`` may carry ``rows``-ready columns: ``country``, ``population``,
    ``detail`` (text listing, e.g. which incidents it is nearest to).
    Labels are permanent when there are 60 places or fewer.
    """
    _need(frame, ("name",), layer=name)
    if "lon" in frame and "lat" in frame:
        lon = pd.to_numeric(frame["lon"], errors="coerce").to_numpy(dtype="float64")
        lat = pd.to_numeric(frame["lat"], errors="coerce").to_numpy(dtype="float64")
    else:
        geo_frame = _geoframe(frame, layer=name)
        lon, lat = _points(geo_frame, layer=name)
    features = []
    for k, row in enumerate(_records_of(frame)):
        if not (np.isfinite(lon[k]) and np.isfinite(lat[k])):
            continue
        label = _str(row["name"]) or "place"
        population = row.get("population")
        pop = f"{int(float(population)):,}" if _str(population) is not None else None
        features.append({"lon": round(float(lon[k]), 6), "lat": round(float(lat[k]), 6), "label": label,
                         "heading": label,
                         "rows": [_row("Country", row.get("country")), _row("Population (GeoNames)", pop),
                                  _row("Nearest to", row.get("detail"))]})
    return {"kind": "places", "id": layer_id, "name": name, "color": colour, "legend": legend,
            "labels": len(features) <= 60 if labels is None else labels, "features": features}
