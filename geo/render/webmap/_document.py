"""The HTML document of a map: folium/branca skeleton, everything inlined.

folium's Map gives the page structure and the ``L.map`` call; its CDN links
(Leaflet, jQuery, Bootstrap, awesome-markers) are switched off and Leaflet is
inlined from the installed ``xstatic-leaflet`` instead, with geo's own
runtime. Element ids are fixed (``map_geo``), never random, so the same data
gives byte-identical HTML.

The skeleton is the same for every map: folium renders it with a marker in
each slot (title, styles, scripts, data) and the page is the skeleton's text
with the slots filled. Rendered once, the skeleton is kept in geo's on-disk
cache (:mod:`geo._cache`), keyed by the installed folium, branca and Jinja
files and this module, so a later ``geo map`` fills folium's own skeleton
without importing folium and compiling its templates again (a third of a
second); with the cache off, or after any of them changes, folium renders it.

When no entry holds it, :func:`render_ahead` has a forked child process
render it on another core while the caller analyses the data (a thread would
not help: importing folium and compiling Jinja templates hold the GIL), and
:func:`build_document` takes the child's text. The child runs the same code
as the caller would, so the page is the same bytes; where
:mod:`geo._ahead` does not fork (no ``fork``, other threads, or
``GEO_PROCESSES=0``), or a child fails, the caller renders it itself.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import logging
import re
from pathlib import Path
from typing import Any

import numpy as np

from geo import _cache
from geo._ahead import Ahead, start_ahead
from geo.render.webmap import _assets
from geo.render.webmap._payload import script_block_parts

__all__ = ["build_document", "document_parts", "render_ahead", "DATA_ELEMENT_ID"]

log = logging.getLogger(__name__)

DATA_ELEMENT_ID = "geo-data"

#: The slots of the skeleton, filled per page.
_SLOTS = ("title", "leaflet_css", "geo_css", "leaflet_js", "geo_js", "data")
#: A slot's marker in the rendered skeleton (NUL never occurs in folium's templates).
_MARKER = "\x00geo-slot:{}\x00"
_MARKERS = re.compile("\x00geo-slot:([a-z_]+)\x00")
#: Bump when what the skeleton holds or how it is split changes.
_SKELETON_FORMAT = 1
#: The child rendering the skeleton ahead (:func:`render_ahead`).
_AHEAD: list[Ahead] = []
#: Whether this process's skeleton came from such a child (folium then never loads here).
_from_child = False
#: How long the caller waits for that child before rendering the skeleton itself (it takes about 0.4 s).
_CHILD_SECONDS = 20.0


def build_document(data: dict[str, Any], *, title: str) -> str:
    """The complete, self-contained HTML page for ``data`` (see ``js/geomap.js``)."""
    return "".join(document_parts(data, title=title))


def document_parts(data: dict[str, Any], *, title: str) -> list[str]:
    """:func:`build_document` as the strings it joins, in order: written one after another they make the same
    file, and the megabytes of a large map's data are never copied into one string."""
    values = {
        "title": [f"<title>{html.escape(title or 'Map', quote=True)}</title>"],
        "leaflet_css": [_assets.inline_style(_assets.leaflet_css())],
        "geo_css": [_assets.inline_style(_assets.geo_css())],
        "leaflet_js": [_assets.inline_script(_assets.leaflet_js())],
        "geo_js": [_assets.inline_script(_assets.geo_js())],
        "data": script_block_parts(data, element_id=DATA_ELEMENT_ID),
    }
    texts, slots = _skeleton()
    parts = [texts[0]]
    for slot, text in zip(slots, texts[1:], strict=True):
        parts += [*values[slot], text]
    return parts


