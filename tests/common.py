"""Canonical geometries and places shared by the tests, in (lon, lat) degrees, EPSG:4326.

Like shapely's ``tests/common.py``: one place for the awkward cases (empty,
None, holes, bowties, the antimeridian, the poles) so every test can be
parametrised over them.
"""

from __future__ import annotations

import shapely

# --------------------------------------------------------------------------- places
#: GeoNames' point for Belgorod city (geonameid 578072), the seed case.
BELGOROD = (36.58091, 50.60343)
#: GeoNames' point for Moscow (geonameid 524901).
MOSCOW = (37.61556, 55.75222)
#: A point 0.1° east of the antimeridian, off Taveuni (Fiji).
NEAR_ANTIMERIDIAN = (179.9, -16.8)

# --------------------------------------------------------------------------- polygons
#: A 2 km block in Belgorod, counter-clockwise (RFC 7946 orientation).
SQUARE = shapely.Polygon([(36.57, 50.59), (36.59, 50.59), (36.59, 50.61), (36.57, 50.61), (36.57, 50.59)])
#: The same block, clockwise.
CLOCKWISE = shapely.Polygon(list(SQUARE.exterior.coords)[::-1])
#: Self-intersecting "figure of eight": invalid, area ambiguous until repaired.
BOWTIE = shapely.Polygon([(36.57, 50.59), (36.59, 50.61), (36.59, 50.59), (36.57, 50.61), (36.57, 50.59)])
#: A block with a courtyard (a hole inside its shell): valid.
WITH_HOLE = shapely.Polygon(SQUARE.exterior.coords,
                            [[(36.575, 50.595), (36.575, 50.605), (36.585, 50.605), (36.585, 50.595), (36.575, 50.595)]])
#: A hole lying outside its shell: invalid, and no repair can know what was meant.
HOLE_OUTSIDE = shapely.Polygon(SQUARE.exterior.coords,
                               [[(36.70, 50.70), (36.71, 50.70), (36.71, 50.71), (36.70, 50.70)]])
#: Repeated consecutive vertices: valid, but noise.
DUPLICATE_VERTICES = shapely.Polygon([(36.57, 50.59), (36.59, 50.59), (36.59, 50.59), (36.59, 50.61),
                                      (36.57, 50.61), (36.57, 50.61), (36.57, 50.59)])
#: A ring with 3 points (2 distinct corners): encloses nothing.
RING_3_POINTS = shapely.from_wkt("POLYGON ((36.57 50.59, 36.59 50.59, 36.57 50.59))")
#: A box across the antimeridian written with raw longitudes: edges jump 359.6° of longitude.
ANTIMERIDIAN_BOX = shapely.Polygon([(179.8, -16.9), (-179.8, -16.9), (-179.8, -16.7), (179.8, -16.7), (179.8, -16.9)])
#: The same area split at ±180°, as geo stores it.
ANTIMERIDIAN_SPLIT = shapely.MultiPolygon([shapely.box(179.8, -16.9, 180.0, -16.7), shapely.box(-180.0, -16.9, -179.8, -16.7)])
#: Polygons with height (Z) and measure (M).
SQUARE_Z = shapely.force_3d(SQUARE, 120.0)
SQUARE_M = shapely.from_wkt("POLYGON M ((36.57 50.59 1, 36.59 50.59 2, 36.59 50.61 3, 36.57 50.61 4, 36.57 50.59 1))")
#: A GeometryCollection of two polygons, and one mixing a polygon and a point.
COLLECTION_POLYGONS = shapely.GeometryCollection([SQUARE, shapely.box(36.60, 50.59, 36.61, 50.60)])
COLLECTION_MIXED = shapely.GeometryCollection([SQUARE, shapely.Point(BELGOROD)])

# --------------------------------------------------------------------------- empties
EMPTY_POLYGON = shapely.Polygon()
EMPTY_POINT = shapely.Point()
NONE = None

#: Every valid damage-area shape geo must accept unchanged (apart from orientation).
VALID_POLYGONS = {"square": SQUARE, "with-hole": WITH_HOLE, "antimeridian-split": ANTIMERIDIAN_SPLIT}
#: Every polygon geo repairs, with a word its RepairWarning must contain.
REPAIRED_POLYGONS = {
    "bowtie": (BOWTIE, "make_valid"),
    "clockwise": (CLOCKWISE, "counter-clockwise"),
    "duplicate-vertices": (DUPLICATE_VERTICES, "repeated"),
    "antimeridian-box": (ANTIMERIDIAN_BOX, "antimeridian"),
    "z": (SQUARE_Z, "Z (height)"),
    "m": (SQUARE_M, "M (measure)"),
    "collection-of-polygons": (COLLECTION_POLYGONS, "GeometryCollection"),
}
#: Every polygon geo rejects, with a word its error must contain.
REJECTED_POLYGONS = {
    "ring-3-points": (RING_3_POINTS, "fewer than 4 points"),
    "hole-outside": (HOLE_OUTSIDE, "hole that lies outside"),
    "collection-mixed": (COLLECTION_MIXED, "GeometryCollection holding Point"),
    "point": (shapely.Point(BELGOROD), "must be polygons"),
}
