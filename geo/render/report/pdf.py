"""PDF reports, printed from the HTML report by headless Chromium.

Uses Playwright's Python API to drive an installed Chromium (Debian's
``chromium`` package, or the browser named by ``GEO_CHROMIUM``); geo never
downloads a browser. The page is printed with its print stylesheet: the
interactive map is hidden and the static PNG shown. Every network request is
refused while printing, so the PDF is made offline.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from pathlib import Path

from geo._atomic import atomic_path
from geo.errors import GeoError, MissingDependencyError

__all__ = ["find_chromium", "check_pdf_support", "html_to_pdf", "CHROMIUM_ARGS"]

log = logging.getLogger(__name__)

#: Flags for a quiet, offline, headless Chromium.
CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync")
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_INSTALL_HINT = "install a Chromium browser (Debian/Ubuntu: apt-get install chromium) or set GEO_CHROMIUM to its path"


def find_chromium() -> Path | None:
    """The Chromium executable to print with: ``geo.settings.chromium`` (``GEO_CHROMIUM``), else the first on ``PATH``."""
    from geo.settings import settings

    named = settings.chromium
    if named:
        return Path(named) if Path(named).is_file() else None
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def _playwright():  # noqa: ANN202 - the module is optional
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise MissingDependencyError("PDF reports need the playwright package to drive Chromium",
                                     hint="pip install 'playwright>=1.45' (no browser download is needed: "
                                          + _INSTALL_HINT + ")") from exc
    return sync_playwright


def check_pdf_support() -> Path:
    """The Chromium to print with; raises a clear error when it or Playwright is missing.

    Raises
    ------
    MissingDependencyError
        Naming what to install.
    """
    chromium = find_chromium()
    if chromium is None:
        raise MissingDependencyError("PDF reports are printed by Chromium, and no Chromium browser was found",
                                     hint=_INSTALL_HINT + "; or write --format html and print it from a browser")
    _playwright()
    return chromium


def html_to_pdf(page_html: str, path: str | os.PathLike[str], *, paper: str = "A4") -> Path:
    """Print an HTML document to a PDF at ``path`` (atomically) with headless Chromium.

    Parameters
    ----------
    page_html:
        A self-contained HTML document (see :func:`geo.report_html`).
    path:
        Where to write the PDF.
    paper:
        Paper format, e.g. ``"A4"`` or ``"Letter"``.

    Raises
    ------
    MissingDependencyError
        When Playwright or a Chromium browser is not installed.
    """
    chromium = check_pdf_support()
    sync_playwright = _playwright()
    target = Path(path)
    from playwright.sync_api import Error as PlaywrightError

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium), args=list(CHROMIUM_ARGS))
            try:
                page = browser.new_page()
                page.route("**/*", _offline)
                page.set_content(page_html, wait_until="load")
                page.emulate_media(media="print")
                with atomic_path(target) as tmp:
                    page.pdf(path=str(tmp), format=paper, print_background=True, prefer_css_page_size=True)
            finally:
                with contextlib.suppress(PlaywrightError):
                    browser.close()
    except PlaywrightError as exc:
        reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise GeoError(f"Chromium stopped before the PDF was printed ({reason}); it may have run out of memory "
                       "or been killed", source=str(target),
                       hint="free some memory and run again, or write --format html and print it from a "
                            "browser") from None
    log.info("wrote %s", target)
    return target


def _offline(route) -> None:  # noqa: ANN001 - playwright's Route
    url = route.request.url
    if url.startswith(("data:", "about:", "blob:")):
        route.continue_()
    else:
        route.abort()
