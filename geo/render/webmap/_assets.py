"""JavaScript and CSS inlined into every map, read from installed packages.

Leaflet comes from PyPI's ``xstatic-leaflet`` (never copied into this
repository, never fetched from a CDN); geo's own controls live next to this
module in ``js/``. Images referenced by Leaflet's stylesheet become data:
URIs, so a saved map makes no request of its own.
"""

from __future__ import annotations

import base64
import functools
import json
import re
from importlib import resources
from pathlib import Path

from geo._format import DISTANCE_RULES
from geo.errors import MissingDependencyError

__all__ = ["RUNTIME_FILES", "leaflet_js", "leaflet_css", "geo_js", "geo_css", "inline_script", "inline_style"]

_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=\S+\s*$", re.MULTILINE)
_CSS_URL = re.compile(r"url\((['\"]?)(images/[\w.-]+\.png)\1\)")
_SCRIPT_END = re.compile(r"</(script)", re.IGNORECASE)
_STYLE_END = re.compile(r"</(style)", re.IGNORECASE)


def _leaflet_dir() -> Path:
    try:
        from xstatic.pkg import leaflet
    except ImportError as exc:
        raise MissingDependencyError(
            "interactive maps need Leaflet from the xstatic-leaflet package",
            hint="pip install 'xstatic-leaflet>=1.9,<2'") from exc
    return Path(leaflet.BASE_DIR)


@functools.cache
def leaflet_js() -> str:
    """Leaflet's minified JavaScript without its source-map comment (which would make a request)."""
    return _SOURCE_MAP.sub("", (_leaflet_dir() / "leaflet.js").read_text(encoding="utf-8"))


@functools.cache
def leaflet_css() -> str:
    """Leaflet's stylesheet with its images as data: URIs."""
    folder = _leaflet_dir()

    def data_uri(match: re.Match[str]) -> str:
        png = (folder / match.group(2)).read_bytes()
        return f'url("data:image/png;base64,{base64.b64encode(png).decode("ascii")}")'

    return _CSS_URL.sub(data_uri, (folder / "leaflet.css").read_text(encoding="utf-8"))


def _own(name: str) -> str:
    return (resources.files("geo.render.webmap") / "js" / name).read_text(encoding="utf-8")


#: geo's runtime, in load order: helpers first, the entry point (GeoMap.render) last.
RUNTIME_FILES = ("util.js", "format.js", "geodesy.js", "canvas.js", "controls.js", "filters.js", "density.js", "decorate.js",
                 "geomap.js")


@functools.cache
def geo_js() -> str:
    """geo's own map runtime (the files of :data:`RUNTIME_FILES`, concatenated).

    It starts with ``geo._format``'s distance rules as data, so the one
    distance the browser formats (the measure tool's) reads as Python would.
    """
    rules = json.dumps(DISTANCE_RULES, separators=(",", ":"))
    head = f"window.GeoMap = window.GeoMap || {{}};\nGeoMap.DISTANCE_RULES = {rules};"
    return "\n".join([head, *(_own(name) for name in RUNTIME_FILES)])


@functools.cache
def geo_css() -> str:
    """geo's own map styles (``js/geomap.css``)."""
    return _own("geomap.css")


def inline_script(code: str) -> str:
    """``code`` inside a ``<script>`` element; ``</script`` cannot end it early.

    The asset texts are trusted (installed packages and geo's own files); the
    rewrite only guards against a future version containing that sequence.
    ``<\\/script`` means the same inside JavaScript strings, regexes and comments.
    """
    return "<script>" + _SCRIPT_END.sub(r"<\\/\1", code) + "</script>"


def inline_style(css: str) -> str:
    """``css`` inside a ``<style>`` element."""
    return "<style>" + _STYLE_END.sub(r"<\\/\1", css) + "</style>"
