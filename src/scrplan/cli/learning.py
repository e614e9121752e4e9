"""Learning across reviews: ``repeats``."""

from __future__ import annotations

from typing import Annotated

import typer

from scrplan.cli.base import OutputOption, PathsArg, app, format_option, guarded, valid_plans
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


@app.command()
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
    format: Annotated[
        str | None,
        format_option(
            "text",
            "json",
            "csv",
            "markdown",
            default_words="Default: from the --output extension, else text.",
        ),
    ] = None,
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
