"""The same recommendation made again: recommendations of different plans that say the same
thing, grouped by the similarity of their text.

Each recommendation's text becomes a TF-IDF vector (scikit-learn): its words, each weighed by
how rare it is across all the recommendations compared. What every plan of a partnership
writes ("DSCB should seek assurance that", "The LSCB should ensure that") is in many
recommendations, so it weighs little; what a recommendation is about ("strategy meetings
rather than telephone discussions") is in few, so it weighs most. Two recommendations are as
similar as the cosine of their vectors: 1 for the same words, 0 for none in common.

Why TF-IDF and not a string-matching library such as rapidfuzz: measured on a generated corpus
with planted, reworded repeats (``benchmarks/repeats.py compare``, figures in
``docs/learning.md``), rapidfuzz's scores treat a shared opening like a shared subject and
found fewer repeats with more false ones, unless we wrote our own list of words to leave out
(which is what IDF does, from the plans themselves); and it compares every pair of strings,
minutes for 20,000 recommendations where the sparse products here take seconds.

Grouping is average linkage: the most similar pairs are joined first, and two groups become one
only when their recommendations are, on average, at least as similar as the threshold and no
plan would appear twice. A chain of small rewordings therefore cannot pull unrelated
recommendations into one group.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from scrplan.learning import DEFAULT_SIMILARITY
from scrplan.plan.model import Plan, Recommendation
from scrplan.words import plural

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

# How much of the sparse product one step works on: about 100 MB at its peak.
_CHUNK_WORK = 8_000_000


class Said(NamedTuple):
    """One recommendation, in the plan that made it."""

    plan: Plan
    item: Recommendation

    @property
    def ref(self) -> str:
        """``child-m:7``."""
        return f"{self.plan.name}:{self.item.id}"

    @property
    def date(self) -> dt.date | None:
        """When the review made it: the plan's report date, else its plan date."""
        return self.plan.report_date or self.plan.plan_date

    @property
    def outstanding(self) -> bool:
        """True while the plan does not count it complete."""
        return not self.plan.is_complete(self.item)


@dataclass
class Repeat:
    """Recommendations of different plans that say the same thing.

    Attributes:
        items: one recommendation per plan, the oldest review first (undated ones last).
        scores: for each item, how similar it is on average to the others.
        similarity: how similar the group's pairs are on average.
    """

    items: list[Said]
    scores: list[float] = field(default_factory=list)
    similarity: float = 0.0

    @property
    def outstanding(self) -> int:
        """How many of them are still outstanding."""
        return sum(1 for said in self.items if said.outstanding)

    @property
    def since(self) -> dt.date | None:
        """The earliest date of the reviews that made it, if any is dated."""
        dates = [said.date for said in self.items if said.date is not None]
        return min(dates) if dates else None

    @property
    def summary(self) -> str:
        """``made in 3 reviews since 2016; 2 still outstanding``."""
        since = f" since {self.since.year}" if self.since else ""
        left = f"{self.outstanding} still outstanding" if self.outstanding else "all complete"
        return f"made in {plural(len(self.items), 'review')}{since}; {left}"


def _when(said: Said) -> tuple[bool, dt.date, str, int]:
    date = said.date
    index = int(said.item.path[1]) if said.item.path else 0
    return (date is None, date or dt.date.max, said.plan.name, index)


def recommendations(plans: Sequence[Plan]) -> list[Said]:
    """Every recommendation of ``plans``, plan by plan."""
    return [Said(plan, rec) for plan in plans for rec in plan.recommendations]


# --- the vectors and their similarities ----------------------------------------------------------


