"""Country names as event datasets write them, resolved to ISO 3166-1 alpha-3 codes.

Event exports name countries in many ways: Natural Earth's names, ISO codes,
Gleditsch-Ward names with a historical name in brackets (UCDP's
``Russia (Soviet Union)``), UN names (``Iran (Islamic Republic of)``),
territories (``Crimea``) and plain misspellings (``Belaurs``). A name that
resolves gives its code; one that does not gives ``None`` and the caller
warns (naming the rows) and skips the checks that need a country: an unknown
name never stops a file from loading.

Matching is case-, accent- and punctuation-insensitive, over the bundled
Natural Earth names in every language they carry (``name``, ``name_long``,
``name_en``, ``name_ru``, ``name_uk``, ...), the codes themselves, the
aliases in :data:`ALIASES`, and finally the name without a bracketed part.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = ["ALIASES", "resolve_country", "resolve_countries", "suggest_country"]

#: Names that are not Natural Earth's, as datasets write them -> ISO A3.
#: Crimea and Sevastopol are Ukrainian in geo's borders (UN GA resolution 68/262).
ALIASES: dict[str, str] = {
    "russian federation": "RUS", "soviet union": "RUS", "ussr": "RUS",
    "crimea": "UKR", "autonomous republic of crimea": "UKR", "sevastopol": "UKR",
    "united states": "USA", "united states of america": "USA", "us": "USA", "u s": "USA",
    "uk": "GBR", "great britain": "GBR", "britain": "GBR",
    "czech republic": "CZE", "turkiye": "TUR", "syrian arab republic": "SYR",
    "republic of moldova": "MDA", "moldova republic of": "MDA",
    "drc": "COD", "dr congo": "COD", "democratic republic of congo": "COD", "congo kinshasa": "COD",
    "zaire": "COD", "republic of congo": "COG", "congo brazzaville": "COG", "congo": "COG",
    "ivory coast": "CIV", "south korea": "KOR", "korea republic of": "KOR",
    "north korea": "PRK", "korea democratic people s republic of": "PRK",
    "state of palestine": "PSE", "palestinian territories": "PSE", "occupied palestinian territory": "PSE",
    "west bank": "PSE", "gaza": "PSE", "gaza strip": "PSE",
    "lao pdr": "LAO", "lao people s democratic republic": "LAO", "viet nam": "VNM",
    "swaziland": "SWZ", "kingdom of eswatini": "SWZ", "burma": "MMR", "macedonia": "MKD",
    "fyr macedonia": "MKD", "macedonia fyr": "MKD", "east timor": "TLS", "cape verde": "CPV",
    "cabo verde": "CPV", "united republic of tanzania": "TZA", "bosnia herzegovina": "BIH",
    "bosnia": "BIH", "kampuchea": "KHM", "yugoslavia": "SRB", "rhodesia": "ZWE", "abkhazia": "GEO",
    "south ossetia": "GEO", "transnistria": "MDA", "nagorno karabakh": "AZE", "somaliland": "SOM",
    "northern cyprus": "CYP", "vatican": "VAT", "holy see": "VAT", "uae": "ARE",
}

_BRACKETS = re.compile(r"\s*[(\[].*?[)\]]\s*")


def _fold(text: str) -> str:
    """Lower case, accents off, punctuation as spaces: 'Côte d'Ivoire' -> 'cote d ivoire'."""
    text = re.sub(r"[^\w]+", " ", str(text).casefold())
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join((ascii_ if ascii_.strip() else text).split())


@functools.cache
def _names() -> dict[str, str]:
    from geo.reference import countries

    world = countries()
    codes = world["iso_a3"].astype(str).to_numpy()
    table: dict[str, str] = {}
    for column in [c for c in world.columns if c == "name" or c.startswith("name_")]:
        for name, code in zip(world[column], codes, strict=True):
            if isinstance(name, str) and name.strip():
                table.setdefault(_fold(name), code)
                table.setdefault(name.strip().casefold(), code)  # scripts that fold to nothing in ASCII
    for code in codes:
        table[code.casefold()] = code
    if "adm0_a3" in world:
        for a3, code in zip(world["adm0_a3"].astype(str), codes, strict=True):
            table.setdefault(a3.casefold(), code)
    table.update(ALIASES)
    return table


def resolve_country(name: object) -> str | None:
    """ISO A3 code for a country name or code as datasets write it; ``None`` if blank or unknown.

    Examples
    --------
    >>> resolve_country("Russia (Soviet Union)"), resolve_country("crimea"), resolve_country("UKR")
    ('RUS', 'UKR', 'UKR')
    >>> resolve_country("Belaurs") is None
    True
    """
    if name is None or name is pd.NA or (isinstance(name, float) and name != name):
        return None
    text = str(name).strip()
    if not text:
        return None
    table = _names()
    for key in (text.casefold(), _fold(text), _fold(_BRACKETS.sub(" ", text))):
        if key and key in table:
            return table[key]
    inside = re.findall(r"[(\[](.*?)[)\]]", text)  # "Yemen (North Yemen)": try the bracketed name too
    for part in inside:
        if _fold(part) in table:
            return table[_fold(part)]
    return None


def resolve_countries(values: Iterable[object]) -> tuple[np.ndarray, np.ndarray]:
    """Codes for many cells at once: ``(codes, unknown)``.

    ``codes`` is an object array of ISO A3 codes (``None`` where blank or
    unknown); ``unknown`` is a boolean mask of cells that hold text which is
    not a known country (blank cells are not unknown, just missing).
    """
    series = pd.Series(list(values) if not isinstance(values, pd.Series) else values.to_numpy(), dtype=object)
    distinct = series.dropna().unique()
    lookup = {value: resolve_country(value) for value in distinct}
    cells = series.tolist()
    missing = pd.isna(series).to_numpy(dtype=bool)
    codes = np.array([None if gone else lookup.get(v) for v, gone in zip(cells, missing, strict=True)], dtype=object)
    given = np.array([not gone and bool(str(v).strip()) for v, gone in zip(cells, missing, strict=True)], dtype=bool)
    unknown = given & np.array([c is None for c in codes], dtype=bool)
    return codes, unknown


def suggest_country(name: str) -> str | None:
    """The Natural Earth name closest to a misspelt one ('Belaurs' -> 'Belarus'), or None."""
    from geo.reference import countries

    names = [str(n) for n in countries()["name"]]
    folded = {_fold(n): n for n in names}
    close = difflib.get_close_matches(_fold(name), list(folded), n=1, cutoff=0.75)
    return folded[close[0]] if close else None
