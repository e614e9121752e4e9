"""Board reports: the paper for the board meeting, in Word, HTML, Markdown or CSV.

Owns: the report model (:mod:`.model`: plans to sections, key rows and action-table lines) and
its renderers (:mod:`.html_page`, :mod:`.word`, :mod:`.markdown`); the "Since the last
meeting" section (:mod:`.meeting`) and its trend chart (:mod:`.trend_chart`); the yearly
report's part about reviews (:mod:`.annual`); CSV is the items' CSV of
:mod:`scrplan.output.plan_views`. Each renderer imports the model, never the other way round,
and is imported only when its format is asked for (python-docx costs a fifth of a second).

Must not import: :mod:`scrplan.edit`, :mod:`scrplan.importer`, :mod:`scrplan.cli`; typer or rich.
"""

from __future__ import annotations

from scrplan.report.model import Report

FORMATS = ("docx", "html", "markdown", "csv")
"""The formats a report is written in, as :data:`scrplan.output.formats.FORMATS` names them."""


def render(report: Report, fmt: str) -> str | bytes:
    """The report as ``fmt``: bytes for Word, text for the others."""
    if fmt == "docx":
        from scrplan.report.word import render_docx

        return render_docx(report)
    if fmt == "html":
        from scrplan.report.html_page import render_html

        return render_html(report)
    if fmt == "markdown":
        from scrplan.report.markdown import render_md

        return render_md(report)
    if fmt == "csv":
        from scrplan.output.plan_views import rows_csv

        return rows_csv([line.row for line in report.lines], every_note=True)
    raise ValueError(f"unknown report format {fmt!r}")
