"""Updates from agencies that work in Excel, Word and email: requests, returns and chasing.

Owns: what an update request asks of an agency (:mod:`.request`) and the hidden record that
ties each row to the plan it came from (:mod:`.record`); the request as an Excel workbook
(:mod:`.workbook`, openpyxl imported only here) or a Word form (:mod:`.wordform`, python-docx);
reading the values people type into a return (:mod:`.values`); applying a filled-in return as
reviewed edits (:mod:`.apply`), on a branch of its own when asked (:mod:`.branch`); what each
agency owes (:mod:`.chase`, with email drafts); calendar events (:mod:`.ics`, icalendar
imported only here); and the pages and records the commands print (:mod:`.views`).

A return is untrusted input: every value read back is checked and cleaned, every refusal names
its sheet and cell (or Word table and row), and a plan changes only through
:func:`scrplan.edit.transaction.apply_edit`.

Must not import: :mod:`scrplan.report`, :mod:`scrplan.importer`, :mod:`scrplan.cli`; typer or
rich.
"""
