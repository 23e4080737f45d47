"""Schemas shared by every API module."""

from __future__ import annotations

from ninja import Schema


class ErrorDetail(Schema):
    field: str
    message: str


class ErrorInfo(Schema):
    code: str
    message: str
    details: list[ErrorDetail]


class ErrorOut(Schema):
    """The one error shape of the API."""

    error: ErrorInfo
