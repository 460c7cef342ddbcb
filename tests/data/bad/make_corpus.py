"""Write the bad-input cases that need binary content into a folder.

The text cases are committed beside this script; these are generated because
they are binary (GeoPackage, shapefile), deliberately mis-encoded (Windows-1252,
UTF-16, NUL bytes), hold characters best kept out of the repository's
sources (bidi overrides) or are large (a 1 MB cell).

    python tests/data/bad/make_corpus.py OUTDIR

The tests call :func:`build` on a temporary copy of this folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import shapely

__all__ = ["build", "GENERATED"]

#: Every file build() writes, for the tests to check they all exist.
GENERATED = (
    "cp1252.csv", "utf16.csv", "cp1252.geojson", "nul-in-field.csv", "long-string.csv", "bidi.csv",
    "two-layers.gpkg", "truncated.gpkg", "no-prj.shp", "m-values.shp", "nul.yaml", "utf16-no-bom.csv",
)

BELGOROD = (36.58091, 50.60343)
SHEBEKINO = (36.90, 50.41)
#: Right-to-left override, as in "Trojan source" attacks: must stay data, never reorder a message or a page.
RLO, PDF = "\u202e", "\u202c"
ONE_MB = 1_000_000


def _points(**columns: list) -> gpd.GeoDataFrame:
    n = len(next(iter(columns.values())))
    xy = [BELGOROD, SHEBEKINO][:n]
    return gpd.GeoDataFrame(columns, geometry=gpd.points_from_xy(*zip(*xy, strict=True)), crs="EPSG:4326")


def build(dest: Path) -> list[Path]:
    """Write every generated case into ``dest``; return their paths."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    header = "id,location,lon,lat\n"
    rows = f"a,Belgorod,{BELGOROD[0]},{BELGOROD[1]}\nb,Šebekino – Шебекино,{SHEBEKINO[0]},{SHEBEKINO[1]}\n"
    # Windows-1252, what a spreadsheet on Windows saves as "CSV" by default.
    (dest / "cp1252.csv").write_bytes((header + rows.replace("Шебекино", "Shebekino")).encode("cp1252"))
    (dest / "utf16.csv").write_bytes((header + rows).encode("utf-16"))
    (dest / "utf16-no-bom.csv").write_bytes((header + rows).encode("utf-16-le"))
    (dest / "cp1252.geojson").write_bytes(
        ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"location": "Šebekino"}, '
         f'"geometry": {{"type": "Point", "coordinates": [{SHEBEKINO[0]}, {SHEBEKINO[1]}]}}}}]}}').encode("cp1252"))
    (dest / "nul-in-field.csv").write_bytes(
        (header + f"a,Bel\x00gorod,{BELGOROD[0]},{BELGOROD[1]}\nb,Shebekino,{SHEBEKINO[0]},{SHEBEKINO[1]}\x00\n")
        .encode("utf-8"))
    long_note = ("Belgorod " * (ONE_MB // 9 + 1))[:ONE_MB]
    (dest / "long-string.csv").write_text(f"id,notes,lon,lat\na,{long_note},{BELGOROD[0]},{BELGOROD[1]}\n",
                                          encoding="utf-8")
    (dest / "bidi.csv").write_text(f'id,location,lon,lat\na,"{RLO}dorogleB{PDF} <b>x</b>",{BELGOROD[0]},{BELGOROD[1]}\n',
                                   encoding="utf-8")
    _geopackages(dest)
    _shapefile_without_prj(dest)
    (dest / "nul.yaml").write_bytes(b"title: a NUL\x00 in YAML\nincidents:\n  - {id: a, lon: 36.58, lat: 50.60}\n")
    return [dest / name for name in GENERATED]


def _geopackages(dest: Path) -> None:
    incidents = _points(id=["a", "b"], location=["Belgorod", "Shebekino"])
    damage = gpd.GeoDataFrame({"id": ["d1"]}, geometry=[shapely.box(36.57, 50.59, 36.59, 50.61)], crs="EPSG:4326")
    two = dest / "two-layers.gpkg"
    two.unlink(missing_ok=True)
    incidents.to_file(two, layer="incidents", engine="pyogrio")
    damage.to_file(two, layer="damage", engine="pyogrio")
    data = two.read_bytes()
    (dest / "truncated.gpkg").write_bytes(data[: len(data) // 2])
    _m_values(dest / "m-values.shp")


def _m_values(path: Path) -> None:
    """A PointM shapefile, as GPS tracks export them, written byte by byte (geopandas cannot write M)."""
    import struct

    from pyproj import CRS

    points = [(*BELGOROD, 7.0), (*SHEBEKINO, 8.0)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    box = struct.pack("<4d", min(xs), min(ys), max(xs), max(ys))

    def header(length_words: int) -> bytes:
        # shapefile header: file code 9994, length in 16-bit words, version 1000, shape type 21 (PointM)
        return (struct.pack(">i", 9994) + b"\0" * 20 + struct.pack(">i", length_words)
                + struct.pack("<ii", 1000, 21) + box + struct.pack("<4d", 0, 0, 7.0, 8.0))

    body = b""
    index = b""
    offset = 50
    for i, (x, y, m) in enumerate(points):
        content = struct.pack("<i3d", 21, x, y, m)
        body += struct.pack(">ii", i + 1, len(content) // 2) + content
        index += struct.pack(">ii", offset, len(content) // 2)
        offset += 4 + len(content) // 2
    path.with_suffix(".shp").write_bytes(header(50 + len(body) // 2) + body)
    path.with_suffix(".shx").write_bytes(header(50 + len(index) // 2) + index)
    # dBase III table with one 10-character text field "id"
    dbf = struct.pack("<BBBBIHH20x", 3, 126, 1, 1, len(points), 32 + 32 + 1, 10 + 1)
    dbf += b"id".ljust(11, b"\0") + b"C" + b"\0" * 4 + bytes([10, 0]) + b"\0" * 14 + b"\r"
    dbf += b"".join(b" " + name.ljust(10).encode() for name in ("a", "b")) + b"\x1a"
    path.with_suffix(".dbf").write_bytes(dbf)
    path.with_suffix(".prj").write_text(CRS.from_epsg(4326).to_wkt("WKT1_ESRI"), encoding="ascii")


def _shapefile_without_prj(dest: Path) -> None:
    path = dest / "no-prj.shp"
    for suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
        path.with_suffix(suffix).unlink(missing_ok=True)
    _points(id=["a", "b"]).to_file(path, engine="pyogrio")
    path.with_suffix(".prj").unlink()


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for written in build(out):
        print(written)
