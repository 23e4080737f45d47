"""Hostile and malformed spreadsheets are refused before they are read.

Every hostile file here is built in memory and is a few kilobytes. Tests do not time the
reader: they count the cells openpyxl's cell parser was asked for, so a reader that walks
two billion rows, or parses a file it should have refused, fails by count, not by clock.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import openpyxl.xml
import pytest
from django.utils import translation
from openpyxl import Workbook
from openpyxl.worksheet._reader import WorkSheetParser

from kotacerdas.lib.spreadsheet import CellError, Limits, SpreadsheetError, read_table
from kotacerdas.lib.xlsx import Column, read_workbook

SHEET = "xl/worksheets/sheet1.xml"
ROWS = [["kode", "fiscal"], ["17.71", 5], ["13.75", 7]]


@pytest.fixture(autouse=True)
def _english_and_known_limits(settings: Any) -> Iterator[None]:
    """Messages in English; the limits the messages below name, whatever the defaults."""
    settings.SPREADSHEET_MAX_BYTES = 5 * 1024 * 1024
    settings.SPREADSHEET_MAX_UNZIPPED_BYTES = 8 * 1024 * 1024
    settings.SPREADSHEET_MAX_ROWS = 5000
    settings.SPREADSHEET_MAX_COLUMNS = 100
    settings.SPREADSHEET_MAX_CELLS = 50_000
    with translation.override("en"):
        yield


@pytest.fixture
def cells_parsed(monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    """How many cells openpyxl's cell parser has been asked to read."""
    calls = []
    parse = WorkSheetParser.parse_cell

    def counting(self: WorkSheetParser, element: Any) -> Any:
        calls.append(1)
        return parse(self, element)

    monkeypatch.setattr(WorkSheetParser, "parse_cell", counting)
    return lambda: len(calls)


def book(rows: list[list[Any]] = ROWS, title: str = "Nilai") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezip(
    data: bytes,
    change: dict[str, Callable[[bytes], bytes]] | None = None,
    add: dict[str, bytes] | None = None,
    claim: dict[str, int] | None = None,
) -> bytes:
    """The workbook with parts changed or added; ``claim`` states an unpacked size in the
    zip directory that the part does not have."""
    change, add, claim = change or {}, add or {}, claim or {}
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            content = source.read(name)
            target.writestr(name, change[name](content) if name in change else content)
        for name, content in add.items():
            target.writestr(name, content)
        for name, size in claim.items():
            target.getinfo(name).file_size = size  # written to the directory on close
    return buffer.getvalue()


def in_sheet_data(extra: bytes) -> Callable[[bytes], bytes]:
    return lambda xml: xml.replace(b"</sheetData>", extra + b"</sheetData>")


def refused(data: bytes, name: str = "nilai.xlsx") -> str:
    with pytest.raises(SpreadsheetError) as error:
        read_table(data, name)
    [problem] = error.value.errors
    return str(problem)


def test_a_good_workbook_is_read() -> None:
    table = read_table(book(), "nilai.xlsx")
    assert table.sheet == "Nilai"
    assert table.rows == [(1, ("kode", "fiscal")), (2, ("17.71", 5)), (3, ("13.75", 7))]


def test_a_sheet_stating_two_billion_rows_is_refused_before_any_cell(
    cells_parsed: Callable[[], int],
) -> None:
    claim = rezip(
        book(),
        {
            SHEET: lambda xml: re.sub(
                rb'<dimension ref="[^"]*"', b'<dimension ref="A1:P2000000000"', xml
            )
        },
    )
    assert len(claim) < 20_000
    assert refused(claim) == (
        "The sheet “Nilai” states 2,000,000,000 rows; at most 5,000 rows are read."
    )
    assert cells_parsed() == 0


