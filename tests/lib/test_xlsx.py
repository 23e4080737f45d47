"""XLSX templates out and all-or-nothing reading in."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ERROR_CODES

from kotacerdas.lib.xlsx import (
    ROW,
    CellError,
    Column,
    ListSpec,
    SheetSpec,
    csv_lines,
    read_table,
    read_workbook,
    write_table,
    write_workbook,
)

COLUMNS = [
    Column("id", "ID", "int", width=8),
    Column("name", "Name", "text", required=True, width=40),
    Column("dimension", "Dimension", "choice", required=True, choices_ref="Dimensions"),
    Column("start", "Start year", "year"),
    Column("amount", "Amount (Rp)", "amount"),
]
LISTS = [ListSpec("Dimensions", ["governance", "economy", "society"])]
SHEETS = [("Programmes", COLUMNS)]


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def template(rows: list[list[Any]]) -> bytes:
    return write_workbook([SheetSpec("Programmes", COLUMNS, rows)], LISTS)


def edited(data: bytes, change: Callable[[Workbook], None]) -> bytes:
    """The file after a user edited it in Excel (here: openpyxl, which keeps formulas)."""
    workbook = load_workbook(io.BytesIO(data))
    change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def set_cell(coordinate: str, value: Any) -> Callable[[Workbook], None]:
    def change(workbook: Workbook) -> None:
        workbook["Programmes"][coordinate] = value

    return change


def read(data: bytes) -> tuple[dict[str, list[dict[str, Any]]], list[CellError]]:
    return read_workbook(data, SHEETS, LISTS)


GOOD = [
    [1, "Smart parking", "economy", 2026, 1_250_000_000],
    [None, "Open data portal", "governance", None, None],
]


def test_round_trip_gives_the_rows_back() -> None:
    rows, errors = read(template(GOOD))
    assert errors == []
    assert rows["Programmes"] == [
        {
            ROW: 2,
            "id": 1,
            "name": "Smart parking",
            "dimension": "economy",
            "start": 2026,
            "amount": Decimal(1_250_000_000),
        },
        {
            ROW: 3,
            "id": None,
            "name": "Open data portal",
            "dimension": "governance",
            "start": None,
            "amount": None,
        },
    ]


def test_the_template_has_a_frozen_bold_header_drop_downs_and_hidden_lists() -> None:
    workbook = load_workbook(io.BytesIO(template(GOOD)))
    assert workbook.sheetnames == ["Programmes", "Dimensions"]
    sheet = workbook["Programmes"]
    assert [cell.value for cell in sheet[1]] == [column.header for column in COLUMNS]
    assert sheet["B1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 40
    [validation] = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == "'Dimensions'!$A$1:$A$3"
    assert "C2" in validation.sqref
    assert "B2" not in validation.sqref
    lists = workbook["Dimensions"]
    assert lists.sheet_state == "hidden"
    assert [row[0] for row in lists.iter_rows(values_only=True)] == LISTS[0].values
    assert sheet["E2"].number_format == "#,##0"


def test_an_empty_list_gets_no_drop_down() -> None:
    data = write_workbook([SheetSpec("Programmes", COLUMNS, [])], [ListSpec("Dimensions", [])])
    assert load_workbook(io.BytesIO(data))["Programmes"].data_validations.dataValidation == []


@pytest.mark.parametrize(
    "sheets",
    [
        [SheetSpec("Bad/title", COLUMNS)],
        [SheetSpec("x" * 32, COLUMNS)],
        [SheetSpec("Programmes", [Column("d", "D", "choice", choices_ref="Nowhere")])],
    ],
)
def test_a_template_that_cannot_work_is_refused(sheets: list[SheetSpec]) -> None:
    with pytest.raises(ValueError):
        write_workbook(sheets, LISTS)


texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=30,
).filter(lambda text: not text.startswith("=") and text not in ERROR_CODES)
rows_strategy = st.lists(
    st.tuples(
        st.one_of(st.none(), st.integers(min_value=1, max_value=10**9)),
        texts,
        st.sampled_from(LISTS[0].values),
        st.one_of(st.none(), st.integers(min_value=1000, max_value=9999)),
        st.one_of(st.none(), st.integers(min_value=0, max_value=10**15)),
    ),
    max_size=15,
)


@settings(deadline=None, max_examples=30)
@given(rows_strategy)
def test_any_valid_rows_survive_the_round_trip(rows: list[tuple[Any, ...]]) -> None:
    result, errors = read(template([list(row) for row in rows]))
    assert errors == []
    keys = [column.key for column in COLUMNS]
    expected = [
        {ROW: number, **dict(zip(keys, row, strict=True))}
        for number, row in enumerate(rows, start=2)
    ]
    assert result["Programmes"] == expected


def test_values_typed_as_text_or_with_other_case_are_understood() -> None:
    data = edited(
        template(GOOD),
        lambda wb: [
            set_cell("A2", "7")(wb),
            set_cell("C2", "Economy")(wb),
            set_cell("D2", 2027.0)(wb),
            set_cell("E2", "Rp 1.250.000")(wb),
            set_cell("E3", 1500.5)(wb),
            set_cell("B3", 12.0)(wb),
        ],
    )
    rows, errors = read(data)
    assert errors == []
    first, second = rows["Programmes"]
    assert (first["id"], first["dimension"], first["start"]) == (7, "economy", 2027)
    assert first["amount"] == Decimal(1_250_000)
    assert second["amount"] == Decimal("1500.5")
    assert second["name"] == "12"


def test_empty_rows_are_skipped_and_row_numbers_stay_as_excel_shows_them() -> None:
    rows, errors = read(template([GOOD[0], [None, None, None, None, None], GOOD[1]]))
    assert errors == []
    assert [row[ROW] for row in rows["Programmes"]] == [2, 4]


BAD_CELLS = [
    ("E2", "=1000*2", "Amount (Rp)", "formula"),
    ("A2", "=ROW()", "ID", "formula"),
    ("E2", "lots", "Amount (Rp)", "number"),
    ("E2", "NaN", "Amount (Rp)", "number"),
    ("E2", date(2026, 1, 2), "Amount (Rp)", "number"),
    ("E2", -5, "Amount (Rp)", "negative"),
    ("E2", "-1.000", "Amount (Rp)", "negative"),
    ("A2", 1.5, "ID", "whole number"),
    ("A2", "seven", "ID", "number"),
    ("A2", True, "ID", "number"),
    ("D2", 26, "Start year", "four digits"),
    ("D2", "2026a", "Start year", "four digits"),
    ("D2", 12026, "Start year", "four digits"),
    ("D2", 2026.5, "Start year", "four digits"),
    ("D2", date(2026, 1, 2), "Start year", "four digits"),
    ("D2", "=2020+6", "Start year", "formula"),
    ("C2", "environment", "Dimension", "not in the list"),
    ("C2", None, "Dimension", "required"),
    ("B2", "   ", "Name", "required"),
]


@pytest.mark.parametrize(("coordinate", "value", "header", "reason"), BAD_CELLS)
def test_every_bad_cell_is_reported_with_sheet_row_and_column(
    coordinate: str, value: Any, header: str, reason: str
) -> None:
    _rows, errors = read(edited(template(GOOD), set_cell(coordinate, value)))
    assert len(errors) == 1
    [error] = errors
    assert (error.sheet, error.row, error.column) == ("Programmes", 2, header)
    assert reason in error.message


def test_all_bad_cells_of_a_file_are_reported_together() -> None:
    data = edited(
        template(GOOD),
        lambda wb: [
            set_cell("E2", "=SUM(1,2)")(wb),
            set_cell("D3", 99)(wb),
            set_cell("C3", "nowhere")(wb),
        ],
    )
    _rows, errors = read(data)
    assert [(e.row, e.column) for e in errors] == [
        (2, "Amount (Rp)"),
        (3, "Dimension"),
        (3, "Start year"),
    ]


def test_an_excel_error_value_is_reported() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Programmes"
    sheet.append([column.header for column in COLUMNS])
    sheet.append([1, "Parking", "economy", 2026, "#REF!"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    _rows, errors = read(buffer.getvalue())
    assert [(e.row, e.column) for e in errors] == [(2, "Amount (Rp)")]
    assert "#REF!" in errors[0].message


def test_a_missing_sheet_names_the_sheets_found() -> None:
    def rename(workbook: Workbook) -> None:
        workbook["Programmes"].title = "Sheet1"

    rows, errors = read(edited(template(GOOD), rename))
    assert rows == {}
    [error] = errors
    assert (error.sheet, error.row, error.column) == ("Programmes", 0, "")
    assert "missing" in error.message
    assert "Sheet1" in error.message


def test_a_renamed_header_is_reported_and_columns_may_move() -> None:
    def rename_and_move(workbook: Workbook) -> None:
        sheet = workbook["Programmes"]
        sheet["E1"] = "Money"
        sheet.move_range("A1:A3", cols=5)  # the id column moves to the far right

    rows, errors = read(edited(template(GOOD), rename_and_move))
    assert rows == {"Programmes": []}
    assert [(e.sheet, e.row, e.column) for e in errors] == [("Programmes", 1, "Amount (Rp)")]
    assert "renamed" in errors[0].message


def test_columns_are_found_by_header_not_position() -> None:
    def move(workbook: Workbook) -> None:
        workbook["Programmes"].move_range("A1:A3", cols=6)

    rows, errors = read(edited(template(GOOD), move))
    assert errors == []
    assert rows["Programmes"][0]["id"] == 1


@pytest.mark.parametrize("data", [b"", b"name;amount\nParking;100\n", b"PK\x03\x04broken"])
def test_a_file_that_is_not_an_xlsx_gives_one_error(data: bytes) -> None:
    rows, errors = read_workbook(data, SHEETS, LISTS)
    assert rows == {}
    [error] = errors
    assert (error.sheet, error.row, error.column) == ("", 0, "")
    assert "not an Excel workbook" in error.message


def test_choices_fall_back_to_the_list_sheet_in_the_file() -> None:
    data = template([[1, "Parking", "society", None, None]])
    rows, errors = read_workbook(data, SHEETS)
    assert errors == []
    assert rows["Programmes"][0]["dimension"] == "society"
    # The caller's list wins over a list sheet the user edited.
    rows, errors = read_workbook(data, SHEETS, [ListSpec("Dimensions", ["governance"])])
    assert [(e.row, e.column) for e in errors] == [(2, "Dimension")]


def test_a_sheet_that_is_too_long_is_refused_and_nothing_is_read(settings: Any) -> None:
    settings.SPREADSHEET_MAX_ROWS = 3
    rows = [[n, f"P{n}", "economy", 2026, n] for n in range(1, 4)]
    result, errors = read(template(rows))
    assert result == {}
    [error] = errors
    assert (error.sheet, error.row) == ("Programmes", 0)
    assert error.message == "The sheet “Programmes” states 4 rows; at most 3 rows are read."


# Exported cells are text ------------------------------------------------------------------------

FORMULA_LIKE = ["=1+1", "@SUM(A1)", "+62 21 555", "-", "-5 %", "#N/A", "\tx"]


def test_texts_that_look_like_formulas_are_written_as_text() -> None:
    data = write_table("Ranking", ["Teks", "Angka"], [[text, -5] for text in FORMULA_LIKE])
    sheet = load_workbook(io.BytesIO(data))["Ranking"]
    cells = [row for row in sheet.iter_rows(min_row=2)]
    assert [(text.value, text.data_type) for text, _number in cells] == [
        (text, "s") for text in FORMULA_LIKE
    ]
    assert {(number.value, number.data_type) for _text, number in cells} == {(-5, "n")}
    # and the one reader gives them back as the same text
    table = read_table(data, "ranking.xlsx")
    assert [values[0] for _number, values in table.rows[1:]] == FORMULA_LIKE


def test_a_template_round_trips_formula_like_text_as_text() -> None:
    rows, errors = read(
        template([[1, "=1+1", "economy", None, None], [2, "@SUM(A1)", "society", None, None]])
    )
    assert errors == []
    assert [row["name"] for row in rows["Programmes"]] == ["=1+1", "@SUM(A1)"]


def test_csv_exports_quote_formula_like_text() -> None:
    text = "".join(csv_lines(["Teks", "Angka"], [[value, -5] for value in FORMULA_LIKE]))
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert lines[0] == ["Teks", "Angka"]
    assert [line[0] for line in lines[1:]] == [
        f"'{value}" if value[0] in "=+-@\t" else value for value in FORMULA_LIKE
    ]
    assert {line[1] for line in lines[1:]} == {"-5"}  # numbers stay numbers


def test_a_control_character_does_not_break_an_export() -> None:
    data = write_table("Ranking", ["Nama"], [["Dinas\x01Kominfo"], ["Tab\tand\nnewline"]])
    sheet = load_workbook(io.BytesIO(data))["Ranking"]
    assert [cell.value for (cell,) in sheet.iter_rows(min_row=2)] == [
        "Dinas\ufffdKominfo",
        "Tab\tand\nnewline",
    ]
