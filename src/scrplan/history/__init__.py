"""Plans through time, from git: what changed between two versions, and an item's history.

Owns: git itself (:mod:`.git`: argument lists, ``-z`` output, plain-words failures), comparing
two versions of a plan in safeguarding terms (:mod:`.compare`), ``scrplan diff``
(:mod:`.diff`) and an item's log (:mod:`.itemlog`); and the board's view over time: every
version of a folder of plans (:mod:`.timeline`), each read once by its blob id
(:mod:`.blobcache`) into what counting needs (:mod:`.facts`), what moved since a date
(:mod:`.changes`) and the counts at each period's end (:mod:`.trend`).

Must not import: :mod:`scrplan.edit`, :mod:`scrplan.output`, :mod:`scrplan.report`,
:mod:`scrplan.importer`, :mod:`scrplan.cli`; typer or rich.
"""
