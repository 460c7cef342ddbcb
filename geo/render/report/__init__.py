"""Reports of a case: self-contained HTML, Markdown with a PNG, PDF, and CMS embed snippets.

Every report renders from one :class:`geo.analysis.CaseAnalysis` and computes
nothing new. With a fixed ``generated_at`` the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from geo._atomic import write_text
from geo._format import format_area, format_distance
from geo.errors import InputError

from ._figures import report_content
from .embed import embed_snippet
from .html import report_html
from .markdown import report_markdown
from .pdf import check_pdf_support, find_chromium, html_to_pdf

if TYPE_CHECKING:
    from geo.analysis.case import CaseAnalysis

__all__ = ["report_html", "report_markdown", "report_content", "write_report", "html_to_pdf", "find_chromium", "check_pdf_support", "report_format",
           "embed_snippet", "format_distance", "format_area", "REPORT_FORMATS"]

log = logging.getLogger(__name__)

REPORT_FORMATS = ("html", "md", "pdf")
_SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".pdf": "pdf"}


def report_format(path: str | os.PathLike[str], format: str | None = None) -> str:
    """The report format: the one given, else guessed from the file suffix, else HTML."""
    if format is not None:
        if format not in REPORT_FORMATS:
            raise InputError(f"unknown report format {format!r}", source="--format",
                             hint=f"use one of {', '.join(REPORT_FORMATS)}")
        return format
    return _SUFFIXES.get(Path(path).suffix.lower(), "html")


def write_report(analysis: CaseAnalysis, path: str | os.PathLike[str], *, format: str | None = None,
                 generated_at: dt.datetime | str | None = None, map_html: str | None = None) -> list[Path]:
    """Write a report of ``analysis`` and return the files written.

    Parameters
    ----------
    analysis:
        The result of :func:`geo.analyze`.
    path:
        The report file. For ``"md"`` the static map is written beside it as
        ``<stem>.png`` and linked relatively.
    format:
        ``"html"``, ``"md"`` or ``"pdf"``; defaults to the suffix of ``path``.
    generated_at:
        Generation time shown; fix it for byte-identical output.
    map_html:
        The interactive map document; defaults to the one geo draws.

    Returns
    -------
    list of Path
        The report first, then any file written beside it.

    Raises
    ------
    MissingDependencyError
        For ``"pdf"`` when Chromium or Playwright is absent. Nothing is written then.

    Examples
    --------
    >>> import geo
    >>> case = geo.analyze(geo.load_scenario("seeds/belgorod-2023-04-20.yaml"))  # doctest: +SKIP
    >>> geo.write_report(case, "out/belgorod-report.html")  # doctest: +SKIP
    [PosixPath('out/belgorod-report.html')]
    """
    from geo.render.staticmap import static_map_png

    target = Path(path)
    kind = report_format(target, format)
    if kind == "pdf":
        check_pdf_support()  # a clear MissingDependencyError before any work
    png = static_map_png(analysis)
    if kind == "md":
        from geo._atomic import atomic_paths

        image = target.with_suffix(".png")
        text = report_markdown(analysis, image_name=image.name, generated_at=generated_at)
        with atomic_paths(target, image) as (text_tmp, image_tmp):  # both files or neither
            image_tmp.write_bytes(png)
            text_tmp.write_text(text, encoding="utf-8")
        log.info("wrote %s and %s", target, image)
        return [target, image]
    if kind == "pdf":
        page = report_html(analysis, generated_at=generated_at, image_png=png, interactive=False)
        return [html_to_pdf(page, target)]
    page = report_html(analysis, generated_at=generated_at, map_html=map_html, image_png=png)
    write_text(target, page)
    log.info("wrote %s", target)
    return [target]
