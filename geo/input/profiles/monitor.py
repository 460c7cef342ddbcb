"""OSINT monitor sheets: the spreadsheets open-source investigators keep of verified events.

There is no standard, but they share a shape: a date, coordinates (as
lat/lon columns or one ``geolocation`` cell such as ``50.6034, 36.5809``),
a title, a description and a link to the footage or post. geo recognises a
header with a date, a description or title, a link and coordinates, and maps:

============= ===============================================================
geo field     columns (first found, any case)
============= ===============================================================
id            id, event_id, incident_id, ref
date          date, event_date, date_of_event, incident_date
lat, lon      lat/latitude, lon/lng/long/longitude; else ``geolocation``
              when it holds "lat, lon"
location      location, place, city, town, settlement
country       country
event_type    category, type, event_type, violence_type
notes         description, summary, details
sources       link, url, source_url, source link, source, sources
============= ===============================================================

The title and every other column are kept as extra fields. Blank countries
are fine; names geo does not know ("Belaurs") give a warning naming the
rows, and the checks that need a country are skipped for them.
"""

from __future__ import annotations

import re

import pandas as pd

from ._base import Profile, find, iso_dates, text

__all__ = ["MONITOR", "MONITOR_COLUMNS"]

MONITOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "event_id", "incident_id", "ref"),
    "date": ("date", "event_date", "date_of_event", "incident_date"),
    "lat": ("lat", "latitude"), "lon": ("lon", "lng", "long", "longitude"),
    "location": ("location", "place", "city", "town", "settlement"),
    "country": ("country",),
    "event_type": ("category", "type", "event_type", "violence_type"),
    "notes": ("description", "summary", "details"),
    "sources": ("link", "url", "source_url", "source link", "source", "sources"),
    "geolocation": ("geolocation", "geolocated", "coordinates", "coords"),
}
_PAIR = re.compile(r"^\s*\(?\s*([-+]?\d{1,2}(?:\.\d+)?)\s*[,;\s]\s*([-+]?\d{1,3}(?:\.\d+)?)\s*\)?\s*$")


def _detect(columns: list[str], first_row: list[str] | None) -> bool:
    has = {key: find(columns, *names) is not None for key, names in MONITOR_COLUMNS.items()}
    located = (has["lat"] and has["lon"]) or has["geolocation"]
    described = has["notes"] or find(columns, "title", "headline") is not None
    linked = find(columns, "link", "url", "source_url", "source link") is not None
    return has["date"] and located and described and linked


def _derive(frame: pd.DataFrame, mapping: dict[str, str], dataset: str) -> dict[str, pd.Series]:
    out: dict[str, pd.Series] = {}
    if "date" in mapping:
        out["date"] = iso_dates(text(frame, mapping["date"]))
    cell = text(frame, mapping.get("geolocation"))
    pairs = cell.map(lambda v: _PAIR.match(v) if isinstance(v, str) else None)
    if pairs.notna().any():
        lat = pairs.map(lambda m: m.group(1) if m else None)
        lon = pairs.map(lambda m: m.group(2) if m else None)
        given_lat, given_lon = text(frame, mapping.get("lat")), text(frame, mapping.get("lon"))
        # lat/lon columns win; the geolocation cell fills rows where they are blank.
        out["lat"] = given_lat.where(given_lat.notna(), lat).astype(object)
        out["lon"] = given_lon.where(given_lon.notna(), lon).astype(object)
    return out


MONITOR = Profile(
    name="monitor",
    title="OSINT monitor sheet",
    detect=_detect,
    columns=MONITOR_COLUMNS,
    derive=_derive,
    derives={"date": "date (ISO or '20 April 2023')", "lat/lon": "lat/lon, else geolocation 'lat, lon'"},
)
