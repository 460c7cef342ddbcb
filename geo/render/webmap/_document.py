"""The HTML document of a map: folium/branca skeleton, everything inlined.

folium's Map gives the page structure and the ``L.map`` call; its CDN links
(Leaflet, jQuery, Bootstrap, awesome-markers) are switched off and Leaflet is
inlined from the installed ``xstatic-leaflet`` instead, with geo's own
runtime. Element ids are fixed (``map_geo``), never random, so the same data
gives byte-identical HTML.
"""

from __future__ import annotations

import html
from typing import Any

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.render.webmap import _assets
from geo.render.webmap._payload import script_block

__all__ = ["build_document", "DATA_ELEMENT_ID"]

DATA_ELEMENT_ID = "geo-data"


class _OfflineMap(folium.Map):
    """folium.Map without any CDN resource."""

    default_js: list[tuple[str, str]] = []
    default_css: list[tuple[str, str]] = []


class _Raw(Element):
    """Text placed in the page as it is (branca would parse it as a Jinja template)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: Any) -> str:
        return self._text


class _Start(MacroElement):
    """Hands the folium map and the data block to geo's runtime."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            GeoMap.render({{ this._parent.get_name() }}, document.getElementById({{ this.data_id|tojson }}));
        {% endmacro %}
    """)

    def __init__(self, data_id: str) -> None:
        super().__init__()
        self._name = "GeoStart"
        self.data_id = data_id


def build_document(data: dict[str, Any], *, title: str) -> str:
    """The complete, self-contained HTML page for ``data`` (see ``js/geomap.js``)."""
    fmap = _OfflineMap(location=(20.0, 0.0), zoom_start=2, tiles=None, zoom_control=True, prefer_canvas=False,
                       control_scale=False, max_bounds=False, font_size="13px")
    fmap._id = "geo"
    figure = fmap.get_root()
    figure._id = "geo"
    header = figure.header
    header.add_child(_Raw(f"<title>{html.escape(title or 'Map', quote=True)}</title>"), name="geo_title")
    header.add_child(_Raw('<meta name="generator" content="geo">'), name="geo_generator")
    header.add_child(_Raw(_assets.inline_style(_assets.leaflet_css())), name="leaflet_css")
    header.add_child(_Raw(_assets.inline_style(_assets.geo_css())), name="geo_css")
    header.add_child(_Raw(_assets.inline_script(_assets.leaflet_js())), name="leaflet_js")
    header.add_child(_Raw(_assets.inline_script(_assets.geo_js())), name="geo_js")
    figure.html.add_child(_Raw(script_block(data, element_id=DATA_ELEMENT_ID)), name="geo_data")
    start = _Start(DATA_ELEMENT_ID)
    start._id = "geo"
    fmap.add_child(start, name="geo_start")
    return figure.render()
