"""A new plan from the template: ``scrplan new``.

The template is a valid plan with no recommendations, and comments showing how to write them,
so that a board manager can start from it in any text editor.
"""

from __future__ import annotations

import os
from pathlib import Path

from scrplan.edit.commands import clean_text
from scrplan.edit.yamltext import scalar
from scrplan.errors import EditError
from scrplan.fileio import save
from scrplan.plan.discover import is_plan_file
from scrplan.plan.load import load_bytes
from scrplan.plan.schema import MODELINE, SCHEMA_PATH

# --- new --------------------------------------------------------------------------------------

TEMPLATE = """\
{modeline}
#
# An action plan for scrplan. docs/format.md describes every field; `scrplan validate` checks
# the file and says where anything is wrong.

title: {title}
{details}
recommendations: []
# Replace the [] above with the review's recommendations, one list item each, like this:
#
# recommendations:
#   - id: 1
#     learning: >
#       The learning or improvement point, in full. Long text can wrap over several
#       lines like this.
#     recommendation: >
#       What the review recommends.
#     lead: [Police, ICB]
#     target_date: 2025-03-31
#     rag: amber
#     progress:
#       - note: What has happened so far.
#         date: 2025-01-15
#         by: ICB
#
#   - id: 2
#     recommendation: A recommendation met by several actions.
#     lead: Partnership business unit
#     actions:
#       - id: "2.1"
#         action: The first action.
#         target_date: 2025-06
"""


def new_plan(
    path: Path,
    *,
    title: str,
    partnership: str | None = None,
    review: str | None = None,
    subject: str | None = None,
    dry_run: bool = False,
) -> str:
    """Write a new plan from the template, refusing to overwrite a file.

    Returns:
        The plan's text.
    """
    if path.exists():
        raise EditError(f"{path} already exists; scrplan new never overwrites a plan")
    if not is_plan_file(path):
        raise EditError(f"{path}: a plan file's name ends in .yaml")
    title = clean_text(title)
    if not title:
        raise EditError("give the plan a title with --title")
    details = "".join(
        f"{key}: {scalar(clean_text(value))}\n"
        for key, value in (("partnership", partnership), ("review", review), ("subject", subject))
        if value and clean_text(value)
    )
    text = TEMPLATE.format(
        modeline=_modeline(path, MODELINE, SCHEMA_PATH),
        title=scalar(title),
        details=details,
    )
    # The template is tested to be valid; the titles and names given are checked here.
    load_bytes(text.encode("utf-8"), str(path)).require("nothing written")
    if not dry_run:
        save(path, text)
    return text


def _modeline(path: Path, default: str, schema_path: str) -> str:
    """The schema modeline, pointing from the new plan's folder to the schema if one is found
    in this folder or above it."""
    folder = path.resolve().parent
    for candidate in (folder, *folder.parents):
        schema = candidate / schema_path
        if schema.exists():
            relative = os.path.relpath(schema, folder).replace(os.sep, "/")
            return f"# yaml-language-server: $schema={relative}"
    return default
