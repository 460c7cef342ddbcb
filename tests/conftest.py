"""Session-wide test set-up: geo's cache in a temporary folder, test isolation, one Chromium per test process.

Tests never read or fill the cache of whoever runs them (``~/.cache/geo``);
child processes (the CLI run as ``python -m geo``) inherit the same folder
through ``GEO_CACHE_DIR``. Under pytest-xdist every test process of a session
shares one such folder, as concurrent ``geo`` commands share a user's cache
(entries are written atomically), so each entry is built once a session.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

# Bytecode caches (``__pycache__``, ignored by git) are written even where PYTHONDONTWRITEBYTECODE is set:
# without them every test process re-rewrites every test module's asserts and every ``python -m geo`` child
# the suite starts compiles geo again (about 1.5 s of CPU a test process, 0.1 s a child, on every run).
# Set here, before pytest-xdist starts its test processes, so they and their children inherit it.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """pytest-xdist, before it starts a test process: the session's one geo cache folder, made on first call."""
    if not hasattr(node.config, "_geo_shared_cache"):
        node.config._geo_shared_cache = tempfile.mkdtemp(prefix="geo-test-cache-")
    node.workerinput["geo_cache_dir"] = node.config._geo_shared_cache


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = getattr(config, "_geo_shared_cache", None)  # set in the controlling process only
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def _temporary_geo_cache(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    from geo.settings import settings

    shared = getattr(request.config, "workerinput", {}).get("geo_cache_dir")
    folder = Path(shared) if shared else tmp_path_factory.mktemp("geo-cache")
    before_env, before_setting = os.environ.get("GEO_CACHE_DIR"), settings.cache_dir
    os.environ["GEO_CACHE_DIR"] = str(folder)
    settings.cache_dir = folder
    yield folder
    settings.cache_dir = before_setting
    if before_env is None:
        os.environ.pop("GEO_CACHE_DIR", None)
    else:
        os.environ["GEO_CACHE_DIR"] = before_env


def _close_shared_chromium() -> None:
    browser = sys.modules.get("browser")  # tests/browser.py, imported only where a test opens a page
    if browser is not None:
        browser.close_shared_chromium()


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked ``browser`` share this process's Chromium (``browser.offline_browser``); others get it closed.

    While Playwright's sync API runs, this thread's asyncio loop counts as
    running, so code that needs its own loop (geo's PDF printing, notebook
    kernels, dask) would fail beside it.
    """
    if item.get_closest_marker("browser") is None:
        _close_shared_chromium()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:  # noqa: ARG001
    """Files of browser tests first, then files with some, then files with slow tests, then the rest; in a file, its
    browser tests first.

    pytest-xdist hands out whole files in this order (``--dist loadfile --no-loadscope-reorder`` in
    ``pyproject.toml``): the long files start first and the short ones fill in at the end, so both
    processes finish together; and a process runs its browser tests one after another, launching its
    Chromium once rather than again after every test without the browser (which closes it). In a file, the tests that
    share this process's Chromium come first, then those that close it to start their own
    (``own_playwright``), then the rest; otherwise each file's tests stay in the order they are written.
    """
    rank: dict[str, int] = {}
    mixed: set[str] = set()  # files with browser tests and others: after the files of browser tests only
    for item in items:
        group = 0 if item.get_closest_marker("browser") else 1 if (
            item.get_closest_marker("slow") or item.get_closest_marker("notebook")) else 2
        rank[item.nodeid.split("::")[0]] = min(group, rank.get(item.nodeid.split("::")[0], 2))
        if group:
            mixed.add(item.nodeid.split("::")[0])
    rank = {name: 1 if group == 0 and name in mixed else 2 * group for name, group in rank.items()}

    def within_file(item: pytest.Item) -> int:
        if item.get_closest_marker("browser") is None:
            return 2
        return 1 if "own_playwright" in getattr(item, "fixturenames", ()) else 0

    first = {}
    for item in items:
        first.setdefault(item.nodeid.split("::")[0], len(first))
    # stable: collection order within each group
    items.sort(key=lambda item: (rank[item.nodeid.split("::")[0]], first[item.nodeid.split("::")[0]],
                                 within_file(item)))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """``--dist loadfile``, with the files of browser tests kept to one test process while it has them, and the
    files of ``_SAME_PROCESS`` handed out with their partner.

    A browser test spends most of its time waiting for Chromium (page loads,
    Leaflet's animations, frames); a test process busy with them leaves its core
    half idle. Handed out plainly, the browser files (first in the order above)
    go to every test process at once and the machine idles at the start; here the
    first process takes them one after another (launching Chromium once) while
    the others start on the long files without a browser, and each takes from
    the other kind once its own runs out, so they still finish together.
    """
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class _BrowserFilesApart(LoadFileScheduling):
        _browser_node = None

        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            return _SAME_PROCESS.get(scope, scope)

        def _assign_work_unit(self, node) -> None:
            if self._browser_node is None:
                self._browser_node = node
            wants_browser = node is self._browser_node
            scope = next((name for name in self.workqueue if _has_browser_tests(self.config.rootpath / name) == wants_browser),
                         next(iter(self.workqueue)))
            work_unit = self.workqueue.pop(scope)
            self.assigned_work.setdefault(node, {})[scope] = work_unit
            collection = self.registered_collections[node]
            node.send_runtest_some([collection.index(nodeid) for nodeid, done in work_unit.items() if not done])

    return _BrowserFilesApart(config, log)


_BROWSER_FILES: dict[Path, bool] = {}

#: Test files handed out with another, as one unit, because they read the same costly result made once a
#: test process: test_extract_villages reads the extractions test_extract_scoring scores
#: (``extract_scoring.extracted``, about 4 s of CPU made again in the other process otherwise).
_SAME_PROCESS = {"tests/test_extract_villages.py": "tests/test_extract_scoring.py"}


def _has_browser_tests(path: Path) -> bool:
    """Whether the test file ``path`` marks tests ``browser`` (its text read, not imported: this is the controlling
    process, which collects nothing)."""
    if path not in _BROWSER_FILES:
        try:
            _BROWSER_FILES[path] = "mark.browser" in path.read_text(encoding="utf-8")
        except OSError:
            _BROWSER_FILES[path] = False
    return _BROWSER_FILES[path]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:  # noqa: ARG001 - pytest's signature
    _close_shared_chromium()


@pytest.fixture
def own_playwright() -> None:
    """For a browser test whose code starts Playwright itself (geo's PDF printing): the shared Chromium closes first."""
    _close_shared_chromium()


@pytest.fixture(autouse=True)
def _forget_registered_regions():
    """Region layers registered by a test (``geo regions --from`` run in-process registers one) do not reach the next."""
    yield
    registry = sys.modules.get("geo.reference.regions._registry")
    if registry is not None and registry._REGISTERED:
        registry.unregister_regions()
