"""Are these numbers plausible (lon, lat) degrees? Range, metres and swapped-axis checks.

geo never guesses what numbers mean: coordinates out of range are errors
that say what they look like (projected metres, swapped axes, a wrapped
longitude), and a row whose lon/lat contradict its own ``country`` or
``location`` column, while the swapped pair agrees with it, is an error too.
Nothing here changes a coordinate.

Swapped-axis rules, in order:

1. ``|lat| > 90`` while ``|lon| <= 90``: error, the columns look swapped.
2. A ``country`` column (ISO A3 code or country name): the point lies outside
   that country but the swapped point lies inside it: error.
3. A ``location`` column naming a gazetteer town: the point is far from every
   town of that name (> 10x the near distance) but the swapped point is near
   one (within 50 km plus ``uncertainty_m``): error.
4. Without either column: rows at sea whose swapped point is on land get a
   :class:`~geo.errors.GeoWarning` (incidents at sea are real, so not an error).
"""

from __future__ import annotations

import functools
import warnings

import numpy as np
import pandas as pd
import shapely

from geo.errors import GeoWarning, InputError, short_value

__all__ = ["check_lonlat", "check_swapped", "COUNTRY_COLUMNS", "LOCATION_COLUMNS"]

COUNTRY_COLUMNS = ("country", "iso_a3", "iso3", "country_code", "country_iso3")
LOCATION_COLUMNS = ("location", "place", "city", "town")
#: A swapped point this close to a town named by the row (plus its uncertainty) counts as "near".
NEAR_M = 50_000.0
#: The unswapped point must be this many times farther from every such town.
FAR_FACTOR = 10.0
#: Largest plausible projected coordinate: Web Mercator's edge is 20,037,508 m.
_MAX_METRES = 4.0e7
#: Rows examined by the at-sea rule, which only warns; bounded so huge tables stay fast.
_SEA_SAMPLE = 2_000
#: Distinct location names looked up in the gazetteer.
_LOCATION_SAMPLE = 500


def rows_label(mask: np.ndarray, label: str) -> str:
    from geo.errors import rows_label as rows

    return rows(mask, label)


