"""The HTML document of a map: a fixed page skeleton, everything inlined.

The page is a full-window ``<div id="map_geo">``, the ``L.map`` call that
makes it a Leaflet map, and geo's runtime started on it. Leaflet is inlined
from the installed ``xstatic-leaflet`` with geo's own runtime and styles, and
the data travels in one JSON block (:func:`~geo.render.webmap._payload.script_block`).
Nothing in the skeleton comes from the data except the title, which is
HTML-escaped; element ids are fixed, never random, so the same data gives
byte-identical HTML.

The skeleton is what folium's ``Map`` wrote for this page, without its CDN
links, and written here directly: folium, branca and their compiled Jinja
templates took a sixth of a second of every ``geo map`` to import, for a
page that is the same every time (``benchmarks/reference.py --only map``).
"""

from __future__ import annotations

import html
from typing import Any

from geo.render.webmap import _assets
from geo.render.webmap._payload import script_block

__all__ = ["build_document", "DATA_ELEMENT_ID", "MAP_ELEMENT_ID"]

DATA_ELEMENT_ID = "geo-data"
#: The map's element id, and the name of the page's global ``L.map`` variable.
MAP_ELEMENT_ID = "map_geo"

_HEAD = """<!DOCTYPE html>
<html>
<head>
<meta http-equiv="content-type" content="text/html; charset=UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0, maximum-scale=1.0, user-scalable=no" />
"""

_PAGE_STYLE = """<style>
html, body { width: 100%; height: 100%; margin: 0; padding: 0; }
#map_geo { position: relative; width: 100%; height: 100%; left: 0; top: 0; }
.leaflet-container { font-size: 13px; }
</style>
"""

# The map starts on the whole world; geo's runtime then fits it to the data (js/geomap.js).
_START = """<script>
var map_geo = L.map("map_geo", {center: [20.0, 0.0], crs: L.CRS.EPSG3857, zoom: 2, zoomControl: true,
  preferCanvas: false});
GeoMap.render(map_geo, document.getElementById("geo-data"));
</script>
"""


def build_document(data: dict[str, Any], *, title: str) -> str:
    """The complete, self-contained HTML page for ``data`` (see ``js/geomap.js``).

    Parameters
    ----------
    data:
        The page's data block (:meth:`ImpactMap._data`), serialised as JSON.
    title:
        The page title (plain text; escaped here).

    Returns
    -------
    str
        The page, starting with ``<!DOCTYPE html>``; it loads nothing from anywhere.
    """
    parts = [
        _HEAD,
        f"<title>{html.escape(title or 'Map', quote=True)}</title>\n",
        '<meta name="generator" content="geo">\n',
        _assets.inline_style(_assets.leaflet_css()), "\n",
        _assets.inline_style(_assets.geo_css()), "\n",
        _PAGE_STYLE,
        _assets.inline_script(_assets.leaflet_js()), "\n",
        _assets.inline_script(_assets.geo_js()), "\n",
        "</head>\n<body>\n",
        script_block(data, element_id=DATA_ELEMENT_ID), "\n",
        f'<div class="geo-map" id="{MAP_ELEMENT_ID}"></div>\n',
        _START,
        "</body>\n</html>\n",
    ]
    return "".join(parts)
