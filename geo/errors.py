"""Every error geo raises on purpose.

Each error names what was received, where (file, row, feature) and how to fix
it. Each subclass also inherits the matching built-in, so ``except ValueError``
keeps working for callers who do not know geo.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "GeoError",
    "InputError",
    "SchemaError",
    "MissingCRSError",
    "CRSMismatchError",
    "ScenarioError",
    "UnknownCountryError",
    "NoSharedBorderError",
    "PlaceNotFoundError",
    "MissingDependencyError",
    "GeoWarning",
    "RepairWarning",
]


class GeoError(Exception):
    """Base class of geo's errors.

    Parameters
    ----------
    message:
        What is wrong, in a sentence.
    source:
        The file (or other origin) the bad value came from, if any.
    location:
        Row, feature or key inside the source, e.g. ``"row 3"``.
    hint:
        How to fix it.
    """

    def __init__(self, message: str, *, source: str | None = None,
                 location: str | None = None, hint: str | None = None) -> None:
        self.message = message
        self.source = source
        self.location = location
        self.hint = hint
        super().__init__(self._format())

    def _format(self) -> str:
        where = ", ".join(str(part) for part in (self.source, self.location) if part)
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f" (fix: {self.hint})"
        return text


class InputError(GeoError, ValueError):
    """A file or value cannot be read as what it claims to be."""


class SchemaError(InputError):
    """A table misses a column, or a column holds values of the wrong kind."""


class MissingCRSError(InputError):
    """Geometries arrive without a coordinate reference system."""


class CRSMismatchError(InputError):
    """Layers that must share a coordinate reference system do not."""


class ScenarioError(InputError):
    """A scenario file is not a valid description of a case."""


class UnknownCountryError(GeoError, KeyError):
    """An ISO 3166-1 alpha-3 code that the bundled countries do not hold."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return self.args[0]


class NoSharedBorderError(GeoError, ValueError):
    """Two countries that share no land border."""


class PlaceNotFoundError(GeoError, LookupError):
    """A place name the gazetteer does not know."""


class MissingDependencyError(GeoError, ImportError):
    """An optional dependency is not installed."""


class GeoWarning(UserWarning):
    """Base class of geo's warnings."""


class RepairWarning(GeoWarning):
    """Input was changed to make it usable; the message says how."""


# --------------------------------------------------------------------------- labels for messages

def short_value(value: object, limit: int = 60) -> str:
    """repr() of a cell for a message, cut short: a 1 MB cell must not flood the terminal."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def rows_label(mask: Any, label: str = "row", limit: int = 5) -> str:
    positions = np.flatnonzero(np.asarray(mask)) + 1
    shown = ", ".join(str(p) for p in positions[:limit])
    more = f" and {positions.size - limit} more" if positions.size > limit else ""
    noun = label if positions.size == 1 else f"{label}s"
    return f"{noun} {shown}{more}"
