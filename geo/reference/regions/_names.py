"""Region names as people write them: Oblast/Krai, Cyrillic, and regions named with their border."""

from __future__ import annotations

import difflib
import re
import warnings
from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import GeoWarning, InputError, PlaceNotFoundError
from geo.reference.countries import border, land_borders
from geo.reference.gazetteer import normalize_name
from geo.reference.regions._along_border import SNAP_TOLERANCE_M, border_regions
from geo.reference.regions._local import degree_margin
from geo.reference.regions._registry import _country_code, _current

__all__ = ['lookup_regions']

_GENERIC = {
    "oblast", "oblast'", "obl", "krai", "kray", "region", "republic", "respublika", "of", "the",
    "autonomous", "avtonomnyy", "avtonomnaya", "okrug", "ao", "province", "state", "territory",
    "federal", "city", "gorod", "oblasti",
}
# Russian Cyrillic to Latin, close to BGN/PCGN, the romanisation DCW's local names use.
_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
}
_RU.update({"і": "i", "ї": "yi", "є": "ye", "ґ": "g"})  # Ukrainian letters, loosely


def _transliterate(text: str) -> str:
    out = []
    for k, ch in enumerate(text):
        if ch == "е" and (k == 0 or text[k - 1] in "аеёиоуыэюяйъь -"):
            out.append("ye")  # BGN/PCGN: е after a vowel or at a word start
        else:
            out.append(_RU.get(ch, ch))
    return "".join(out)


def _fold(text: str) -> str:
    # Transliterate before normalize_name strips diacritics: it would turn й into и.
    return normalize_name(_transliterate(str(text).casefold())).replace("'", "").replace("’", "")


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", _fold(text)) if w]


def _spellings(name: str, alt: object) -> list[str]:
    """A region's name, its alternative name, and bracketed parts ("Tyva Respublika [Tuva]")."""
    out = [name]
    if isinstance(alt, str) and alt:
        out.append(re.sub(r"\[.*?\]", " ", alt))
        out.extend(re.findall(r"\[(.*?)\]", alt))
    return out


