"""Where the bundled reference data lives, installed or in a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from geo.errors import InputError
from geo.settings import settings

__all__: list[str] = []

_CHECKOUT_DATA = Path(__file__).resolve().parents[2] / "data"


def data_file(name: str) -> Path:
    """Path of a bundled data file.

    Looks in ``settings.data_dir`` first, then inside the installed package
    (``geo/_data``, where a wheel puts it), then in the checkout's ``data/``.
    """
    candidates = []
    if settings.data_dir is not None:
        candidates.append(Path(settings.data_dir) / name)
    candidates.append(Path(str(resources.files("geo") / "_data" / name)))
    candidates.append(_CHECKOUT_DATA / name)
    for path in candidates:
        if path.is_file():
            return path
    raise InputError(
        f"bundled data file {name!r} not found; looked in " + ", ".join(str(p) for p in candidates),
        hint="reinstall geo, or set geo.settings.data_dir to a folder holding it "
             "(data/build_countries.py rebuilds it)")