def vectors(texts: Sequence[str]) -> Any:
    """The texts as rows of TF-IDF vectors of unit length (a SciPy sparse matrix), or None when
    no text has a word worth weighing (each is empty, or only words such as "the")."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    # Single words: pairs of words scored reworded repeats lower (a reworded sentence keeps
    # its words more than their order) and found no more on the generated corpus. Sublinear
    # tf keeps a word said three times from outweighing the rest; English stop words carry no
    # meaning of their own.
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, dtype=np.float32)
    try:
        return vectorizer.fit_transform(list(texts)).tocsr()
    except ValueError:  # an empty vocabulary
        return None


def similar_pairs(
    matrix: Any, owners: NDArray[np.int64], threshold: float
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float32]]:
    """Every pair of rows with different owners whose similarity is at least ``threshold``.

    The full product of 20,000 recommendations with each other is mostly made of the words
    every plan uses, so it is split, exactly: the words in many recommendations ("common")
    and the rest. A pair that shares a rare word is found through the rare words alone (its
    common part is at most the product of the two rows' common lengths, so the pairs that
    cannot reach the threshold are left out before any exact sum). A pair that shares no rare
    word is as similar as its common parts, which can reach the threshold only when both rows'
    common parts are that long; those few rows are compared on their common words. Which words
    count as common is chosen to make the least work; the answer is the same whatever it is.

    Args:
        matrix: rows of unit length (from :func:`vectors`).
        owners: for each row, its plan: rows of one plan are not paired.
        threshold: the least similarity, above 0.

    Returns:
        The first rows, the second rows (always greater), and their similarities.
    """
    import numpy as np

    n = matrix.shape[0]
    df = np.bincount(matrix.indices, minlength=matrix.shape[1]).astype(np.float64)
    squared = matrix.copy()
    squared.data = squared.data**2
    cut, high = _cheapest_cut(matrix, squared, df, threshold)
    common = df > cut
    rare_part = _columns(matrix, ~common)
    common_part = _columns(matrix, common)
    common_length = np.sqrt(np.asarray(squared @ common.astype(np.float64)).ravel())

    keys = _products(
        rare_part,
        np.arange(n),
        owners,
        threshold,
        lambda r, c: common_length[r] * common_length[c],
    )
    if len(high):
        keys += _products(common_part[high], high, owners, threshold, lambda r, c: 0.0)
    if not keys:
        empty = np.zeros(0, np.int64)
        return empty, empty, np.zeros(0, np.float32)
    found = np.unique(np.concatenate(keys))
    first, second = found // n, found % n
    sims = np.empty(len(found), np.float32)
    step = 100_000
    for s in range(0, len(found), step):
        a, b = matrix[first[s : s + step]], matrix[second[s : s + step]]
        sims[s : s + step] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    # A little slack for float32 sums, so a pair exactly at the threshold is kept.
    keep = sims >= threshold - 1e-6
    return first[keep], second[keep], np.minimum(sims[keep], 1.0)


def _columns(matrix: Any, keep: NDArray[np.bool_]) -> Any:
    part = matrix.copy()
    part.data = part.data * keep[part.indices]
    part.eliminate_zeros()
    return part


def _cheapest_cut(
    matrix: Any, squared: Any, df: NDArray[np.float64], threshold: float
) -> tuple[float, NDArray[np.int64]]:
    """The document frequency above which a word counts as common, making the least work, and
    the rows whose common part alone could reach the threshold."""
    import numpy as np

    n = matrix.shape[0]
    best: tuple[float, float, NDArray[np.int64]] | None = None
    for share in (0.001, 0.002, 0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 1.0):
        cut = share * n
        common = df > cut
        rare_work = float((df[~common] ** 2).sum())
        length2 = np.asarray(squared @ common.astype(np.float64)).ravel()
        high = np.flatnonzero(length2 >= threshold * threshold)
        high_df = np.bincount(matrix[high].indices, minlength=matrix.shape[1])[common]
        work = rare_work + float((high_df.astype(np.float64) ** 2).sum())
        if best is None or work < best[0]:
            best = (work, cut, high)
    assert best is not None
    return best[1], best[2]


def _products(
    rows: Any,
    index: NDArray[np.int64],
    owners: NDArray[np.int64],
    threshold: float,
    bound: Any,
) -> list[NDArray[np.int64]]:
    """Candidate pairs from ``rows`` times its transpose, a chunk of rows at a time, as keys
    ``first * n + second``: those whose partial product plus ``bound`` reaches the
    threshold."""
    import numpy as np

    n = len(owners)
    df = np.bincount(rows.indices, minlength=rows.shape[1])
    # The work of a row is about the number of rows it shares a word with.
    per_row = np.add.reduceat(
        np.append(df[rows.indices], 0), np.minimum(rows.indptr[:-1], len(rows.indices))
    )
    per_row[np.diff(rows.indptr) == 0] = 0
    keys: list[NDArray[np.int64]] = []
    start = 0
    while start < rows.shape[0]:
        stop = _chunk_end(per_row, start)
        # Only the rows from this chunk on: each pair is made once, and half the work is saved.
        block = (rows[start:stop] @ rows[start:].T).tocoo()
        local = block.row < block.col
        row, col, value = block.row[local] + start, block.col[local] + start, block.data[local]
        first, second = index[row], index[col]
        keep = value + bound(first, second) >= threshold - 1e-6
        first, second = first[keep], second[keep]
        keep = owners[first] != owners[second]
        keys.append(first[keep].astype(np.int64) * n + second[keep])
        start = stop
    return keys


def _chunk_end(per_row: NDArray[np.int64], start: int) -> int:
    """The end of the chunk of rows from ``start`` whose work is about :data:`_CHUNK_WORK`."""
    import numpy as np

    total = np.cumsum(per_row[start:])
    return start + max(1, int(np.searchsorted(total, _CHUNK_WORK, side="right")))


# --- groups -------------------------------------------------------------------------------------


def find_repeats(plans: Sequence[Plan], min_similarity: float = DEFAULT_SIMILARITY) -> list[Repeat]:
    """Recommendations made again in other plans, grouped.

    Args:
        plans: the plans to compare with each other.
        min_similarity: from 0 (anything) to 1 (the same words); see docs/learning.md.

    Returns:
        The groups, most reviews first, then the oldest first; within a group, the oldest
        review first.
    """
    import numpy as np

    said = recommendations(plans)
    matrix = vectors([s.item.text for s in said]) if said else None
    if matrix is None:
        return []
    owner_of: dict[int, int] = {}
    owners = np.array([owner_of.setdefault(id(s.plan), len(owner_of)) for s in said], np.int64)
    first, second, sims = similar_pairs(matrix, owners, min_similarity)
    order = np.argsort(-sims, kind="stable")
    # Groups are small: their similarities are summed word by word in Python, which is far
    # quicker than slicing the sparse matrix for each pair of groups.
    words = _rows(matrix, {int(i) for i in (*first, *second)})
    known = dict(zip(zip(first.tolist(), second.tolist(), strict=True), sims.tolist(), strict=True))
    # Each row starts as a group of its own, named by the row; a joined group takes the name
    # of its larger part.
    group_of = list(range(len(said)))
    members: dict[int, list[int]] = {}
    within: dict[int, float] = {}  # the sum of a group's pair similarities
    refused: set[tuple[int, int, int, int]] = set()
    for k in order:
        ga, gb = group_of[int(first[k])], group_of[int(second[k])]
        if ga == gb:
            continue
        left, right = members.get(ga, [ga]), members.get(gb, [gb])
        if {int(owners[i]) for i in left} & {int(owners[i]) for i in right}:
            continue  # one recommendation per plan in a group
        # Groups only grow, so a group's name and size say who is in it: two groups that were
        # too far apart stay so until one of them grows (many pairs link the same two groups).
        attempt = (min(ga, gb), max(ga, gb), len(left) + len(right), len(left) * len(right))
        if attempt in refused:
            continue
        cross = sum(
            known.get((a, b) if a < b else (b, a)) or _dot(words[a], words[b])
            for a in left
            for b in right
        )
        if cross < min_similarity * len(left) * len(right) - 1e-6:
            refused.add(attempt)
            continue
        if len(left) < len(right):
            ga, gb, left, right = gb, ga, right, left
        members[ga] = left + right
        members.pop(gb, None)
        within[ga] = within.get(ga, 0.0) + within.pop(gb, 0.0) + cross
        for i in right:
            group_of[i] = ga
    repeats = [_repeat(words, said, rows, within[g]) for g, rows in members.items()]
    repeats.sort(key=lambda r: (-len(r.items), _when(r.items[0])))
    return repeats


def _rows(matrix: Any, wanted: set[int]) -> dict[int, dict[int, float]]:
    """The ``wanted`` rows of ``matrix``, each as {word: weight}."""
    indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
    return {
        i: dict(
            zip(
                indices[indptr[i] : indptr[i + 1]].tolist(),
                data[indptr[i] : indptr[i + 1]].tolist(),
                strict=True,
            )
        )
        for i in wanted
    }


def _dot(a: dict[int, float], b: dict[int, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def _repeat(
    words: dict[int, dict[int, float]], said: Sequence[Said], rows: list[int], within: float
) -> Repeat:
    rows = sorted(rows, key=lambda i: _when(said[i]))
    others = len(rows) - 1
    scores = [
        round(min(1.0, sum(_dot(words[i], words[j]) for j in rows if j != i) / others), 4)
        for i in rows
    ]
    pairs = len(rows) * others / 2
    return Repeat([said[i] for i in rows], scores, round(min(1.0, within / pairs), 4))


def earlier_repeats(
    new: Sequence[Said], earlier: Sequence[Plan], min_similarity: float = DEFAULT_SIMILARITY
) -> list[list[tuple[Said, float]]]:
    """For each new recommendation, the recommendations of ``earlier`` plans it repeats.

    The words are weighed across all of them together, so a partnership's own boilerplate
    weighs little here too.

    Returns:
        For each of ``new``, in order, its matches with their similarity, the most similar
        first.
    """
    before = recommendations(earlier)
    if not new or not before:
        return [[] for _ in new]
    matrix = vectors([s.item.text for s in (*before, *new)])
    if matrix is None:
        return [[] for _ in new]
    sims = (matrix[len(before) :] @ matrix[: len(before)].T).toarray()
    found = []
    for row in sims:
        hits = [(before[j], min(1.0, float(row[j]))) for j in row.argsort()[::-1]]
        found.append([(s, round(v, 4)) for s, v in hits if v >= min_similarity - 1e-6])
    return found
