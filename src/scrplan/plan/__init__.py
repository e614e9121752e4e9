"""The plan format and reading it: from a file's bytes to a checked plan.

Owns: the models and what they mean (:mod:`.model`, :mod:`.dates`), the YAML text with
positions (:mod:`.yamltree`), the loading pipeline and its result (:mod:`.load`), the plain
words of schema errors (:mod:`.wording`), cross-item rules (:mod:`.rules`), finding plan files
(:mod:`.discover`), references such as ``child-m:7`` (:mod:`.refs`), the cache of checked plans
(:mod:`.cache`), selecting and counting items (:mod:`.query`), themes, their list and
their counts across plans (:mod:`.themes`), the JSON Schema (:mod:`.schema`) and the public
edition of plans (:mod:`.public`).

Must not import: anything of scrplan outside this package but :mod:`scrplan.errors`,
:mod:`scrplan.words` and :mod:`scrplan.fileio`; typer or rich. Nothing is imported here, so
that importing one module of the package costs only that module.
"""
