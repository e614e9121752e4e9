"""Changing plans: the smallest edit of a plan's text, checked, atomic and locked.

Owns: splicing text at node positions (:mod:`.splice`), the edit transaction (:mod:`.transaction`:
lock, check before and after, atomic write, dry-run diff), the rules of each edit command
(:mod:`.commands`), writing proposed themes (:mod:`.themes`), how a value is written as YAML
text (:mod:`.yamltext`), the writer of a whole plan (:mod:`.writer`, for imports) and the
new-plan template (:mod:`.template`).

Must not import: :mod:`scrplan.history`, :mod:`scrplan.output`, :mod:`scrplan.report`,
:mod:`scrplan.importer`, :mod:`scrplan.cli`; typer or rich.
"""
