"""A request as the file an agency receives: an Excel workbook or a Word form."""

from __future__ import annotations

from scrplan.returns.record import make_record
from scrplan.returns.request import UpdateRequest

FORMATS = ("xlsx", "docx")
"""The formats a request is written in, as :data:`scrplan.output.formats.FORMATS` names them."""


def render_request(request: UpdateRequest, fmt: str = "xlsx") -> bytes:
    """The request's file: ``xlsx`` (the workbook) or ``docx`` (the Word form), with its record
    of where each row came from."""
    record = make_record(request)
    if fmt == "docx":
        from scrplan.returns.wordform import write_wordform

        return write_wordform(request, record)
    from scrplan.returns.workbook import write_workbook

    return write_workbook(request, record)


def file_name(request: UpdateRequest, fmt: str = "xlsx") -> str:
    """The request's file name: ``wmp-update-request-2024-06-29.xlsx``."""
    return f"{request.lead.slug}-update-request-{request.due.isoformat()}.{fmt}"
