"""Which web tiles a map asks for: an xyzservices name, a URL template, or none.

Tiles are optional decoration: offline they fail, and the page falls back to
the bundled vector basemap drawn underneath.
"""

from __future__ import annotations

import difflib
import re
import warnings
from typing import Any

from geo.errors import InputError

__all__ = ["resolve_tiles"]

_URL = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)


def resolve_tiles(spec: str | None, *, source: str = "tiles") -> dict[str, Any] | None:
    """``{"url", "attribution", "maxZoom", "subdomains", "name"}`` for the page, or None for ``"none"``.

    Parameters
    ----------
    spec:
        ``"none"`` (or empty), an xyzservices name such as
        ``"OpenStreetMap.Mapnik"`` (case-insensitive), or an http(s) URL
        template with ``{z}``, ``{x}`` and ``{y}``.

    Raises
    ------
    InputError
        For an unknown name (with close matches), a provider that needs an API
        key, or a URL without the placeholders.

    Examples
    --------
    >>> resolve_tiles("none") is None
    True
    >>> resolve_tiles("OpenStreetMap.Mapnik")["url"]
    'https://tile.openstreetmap.org/{z}/{x}/{y}.png'
    """
    if spec is None or not str(spec).strip() or str(spec).strip().lower() == "none":
        return None
    text = str(spec).strip()
    if "{" in text or "://" in text:
        return _from_url(text, source=source)
    return _from_name(text, source=source)


def _from_url(url: str, *, source: str) -> dict[str, Any]:
    if not _URL.match(url) or not all(f"{{{k}}}" in url for k in "zxy"):
        raise InputError(f"tile URL must be an http(s) template with {{z}}, {{x}} and {{y}}, got {url[:80]!r}",
                         source=source, hint="e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png, or --tiles none")
    host = url.split("/")[2]
    return {"url": url, "attribution": f"Tiles: {host}", "maxZoom": 19, "subdomains": "abc", "name": f"Web tiles ({host})"}


def _from_name(name: str, *, source: str) -> dict[str, Any]:
    import xyzservices.providers as providers

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # key reminders; handled below with a clear error
        try:
            provider = providers.query_name(name)
        except ValueError:
            names = list(providers.flatten())
            close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
            hint = f"did you mean {', '.join(close)}?" if close else "e.g. OpenStreetMap.Mapnik, or none"
            raise InputError(f"unknown tile provider {name!r}", source=source, hint=hint) from None
        if provider.requires_token():
            raise InputError(f"tile provider {provider.name!r} needs an API key", source=source,
                             hint="pass a URL template that includes your key, or choose another provider")
        url = provider.build_url(fill_subdomain=False)
    return {"url": url, "attribution": f"Tiles: {provider.get('attribution', provider.name)}",
            "maxZoom": int(provider.get("max_zoom", 19)), "subdomains": str(provider.get("subdomains", "abc")),
            "name": f"Web tiles ({provider.name})"}
