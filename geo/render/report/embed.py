"""The CMS snippet: a responsive, sandboxed ``<iframe>`` that shows a saved map.

Paste it into any CMS that accepts raw HTML. By default the frame loads the
map file from where you publish it (``--url``, or the file name relative to
the page). ``inline=True`` puts the whole map into the snippet (``srcdoc``),
for a CMS where you cannot upload files; such snippets are large.

The frame is sandboxed with ``allow-scripts allow-popups
allow-popups-to-escape-sandbox`` and never ``allow-same-origin``: the map's
scripts run, but in an opaque origin that cannot reach the host page.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from geo.errors import InputError
from geo.render.report.html import MAP_SANDBOX

__all__ = ["embed_snippet"]

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _read_map(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("map file not found", source=str(path),
                         hint="write one first, e.g. geo map case.yaml -o map.html") from None
    except (UnicodeDecodeError, IsADirectoryError):
        raise InputError("not a UTF-8 HTML file", source=str(path),
                         hint="pass the .html file written by geo map") from None
    if "<html" not in text[:4096].lower():
        raise InputError("does not look like an HTML document (no <html> tag near the start)", source=str(path),
                         hint="pass the .html file written by geo map")
    return text


def _checked_url(url: str, source: str) -> str:
    url = url.strip()
    scheme = url.split(":", 1)[0].lower() if ":" in url.split("/", 1)[0] else ""
    if scheme not in ("", "http", "https"):
        raise InputError(f"refusing to embed an address with the scheme {scheme!r}", source=source,
                         hint="give an https:// address, or a path relative to the page")
    return url


def embed_snippet(path: str | os.PathLike[str], *, url: str | None = None, title: str | None = None,
                  aspect: float = 0.625, inline: bool = False) -> str:
    """An HTML snippet that embeds the map saved at ``path``.

    Parameters
    ----------
    path:
        A map written by ``geo map`` / :meth:`geo.ImpactMap.to_html`.
    url:
        Where the map will be published (``https://...`` or a relative path);
        defaults to the file's name, i.e. beside the page.
    title:
        Accessible name of the frame; defaults to the map's ``<title>``.
    aspect:
        Height as a fraction of the width (0.625 is 16:10).
    inline:
        Put the map itself into the snippet (``srcdoc``) instead of linking to it.

    Returns
    -------
    str
        The snippet, ending with a newline.

    Examples
    --------
    >>> import geo
    >>> print(geo.embed_snippet("out/belgorod.html", url="https://example.org/belgorod.html"))  # doctest: +SKIP
    """
    source = Path(path)
    page = _read_map(source)
    if not 0.1 <= aspect <= 3:
        raise InputError(f"aspect {aspect} is not a sensible height/width ratio", source="--aspect",
                         hint="use a value between 0.1 and 3, e.g. 0.625 for 16:10")
    found = _TITLE.search(page)
    name = title if title is not None else (html.unescape(found.group(1)).strip() if found else "") or "Map"
    if inline:
        where = f'srcdoc="{_e(page)}"'
    else:
        where = f'src="{_e(_checked_url(url, "--url") if url else source.name)}"'
    frame_style = "position:absolute;top:0;left:0;width:100%;height:100%;border:0"
    return (f"<!-- geo map: {_e(name).replace('--', '&#45;&#45;')} -->\n"
            f'<div class="geo-map-embed" style="position:relative;width:100%;height:0;'
            f'padding-top:{aspect * 100:.2f}%;overflow:hidden">\n'
            f'<iframe {where} title="{_e(name)}" sandbox="{MAP_SANDBOX}" allow="fullscreen" loading="lazy" '
            f'referrerpolicy="no-referrer" style="{frame_style}"></iframe>\n</div>\n')
