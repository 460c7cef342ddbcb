"""One gazetteer place as :func:`geo.geocode` answers it: a small read-only record, no pandas.

A :class:`Place` reads like a ``dict`` (``hit["name"]``), like an object
(``hit.name``) and, through :meth:`Place.to_series`, like the row of
:func:`geo.places` it is. Its point geometry (shapely) is built when first
asked for, so a look-up by name loads neither pandas nor shapely.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    import shapely

__all__ = ["Place"]

#: The keys of a place, in the order of the columns of :func:`geo.places` (``geometry`` built on demand).
_KEYS = ("geonameid", "name", "country", "country_a2", "admin1code", "admin1", "admin2", "feature_code",
         "population", "lon", "lat", "source", "geometry", "match")
_SHOWN = ("name", "country", "admin1", "population", "lon", "lat", "match")


class Place(Mapping):
    """A populated place from the gazetteer, as :func:`geo.geocode` returns it.

    Read-only: a mapping over ``geonameid`` (int), ``name``, ``country``
    (ISO A3), ``country_a2``, ``admin1code`` (GeoNames), ``admin1`` (its
    name), ``admin2`` (a listed village's township or local government
    area, "" for GeoNames places), ``feature_code`` (str, or None where GeoNames has none),
    ``population`` (int, 0 where the source gives none), ``lon``, ``lat``
    (float, degrees, WGS84), ``source`` (``"GeoNames"``, or the village list
    a place below GeoNames' floor comes from; such places have a negative
    ``geonameid``), ``geometry`` (a shapely ``Point``, EPSG:4326, built when first read) and
    ``match`` (``"name"``, ``"alternate name"`` or ``"transliteration"``).
    Every key is also an attribute.

    Parameters
    ----------
    values:
        Every key above except ``geometry``.
    row:
        The place's position in :func:`geo.places` (see :attr:`row`).

    Examples
    --------
    >>> import geo
    >>> hit = geo.geocode("Prudianka")
    >>> hit.name, hit["country"], hit.admin1, hit.population
    ('Prudianka', 'UKR', 'Kharkiv', 1924)
    >>> [hit[key] for key in ("name", "country", "admin1")]
    ['Prudianka', 'UKR', 'Kharkiv']
    >>> hit.geometry.wkt
    'POINT (36.16835 50.23606)'
    """

    __slots__ = ("_values", "_row", "_geometry")

    def __init__(self, values: Mapping[str, Any], row: int):
        missing = [key for key in _KEYS if key != "geometry" and key not in values]
        if missing:
            raise ValueError(f"a Place needs {', '.join(missing)}")
        object.__setattr__(self, "_values", {key: values[key] for key in _KEYS if key != "geometry"})
        object.__setattr__(self, "_row", int(row))
        object.__setattr__(self, "_geometry", None)

    # ------------------------------------------------------------------ mapping

    def __getitem__(self, key: str) -> Any:
        if key == "geometry":
            return self.geometry
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(_KEYS)

    def __len__(self) -> int:
        return len(_KEYS)

    def __contains__(self, key: object) -> bool:
        return key in _KEYS

    # ------------------------------------------------------------------ attributes

    def __getattr__(self, name: str) -> Any:
        if not name.startswith("_"):
            values = self._values
            if name in values:
                return values[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Place is read-only (cannot set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Place is read-only (cannot delete {name!r})")

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *_KEYS})

    @property
    def geometry(self) -> shapely.Point:
        """The place as a shapely ``Point`` (lon, lat; EPSG:4326), built on first access."""
        if self._geometry is None:
            import shapely

            object.__setattr__(self, "_geometry", shapely.Point(float(self._values["lon"]),
                                                                 float(self._values["lat"])))
        return self._geometry

    @property
    def row(self) -> int:
        """Position of the place in :func:`geo.places` (largest first), as the old ``Series.name``."""
        return self._row

    # ------------------------------------------------------------------ other forms

    def to_series(self) -> pd.Series:
        """The place as the ``pandas.Series`` :func:`geo.geocode` used to return (``object`` dtype, named by row)."""
        import pandas as pd

        return pd.Series({key: self[key] for key in _KEYS}, name=self._row, dtype=object)

    def to_dict(self) -> dict[str, Any]:
        """A plain ``dict`` of every key, ``geometry`` included."""
        return {key: self[key] for key in _KEYS}

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Place):
            return self._values == other._values
        return Mapping.__eq__(self, other)

    def __hash__(self) -> int:
        return hash(tuple(self._values.items()))

    def __reduce__(self) -> tuple:
        return (type(self), (dict(self._values), self._row))

    def __repr__(self) -> str:
        shown = ", ".join(f"{key}={self._values[key]!r}" for key in _SHOWN)
        return f"Place({shown})"
