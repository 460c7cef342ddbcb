"""Which web tiles a map asks for: none (the default), an xyzservices name, or a URL template.

Tiles are optional decoration: offline they fail, and the page falls back to
the bundled vector basemap drawn underneath. Online, every reader's browser
sends the tile server its IP address, the time and the area viewed, so tiles
come only from the xyzservices providers or from hosts the person running
geo allowed (``--allow-tile-host``, ``geo.settings.tile_hosts``), and
:func:`tile_notice` says so in plain words.
"""

from __future__ import annotations

import difflib
import re
import warnings
from typing import Any

from geo.errors import InputError

__all__ = ["resolve_tiles", "tile_notice"]

_URL = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)


def resolve_tiles(spec: str | None, *, source: str = "tiles",
                  allow_hosts: tuple[str, ...] | list[str] = ()) -> dict[str, Any] | None:
    """``{"url", "attribution", "maxZoom", "subdomains", "name"}`` for the page, or None for ``"none"``.

    Parameters
    ----------
    spec:
        ``"none"`` (or empty), an xyzservices name such as
        ``"OpenStreetMap.Mapnik"`` (case-insensitive), or an http(s) URL
        template with ``{z}``, ``{x}`` and ``{y}`` on an allowed host.
    allow_hosts:
        Hosts a URL template may use besides ``geo.settings.tile_hosts``
        (a template identical to a provider's own needs none).

    Raises
    ------
    InputError
        For an unknown name (with close matches), a provider that needs an API
        key, a URL without the placeholders, or a host nobody allowed.

    Examples
    --------
    >>> resolve_tiles("none") is None
    True
    >>> resolve_tiles("OpenStreetMap.Mapnik")["url"]
    'https://tile.openstreetmap.org/{z}/{x}/{y}.png'
    >>> resolve_tiles("https://tiles.example.org/{z}/{x}/{y}.png", allow_hosts=["tiles.example.org"])["host"]
    'tiles.example.org'
    """
    if spec is None or not str(spec).strip() or str(spec).strip().lower() == "none":
        return None
    text = str(spec).strip()
    if "{" in text or "://" in text:
        return _from_url(text, source=source, allow_hosts=allow_hosts)
    return _from_name(text, source=source)


def _from_url(url: str, *, source: str, allow_hosts: tuple[str, ...] | list[str]) -> dict[str, Any]:
    from urllib.parse import urlsplit

    from geo.settings import settings

    if not _URL.match(url) or not all(f"{{{k}}}" in url for k in "zxy"):
        raise InputError(f"tile URL must be an http(s) template with {{z}}, {{x}} and {{y}}, got {url[:80]!r}",
                         source=source, hint="e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png, or --tiles none")
    host = (urlsplit(url.replace("{s}", "a")).hostname or "").lower()
    allowed = {h.lower() for h in (*settings.tile_hosts, *allow_hosts)}
    if url not in _provider_urls() and host not in allowed:
        raise InputError(f"tile host {host!r} is not a known tile provider; every reader's browser would send it "
                         "their IP address and the area they view", source=source,
                         hint=f"use a provider name (e.g. OpenStreetMap.Mapnik), or, if you trust {host}, add "
                              f"--allow-tile-host {host}")
    return {"url": url, "attribution": f"Tiles: {host}", "maxZoom": 19, "subdomains": "abc",
            "name": f"Web tiles ({host})", "host": host}


def _provider_urls() -> set[str]:
    import xyzservices.providers as providers

    return {p.build_url(fill_subdomain=False) for p in providers.flatten().values() if not p.requires_token()}


def tile_notice(tiles: dict[str, Any] | None) -> str | None:
    """A plain sentence on what web tiles send where, for the person publishing the map; None without tiles."""
    if not tiles:
        return None
    return (f"this map loads web tiles from {tiles['host']} when it is opened: every reader's browser sends "
            f"{tiles['host']} its IP address, the time and the area viewed (use --tiles none for a map that "
            "calls no server)")


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
    from urllib.parse import urlsplit

    subdomains = str(provider.get("subdomains", "abc"))
    host = (urlsplit(url.replace("{s}", subdomains[:1] or "a")).hostname or "").lower()
    return {"url": url, "attribution": f"Tiles: {provider.get('attribution', provider.name)}",
            "maxZoom": int(provider.get("max_zoom", 19)), "subdomains": subdomains,
            "name": f"Web tiles ({provider.name})", "host": host}
