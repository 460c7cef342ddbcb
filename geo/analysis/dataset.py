"""A dataset of many incidents summarised: the figures a dataset report shows.

:func:`summarize_dataset` reads the incidents of an analysed case
(:func:`geo.analyze`) and returns plain tables: totals with their claims and
sources, counts by region and distance band, by week or month, by event type,
the most lethal incidents, how precisely events are located and on which side
of the border they lie. Everything is a vectorised pandas aggregation; nothing
here draws or formats (renderers do).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo.input.model import empty_frame

__all__ = ["DatasetSummary", "summarize_dataset", "PRECISION_LABELS", "MOST_LETHAL", "REPORTED_REGION_COLUMNS"]

log = logging.getLogger(__name__)

#: Location precision codes of geo's schema, as a reader says them.
PRECISION_LABELS = {1: "exact site", 2: "near or within a named town", 3: "known only to a region"}
#: How many of the most lethal incidents a summary lists.
MOST_LETHAL = 10
# A series longer than this many days is counted by month, else by week.
_WEEKLY_MAX_DAYS = 183


@dataclass
class DatasetSummary:
    """Aggregates of many incidents (see :func:`summarize_dataset`).

    Attributes
    ----------
    totals:
        ``events``, ``located``, ``dated``, ``first_date``, ``last_date``,
        ``fatalities_low`` (sum of the lowest reported figures),
        ``fatalities_high`` (sum of the highest; ``None`` when any incident
        with a figure has no upper bound), ``with_fatality_figure`` (incidents
        with a figure), ``injuries_low``, ``claimants`` and ``sources``
        (distinct names), ``countries`` (distinct).
    claimants:
        Who claimed the fatality figures: ``claimant``, ``events``,
        ``fatalities_low``, most events first.
    sources:
        ``source``, ``events``: how many incidents cite each source, most first.
    by_region_band:
        Events per region (rows) and distance band (columns, nearest first,
        then ``"beyond"`` and ``"not measured"``), with a ``total`` column.
        The region is geo's (region outlines) or, where geo has none, the
        one the dataset gives (:data:`REPORTED_REGION_COLUMNS`).
    period:
        ``"week"`` or ``"month"``: the step of :attr:`series`.
    series:
        ``period_start`` (Timestamp), ``events``, ``fatalities_low``; every
        period between the first and the last, empty periods as 0.
    by_type:
        ``event_type``, ``events``, ``fatalities_low``, ``share``, most events first.
    most_lethal:
        Up to :data:`MOST_LETHAL` incidents with the highest lowest figure:
        ``id``, ``date``, ``event_type``, ``location``, ``region``,
        ``fatalities_low``, ``fatalities_high``, ``fatalities_source``, ``sources``.
    precision:
        ``precision`` (1, 2, 3 or ``None``), ``label``, ``events``, ``share``.
    sides:
        Which side of the border analysed each event lies on, as
        :func:`geo.distance_to_border` decides it: ``border`` (``"RUS-UKR"``,
        ``None`` when not measured), ``side`` (ISO A3 of the country of that
        pair holding the point; ``None`` at sea or not measured), ``events``,
        ``uncertain`` (of those, events within 2 km of the generalised 1:10m
        line, whose side the line cannot settle), ``fatalities_low``,
        ``share``; most events first. Without the analysis columns, ``side``
        is the country the point lies in (``country``) and ``uncertain`` 0.
    """

    totals: dict
    claimants: pd.DataFrame
    sources: pd.DataFrame
    by_region_band: pd.DataFrame
    period: str
    series: pd.DataFrame
    by_type: pd.DataFrame
    most_lethal: pd.DataFrame
    precision: pd.DataFrame
    sides: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def summarize_dataset(incidents: pd.DataFrame, *, band_labels: list[str] | None = None,
                      most_lethal: int = MOST_LETHAL) -> DatasetSummary:
    """Summarise analysed incidents (the ``incidents`` frame of :func:`geo.analyze`).

    Parameters
    ----------
    incidents:
        Incidents in geo's schema, with the analysis columns ``band``,
        ``country`` and ``region`` when available.
    band_labels:
        Distance band labels, nearest first (``case.bands["label"]``), so the
        region × band table keeps their order.
    most_lethal:
        How many of the most lethal incidents to list.

    Returns
    -------
    DatasetSummary

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"id": ["a", "b"], "date": pd.to_datetime(["2023-01-02", "2023-01-20"]),
    ...                       "event_type": ["shelling", "shelling"], "fatalities_low": [1, 2]})
    >>> summarize_dataset(frame).totals["fatalities_low"]
    3
    """
    frame = pd.DataFrame(incidents).reset_index(drop=True)
    n = len(frame)
    low = _numeric(frame, "fatalities_low")
    high = _numeric(frame, "fatalities_high")
    dates = pd.to_datetime(frame["date"], errors="coerce") if "date" in frame else pd.Series(pd.NaT, index=frame.index)
    claimant = _text(frame, "fatalities_source")
    source_lists = _split(_text(frame, "sources"))
    with_figure = low.notna()
    open_ended = with_figure & high.isna()
    totals = {
        "events": n,
        "located": int(_located(frame).sum()),
        "dated": int(dates.notna().sum()),
        "first_date": dates.min() if dates.notna().any() else None,
        "last_date": dates.max() if dates.notna().any() else None,
        "fatalities_low": int(low.sum()) if with_figure.any() else 0,
        "fatalities_high": None if open_ended.any() else int(high.fillna(0).sum()),
        "with_fatality_figure": int(with_figure.sum()),
        "injuries_low": int(_numeric(frame, "injuries_low").sum()),
        "claimants": int(claimant.dropna().nunique()),
        "sources": int(source_lists.explode().dropna().nunique()),
        "countries": int(_text(frame, "country").dropna().nunique()),
    }
    claimants = (pd.DataFrame({"claimant": claimant, "fatalities_low": low.fillna(0)}).dropna(subset=["claimant"])
                 .groupby("claimant", sort=False)
                 .agg(events=("fatalities_low", "size"), fatalities_low=("fatalities_low", "sum"))
                 .reset_index().sort_values(["events", "claimant"], ascending=[False, True], kind="stable"))
    claimants["fatalities_low"] = claimants["fatalities_low"].astype("int64")
    sources = (source_lists.explode().dropna().value_counts().rename_axis("source").reset_index(name="events")
               .sort_values(["events", "source"], ascending=[False, True], kind="stable").reset_index(drop=True))
    period, series = _series(dates, low)
    return DatasetSummary(
        totals=totals, claimants=claimants.reset_index(drop=True), sources=sources,
        by_region_band=_region_band(frame, band_labels), period=period, series=series,
        by_type=_by(frame, "event_type", low, "unknown type"),
        most_lethal=_most_lethal(frame, low, high, most_lethal),
        precision=_precision(frame), sides=_sides(frame, low))


def _numeric(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(np.nan, index=frame.index, dtype="float64")
    return pd.to_numeric(frame[column], errors="coerce").astype("float64")


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(None, index=frame.index, dtype=object)
    values = frame[column].astype(object).where(frame[column].notna(), None)
    stripped = values.map(lambda v: str(v).strip() if v is not None else None, na_action="ignore")
    return stripped.where(stripped.astype(bool), None) if len(stripped) else stripped


def _split(values: pd.Series) -> pd.Series:
    """``"a; b"`` -> ``["a", "b"]`` (empty list for missing)."""
    parts = values.fillna("").str.split(";")
    return parts.map(lambda items: [p.strip() for p in items if p.strip()])


def _located(frame: pd.DataFrame) -> np.ndarray:
    geometry = getattr(frame, "geometry", None) if "geometry" in frame else None
    if geometry is None:
        return np.ones(len(frame), dtype=bool)
    import shapely

    values = np.asarray(frame["geometry"].values, dtype=object)
    return ~(shapely.is_missing(values) | shapely.is_empty(values))


def _by(frame: pd.DataFrame, column: str, low: pd.Series, missing: str | None) -> pd.DataFrame:
    key = _text(frame, column)
    if missing is not None:
        key = key.fillna(missing)
    table = (pd.DataFrame({column: key, "fatalities_low": low.fillna(0)})
             .groupby(column, dropna=False, sort=False)
             .agg(events=("fatalities_low", "size"), fatalities_low=("fatalities_low", "sum")).reset_index())
    table["fatalities_low"] = table["fatalities_low"].astype("int64")
    table["share"] = table["events"] / max(len(frame), 1)
    table = table.sort_values(["events", column], ascending=[False, True], kind="stable", na_position="last")
    return table.reset_index(drop=True)


def _sides(frame: pd.DataFrame, low: pd.Series) -> pd.DataFrame:
    """Events per border and side (``border_side``), with how many of them sit too near the line to tell."""
    measured = "border_side" in frame
    side = _text(frame, "border_side" if measured else "country")
    border = _text(frame, "border_countries") if measured else pd.Series(None, index=frame.index, dtype=object)
    unsure = (frame["border_side_uncertain"].astype(object).where(frame["border_side_uncertain"].notna(), False)
              .astype(bool) if "border_side_uncertain" in frame else pd.Series(False, index=frame.index))
    table = (pd.DataFrame({"border": border, "side": side, "uncertain": unsure & side.notna(),
                           "fatalities_low": low.fillna(0)})
             .groupby(["border", "side"], dropna=False, sort=False)
             .agg(events=("fatalities_low", "size"), uncertain=("uncertain", "sum"),
                  fatalities_low=("fatalities_low", "sum")).reset_index())
    table["uncertain"] = table["uncertain"].astype("int64")
    table["fatalities_low"] = table["fatalities_low"].astype("int64")
    table["share"] = table["events"] / max(len(frame), 1)
    table = table.sort_values(["events", "border", "side"], ascending=[False, True, True], kind="stable",
                              na_position="last")
    table = table.astype({"border": object, "side": object})
    return table.where(table.notna(), None).reset_index(drop=True)


def _series(dates: pd.Series, low: pd.Series) -> tuple[str, pd.DataFrame]:
    dated = dates.notna()
    if not dated.any():
        return "month", empty_frame({"period_start": "datetime64[ns]", "events": "int64", "fatalities_low": "int64"},
                                    geometry=False)
    span = (dates[dated].max() - dates[dated].min()).days
    period = "week" if span <= _WEEKLY_MAX_DAYS else "month"
    freq = "W-MON" if period == "week" else "M"
    starts = dates[dated].dt.to_period(freq).dt.start_time
    grouped = (pd.DataFrame({"period_start": starts, "fatalities_low": low[dated].fillna(0)})
               .groupby("period_start").agg(events=("fatalities_low", "size"), fatalities_low=("fatalities_low", "sum")))
    full = pd.period_range(starts.min(), starts.max(), freq=freq).start_time
    grouped = grouped.reindex(full, fill_value=0).rename_axis("period_start").reset_index()
    grouped["events"] = grouped["events"].astype("int64")
    grouped["fatalities_low"] = grouped["fatalities_low"].astype("int64")
    return period, grouped


#: Columns in which event datasets give the first-level region themselves (UCDP GED, ACLED).
REPORTED_REGION_COLUMNS = ("adm_1", "admin1")


def _region_band(frame: pd.DataFrame, band_labels: list[str] | None) -> pd.DataFrame:
    region = _text(frame, "region")
    for column in REPORTED_REGION_COLUMNS:  # where geo has no region outlines, the dataset's own region
        if column in frame:
            region = region.fillna(_text(frame, column))
    region = region.fillna("region unknown")
    if "band" in frame:
        band = _text(frame, "band")
        measured = _numeric(frame, "border_distance_m").notna()
        band = band.where(band.notna(), np.where(measured, "beyond", "not measured"))
    else:
        band = pd.Series("not measured", index=frame.index, dtype=object)
    table = pd.crosstab(region, band)
    order = [b for b in (band_labels or []) if b in table.columns]
    order += [b for b in table.columns if b not in order and b not in ("beyond", "not measured")]
    order += [b for b in ("beyond", "not measured") if b in table.columns]
    table = table[order] if len(table.columns) else table
    table["total"] = table.sum(axis=1)
    table = table.sort_values("total", ascending=False, kind="stable")
    table.index.name = "region"
    table.columns.name = None
    return table


def _most_lethal(frame: pd.DataFrame, low: pd.Series, high: pd.Series, count: int) -> pd.DataFrame:
    columns = ["id", "date", "event_type", "location", "region", "fatalities_low", "fatalities_high",
               "fatalities_source", "sources"]
    ranked = pd.DataFrame({"_low": low, "_high": high.fillna(low)})
    order = ranked[low.notna() & (low > 0)].sort_values(["_low", "_high"], ascending=False, kind="stable").index
    out = frame.loc[order[:count]].reindex(columns=columns)
    out["fatalities_low"] = low.loc[order[:count]].astype("int64").to_numpy()
    out["fatalities_high"] = high.loc[order[:count]].to_numpy()
    return out.reset_index(drop=True)


def _precision(frame: pd.DataFrame) -> pd.DataFrame:
    codes = _numeric(frame, "location_precision")
    counts = codes.value_counts(dropna=False)
    rows = []
    for code, label in PRECISION_LABELS.items():
        rows.append({"precision": code, "label": label, "events": int(counts.get(float(code), 0))})
    unknown = int(codes.isna().sum()) + int((~codes.isin(list(PRECISION_LABELS)) & codes.notna()).sum())
    if unknown:
        rows.append({"precision": None, "label": "precision not given", "events": unknown})
    table = pd.DataFrame(rows)
    table["share"] = table["events"] / max(len(frame), 1)
    return table
