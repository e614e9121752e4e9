"""Plans through time, from git: what changed between two versions, and an item's history.

Owns: git itself (:mod:`.git`: argument lists, ``-z`` output, plain-words failures), comparing
two versions of a plan in safeguarding terms (:mod:`.compare`), ``scrplan diff``
(:mod:`.diff`) and an item's log (:mod:`.itemlog`).

Must not import: :mod:`scrplan.edit`, :mod:`scrplan.output`, :mod:`scrplan.report`,
:mod:`scrplan.importer`, :mod:`scrplan.cli`; typer or rich.
"""
