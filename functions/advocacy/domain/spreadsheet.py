"""Cells of the CSV files the API hands out, made safe to open in a spreadsheet.

Excel, LibreOffice and Google Sheets read a cell that starts with `=`, `+`, `-` or `@` as a formula
(and a leading tab or carriage return can hide one), so a member's name such as `=HYPERLINK(...)`
would run in the reader's spreadsheet. As OWASP recommends, such a text cell is written with a `'`
in front: the spreadsheet shows the text as it is and evaluates nothing. Numbers stay numbers
(a negative count is `-3`, never `'-3`): only text is neutralised, so a column is text or a number
by the value's type, decided where the row is built.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

# What makes a spreadsheet read a cell as a formula, or hides one behind white space.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """`value` as written in a CSV cell: text starting with a formula character gets a leading `'`;
    numbers (int, float; never bool) are left as they are, every other value is written as text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_line(values: Sequence[object]) -> bytes:
    """One CSV record (RFC 4180: quoted only where needed, quotes doubled, CRLF), UTF-8, every cell
    made safe by `safe_cell`."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([safe_cell(value) for value in values])
    return out.getvalue().encode("utf-8")
