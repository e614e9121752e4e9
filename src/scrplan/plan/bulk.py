"""Reading many plans at once: what the cache holds read in bulk, the rest parsed by a pool of
worker processes, and each plan given back as what views need.

:func:`check_plans` yields a :class:`Checked` per file, in order: whether it is valid, its
problems, its facts (:mod:`.facts`: enough to count and select its items), and rows for the
items a view shows, made from the plan's JSON for those items only. A command that counts ten
thousand plans therefore keeps their counts and the rows it prints, never ten thousand models.

Parsing YAML is the cost of a plan not in the cache, and it is work for a processor: when
there are at least :data:`POOL_FROM` files to parse, they are parsed by worker processes, one
per processor on Linux (``SCRPLAN_WORKERS`` sets how many, on any system; 0 or 1 parses them
in this process), while this one reads the cache and writes the new entries. Fewer files are
parsed here, as starting the workers would cost more than it saves: one plan costs what it did.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from scrplan.errors import Problem, ScrplanError
from scrplan.plan import cache

if TYPE_CHECKING:
    import datetime as dt

    from scrplan.plan.facts import Facts
    from scrplan.plan.load import Loaded
    from scrplan.plan.model import Context, Plan
    from scrplan.plan.query import Filter, Overview, Row

POOL_FROM = 64
"""Files to parse from which worker processes parse them (fewer are parsed in this process)."""
WORKERS_ENV = "SCRPLAN_WORKERS"


def workers() -> int:
    """How many worker processes parse plans: ``SCRPLAN_WORKERS``, else on Linux one per
    processor this process may use, and elsewhere none unless asked for (a worker there starts
    as a new interpreter, which costs more, and is less tried)."""
    value = os.environ.get(WORKERS_ENV, "").strip()
    if value.isdigit():
        return int(value)
    if not sys.platform.startswith("linux"):
        return 1
    return len(os.sched_getaffinity(0))


class _Result(NamedTuple):
    """What checking one file found, as a worker sends it back: small, and quick to pickle."""

    name: str
    loaded: Loaded | None
    """For a file that is not a valid plan: what loading it found."""
    entry: cache.CacheEntry | None
    """For a valid plan: its cache entry (facts, the plan's JSON, warnings)."""
    cacheable: bool
    """False when the file changed while it was read (its entry would not match it)."""
    plan: Plan | None = None
    """The plan itself, when checked in this process."""
    made: Any = None
    """What the caller's ``make`` made of the plan, in a worker (see :func:`check_plans`)."""


Make = Callable[["Plan", int], Any]
"""Work done with each valid plan where it is checked (see :func:`check_plans`)."""


def _check(
    path: str, name: str, keep_plan: bool = False, make: Make | None = None, index: int = 0
) -> _Result:
    """Read, parse, validate and check one plan file: everything a view or the cache needs."""
    from scrplan.fileio import read_plan_bytes
    from scrplan.plan.facts import plan_facts
    from scrplan.plan.load import load_bytes, problem_record
    from scrplan.plan.model import plan_parts
    from scrplan.plan.settings import settings_for

    seen = cache.stat(path)
    data, problems = read_plan_bytes(path)
    if data is None:
        from scrplan.plan.load import Loaded

        return _Result(name, Loaded(name, read_problems=problems), None, False)
    settings = settings_for(path)
    loaded = load_bytes(data, name, context=settings.context)
    plan = loaded.plan
    if plan is None:
        return _Result(name, loaded, None, False)
    entry = cache.CacheEntry(
        cache.key(path),
        len(data),
        seen[1] if seen is not None else 0,
        cache.digest(data),
        settings.digest,
        cache.dumps(plan_facts(plan)),
        *plan_parts(plan),
        cache.dumps([problem_record(p) for p in loaded.problems]),
    )
    cacheable = seen is not None and seen[0] == len(data)
    made = make(plan, index) if make is not None else None
    return _Result(name, None, entry, cacheable, plan if keep_plan else None, made)


_MAKE: Make | None = None  # in a worker process: the command's work with each plan


def _check_in_worker(job: tuple[str, str, int]) -> _Result:
    path, name, index = job
    return _check(path, name, make=_MAKE, index=index)


def _worker_start(make: Make | None = None) -> None:
    import signal

    global _MAKE
    _MAKE = make
    # Ctrl+C is for the command, which stops the workers; each would print its own traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ[cache.ENV] = "off"  # the command writes the cache, not its workers
    gc.disable()  # parsing makes no reference cycles (see load.load_plans)


class Checked:
    """One plan file as :func:`check_plans` found it.

    Attributes:
        name: the file as named in problems and references.
        ok: True when the file has no errors (warnings are allowed).
        context: what the partnership's settings say about the plan.
    """

    def __init__(self, path: str, context: Context, result: _Result | None = None) -> None:
        self.path = path
        self.name = result.name if result is not None else path
        self.context = context
        self._loaded = result.loaded if result is not None else None
        self.ok = self._loaded is None or self._loaded.ok
        entry = result.entry if result is not None else None
        self._facts_text = entry.facts if entry is not None else None
        self._head = entry.head if entry is not None else None
        # The plan's recommendations as JSON, by position: all of them when the plan was just
        # checked; those read so far when it comes from the cache.
        self._recs: dict[int, str] = dict(enumerate(entry.recs)) if entry is not None else {}
        self._warnings = entry.warnings if entry is not None else None
        self._plan = result.plan if result is not None else None
        self._sha256 = entry.sha256 if entry is not None else ""
        self._settings = entry.settings if entry is not None else ""
        self.from_cache = False
        self.made: Any = result.made if result is not None else None
        """What ``make`` made of the plan in a worker process, else None."""

    @classmethod
    def cached(cls, path: str, name: str, context: Context, known: cache.Known) -> Checked:
        """A valid plan whose entry in the cache matches the file."""
        checked = cls(path, context)
        checked.name, checked._facts_text, checked._sha256 = name, known.facts, known.sha256
        checked._head, checked._settings = known.head, known.settings
        checked.from_cache = True
        return checked

    @property
    def problems(self) -> list[Problem]:
        """Every problem, in the order of the file (warnings only, for a valid plan)."""
        if self._loaded is not None:
            return self._loaded.problems
        from scrplan.plan.load import problem_from_record

        text = self._warnings
        if text is None:
            text = cache.warnings_text(cache.key(self.path), self._sha256, self._settings)
            if text is None:
                return self._reread().problems
        return [problem_from_record(self.name, w) for w in json.loads(text)]

    @property
    def errors(self) -> list[Problem]:
        """The problems that make the plan invalid."""
        return self._loaded.errors if self._loaded is not None else []

    @functools.cached_property
    def facts(self) -> Facts:
        """The plan's facts (only for a valid plan)."""
        from scrplan.plan.discover import plan_name
        from scrplan.plan.facts import Facts, plan_facts

        if self._facts_text is not None:
            record = json.loads(self._facts_text)
        else:
            record = plan_facts(self.plan())
        return Facts(record, plan_name(self.name), self.name, self.context)

    def _wanted(self, positions: Sequence[int] | None) -> dict[int, str]:
        """The JSON of the recommendations at ``positions`` (None: all), read from the cache
        if they have not been."""
        missing = (
            [n for n in positions if n not in self._recs]
            if positions is not None
            else [n for n in self.facts.recommendations_at() if n not in self._recs]
        )
        if missing:
            key = cache.key(self.path)
            found = cache.recs_at([(key, self._sha256, missing)]).get(key, {})
            if len(found) != len(missing):
                return self._reread()._recs
            self._recs.update(found)
        return self._recs

    def _reread(self) -> Checked:
        """The file read again, when its entry was replaced after it was found (another command
        read a newer version meanwhile); refused if the file is no longer what was found."""
        result = _check(self.path, self.name, keep_plan=True)
        if result.entry is None or (self._sha256 and result.entry.sha256 != self._sha256):
            raise ScrplanError(
                f"{self.name} changed while it was being read: run the command again"
            )
        again = Checked(self.path, self.context, result)
        self._plan, self._head, self._recs = again._plan, again._head, again._recs
        self._warnings = again._warnings
        return again

    def plan(self) -> Plan:
        """The whole plan (only for a valid plan)."""
        if self._plan is not None:
            return self._plan
        if self._loaded is not None:
            return self._loaded.require("nothing shown")
        from scrplan.plan.model import plan_from_record

        recs = self._wanted(None)
        assert self._head is not None
        try:
            record = cache.joined_record(self._head, recs)
        except LookupError:
            return self._reread().plan()
        plan = plan_from_record(record, self.name)
        plan._context = self.context
        return plan

    def missing(self, indexes: Sequence[int]) -> list[int]:
        """The positions of the recommendations that :meth:`rows` for ``indexes`` would read
        from the cache (none when the plan is at hand)."""
        from scrplan.plan.facts import REC

        if self._plan is not None or self._head is None:
            return []
        places = {self.facts.items[n][REC] for n in indexes}
        return sorted(n for n in places if n not in self._recs)

    def rows(self, indexes: Sequence[int], as_of: dt.date) -> list[Row]:
        """Rows for the items at ``indexes`` (positions in the facts' items), in that order,
        from a plan that holds only their recommendations: the rest of the plan is not read."""
        from scrplan.plan.facts import ACTION, REC
        from scrplan.plan.model import plan_from_record
        from scrplan.plan.query import Row

        if self._plan is not None:
            items = list(self._plan.items())
            return [Row(self._plan, items[n], as_of) for n in indexes]
        places = [self.facts.items[n] for n in indexes]
        positions = sorted({place[REC] for place in places})
        texts = self._wanted(positions)
        if self._plan is not None:  # read again: the cache's entry had been replaced
            return self.rows(indexes, as_of)
        assert self._head is not None
        head = json.loads(self._head)
        recs = {index: json.loads(texts[index]) for index in positions}
        plan = plan_from_record(head, self.name, recs)
        plan._context = self.context
        by_place = {rec.path[1]: rec for rec in plan.recommendations}
        out = []
        for place in places:
            rec = by_place[place[REC]]
            item = rec if place[ACTION] < 0 else rec.actions[place[ACTION]]
            out.append(Row(plan, item, as_of))
        return out

    def loaded(self) -> Loaded:
        """The file as :func:`~scrplan.plan.load.load_plan` gives it."""
        from scrplan.plan.load import Loaded

        if self._loaded is not None:
            return self._loaded
        return Loaded(self.name, candidate=self.plan(), rule_problems=self.problems)


def check_plans(
    files: Sequence[str | Path],
    *,
    pool_from: int | None = None,
    whole: bool = False,
    make: Make | None = None,
) -> Iterator[Checked]:
    """Check every file of ``files``, in order: from the cache when it holds the file as it is,
    else by parsing it (in worker processes when there are at least ``pool_from`` to parse,
    :data:`POOL_FROM` by default). New entries go into the cache as they come.

    ``whole``: the caller will read most plans' rows, so each plan's JSON is read from the
    cache with the others near it, a hundred at a time, rather than when it is asked for.

    ``make``: the caller's work with each valid plan (given the plan and the file's position
    in ``files``), done by the worker process that checked it, which has the plan already;
    its result (which must pickle) is the ``Checked``'s ``made``. For the other plans
    ``made`` is None, and the caller does the work itself. A report is written this way:
    made one plan at a time in this process, it kept one processor busy while the workers
    waited for it.
    """
    from scrplan.plan.settings import settings_for

    paths = [str(f) for f in files]
    keys = [cache.key(p) for p in paths]
    entries = cache.known(keys)
    contexts = []
    hits: dict[int, cache.Known] = {}
    for n, path in enumerate(paths):
        settings = settings_for(path)
        contexts.append(settings.context)
        entry = entries.get(keys[n])
        fresh = entry is not None and entry.settings == settings.digest
        if fresh and entry is not None and (entry.size, entry.mtime) == cache.stat(path):
            hits[n] = entry
    del entries
    misses = [n for n in range(len(paths)) if n not in hits]
    limit = POOL_FROM if pool_from is None else pool_from
    count = workers()
    pool = None
    if len(misses) >= limit and count > 1:
        pool = _pool(min(count, len(misses)), make)
        chunk = max(1, min(16, len(misses) // (count * 8)))
        parsed: Iterator[_Result] = pool.imap(
            _check_in_worker, [(paths[n], paths[n], n) for n in misses], chunk
        )
    else:
        parsed = (_check(paths[n], paths[n], keep_plan=True) for n in misses)
    writer = cache.Writer() if cache.cache_dir() is not None else None
    ahead: dict[str, dict[int, str]] = {}
    try:
        for n, path in enumerate(paths):
            entry = hits.get(n)
            if entry is not None:
                if whole and keys[n] not in ahead:
                    near = [m for m in range(n, n + 100) if m in hits]
                    ahead = cache.recs([(keys[m], hits[m].sha256) for m in near])
                checked = _confirmed(path, contexts[n], entry)
                if checked is not None:
                    checked._recs = ahead.pop(keys[n], {})
                    yield checked
                    continue
                result = _check(path, path, keep_plan=True)
            else:
                result = next(parsed)
            if writer is not None and result.entry is not None and result.cacheable:
                writer.add(result.entry)
            yield Checked(path, contexts[n], result)
    finally:
        if pool is not None:
            pool.terminate()
        if writer is not None:
            writer.close()


def _confirmed(path: str, context: Context, entry: cache.Known) -> Checked | None:
    """The cached plan, once the file's bytes are confirmed to be those the entry was made
    from (its size and time matched; its hash must too)."""
    from scrplan.fileio import read_plan_bytes

    data, _ = read_plan_bytes(path)
    if data is None or entry.size != len(data) or entry.sha256 != cache.digest(data):
        return None
    return Checked.cached(path, path, context, entry)


def _pool(count: int, make: Make | None = None) -> Any:
    import multiprocessing

    # Forking starts a worker in milliseconds with everything already imported; elsewhere a
    # worker starts afresh (and the pool is worth it only for more files).
    method = "fork" if sys.platform.startswith("linux") else None
    cache.close()  # a database connection must not be shared with a forked process
    return multiprocessing.get_context(method).Pool(
        count, initializer=_worker_start, initargs=(make,)
    )


# --- what views read of many plans ------------------------------------------------------------


_BATCH = 100
"""Plans whose rows are made together, their recommendations read from the cache at once."""


def _rows_of(batch: list[tuple[Checked, list[int]]], as_of: dt.date) -> list[Row]:
    """The rows of each plan of ``batch`` for the items at its indexes, the recommendations
    they need read from the cache in one query (what is not found there is read as
    :meth:`Checked.rows` reads it alone)."""
    asked = [(checked, checked.missing(indexes)) for checked, indexes in batch]
    wanted = [(cache.key(c.path), c._sha256, positions) for c, positions in asked if positions]
    found = cache.recs_at(wanted)
    for checked, positions in asked:
        have = found.get(cache.key(checked.path), {})
        if positions and len(have) == len(positions):
            checked._recs.update(have)
    return [row for checked, indexes in batch for row in checked.rows(indexes, as_of)]


def overview_of(files: Sequence[str | Path], as_of: dt.date, limit: int = 50) -> Overview:
    """The :class:`~scrplan.plan.query.Overview` of the plans in ``files``, read one at a
    time; :class:`~scrplan.errors.PlanProblems` if any of them (or their settings) is
    invalid, as :func:`~scrplan.plan.load.require_all`."""
    from scrplan.plan.load import collector_paused, refuse_invalid
    from scrplan.plan.query import Overview

    found = Overview(as_of, limit)
    bad = []
    with collector_paused():
        for checked in check_plans(files):
            if checked.ok:
                found.add(checked)
            else:
                bad.append(checked)
    refuse_invalid(bad, [str(f) for f in files], "nothing shown")
    return found


def selected_rows(
    files: Sequence[str | Path], keep: Filter, as_of: dt.date, sort: str = "plan"
) -> tuple[list[Row], list[str]]:
    """The rows of the plans in ``files`` that ``keep`` accepts, sorted by ``sort``: what
    :func:`~scrplan.plan.query.select` gives from every plan's rows, reading one plan at a
    time and keeping only the rows accepted. Also the names of the plans' levels (for the
    ``--rag`` words), in order. Refuses invalid plans as :func:`overview_of` does."""
    from scrplan.plan.load import collector_paused, refuse_invalid
    from scrplan.plan.query import ordered, rows

    kept: list[Row] = []
    levels: dict[str, None] = {}
    bad = []
    batch: list[tuple[Checked, list[int]]] = []
    with collector_paused():
        for checked in check_plans(files):
            if not checked.ok:
                bad.append(checked)
                continue
            facts = checked.facts
            levels.update(dict.fromkeys(level.name for level in facts.levels))
            if keep.search:  # the facts do not hold the text: ask the plan
                every = rows([checked.plan()], as_of)
                wanted = [n for n, row in enumerate(every) if keep(row)]
            else:
                # An item that is not overdue fails a filter for overdue items: not asked.
                late = facts.overdue_flags(as_of.toordinal()) if keep.overdue else None
                wanted = [
                    n
                    for n in range(len(facts.items))
                    if (late is None or late[n]) and keep(facts.row(n, as_of))
                ]
            if wanted:
                batch.append((checked, wanted))
            if len(batch) == _BATCH:
                kept += _rows_of(batch, as_of)
                batch = []
        kept += _rows_of(batch, as_of)
    refuse_invalid(bad, [str(f) for f in files], "nothing shown")
    return ordered(kept, sort), list(levels)