def test_a_sheet_stating_too_many_columns_is_refused() -> None:
    claim = rezip(
        book(),
        {SHEET: lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD3"', xml)},
    )
    assert "states 16,384 columns; at most 100 columns" in refused(claim)


def test_one_cell_at_row_two_billion_stops_the_reader_at_that_cell(
    cells_parsed: Callable[[], int],
) -> None:
    far = b'<row r="2000000000"><c r="A2000000000"><v>1</v></c></row>'
    data = rezip(book(), {SHEET: in_sheet_data(far)})  # the stated dimension stays A1:B3
    assert refused(data) == (
        "The sheet “Nilai” has a cell in row 2,000,000,000; at most 5,000 rows are read."
    )
    assert cells_parsed() == 7  # the six real cells and the far one; no empty row made up


def test_a_cell_far_to_the_right_is_refused(cells_parsed: Callable[[], int]) -> None:
    data = rezip(book(), {SHEET: in_sheet_data(b'<row r="4"><c r="XFD4"><v>1</v></c></row>')})
    assert "has a cell in column XFD; at most 100 columns" in refused(data)
    assert cells_parsed() == 7


def test_reading_stops_at_the_cell_limit(settings: Any, cells_parsed: Callable[[], int]) -> None:
    settings.SPREADSHEET_MAX_CELLS = 10
    data = book([[n, n, n] for n in range(1, 8)])  # 21 cells
    assert refused(data) == "The sheet “Nilai” holds more than 10 cells; it is not read."
    assert cells_parsed() == 11


def test_rows_and_columns_up_to_the_limits_are_read(settings: Any) -> None:
    settings.SPREADSHEET_MAX_ROWS = 3
    settings.SPREADSHEET_MAX_COLUMNS = 2
    assert len(read_table(book(), "nilai.xlsx").rows) == 3
    assert "states 4 rows; at most 3 rows" in refused(book([*ROWS, ["17.01", 1]]))
    # without a stated dimension the cells themselves are counted
    unstated = rezip(
        book([*ROWS, ["17.01", 1]]), {SHEET: lambda xml: re.sub(rb"<dimension [^>]*>", b"", xml)}
    )
    assert "has a cell in row 4; at most 3 rows" in refused(unstated)


def test_a_zip_directory_promising_240_mb_is_refused_unread(
    cells_parsed: Callable[[], int],
) -> None:
    data = rezip(book(), claim={SHEET: 240 * 1024 * 1024})
    assert len(data) < 20_000
    assert refused(data) == "The file unpacks to 240.0\xa0MB; at most 8.0\xa0MB are read."
    assert cells_parsed() == 0


def test_a_part_packed_like_a_zip_bomb_is_refused(cells_parsed: Callable[[], int]) -> None:
    data = rezip(book(), add={"xl/media/zeros.bin": bytes(2 * 1024 * 1024)})
    assert len(data) < 20_000
    message = refused(data)
    assert message.startswith("The part xl/media/zeros.bin of the file unpacks to ")
    assert message.endswith("times its packed size; at most 100 times is read.")
    assert cells_parsed() == 0


def test_a_file_of_many_parts_is_refused() -> None:
    data = rezip(book(), add={f"xl/extra{n}.bin": b"x" for n in range(100)})
    assert refused(data) == "The file holds 109 parts; at most 100 are read."


def test_markup_beyond_what_the_cells_need_is_refused_before_parsing(
    settings: Any, cells_parsed: Callable[[], int]
) -> None:
    settings.SPREADSHEET_MAX_CELLS = 100  # 10,800 tags in all
    junk = b"<sheetPr>" + b"<x/>" * 11_000 + b"</sheetPr>"  # packs well, under the ratio floor
    data = rezip(book(), {SHEET: lambda xml: xml.replace(b"<sheetPr>", junk, 1)})
    assert refused(data) == "The file holds more than 10,800 XML tags; it is not read."
    assert cells_parsed() == 0


def test_a_file_larger_than_the_limit_is_refused(settings: Any) -> None:
    settings.SPREADSHEET_MAX_BYTES = 1000
    assert refused(book()).startswith("The file is ")
    assert refused(b"kode,fiscal\n" * 100, "nilai.csv").endswith("at most 1000\xa0bytes are read.")


def test_xml_entity_declarations_are_refused_by_the_xml_guard() -> None:
    assert openpyxl.xml.DEFUSEDXML, "defusedxml must be installed: openpyxl then uses it"
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    )
    data = rezip(book(), {SHEET: lambda xml: laughs + xml.replace(b"17.71", b"&b;")})
    assert refused(data) == "The file is not an Excel workbook (.xlsx)."


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04broken", b"kode;fiscal\n17.71;5\n"])
def test_a_file_that_is_not_a_workbook_is_refused(data: bytes) -> None:
    assert refused(data) == "The file is not an Excel workbook (.xlsx)."


def test_only_xlsx_and_csv_are_read() -> None:
    assert refused(b"%PDF-1.4", "nilai.pdf") == "Upload an XLSX or CSV file."


