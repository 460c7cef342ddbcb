"""KML and KMZ from Google Earth and Google My Maps, read as incidents and damage areas.

GDAL's LIBKML driver does the parsing (KMZ included); this module turns
what it gives into geo's fields:

- every folder is read (GDAL makes each a layer) and named in a ``folder``
  column; ``--layer`` picks one;
- the placemark's name is kept as ``name`` (the popup's heading) and its
  description as ``notes``, reduced from HTML to plain text: tags dropped,
  ``<script>``/``<style>`` content dropped, ``<br>``/``<p>`` as line breaks, a
  link kept as its text followed by its address in brackets. Nothing of it
  is ever put on a page as HTML;
- ``<TimeStamp>`` becomes ``date`` (precision ``day``); ``<TimeSpan>`` becomes
  ``date`` (its begin) and ``date_end``, with a precision that covers the span
  (up to 1 day ``day``, 7 days ``week``, 31 days ``month``, else ``year``);
- placemarks carry no ids: rows are numbered (``row-N``); GDAL's empty ``id``
  column and its styling columns (``altitudeMode``, ``tessellate``, ...) are
  dropped unless they hold something;
- heights of 0 (KML's default) are dropped silently; other heights go through
  geo's documented Z repair.
"""

from __future__ import annotations

import html
import logging
import re
from html.parser import HTMLParser
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import InputError

__all__ = ["read_kml", "html_to_text", "KML_SUFFIXES"]

log = logging.getLogger(__name__)

KML_SUFFIXES = (".kml", ".kmz")
_STYLE_COLUMNS = ("altitudeMode", "tessellate", "extrude", "visibility", "drawOrder", "icon", "snippet")
_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"}


class _Text(HTMLParser):
    """Collects the text of an HTML fragment; scripts and styles are skipped, links keep their address."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._href: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")
        elif tag == "a":
            self._href.append(dict(attrs).get("href"))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")
        elif tag == "a" and self._href:
            href = self._href.pop()
            if href and re.match(r"^https?://", href.strip(), re.I):
                self.parts.append(f" ({href.strip()})")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(value: object) -> str | None:
    """An HTML fragment (a KML description) as plain text; None when empty.

    >>> html_to_text('<p>Fire at the <b>depot</b>.</p><script>alert(1)</script><a href="https://x.org/v">video</a>')
    'Fire at the depot.\\nvideo (https://x.org/v)'
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value)
    if "<" not in text and "&" not in text:
        return text.strip() or None
    parser = _Text()
    parser.feed(text)
    parser.close()
    joined = html.unescape("".join(parser.parts)) if "&" in "".join(parser.parts) else "".join(parser.parts)
    lines = [" ".join(line.split()) for line in joined.splitlines()]
    return "\n".join(line for line in lines if line) or None


def read_kml(path: str | Path, *, layer: str | None = None) -> gpd.GeoDataFrame:
    """Every placemark of a KML/KMZ file as one GeoDataFrame in EPSG:4326 (see the module notes).

    Raises
    ------
    InputError
        A file GDAL cannot read, an unknown ``layer``, or no placemarks.
    """
    import pyogrio

    source = str(path)
    try:
        layers = [str(name) for name, _ in pyogrio.list_layers(path)]
    except Exception as exc:
        raise InputError(f"not a readable KML/KMZ file ({str(exc).strip().splitlines()[0][:200]})", source=source,
                         hint="export it again from Google Earth or My Maps (File > Save place as, .kml or .kmz)"
                         ) from None
    if layer is not None and layer not in layers:
        raise InputError(f"has no folder {layer!r}; it has {', '.join(layers)}", source=source,
                         hint=f"pass one of them with --layer, or leave --layer out to read all {len(layers)}")
    frames = []
    for name in [layer] if layer else layers:
        try:
            frame = pyogrio.read_dataframe(path, layer=name)
        except Exception as exc:
            raise InputError(f"folder {name!r} could not be read ({str(exc).strip()[:200]})", source=source,
                             hint="export the file again") from None
        if len(frame):
            frame.insert(0, "folder", name)
            frames.append(frame)
    if not frames:
        raise InputError("has no placemarks", source=source, hint="add at least one placemark and export again")
    frame = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=frames[0].crs)
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")  # KML is WGS84 lon/lat by definition
    return _tidy(frame)


def _tidy(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    out = pd.DataFrame(index=frame.index)
    if frame["folder"].nunique() > 1 or len(frame):
        out["folder"] = frame["folder"]
    lowered = {str(c).lower(): c for c in frame.columns}
    if "id" in lowered and frame[lowered["id"]].notna().any() and frame[lowered["id"]].astype(str).str.strip().ne("").any():
        out["id"] = frame[lowered["id"]]
    if "name" in lowered:
        out["name"] = frame[lowered["name"]].map(lambda v: html_to_text(v) if isinstance(v, str) else None)
    if "description" in lowered:
        out["notes"] = frame[lowered["description"]].map(html_to_text)
    out = out.join(_dates(frame, lowered))
    skip = {"id", "name", "description", "timestamp", "begin", "end", "folder", "geometry",
            *(c.lower() for c in _STYLE_COLUMNS)}
    for column in frame.columns:
        if str(column).lower() not in skip and column != frame.geometry.name:
            out[column] = frame[column]
    for column in _STYLE_COLUMNS:
        real = lowered.get(column.lower())
        if real is not None and _meaningful(frame[real]):
            out[real] = frame[real]
    geoms = frame.geometry.values
    if shapely.has_z(geoms).any():
        z = shapely.get_coordinates(geoms[shapely.has_z(geoms)], include_z=True)[:, 2]
        if np.nan_to_num(z).max(initial=0) == 0 and np.nan_to_num(z).min(initial=0) == 0:
            geoms = shapely.force_2d(geoms)
    return gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs), crs=frame.crs)


def _meaningful(values: pd.Series) -> bool:
    """A styling column holding anything but GDAL's defaults (-1, 0, blank)."""
    text = values.astype("string").str.strip()
    return bool((text.notna() & ~text.isin(["", "-1", "0", "None", "nan", "<NA>"])).any())


def _dates(frame: gpd.GeoDataFrame, lowered: dict[str, str]) -> pd.DataFrame:
    def column(name: str) -> pd.Series:
        if name not in lowered:
            return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
        values = pd.to_datetime(frame[lowered[name]], errors="coerce", utc=True)
        return values.dt.tz_localize(None) if hasattr(values.dt, "tz_localize") else values

    stamp, begin, end = column("timestamp"), column("begin"), column("end")
    date = stamp.where(stamp.notna(), begin)
    span_days = (end - begin).dt.total_seconds() / 86_400.0
    precision = pd.Series(np.select([span_days <= 1, span_days <= 7, span_days <= 31, span_days > 31],
                                    ["day", "week", "month", "year"], default="day"), index=frame.index)
    precision = precision.where(date.notna(), None)
    out = pd.DataFrame(index=frame.index)
    if date.notna().any():
        out["date"] = date.dt.strftime("%Y-%m-%d").where(date.notna(), None)
        out["time_precision"] = precision.astype(object)
    if end.notna().any():
        out["date_end"] = end.dt.strftime("%Y-%m-%d").where(end.notna(), None)
    return out