def check_lonlat(x: np.ndarray, y: np.ndarray, *, source: str | None, label: str = "row",
                 metres_hint: str | None = None) -> None:
    """Raise :class:`InputError` unless every (x, y) is finite and within ±180, ±90 degrees.

    The message says what the numbers look like: NaN or infinite; absurdly
    large; projected metres (pass ``--crs``); swapped lon/lat; a longitude
    wrapped past 180. ``metres_hint`` replaces the fix suggested for projected
    metres (a file that declares degrees but holds metres needs another fix).
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    nan = np.isnan(x) | np.isnan(y)
    if nan.any():
        raise InputError("coordinate is not a finite number (NaN, an empty or unreadable value)", source=source,
                         location=rows_label(nan, label), hint="give lon/lat as decimal degrees, or drop the row")
    inf = np.isinf(x) | np.isinf(y)
    if inf.any():
        raise InputError("coordinate is not a finite number (infinity)", source=source,
                         location=rows_label(inf, label), hint="give lon/lat as decimal degrees, or drop the row")
    huge = (np.abs(x) > _MAX_METRES) | (np.abs(y) > _MAX_METRES)
    if huge.any():
        i = np.flatnonzero(huge)[0]
        raise InputError(f"coordinate ({x[i]:g}, {y[i]:g}) is not a position on Earth in degrees or metres",
                         source=source, location=rows_label(huge, label),
                         hint="the value is corrupt (e.g. an overflowing spreadsheet cell); fix or drop the row")
    out = (np.abs(x) > 180) | (np.abs(y) > 90)
    if not out.any():
        return
    metres = out & ((np.abs(x) > 1_000) | (np.abs(y) > 1_000))
    if metres.any():
        i = np.flatnonzero(metres)[0]
        raise InputError(f"coordinates ({x[i]:,.0f}, {y[i]:,.0f}) look like projected metres, not degrees",
                         source=source, location=rows_label(metres, label),
                         hint=metres_hint or "pass --crs with the EPSG code of their projection (Python: crs=...), "
                                             "e.g. --crs EPSG:3857 for Web Mercator or EPSG:32637 for UTM zone 37N")
    swapped = (np.abs(y) > 90) & (np.abs(y) <= 180) & (np.abs(x) <= 90)
    if swapped.any():
        i = np.flatnonzero(swapped)[0]
        raise InputError(f"latitude {y[i]} is outside -90..90 and longitude {x[i]} would fit as a latitude: "
                         "lon and lat look swapped", source=source, location=rows_label(swapped, label),
                         hint="swap the two columns (or pass --lon/--lat naming them); geo never swaps silently")
    bad_lat = np.abs(y) > 90
    if bad_lat.any():
        i = np.flatnonzero(bad_lat)[0]
        raise InputError(f"latitude {y[i]} is outside -90..90", source=source, location=rows_label(bad_lat, label),
                         hint="latitude is the north-south coordinate in degrees; check the value and column order")
    i = np.flatnonzero(out)[0]
    raise InputError(f"longitude {x[i]} is outside -180..180", source=source, location=rows_label(out, label),
                     hint="wrap it into -180..180 (540 is 180, 190 is -170) or check the CRS")


# --------------------------------------------------------------------------- swapped axes

@functools.cache
def _country_index() -> tuple[np.ndarray, dict[str, str], np.ndarray]:
    """Codes, names (folded) -> code, and bounding boxes of the bundled countries."""
    from geo.reference.countries import countries

    world = countries()
    codes = world["iso_a3"].to_numpy()
    names: dict[str, str] = {}
    for column in ("name", "name_long"):
        if column in world:
            names.update({str(n).casefold(): c for n, c in zip(world[column], codes, strict=True)})
    names.update({str(c).casefold(): c for c in codes})
    return codes, names, shapely.bounds(world.geometry.to_numpy())


def _country_at(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """ISO A3 code of the country containing each point, None at sea (:func:`geo.reference.countries.country_at`)."""
    from geo.reference.countries import country_at

    return country_at(lon, lat)


def _find(columns: list, names: tuple[str, ...]) -> object | None:
    lowered = {str(c).strip().lower(): c for c in columns}
    return next((lowered[n] for n in names if n in lowered), None)


def check_swapped(frame: pd.DataFrame, x: np.ndarray, y: np.ndarray, *, source: str | None,
                  label: str = "row") -> None:
    """Raise :class:`InputError` for rows whose lon/lat look swapped (see the module's rules).

    ``x``/``y`` are the rows' lon/lat in degrees, already range-checked.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    candidate = np.abs(x) <= 90  # only then is (y, x) a position too
    if not candidate.any():
        return
    country_col = _find(list(frame.columns), COUNTRY_COLUMNS)
    location_col = _find(list(frame.columns), LOCATION_COLUMNS)
    stated = (_stated_countries(frame[country_col], source=source, label=label) if country_col is not None
              else np.full(x.size, None, object))
    if country_col is not None:
        _by_country(x, y, stated, candidate, source=source, label=label, column=str(country_col))
    if location_col is not None:
        _by_location(frame, x, y, stated, candidate, location_col, source=source, label=label)
    if country_col is None and location_col is None:
        _at_sea(x, y, candidate, source=source, label=label)


def _stated_countries(column: pd.Series, *, source: str | None = None, label: str = "row") -> np.ndarray:
    """ISO A3 code per row from the row's country cell (names, codes and aliases, see
    :mod:`geo.input.countries`); None where blank or unknown. Unknown names are warned about,
    naming the rows: their rows are not checked against the country, never rejected for it."""
    from geo.input.countries import resolve_countries, suggest_country

    codes, unknown = resolve_countries(column)
    bundled = set(_country_index()[0].tolist())
    codes = np.array([c if c in bundled else None for c in codes], dtype=object)
    if unknown.any():
        names = list(dict.fromkeys(str(v).strip() for v in column[unknown].tolist()))
        shown = ", ".join(short_value(n, 40) for n in names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5
                                                                    else "")
        guesses = [(n, g) for n in names[:5] if (g := suggest_country(n))]
        if len(names) == 1 and guesses:
            hint = f" (did you mean {guesses[0][1]}?)"
        else:
            hint = f" (did you mean: {'; '.join(f'{short_value(n, 40)} -> {g}' for n, g in guesses)}?)" if guesses else ""
        warnings.warn(f"{source or 'input'}: {rows_label(unknown, label)}: unknown country {shown}{hint}; "
                      f"the country check is skipped for {'that row' if unknown.sum() == 1 else 'those rows'} "
                      "(use a country name or ISO code such as UKR)", GeoWarning, stacklevel=5)
    return codes


def _by_country(x: np.ndarray, y: np.ndarray, stated: np.ndarray, candidate: np.ndarray, *,
                source: str | None, label: str, column: str) -> None:
    codes, _, bounds = _country_index()
    known = candidate & (stated != None)  # noqa: E711 - elementwise on an object array
    if not known.any():
        return
    position = {c: i for i, c in enumerate(codes)}
    box = bounds[[position[c] for c in stated[known]]]

    # Cheap envelope test first; exact point-in-country only for rows that might be swapped.
    def inside(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        return (lon >= box[:, 0]) & (lon <= box[:, 2]) & (lat >= box[:, 1]) & (lat <= box[:, 3])

    suspect = np.zeros(x.size, bool)
    suspect[known] = inside(y[known], x[known])  # the swapped point must at least be in the country's box
    if not suspect.any():
        return
    rows = np.flatnonzero(suspect)
    here = _country_at(x[rows], y[rows])
    there = _country_at(y[rows], x[rows])
    bad = np.zeros(x.size, bool)
    bad[rows] = (here != stated[rows]) & (there == stated[rows])
    if bad.any():
        i = np.flatnonzero(bad)[0]
        where = f"in {here[rows == i][0]}" if here[rows == i][0] else "at sea"
        raise InputError(f"(lon {x[i]}, lat {y[i]}) lies {where}, not in {stated[i]} as column {column!r} says; "
                         f"swapped, (lon {y[i]}, lat {x[i]}) lies in {stated[i]}: lon and lat look swapped",
                         source=source, location=rows_label(bad, label),
                         hint="swap lon and lat in those rows (or the column names); geo never swaps silently")


def _place_coordinates(name: str, country: str | None) -> np.ndarray:
    from geo.reference.gazetteer import candidates_for, place_values

    found = candidates_for(name)
    if found.size == 0:
        head = name.split("(")[0].split(",")[0].strip()
        found = candidates_for(head) if head and head != name else found
    if found.size == 0:
        return np.empty((0, 2))
    # Only the row groups holding these towns are read: not every town's coordinates for a few names.
    towns = place_values(found, "lon", "lat", "country")
    if country is not None:
        keep = towns["country"] == country
        return np.column_stack([towns["lon"][keep], towns["lat"][keep]])
    return np.column_stack([towns["lon"], towns["lat"]])


def _by_location(frame: pd.DataFrame, x: np.ndarray, y: np.ndarray, stated: np.ndarray, candidate: np.ndarray,
                 column: object, *, source: str | None, label: str) -> None:
    from geo.geodesy import geodesic_distance

    names = frame[column].astype("string").fillna("").str.strip().to_numpy(dtype=object)
    radius = np.zeros(x.size)
    if "uncertainty_m" in frame:
        radius = np.nan_to_num(pd.to_numeric(frame["uncertainty_m"], errors="coerce").to_numpy(dtype=float))
    near = NEAR_M + np.maximum(radius, 0.0)
    rows = np.flatnonzero(candidate & (names != ""))
    groups = pd.DataFrame({"name": names[rows], "country": stated[rows], "row": rows}).groupby(
        ["name", "country"], dropna=False, sort=False)["row"]
    bad = np.zeros(x.size, bool)
    for k, ((name, country), members) in enumerate(groups):
        if k >= _LOCATION_SAMPLE:
            break
        towns = _place_coordinates(str(name), None if pd.isna(country) else country)
        if towns.size == 0:
            continue
        members = members.to_numpy()
        # A degree of latitude is at least 110,574 m, so a swapped point whose latitude (the row's lon)
        # is farther than near/110,574 degrees from every such town's cannot be near one: skip it.
        town_lat = np.sort(towns[:, 1])
        tolerance = near[members] / 110_574.0
        lo = np.searchsorted(town_lat, x[members] - tolerance)
        hi = np.searchsorted(town_lat, x[members] + tolerance, side="right")
        for i in members[hi > lo]:
            n = len(towns)
            here = geodesic_distance(np.full(n, x[i]), np.full(n, y[i]), towns[:, 0], towns[:, 1]).min()
            there = geodesic_distance(np.full(n, y[i]), np.full(n, x[i]), towns[:, 0], towns[:, 1]).min()
            bad[i] = there <= near[i] and here > FAR_FACTOR * near[i]
    if bad.any():
        i = np.flatnonzero(bad)[0]
        raise InputError(f"(lon {x[i]}, lat {y[i]}) is far from {names[i]!r:.80} named in column {str(column)!r}, "
                         f"but (lon {y[i]}, lat {x[i]}) is near it: lon and lat look swapped", source=source,
                         location=rows_label(bad, label),
                         hint="swap lon and lat in those rows (or the column names); geo never swaps silently")


def _at_sea(x: np.ndarray, y: np.ndarray, candidate: np.ndarray, *, source: str | None, label: str) -> None:
    rows = np.flatnonzero(candidate)[:_SEA_SAMPLE]
    here = _country_at(x[rows], y[rows])
    there = _country_at(y[rows], x[rows])
    sea = (here == None) & (there != None)  # noqa: E711 - elementwise on an object array
    if sea.any():
        mask = np.zeros(x.size, bool)
        mask[rows[sea]] = True
        lands = ", ".join(sorted({str(c) for c in there[sea]})[:5])
        warnings.warn(f"{source or 'input'}: {rows_label(mask, label)} lie at sea; with lon and lat swapped they would "
                      f"be on land ({lands}). If that is what was meant, swap the columns (--lon/--lat); "
                      "incidents at sea are fine as they are (a location or country column lets geo check each row instead)",
                      GeoWarning, stacklevel=4)
