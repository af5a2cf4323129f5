"""CSV cells that a spreadsheet would read as formulas are neutralised; numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pytest

from advocacy.domain.spreadsheet import FORMULA_STARTS, csv_line, safe_cell


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("x","y")'],
)
def test_text_starting_with_a_formula_character_gets_a_quote(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Ava", "a=b", "1-2", "'quoted", "😀 =1", "café"])
def test_other_text_is_kept(text: str) -> None:
    assert safe_cell(text) == text


def test_numbers_stay_numbers_and_other_values_are_text() -> None:
    assert safe_cell(-3) == -3 and safe_cell(0) == 0 and safe_cell(-1.5) == -1.5
    assert safe_cell(True) == "True" and safe_cell(None) == ""


def test_a_line_reads_back_with_no_formula_cell() -> None:
    line = csv_line(["=A1", -7, 'Mia "MJ", Jr.', "\r\nx", "+1"])
    assert line.endswith(b"\r\n")
    [cells] = list(csv.reader(io.StringIO(line.decode("utf-8"), newline="")))
    assert cells == ["'=A1", "-7", 'Mia "MJ", Jr.', "'\r\nx", "'+1"]
    assert not any(cell.startswith(FORMULA_STARTS) for cell in cells if cell != "-7")
