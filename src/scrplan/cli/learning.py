"""Learning across reviews: ``repeats``, ``themes`` and ``suggest-themes``."""

from __future__ import annotations

from typing import Annotated

import typer

from scrplan.cli.base import (
    AsOf,
    OutputOption,
    PathsArg,
    TableFormat,
    app,
    as_of,
    format_option,
    guarded,
    say,
    valid_plans,
)
from scrplan.learning import DEFAULT_SIMILARITY

LOWEST = 0.3


def _similarity(value: str | float) -> float:
    """A similarity from 0.3 to 1; ``60%`` is 0.6."""
    if isinstance(value, float):  # the default
        return value
    text = value.strip()
    try:
        number = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        number = -1.0
    if not LOWEST <= number <= 1:
        raise typer.BadParameter(
            f"{value!r} is not a similarity scrplan can use: give a number from {LOWEST} "
            f"(loosely alike) to 1 (the same words), e.g. {DEFAULT_SIMILARITY}"
        )
    return number


@app.command(short_help="Find recommendations made again in other reviews.")
@guarded
def repeats(
    paths: PathsArg = None,
    min_similarity: Annotated[
        float,
        typer.Option(
            "--min-similarity",
            "-m",
            metavar="X",
            parser=_similarity,
            help=f"How alike two recommendations must be to count as the same, from {LOWEST} "
            f"to 1 (or a percentage, 60%). Lower finds more rewordings and more false "
            f"matches. Default: {DEFAULT_SIMILARITY}.",
            show_default=False,
        ),
    ] = DEFAULT_SIMILARITY,
    format: TableFormat = None,
    output: OutputOption = None,
) -> None:
    """Find recommendations that were made again in other reviews.

    Groups recommendations of different plans that say the same thing, by how alike their
    words are; the words every plan of a partnership uses ("DSCB should seek assurance
    that") count for little. Each group says in how many reviews it was made, since when, and
    how many are still outstanding. See docs/learning.md for what the similarity means.

    Example:

        scrplan repeats plans/ --min-similarity 0.7 -o repeats.csv
    """
    from scrplan.learning.repeats import find_repeats
    from scrplan.output import learning_views as views
    from scrplan.output.formats import choose, emit

    fmt = choose(("text", "json", "csv", "markdown"), format, output, "text")
    plans = valid_plans(paths)
    found = find_repeats(plans, min_similarity)
    emit(
        fmt,
        page=lambda full: views.repeats_page(found, len(plans), min_similarity, full=full),
        record=lambda: views.repeats_record(found, len(plans), min_similarity),
        csv=lambda: views.repeats_csv(found),
        output=output,
    )


@app.command(short_help="Each theme across reviews: how much is outstanding, overdue.")
@guarded
def themes(
    paths: PathsArg = None,
    as_of_: AsOf = None,
    all_: Annotated[
        bool,
        typer.Option(
            "--all",
            "-a",
            help="Every theme of the list of themes, also those no recommendation has.",
        ),
    ] = False,
    format: TableFormat = None,
    output: OutputOption = None,
) -> None:
    """Show, per theme, the recommendations of every plan that carry it.

    Each theme with how many reviews and recommendations name it, since when, and how many
    of those are outstanding and overdue; then each theme's recommendations with their
    review, RAG and stage. Themes are written on recommendations, `themes: [neglect,
    information sharing]`, from the list of themes (docs/format.md); scrplan suggest-themes
    proposes them.

    Example:

        scrplan themes plans/ --as-of 2024-03-31 -o themes.csv
    """
    from scrplan.output import theme_views as views
    from scrplan.output.formats import choose, emit
    from scrplan.plan.themes import theme_overview

    fmt = choose(("text", "json", "csv", "markdown"), format, output, "text")
    plans, day = valid_plans(paths), as_of(as_of_)
    overview = theme_overview(plans, day, every=all_)
    emit(
        fmt,
        page=lambda full: views.themes_page(overview, full=full),
        record=lambda: views.themes_record(overview, day),
        csv=lambda: views.themes_csv(overview),
        output=output,
    )


@app.command(name="suggest-themes", short_help="Propose themes for recommendations that have none.")
@guarded
def suggest_themes(
    paths: PathsArg = None,
    apply: Annotated[
        bool,
        typer.Option("--apply", help="Write the proposed themes into the plans."),
    ] = False,
    format: Annotated[str, format_option("text", "json")] = "text",
) -> None:
    """Propose themes for the recommendations that have none, from their text.

    A theme is proposed when the recommendation or its learning point holds one of the
    theme's keywords (whole words, any case, plurals too); each proposal shows the words that
    suggest it. Nothing is written unless --apply is given: then each recommendation gets one
    line, `themes: [...]`, and nothing else in the plan changes.

    Example:

        scrplan suggest-themes plans/child-m.yaml

    and, once the proposals are checked:

        scrplan suggest-themes plans/child-m.yaml --apply
    """
    from pathlib import Path

    from scrplan.output import theme_views as views
    from scrplan.output.formats import emit
    from scrplan.plan.themes import propose

    plans = valid_plans(paths)
    proposals = propose(plans)
    if apply:
        from scrplan.edit.themes import write_themes

        named = {p.plan.file for p in proposals if p.found}
        for plan in plans:
            if plan.file in named:
                result = write_themes(Path(plan.file))
                for line in result.changes:
                    say(line)
    written = apply and any(p.found for p in proposals)
    emit(
        format,
        page=lambda full: views.suggestions_page(proposals, len(plans), applied=written),
        record=lambda: views.suggestions_record(proposals, len(plans), applied=written),
    )
