"""Registering a user's own region layer from a file or a GeoDataFrame."""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.errors import InputError, MissingCRSError
from geo.input.io import read_table
from geo.reference.regions import register_region_frame

__all__ = ['register_regions']


def register_regions(source: str | os.PathLike[str] | gpd.GeoDataFrame, *, country: str,
                     name_column: str = "name", code_column: str | None = None, layer: str | None = None,
                     clip: bool = True) -> gpd.GeoDataFrame:
    """Add (or replace) the regions of one country from any polygon layer.

    Parameters
    ----------
    source:
        A vector file GDAL reads (GeoPackage, GeoJSON, shapefile, GeoParquet,
        ...) or a GeoDataFrame, with polygons and a CRS.
    country:
        ISO A3 code of the country the regions belong to. They replace any
        bundled or earlier registered regions of that country.
    name_column, code_column:
        Columns holding each region's name and (optionally) code. Features
        sharing a name are merged (multi-part regions).
    layer:
        Layer name for multi-layer files.
    clip:
        Cut away what lies inside another country's Natural Earth polygon, as
        for the bundled regions, so a region never reaches across a border.

    Returns
    -------
    GeoDataFrame
        The registered regions, as :func:`regions` will return them.

    Raises
    ------
    InputError, SchemaError, MissingCRSError
        Naming the file, the feature and the fix.

    Examples
    --------
    >>> import geopandas as gpd, shapely, geo
    >>> layer = gpd.GeoDataFrame({"name": ["Kharkiv Oblast"]},
    ...     geometry=[shapely.box(35.0, 49.0, 37.0, 50.3)], crs="EPSG:4326")
    >>> geo.register_regions(layer, country="UKR")["name"].tolist()
    ['Kharkiv Oblast']
    >>> geo.unregister_regions("UKR")
    """
    frame, label = _read_layer(source, layer)
    return register_region_frame(frame, country=country, label=label, name_column=name_column,
                                 code_column=code_column, clip=clip)




def _read_layer(source, layer: str | None) -> tuple[gpd.GeoDataFrame, str]:
    if isinstance(source, gpd.GeoDataFrame):
        if source.crs is None:
            raise MissingCRSError("the GeoDataFrame has no CRS", source="regions layer",
                                  hint="set one, e.g. frame.set_crs('EPSG:4326') for lon/lat degrees")
        return source, "regions layer"
    if isinstance(source, pd.DataFrame):
        raise InputError("a plain DataFrame has no polygons", source="regions layer",
                         hint="pass a GeoDataFrame or the path of a vector file")
    path = Path(source)
    frame = read_table(path, layer=layer)
    return frame, path.name

