"""Saved web pages: the article's main text, title, date and URL, with trafilatura.

Many users keep articles as pages saved from a browser. The main text is
taken out of navigation, adverts, "most read" boxes and footers by
trafilatura (a maintained extractor, Apache-2.0), never by hand-written tag
stripping; its metadata gives the page's title, publication date and
canonical URL. Paragraphs come back separated by blank lines, the title as
the first line, so the article reader sees the same shape as a text file.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from geo.errors import InputError, MissingDependencyError

__all__ = ["Page", "read_page", "looks_like_html"]

log = logging.getLogger(__name__)

_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)


@dataclass(frozen=True)
class Page:
    """What a saved page holds for the extractor.

    Attributes
    ----------
    text:
        The main text: the title line, a blank line, then the paragraphs.
    title:
        The page's headline (``og:title`` or ``<title>``), or None.
    published:
        Publication date from the page's metadata, or None.
    url:
        Canonical URL (``<link rel=canonical>``, ``og:url``), or None.
    """

    text: str
    title: str | None
    published: dt.date | None
    url: str | None


def looks_like_html(text: str) -> bool:
    """True when ``text`` is an HTML document rather than plain text."""
    return bool(_HTML_START.match(text[:2000]))


def read_page(html: str, *, source: str | None = None) -> Page:
    """The main text and metadata of a saved news page.

    Raises
    ------
    MissingDependencyError
        When trafilatura is not installed.
    InputError
        When the page holds no article text.
    """
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - trafilatura is a dependency
        raise MissingDependencyError("reading HTML pages needs trafilatura", source=source,
                                     hint="pip install trafilatura") from exc
    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                                        favor_precision=True, deduplicate=True)
    data = found.as_dict() if found is not None and hasattr(found, "as_dict") else (found or {})
    body = (data.get("text") or "").strip()
    if not body:
        raise InputError("the page holds no article text that could be extracted", source=source,
                         hint="save the article page itself (not an index or a login page), or paste its text "
                              "into a .txt file")
    title = _clean(data.get("title"))
    paragraphs = [line.strip() for line in body.splitlines() if line.strip()]
    if title and paragraphs and _same(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    text = "\n\n".join(([title] if title else []) + paragraphs) + "\n"
    published = _date(data.get("date"))
    url = data.get("url") if _is_web_url(data.get("url")) else None
    log.info("page: %d paragraphs, title %r, date %s, url %s", len(paragraphs), title, published, url)
    return Page(text=text, title=title, published=published, url=url)


def _clean(text: str | None) -> str | None:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text or None


def _same(a: str, b: str) -> bool:
    return re.sub(r"\W+", " ", a).strip().lower() == re.sub(r"\W+", " ", b).strip().lower()


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _is_web_url(value: str | None) -> bool:
    return bool(value) and re.match(r"^https?://[^\s<>\"']+$", value) is not None
