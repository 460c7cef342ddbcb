"""Every error geo raises on purpose.

Each error names what was received, where (file, row, feature) and how to fix
it. Each subclass also inherits the matching built-in, so ``except ValueError``
keeps working for callers who do not know geo.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    "RowList",
    "numbered_rows",
    "current_row_numbers",
    "row_spans",
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
        Row or feature inside the source (a :class:`RowList` from
        :func:`rows_label`, which also holds every row number), or another
        place such as ``"line 3"``.
    hint:
        How to fix it.
    key:
        Key path in a structured document, e.g. ``"incidents[0].date"``;
        also the ``location`` when no other is given.

    The parts stay data, so nothing parses the message back: ``err.source``,
    ``err.rows``, ``err.key``, ``err.hint``; the CLI prints ``str(err)``.

    Examples
    --------
    >>> err = InputError("incident id is blank", source="incidents.csv", location=rows_label([False, True, True]))
    >>> err.rows, str(err)
    ((2, 3), 'incidents.csv, rows 2, 3: incident id is blank')
    >>> moved = err.with_context(location="partition 2")
    >>> type(moved).__name__, moved.rows, str(moved)
    ('InputError', (2, 3), 'incidents.csv, partition 2, rows 2, 3: incident id is blank')
    """

    def __init__(self, message: str, *, source: str | None = None, location: str | None = None,
                 hint: str | None = None, key: str | None = None) -> None:
        self.message = message
        self.source = source
        self.location = location if location is not None else key
        self.hint = hint
        self.key = key
        super().__init__(self._format())

    @property
    def rows(self) -> tuple[int, ...]:
        """Every row (or feature) the error is about, numbered as in the file; empty if not row-level."""
        return tuple(getattr(self.location, "numbers", ()))

    def with_context(self, *, source: str | None = None, location: str | None = None, key: str | None = None,
                     hint: str | None = None, replace: bool = False) -> GeoError:
        """A copy of this error, same class and state, that also says where it happened.

        ``source`` is filled in only when the error names none yet (the
        innermost reader knows the file best) unless ``replace=True``;
        ``location`` goes in front of the rows already named, which stay data;
        ``key`` and ``hint`` replace what was there. Raise the copy ``from None``.
        """
        new = self.__class__.__new__(self.__class__)
        new.__dict__.update(self.__dict__)
        if source is not None and (replace or not self.source):
            new.source = source
        if location is not None:
            joined = ", ".join(str(p) for p in (location, self.location) if p)
            new.location = RowList(joined, self.rows) if self.rows else joined
        if key is not None:
            if new.location == self.key:
                new.location = key
            new.key = key
        if hint is not None:
            new.hint = hint
        new.args = (new._format(),)
        return new

    def _format(self) -> str:
        key = self.key if self.key != self.location else None
        where = ", ".join(str(part) for part in (self.source, self.location, key) if part)
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


class UnknownCountryError(InputError, KeyError):
    """An ISO 3166-1 alpha-3 code that the bundled countries do not hold."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return self.args[0]


class NoSharedBorderError(InputError):
    """Two countries that share no land border."""


class PlaceNotFoundError(InputError, LookupError):
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


class RowList(str):
    """``"rows 3, 7 and 12 more"`` that also holds every row number (``.numbers``, counted from 1).

    Error locations are these, so a loader can set exactly the rows an error
    names aside (``--on-error skip``) without parsing the message back.
    """

    numbers: tuple[int, ...]

    def __new__(cls, text: str, numbers: tuple[int, ...] = ()) -> RowList:
        made = super().__new__(cls, text)
        made.numbers = tuple(numbers)
        return made


_ROW_NUMBERS: ContextVar[np.ndarray | None] = ContextVar("geo_row_numbers", default=None)


@contextlib.contextmanager
def numbered_rows(numbers: Any) -> Iterator[None]:
    """Within the block, position ``i`` of a checked table is row ``numbers[i]`` of its file.

    A loader that has set rows aside, or a file with a row before its records
    (HXL's hashtags), keeps messages naming the rows as they are in the file.
    """
    import numpy as np  # here, not at import: a command's --help or a refused option needs no numpy

    token = _ROW_NUMBERS.set(np.asarray(numbers, dtype=np.int64))
    try:
        yield
    finally:
        _ROW_NUMBERS.reset(token)


def current_row_numbers(size: int) -> np.ndarray:
    """Row numbers of a table of ``size`` rows being checked: its file's (see :func:`numbered_rows`), else 1..size."""
    import numpy as np

    known = _ROW_NUMBERS.get()
    return known if known is not None and len(known) == size else np.arange(1, size + 1)


def rows_label(mask: Any, label: str = "row", limit: int = 5) -> RowList:
    """The rows flagged by ``mask`` in words (``"rows 2, 5"``), numbered as in the file, holding all of them."""
    import numpy as np

    mask = np.asarray(mask, dtype=bool)
    numbers = tuple(int(n) for n in current_row_numbers(mask.size)[np.flatnonzero(mask)])
    shown = ", ".join(str(p) for p in numbers[:limit])
    more = f" and {len(numbers) - limit} more" if len(numbers) > limit else ""
    noun = label if len(numbers) == 1 else f"{label}s"
    return RowList(f"{noun} {shown}{more}", numbers)


def row_spans(numbers: Any) -> str:
    """Every row, in runs: ``[2, 3, 4, 9]`` -> ``'2-4, 9'``."""
    values = sorted({int(n) for n in numbers})
    runs: list[str] = []
    for n in values:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in runs)
