"""Where a scenario is being read: file, key path and the errors that name them."""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geopandas as gpd

from geo.errors import GeoError, ScenarioError

__all__ = ['Context']

class Context:
    """Error reporting with file and key path."""

    def __init__(self, source: str, base: Path, *, allow: Iterable[str | os.PathLike[str]] = ()) -> None:
        self.source = source
        self.base = base
        #: (key, file, CRS as read) of every data file, to refuse a case mixing CRSs.
        self.layers: list[tuple[str, str, Any]] = []
        #: The scenario's sources (id, name, url ...), so claims can name them by id.
        self.sources: Any = None
        #: Folders the scenario may read from: its own, and those the person running geo allowed.
        self.allowed = [Path(base).resolve(), *(Path(a).expanduser().resolve() for a in allow)]
        #: Every file the scenario refers to (read or only named), resolved, in the order met.
        self.files: list[Path] = []

    def read(self, file: Path, where: str, *, layer: str | None = None) -> gpd.GeoDataFrame:
        from geo.input.io import read_table

        frame = read_table(file, layer=layer)  # its errors name the data file itself
        self.layers.append((where, str(file), frame.crs))
        return frame

    def fail(self, message: str, where: str, hint: str | None = None) -> ScenarioError:
        return ScenarioError(message, source=self.source, key=where, hint=hint)

    def rows_failed(self, exc: GeoError, listing: str) -> ScenarioError:
        """A table check's error on the rows built from ``listing``, as keys: row 2 is ``incidents[1]``."""
        shown = [f"{listing}[{row - 1}]" for row in exc.rows[:5]]
        more = f" and {len(exc.rows) - 5} more" if len(exc.rows) > 5 else ""
        key = ", ".join(shown) + more if shown else listing
        return ScenarioError(exc.message, source=self.source, key=key, hint=exc.hint)

    def keys(self, mapping: Any, allowed: set[str], where: str) -> None:
        if not isinstance(mapping, dict):
            raise self.fail(f"expected a mapping of keys, got {type(mapping).__name__}: {mapping!r:.60}", where,
                            hint="write 'key: value' pairs, e.g. {id: a, lon: 36.58, lat: 50.60}")
        unknown = sorted(str(k) for k in mapping if k not in allowed)
        if unknown:
            raise self.fail(f"unknown key{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}", where,
                            hint=f"allowed keys: {', '.join(sorted(allowed))}")

    def text(self, mapping: dict, key: str, where: str, *, required: bool = False) -> str | None:
        value = mapping.get(key)
        if value is None:
            if required:
                raise self.fail(f"missing required key {key!r}", where, hint=f"add a line '{key}: ...'")
            return None
        if isinstance(value, (dict, list)):
            raise self.fail(f"{key!r} must be text, got a {type(value).__name__}", where,
                            hint=f"write {key}: followed by plain text (quote it if it contains ':' or '#')")
        return str(value)

    def listing(self, mapping: dict, key: str) -> list:
        value = mapping.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(f"{key!r} must be a list, got {type(value).__name__}", key,
                            hint=f"write it as a YAML list: {key}: [a, b]")
        return value

    def number(self, value: Any, where: str, *, integer: bool = False, minimum: float | None = 0,
               maximum: float | None = None, unit: str = "") -> float | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(f"must be a number, got {value!r:.60}", where,
                            hint="write a plain number without quotes or units, e.g. 36.58 or 5000")
        if not math.isfinite(value) and (minimum is None or maximum is None):
            raise self.fail(f"must be a finite number, got {value}", where,
                            hint="write the value as a plain number (YAML reads .nan and .inf as not-a-number "
                                 "and infinity)")
        if minimum is not None and maximum is not None and not minimum <= value <= maximum:  # NaN too
            raise self.fail(f"must be at least {_plain(minimum)} and at most {_plain(maximum)}{unit}, "
                            f"got {_plain(value)}", where,
                            hint="check the value and its unit (longitudes run -180 to 180, latitudes -90 to 90)"
                            if unit == "°" else "check the value and its unit")
        if maximum is not None and value > maximum:
            raise self.fail(f"must be at most {_plain(maximum)}{unit}, got {_plain(value)}", where,
                            hint="check the value and its unit")
        if integer and float(value) != int(value):
            raise self.fail(f"must be a whole number, got {value}", where, hint="drop the decimals")
        if minimum is not None and value < minimum:
            raise self.fail(f"must be >= {minimum}, got {value}", where, hint="distances and counts cannot be negative")
        return int(value) if integer else float(value)

    def date(self, value: Any, where: str) -> dt.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise self.fail(f"not a date: {value!r:.60}", where, hint="write dates as YYYY-MM-DD") from None

    def path(self, value: Any, where: str, *, reads: bool = True) -> Path:
        """A file the scenario names, resolved against its folder.

        Files whose content geo reads (``reads=True``: data files) must lie in
        the scenario's folder or an allowed one, after following symlinks.
        The ``article`` is only named (for provenance), never read into an
        output, so it may live elsewhere. Every file is listed in ``files``,
        so no output may replace it.
        """
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"must be a file path, got {value!r:.60}", where,
                            hint="give a path relative to the scenario file, e.g. incidents.csv")
        resolved = (self.base / value).resolve()  # follows symlinks: where the bytes really are
        if reads and not any(resolved.is_relative_to(folder) for folder in self.allowed):
            raise self.fail(f"refers to {value!r}, outside the scenario's folder (it resolves to {resolved})", where,
                            hint=f"move the file into {self.allowed[0]}, or, if you mean to publish it, "
                                 f"allow its folder with --allow-path {resolved.parent}")
        if not resolved.exists():
            raise self.fail(f"refers to a missing file {value!r} (looked at {resolved})", where,
                            hint="paths are relative to the scenario file")
        if resolved not in self.files:
            self.files.append(resolved)
        return resolved


def _plain(value: float) -> str:
    """12, 10,000,000, 1e+30: whole numbers with separators, the rest as Python writes them."""
    return f"{int(value):,}" if float(value).is_integer() and abs(value) < 1e15 else f"{value:g}"
