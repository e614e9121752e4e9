"""Starting out: a new plans repository (``scrplan init``), and an example one to try scrplan
on (``scrplan init --example``).

Owns: the files a partnership's plans repository starts with (:mod:`.scaffold`, from the
templates in ``files/``) and the example repository's story (:mod:`.example`), made with
scrplan's own edits and real git commits.

Must not import: the command line, output or reports. It builds on :mod:`scrplan.plan`,
:mod:`scrplan.edit` and :mod:`scrplan.history.git`.
"""