def _resolve(name: str, frame: gpd.GeoDataFrame) -> int:
    """Row of ``frame`` for a region name: exact, then without generic words, then by subset."""
    if not isinstance(name, str) or not name.strip():
        raise PlaceNotFoundError(f"region name must be a non-empty string, got {name!r}")
    by_code = np.flatnonzero(frame["code"].fillna("").str.upper().to_numpy() == name.strip().upper())
    if by_code.size == 1:
        return int(by_code[0])
    spellings = [_spellings(n, a) for n, a in zip(frame["name"], frame["name_alt"], strict=True)]
    full = " ".join(_words(name))
    key = {w for w in _words(name) if w not in _GENERIC}
    steps = (
        lambda s: full in {" ".join(_words(x)) for x in s},
        lambda s: bool(key) and any(key == {w for w in _words(x) if w not in _GENERIC} for x in s),
        lambda s: bool(key) and any(key <= set(_words(x)) for x in s),
    )
    for matches in steps:
        hits = [i for i, s in enumerate(spellings) if matches(s)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            which = ", ".join(f"{frame['name'].iat[i]} ({frame['code'].iat[i] or frame['country'].iat[i]})"
                              for i in hits[:8])
            raise PlaceNotFoundError(f"region name {name!r} is ambiguous: {which}",
                                     hint="write the full name, e.g. with Oblast, Krai or Republic, or the code")
    names = list(frame["name"])
    close = difflib.get_close_matches(name.strip(), names, n=5, cutoff=0.6)
    if not close:
        by_key = {" ".join(_words(n)): n for n in names}
        close = [by_key[k] for k in difflib.get_close_matches(full, list(by_key), n=5, cutoff=0.6)]
    hint = (f"did you mean {', '.join(close)}?" if close
            else "list known names with `geo regions COUNTRY`, or add a layer with geo.register_regions()")
    raise PlaceNotFoundError(f"no region called {name!r}", hint=hint)


def lookup_regions(names: Iterable[str], *, borders: Iterable[str] | None = None) -> gpd.GeoDataFrame:
    """Regions named as a scenario writes them, with their share of a border.

    Names match whatever the spelling: ``"Belgorod Oblast"``, ``"Belgorod"``,
    ``"belgorodskaya oblast'"``, ``"Белгородская область"`` or the code
    ``"RU-BEL"``; words like Oblast, Krai, Republic are optional.

    Parameters
    ----------
    names:
        Region names.
    borders:
        Borders of interest as ``"AAA-BBB"`` (a scenario's ``borders:``). A
        region of AAA is measured against BBB; otherwise against the
        neighbour it shares most border with.

    Returns
    -------
    GeoDataFrame
        ``query`` (the name as given), ``name``, ``code``, ``country``,
        ``border_with`` (ISO A3 or ``None``), ``border_length_m``,
        ``border_share`` (fraction of the whole border), polygon ``geometry``.

    Raises
    ------
    PlaceNotFoundError
        For an unknown or ambiguous name, listing close matches.

    Examples
    --------
    >>> import geo
    >>> row = geo.lookup_regions(["Белгородская область"], borders=["RUS-UKR"]).iloc[0]
    >>> row["name"], row["border_with"], f"{row['border_share']:.0%}"
    ('Belgorod Oblast', 'UKR', '30%')
    """
    if isinstance(names, str):
        names = [names]
    pairs = [_pair(p) for p in (borders or [])]
    frame = _current()
    rows = []
    for name in names:
        i = _resolve(name, frame)
        region = frame.iloc[i]
        neighbour, length, share = _region_border(region, pairs)
        rows.append({"query": name, "name": region["name"], "code": region["code"], "country": region["country"],
                     "border_with": neighbour, "border_length_m": length, "border_share": share,
                     "geometry": region.geometry})
    columns = ["query", "name", "code", "country", "border_with", "border_length_m", "border_share", "geometry"]
    frame = gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")
    for column in ("code", "border_with"):  # None, not NaN, where unknown
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def _pair(text: str | tuple[str, str]) -> tuple[str, str]:
    parts = list(text) if isinstance(text, (tuple, list)) else re.split(r"[-–/, ]+", str(text).strip())
    if len(parts) != 2:
        raise InputError(f"a border is written 'AAA-BBB', got {text!r}", hint="e.g. 'RUS-UKR'")
    return _country_code(parts[0]), _country_code(parts[1])


def _region_border(region: pd.Series, pairs: list[tuple[str, str]]) -> tuple[str | None, float, float]:
    """(neighbour, border length m, share) for the scenario's borders, else the longest land border."""
    code = region["country"]
    named = [b if a == code else a for a, b in pairs if code in (a, b)]
    best = _longest_border(region, code, named)
    if best[0] is None:
        table = land_borders()
        others = sorted(set(table.loc[table["a"] == code, "b"]) | set(table.loc[table["b"] == code, "a"]))
        best = _longest_border(region, code, [o for o in others if o not in named])
    return best


def _longest_border(region: pd.Series, code: str, others: list[str]) -> tuple[str | None, float, float]:
    best: tuple[str | None, float, float] = (None, 0.0, 0.0)
    west, south, east, north = region.geometry.bounds
    dlon, dlat = degree_margin(SNAP_TOLERANCE_M, max(abs(south), abs(north)))
    reach = shapely.box(west - dlon, south - dlat, east + dlon, north + dlat)
    for other in others:
        if not shapely.intersects(border(code, other), reach):
            continue  # this border passes nowhere near the region
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", GeoWarning)  # the gap is reported by border_regions itself
            touching = border_regions(code, other)
        hit = touching[touching["name"] == region["name"]]
        if not hit.empty and hit["border_length_m"].iat[0] > best[1]:
            best = (other, float(hit["border_length_m"].iat[0]), float(hit["border_share"].iat[0]))
    return best
