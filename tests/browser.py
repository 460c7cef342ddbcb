"""Real Chromium for tests, with the network blocked.

Use it wherever a test must prove what a page does in a browser::

    from browser import offline_browser  # tests/ is on sys.path under pytest

    with offline_browser() as browser:
        page = browser.open(path_to_html)
        page.wait_for_function("window.geoMap && window.geoMap.ready")
        assert browser.console_errors == [] and browser.page_errors == []

Debian's chromium is driven through Playwright's Python API (never a
browser downloaded by ``playwright install``). Every request that is not
``file:``, ``data:``, ``blob:`` or ``about:`` is aborted and recorded in
``blocked``; console errors, uncaught page errors and dialogs (``alert``,
``confirm``, ``prompt``) are collected too, so a test can assert that a page
rendered offline and ran nothing it should not have.

One Chromium process serves every test of a test process (launching it costs
about a second); each ``offline_browser()`` is a fresh browser context of its
own, so no cookies, storage, routes or pages carry over between tests.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["offline_browser", "OfflineBrowser", "shared_chromium", "close_shared_chromium", "chromium_path",
           "CHROMIUM_ARGS", "LOCAL_SCHEMES"]

#: Flags that keep Chromium from reaching out on its own (updates, sync, QUIC probes...).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def chromium_path() -> str:
    """Debian's chromium: ``geo.settings.chromium`` (``$GEO_CHROMIUM``), else ``chromium`` on PATH."""
    from geo.settings import settings

    found = str(settings.chromium or "") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).exists():
        raise RuntimeError("browser tests need Debian's chromium (apt-get install chromium, or `make browser`); "
                           "set GEO_CHROMIUM to its path if it lives elsewhere")
    return found


@dataclass
class OfflineBrowser:
    """A Chromium context whose pages cannot reach the network."""

    context: Any
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def new_page(self) -> Any:
        page = self.context.new_page()
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("dialog", self._on_dialog)
        page.on("popup", lambda popup: self.dialogs.append(f"popup window: {popup.url}"))
        return page

    def open(self, path: str | os.PathLike[str], *, wait: str | None = None, timeout_ms: float = 30_000) -> Any:
        """A new page showing the local file ``path``; optionally wait until JS ``wait`` is truthy."""
        page = self.new_page()
        page.goto(Path(path).resolve().as_uri(), wait_until="load", timeout=timeout_ms)
        if wait:
            page.wait_for_function(wait, timeout=timeout_ms)
        return page

    def _on_console(self, message: Any) -> None:
        location = message.location.get("url", "") if message.location else ""
        text = f"{message.text} [{location}]" if location else message.text
        self.console.append(f"{message.type}: {text}")
        if message.type == "error":
            self.console_errors.append(text)

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("internetdisconnected")


class _Shared:
    """One Playwright driver and one Chromium per test process, launched on first use.

    Launching Chromium costs about a second; a test session opens pages in
    dozens of places. Each :func:`offline_browser` gets a fresh context of its
    own (cookies, storage, routes and viewport are per context), so sharing
    the browser process shares no page state. Closed at the end of the
    session by ``tests/conftest.py`` (and at exit otherwise).
    """

    playwright: Any = None
    browsers: dict[tuple[str, ...], Any] = {}

    @classmethod
    def browser(cls, extra_args: tuple[str, ...] = ()) -> Any:
        if cls.playwright is None:
            from playwright.sync_api import sync_playwright

            cls.playwright = sync_playwright().start()
            atexit.register(cls.close)
        found = cls.browsers.get(extra_args)
        if found is None or not found.is_connected():
            found = cls.playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                                   args=CHROMIUM_ARGS + list(extra_args))
            cls.browsers[extra_args] = found
        return found

    @classmethod
    def close(cls) -> None:
        for browser in cls.browsers.values():
            with contextlib.suppress(Exception):
                browser.close()
        cls.browsers.clear()
        if cls.playwright is not None:
            with contextlib.suppress(Exception):
                cls.playwright.stop()
            cls.playwright = None


def shared_chromium(extra_args: tuple[str, ...] = ()) -> Any:
    """This process's headless Debian chromium (a Playwright ``Browser``), launched once with ``extra_args``."""
    return _Shared.browser(tuple(extra_args))


def close_shared_chromium() -> None:
    """Close the shared browser and driver (the next use launches them again)."""
    _Shared.close()


@contextlib.contextmanager
def offline_browser(*, viewport: tuple[int, int] = (1280, 800), device_scale_factor: float = 1.0,
                    extra_args: list[str] | None = None) -> Iterator[OfflineBrowser]:
    """A fresh context of the shared headless chromium with every non-local request aborted."""
    context = shared_chromium(tuple(extra_args or ())).new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, device_scale_factor=device_scale_factor,
        service_workers="block")
    try:
        session = OfflineBrowser(context)
        context.route("**/*", session._route)
        yield session
    finally:
        if context.browser is not None and context.browser.is_connected():  # else closed with its browser
            context.close()
