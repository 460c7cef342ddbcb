"""CSVs read by Arrow's reader give exactly the frame pandas' reader gives; anything else is left to pandas."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from geo.input._fast_csv import read_text_cells
from geo.input._numbers import to_numbers
from geo.input.io import csv_frame


def _pandas(text: str, sep: str = ",") -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_values=[""],
                       skip_blank_lines=True)


TRICKY = (
    'id,location,notes,lon,lat\r\n'
    '1,"Kharkiv, Ukraine","two\nlines",36.23,49.99\r\n'
    '2,,"",36.58,50.60\r\n'
    '\r\n'
    '3,Бєлгород,"a ""quoted"" word",36.6,50.6\r\n'
    '4,  spaced  ,=1+2,  36.7 ,50.7\r\n'
)


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_a_rectangle_of_cells_reads_as_pandas_reads_it(sep):
    text = TRICKY.replace(",", sep) if sep != "," else TRICKY
    fast = read_text_cells(text, sep)
    assert fast is not None
    expected = _pandas(text, sep)
    pd.testing.assert_frame_equal(fast, expected)
    assert fast["location"].isna().tolist() == [False, True, False, False]  # blank and "" cells are missing
    assert fast["notes"].tolist()[0] == "two\nlines" and fast["location"].iat[3] == "  spaced  "


@pytest.mark.parametrize("text", [
    "a,b,c\n1,2\n3,4,5\n",            # a short row: pandas fills it
    "a,b\n1,2,3\n",                    # a long row: pandas names the problem
    "a,a,b\n1,2,3\n",                  # repeated names: pandas renames them
    "a,,b\n1,2,3\n",                   # a blank name: pandas names it Unnamed
    "\na,b\n1,2\n",                    # a blank line before the header
    "a,b\n1,2\n   \n3,4\n",            # a line of spaces
])
def test_anything_else_is_left_to_pandas(text):
    assert read_text_cells(text, ",") is None


def test_csv_frame_reads_a_big_file_through_arrow_as_pandas_would(tmp_path):
    rng = np.random.default_rng(3)
    n = 30_000
    frame = pd.DataFrame({"id": [f"ev-{i}" for i in range(n)], "lon": rng.uniform(30, 40, n).round(5),
                          "lat": rng.uniform(45, 52, n).round(5),
                          "notes": rng.choice(["", "shelling, heavy", 'said "no"', "ночью"], n)})
    path = tmp_path / "big.csv"
    frame.to_csv(path, index=False)
    read = csv_frame(path)
    pd.testing.assert_frame_equal(read, _pandas(path.read_text(encoding="utf-8")))
    assert read["notes"].isna().sum() == (frame["notes"] == "").sum()


def test_numbers_cast_by_arrow_equal_pandas_to_numeric():
    rng = np.random.default_rng(4)
    values = rng.uniform(-180, 180, 5_000)
    cases = [
        pd.Series([repr(v) for v in values], dtype="str"),
        pd.Series([f"{v:.5f}" for v in values] + [None], dtype="str"),
        pd.Series(["1", "2", "30"], dtype="str"),
        pd.Series(["1", None, "30"], dtype="str"),
        pd.Series(["1", " 2", "x", "36,5", "nan", None], dtype="str"),  # not all numbers: pandas reads it
        pd.Series([1.5, None], dtype="object"),
    ]
    for cells in cases:
        got, expected = to_numbers(cells), pd.to_numeric(cells, errors="coerce")
        assert got.dtype == expected.dtype
        np.testing.assert_array_equal(got.to_numpy(), expected.to_numpy())


@pytest.mark.parametrize("text", [
    "a,b\r1,2\r3,4\r",                  # old Mac line ends
    "a,b\nNA,null\nN/A,nan\n",          # words that mean missing elsewhere stay text here
    " a , b \n1,2\n",                   # names as written
    "a,b\n1,2\n\n\n",                   # blank lines at the end
    "a,b\n1,2",                         # no newline at the end
    "a,b\n",                            # a header alone
    'a,b\nab"c"d,2\n',                  # a quote inside a field
    'a,b\n"abc,2\n3,4\n',               # a quote never closed
    'a,b\r\n"x\r\ny",2\r\n',            # a quoted line break in a CRLF file
    "a\n1\n\n2\n",                      # one column with a blank line
])
def test_whichever_reader_reads_it_the_frame_is_pandas_frame(text):
    fast = read_text_cells(text, ",")
    if fast is not None:
        pd.testing.assert_frame_equal(fast, _pandas(text))