def test_the_template_reader_refuses_the_same_files_and_reads_nothing() -> None:
    claim = rezip(
        book(),
        {
            SHEET: lambda xml: re.sub(
                rb'<dimension ref="[^"]*"', b'<dimension ref="A1:P2000000000"', xml
            )
        },
    )
    rows, errors = read_workbook(claim, [("Nilai", [Column("kode", "kode")])])
    assert rows == {}
    assert [(e.sheet, e.row, e.column) for e in errors] == [("Nilai", 0, "")]
    assert "2,000,000,000 rows" in errors[0].message


def test_limits_come_from_settings(settings: Any) -> None:
    settings.SPREADSHEET_MAX_ROWS = 7
    settings.SPREADSHEET_MAX_UNZIPPED_BYTES = 1234
    del settings.SPREADSHEET_MAX_CELLS
    limits = Limits.from_settings()
    assert (limits.max_rows, limits.max_unzipped_bytes, limits.max_columns) == (7, 1234, 100)
    assert limits.max_cells == Limits().max_cells  # a limit not in settings keeps its default


def test_the_refusal_is_in_the_users_language() -> None:
    far = b'<row r="2000000000"><c r="A2000000000"><v>1</v></c></row>'
    with translation.override("id"):
        message = refused(rezip(book(), {SHEET: in_sheet_data(far)}))
    assert "Nilai" in message and "2.000.000.000" in message and "5.000" in message
    assert "baris" in message


# CSV ------------------------------------------------------------------------------------------


def test_a_csv_file_is_read_with_either_separator() -> None:
    assert read_table(b"kode;fiscal\n17.71;7,5\n", "nilai.csv").rows == [
        (1, ("kode", "fiscal")),
        (2, ("17.71", "7,5")),
    ]
    assert read_table("\ufeffkode,fiscal\n".encode(), "nilai.csv").rows == [(1, ("kode", "fiscal"))]


def test_a_csv_file_with_nul_bytes_is_refused() -> None:
    message = refused(b"kode,fiscal\n17.71\x00,5\n", "nilai.csv")
    assert message == "The file holds NUL characters; it is not a CSV text file."


def test_a_csv_file_not_in_utf8_says_which_encoding_is_expected() -> None:
    message = refused("kode,nama\n17.71,Bengkulu é\n".encode("latin-1"), "nilai.csv")
    assert "not UTF-8 text" in message and "CSV UTF-8" in message


def test_a_csv_file_with_too_many_rows_or_columns_is_refused(settings: Any) -> None:
    settings.SPREADSHEET_MAX_ROWS = 3
    settings.SPREADSHEET_MAX_COLUMNS = 2
    assert refused(b"a,b\n1,2\n3,4\n5,6\n", "nilai.csv") == (
        "The file has more than 3 rows; at most 3 rows are read."
    )
    assert refused(b"a,b,c\n", "nilai.csv") == ("Row 1 has 3 columns; at most 2 columns are read.")


def test_a_csv_field_beyond_the_field_limit_is_refused() -> None:
    assert refused(b'"' + b"x" * 200_000 + b'"\n', "nilai.csv") == (
        "The file is not a readable CSV file."
    )


# Text is text ---------------------------------------------------------------------------------


def test_a_control_character_in_a_cell_is_refused_naming_the_cell() -> None:
    with pytest.raises(SpreadsheetError) as error:
        read_table(b"kode,nama\n17.71,Kota\x0bBengkulu\n", "nilai.csv")
    [problem] = error.value.errors
    assert (problem.sheet, problem.row, problem.column) == ("", 2, "B")
    assert "U+000B" in problem.message


@pytest.mark.parametrize("control", [b"\x1f", b"&#11;", b"&#x0;"])
def test_an_xlsx_cannot_carry_a_control_character(control: bytes) -> None:
    """XML 1.0 holds no control character but tab and newlines, raw or as a reference: the
    parser refuses the sheet, which is named."""
    data = rezip(
        book([["kode"], ["x"]]), {SHEET: lambda xml: xml.replace(b">x<", b">a" + control + b"b<")}
    )
    for_template = read_workbook(data, [("Nilai", [Column("kode", "kode")])])
    assert for_template == ({}, [CellError("Nilai", 0, "", "The sheet “Nilai” cannot be read.")])
    assert refused(data) == "The sheet “Nilai” cannot be read."


def test_an_upload_passes_the_one_upload_check_first() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kotacerdas.lib.spreadsheet import read_upload

    with pytest.raises(SpreadsheetError) as error:
        read_upload(SimpleUploadedFile("nilai.xlsx", b"kode,fiscal\n"))
    assert "does not contain what its name says (.xlsx)" in str(error.value)
    assert read_upload(SimpleUploadedFile("nilai.csv", b"kode\n")).rows == [(1, ("kode",))]
