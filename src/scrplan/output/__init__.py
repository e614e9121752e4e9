"""Output: what each read command shows, in every format it is written in.

Owns: output blocks and pages (:mod:`.blocks`), their plain-text, Markdown and terminal
renderers (:mod:`.plain`, :mod:`.markdown`, :mod:`.terminal`, the only user of rich), the views
of each read command (:mod:`.plan_views`, :mod:`.history_views`, :mod:`.learning_views`,
:mod:`.theme_views`), problems as text, JSON and
GitHub annotations (:mod:`.problems`), CSV (:mod:`.spreadsheet`), and the one registry of
output formats with the one way to write them (:mod:`.formats`).

Must not import: :mod:`scrplan.edit`, :mod:`scrplan.report`, :mod:`scrplan.importer`,
:mod:`scrplan.cli`; typer; rich outside :mod:`.terminal`.
"""