@functools.cache
def _skeleton() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(texts, slots): the page is ``texts[0] + value(slots[0]) + texts[1] + ...``; from the cache when an
    earlier run rendered it with the same folium."""
    key = _skeleton_key()

    def pack(result: tuple[tuple[str, ...], tuple[str, ...]]) -> dict[str, np.ndarray]:
        texts, texts_ends = _cache.pack_bytes([text.encode("utf-8") for text in result[0]])
        slots, slots_ends = _cache.pack_bytes([slot.encode("ascii") for slot in result[1]])
        return {"texts": texts, "texts_ends": texts_ends, "slots": slots, "slots_ends": slots_ends}

    def unpack(entry: dict[str, np.ndarray]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        texts = tuple(b.decode("utf-8") for b in _cache.unpack_bytes(entry["texts"], entry["texts_ends"]))
        slots = tuple(b.decode("ascii") for b in _cache.unpack_bytes(entry["slots"], entry["slots_ends"]))
        _check_slots(texts, slots)
        return texts, slots

    try:
        return _cache.cached("page", key, lambda: _collect() or _render_skeleton(), pack, unpack)
    finally:
        _discard()


def _skeleton_key() -> str:
    return _cache.cache_key("page-skeleton", _SKELETON_FORMAT, _installed_sources())


def render_ahead() -> bool:
    """Start rendering the page skeleton in a forked child process when no cache entry holds it.

    For a command that builds one page after a long analysis (``geo map``):
    call it after the command's own heavy imports (the child inherits them)
    and before the analysis. Only where :func:`geo._ahead.start_ahead` finds
    ``fork`` safe; elsewhere :func:`build_document` renders the skeleton
    itself, as without this call.

    Returns
    -------
    bool
        Whether a child was started.
    """
    if _AHEAD or _skeleton.cache_info().currsize:
        return False
    path = _cache.entry_path("page", _skeleton_key())
    if path is not None and path.is_file():
        return False
    ahead = start_ahead(_render_skeleton, what="the page skeleton")
    if ahead is not None:
        _AHEAD.append(ahead)
    return ahead is not None


def _collect() -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The skeleton the child rendered, or ``None`` (no child, or one that failed or gave no answer within
    :data:`_CHILD_SECONDS`: the caller renders it)."""
    global _from_child
    if not _AHEAD:
        return None
    ok, result = _AHEAD.pop().result(_CHILD_SECONDS)
    if not ok:
        return None
    try:
        _check_slots(*result)
    except (ValueError, TypeError) as exc:
        log.debug("the page skeleton rendered ahead is unusable (%s); rendering it here", exc)
        return None
    _from_child = True
    return result


def _discard() -> None:
    """End a child whose skeleton was not needed (the cache held it after all)."""
    while _AHEAD:
        _AHEAD.pop().discard()


def _installed_sources() -> list[tuple[str, int, int]]:
    """(path, size, modification time) of the files the skeleton comes from: folium's and branca's modules,
    Jinja's package file (its version) and this module. Found without importing any of them."""
    files = [Path(__file__)]
    for package in ("folium", "branca"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin:
            files += sorted(Path(spec.origin).parent.glob("*.py"))
    jinja = importlib.util.find_spec("jinja2")
    if jinja is not None and jinja.origin:
        files.append(Path(jinja.origin))
    out = []
    for path in files:
        stat = path.stat()
        out.append((str(path), stat.st_size, stat.st_mtime_ns))
    return out


def _check_slots(texts: tuple[str, ...], slots: tuple[str, ...]) -> None:
    if sorted(slots) != sorted(_SLOTS) or len(texts) != len(slots) + 1:
        raise ValueError(f"page skeleton has slots {slots}, expected each of {_SLOTS} once")


def _render_skeleton() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """folium's page with a marker in each slot, split at the markers."""
    page = _render_with_folium({slot: _MARKER.format(slot) for slot in _SLOTS})
    pieces = _MARKERS.split(page)
    texts, slots = tuple(pieces[0::2]), tuple(pieces[1::2])
    _check_slots(texts, slots)
    return texts, slots


def _render_with_folium(values: dict[str, str]) -> str:
    """The page folium renders, each slot's text placed as it is."""
    import folium
    from branca.element import Element, MacroElement
    from jinja2 import Template

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

    fmap = _OfflineMap(location=(20.0, 0.0), zoom_start=2, tiles=None, zoom_control=True, prefer_canvas=False,
                       control_scale=False, max_bounds=False, font_size="13px")
    fmap._id = "geo"
    figure = fmap.get_root()
    figure._id = "geo"
    header = figure.header
    header.add_child(_Raw(values["title"]), name="geo_title")
    header.add_child(_Raw('<meta name="generator" content="geo">'), name="geo_generator")
    for slot in ("leaflet_css", "geo_css", "leaflet_js", "geo_js"):
        header.add_child(_Raw(values[slot]), name=slot)
    figure.html.add_child(_Raw(values["data"]), name="geo_data")
    start = _Start(DATA_ELEMENT_ID)
    start._id = "geo"
    fmap.add_child(start, name="geo_start")
    return figure.render()
