"""Learning across reviews: the same recommendation made again in another review.

Owns: finding recommendations of different plans that say the same thing, by the similarity
of their text (:mod:`.repeats`), for ``scrplan repeats`` and the reviewer's warning in
``scrplan diff``. scikit-learn, SciPy and NumPy are imported here only, inside the functions
that need them: no other command pays for them at start-up.

Must not import: :mod:`scrplan.history`, :mod:`scrplan.edit`, :mod:`scrplan.output`,
:mod:`scrplan.report`, :mod:`scrplan.importer`, :mod:`scrplan.cli`; typer; rich.
"""

DEFAULT_SIMILARITY = 0.6
"""The similarity from which two recommendations count as the same (docs/learning.md); here,
not in :mod:`.repeats`, so the command line reads it without loading the plan models."""
