"""Session-wide test set-up: geo's on-disk cache lives in a temporary folder.

Tests never read or fill the cache of whoever runs them (``~/.cache/geo``);
child processes (the CLI run as ``python -m geo``) inherit the same folder
through ``GEO_CACHE_DIR``.
"""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def _temporary_geo_cache(tmp_path_factory: pytest.TempPathFactory):
    from geo.settings import settings

    folder = tmp_path_factory.mktemp("geo-cache")
    before_env, before_setting = os.environ.get("GEO_CACHE_DIR"), settings.cache_dir
    os.environ["GEO_CACHE_DIR"] = str(folder)
    settings.cache_dir = folder
    yield folder
    settings.cache_dir = before_setting
    if before_env is None:
        os.environ.pop("GEO_CACHE_DIR", None)
    else:
        os.environ["GEO_CACHE_DIR"] = before_env
