"""Many plans at once: the facts views count from, the bulk cache and what makes its entries
stale, the pool of worker processes, and views that keep only what they show."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest

from conftest import FIXTURES, ROOT
from scrplan.plan import bulk, cache
from scrplan.plan.bulk import check_plans, overview_of, selected_rows
from scrplan.plan.discover import find_plan_files
from scrplan.plan.facts import Facts, plan_facts
from scrplan.plan.load import load_plan
from scrplan.plan.query import (
    Filter,
    Row,
    grouped,
    overview,
    rows,
    select,
    summarise,
    summarise_facts,
)
from scrplan.plan.settings import forget_settings

# A plan with everything the facts must get right: actions (one closed), a month for a target,
# a timescale and no date, sign-off, impact due and evidenced, closure, no update at all.
RICH = """\
title: Child R action plan
plan_date: 2016-11
recommendations:
  - id: 1
    recommendation: Agree an escalation policy.
    lead: [Police, ICB]
    target_date: 2017-03
    actions:
      - id: 11
        action: Draft the policy.
        lead: Police
        target_date: 2017-02-28
        rag: green
        progress:
          - note: Draft circulated.
            date: 2017-02-01
      - id: 12
        action: Consult the agencies.
        lead: ICB
        target_date: 2017-05-31
        rag: amber
      - id: 13
        action: Superseded by the regional policy.
        closed:
          reason: The regional policy covers it.
  - id: 2
    recommendation: Train the front door.
    lead: Children's Services
    timescale: Ongoing
    rag: red
    progress:
      - note: Two sessions held.
        date: 2017-01-20
  - id: 3
    recommendation: Audit strategy meetings.
    lead: ICB
    target_date: 2017-01-31
    rag: blue
    evidence: Audit report to the board, minutes item 4.
    completed: 2017-01-30
    verified:
      by: Quality sub-group
      date: 2017-02-15
    impact:
      measure: Health attends nine in ten strategy meetings.
      review_date: 2017-04-30
  - id: 4
    recommendation: Share the learning.
    lead: Board
    target_date: 2017-06-30
    rag: blue
    evidence: Seven-minute briefing published.
    impact:
      measure: Practitioners recall the briefing.
      review_date: 2017-03-31
      evidence: Survey, March 2017.
  - id: 5
    recommendation: Review the thresholds.
    lead: Board
    target_date: 2016-12-31
    closed:
      reason: Overtaken by the new thresholds.
      by: Board
  - id: 6
    recommendation: Nobody has rated this one.
    target_date: 2017-04-15
  - id: 7
    recommendation: Publish the seven-minute briefing.
    lead: Board
    target_date: 2017-02
    rag: blue
    evidence: Briefing published on the website, 3 February 2017.
"""

SIGN_OFF = "verification_required: true\nquality_checks:\n  no-impact-measure: false\n"
DAYS = [dt.date(2016, 12, 1) + dt.timedelta(days=17 * n) for n in range(40)]


def fixture_plans(tmp_path):
    """The fixture plans, and the rich plan with and without sign-off required, in a folder
    of their own (so that settings apply only where written)."""
    paths = [
        ROOT / "plans" / "child-m.yaml",
        FIXTURES / "board" / "alpha.yaml",
        FIXTURES / "board" / "beta.yaml",
        FIXTURES / "stockton" / "stockton.yaml",
    ]
    out = []
    for path in paths:
        copy = tmp_path / "plain" / path.name
        copy.parent.mkdir(exist_ok=True)
        shutil.copy(path, copy)
        out.append(copy)
    rich = tmp_path / "plain" / "child-r.yaml"
    rich.write_text(RICH, encoding="utf-8")
    signed = tmp_path / "signed" / "child-r-signed.yaml"
    signed.parent.mkdir(exist_ok=True)
    signed.write_text(RICH, encoding="utf-8")
    (tmp_path / "signed" / "partnership.yaml").write_text(SIGN_OFF, encoding="utf-8")
    return [*out, rich, signed]


@pytest.fixture
def plans(tmp_path):
    found = []
    for path in fixture_plans(tmp_path):
        loaded = load_plan(path)
        assert loaded.plan is not None, loaded.problems
        found.append(loaded.plan)
    return found


# --- the facts agree with the model ------------------------------------------------------------


def test_the_facts_say_what_the_plan_says_of_every_item_on_every_day(plans):
    for plan in plans:
        facts = Facts(plan_facts(plan), plan.name, plan.file, plan.context)
        items = list(plan.items())
        assert len(facts.items) == len(items)
        for day in DAYS:
            for n, item in enumerate(items):
                row, seen = Row(plan, item, day), facts.row(n, day)
                assert (seen.stage, seen.rag, list(seen.lead), seen.target_date) == (
                    row.stage,
                    row.rag,
                    item.lead,
                    item.target_date,
                ), (plan.name, item.id)
                assert (seen.overdue, seen.stale, seen.impact_due) == (
                    row.overdue,
                    row.stale,
                    row.impact_due,
                ), (plan.name, item.id, day)
            assert summarise_facts(facts, day) == summarise(plan, day), (plan.name, day)


def test_a_month_target_stays_a_month_in_the_counts(write):
    plan = load_plan(
        write(
            "title: M\nrecommendations:\n  - id: 1\n    recommendation: x\n    target_date: 2017-01\n"
        )
    ).plan
    facts = Facts(plan_facts(plan), plan.name, plan.file, plan.context)
    day = dt.date(2017, 3, 1)
    assert summarise_facts(facts, day).oldest_overdue.isoformat() == "2017-01"
    assert summarise(plan, day).oldest_overdue.isoformat() == "2017-01"


@pytest.mark.parametrize("limit", [1, 3, 50])
def test_the_overview_keeps_the_rows_select_gives(plans, limit):
    for day in DAYS[::5]:
        found = overview(plans, day, limit)
        every = rows(plans, day)
        overdue = select(every, Filter(overdue=True), sort="target")
        assert [r.ref for r in found.overdue] == [r.ref for r in overdue[:limit]]
        assert found.overdue_count == len(overdue)
        awaiting = grouped(select(every, Filter(stages=["awaiting sign-off"])))
        assert [r.ref for r in found.awaiting] == [r.ref for r in awaiting]
        due = grouped(select(every, Filter(impact_due=True, include_complete=True)))
        assert [r.ref for r in found.impact_due] == [r.ref for r in due]
        closed = select(every, Filter(stages=["closed"]))
        assert [r.ref for r in found.closed] == [r.ref for r in closed]
        assert found.summaries == [summarise(p, day) for p in plans]


# --- reading many plans: from the cache, and by a pool of workers ----------------------------


def refs(found):
    return [(r.ref, r.stage, r.overdue, r.stale, r.text) for r in found]


FILTERS = [
    Filter(),
    Filter(overdue=True),
    Filter(include_complete=True),
    Filter(rags=["red", "AMBER", "none"]),
    Filter(lead="icb", stale=True),
    Filter(stages=["closed", "verified"]),
    Filter(impact_due=True),
    Filter(due_before=dt.date(2017, 4, 1)),
    Filter(search="policy", include_complete=True),
]


@pytest.mark.parametrize("batch", [1, 2, 100])
@pytest.mark.parametrize("keep", FILTERS, ids=range(len(FILTERS)))
def test_rows_read_one_plan_at_a_time_are_those_of_every_plan(tmp_path, keep, batch, monkeypatch):
    # Plans' rows are made in batches whose recommendations come from the cache together.
    monkeypatch.setattr(bulk, "_BATCH", batch)
    files = fixture_plans(tmp_path)
    day = dt.date(2017, 4, 20)
    everything = [load_plan(f).plan for f in files]
    expected = refs(select(rows(everything, day), keep, sort="urgency"))
    for _ in ("cold", "warm"):
        found, levels = selected_rows(files, keep, day, "urgency")
        assert refs(found) == expected
    assert "red" in levels and "4" in levels


def test_a_batch_reads_only_the_recommendations_its_rows_need(tmp_path):
    files = fixture_plans(tmp_path)
    list(check_plans(files))  # fills the cache
    checked = [c for c in check_plans(files) if c.name.endswith(("child-r.yaml", "beta.yaml"))]
    assert all(c.from_cache for c in checked)
    asked = [(c, [len(c.facts.items) - 1]) for c in checked]  # each plan's last item
    day = dt.date(2017, 4, 20)
    made = bulk._rows_of(asked, day)
    assert [r.ref for r in made] == [
        r.ref for c, (n,) in asked for r in [rows([load_plan(c.path).plan], day)[n]]
    ]
    for c, _ in asked:  # one recommendation each, read in the one query
        assert len(c._recs) == 1 and c.missing([len(c.facts.items) - 1]) == []


def test_a_row_read_from_the_cache_holds_only_its_recommendation(tmp_path):
    files = fixture_plans(tmp_path)
    list(check_plans(files))  # fills the cache
    [checked] = [c for c in check_plans(files) if c.name.endswith("child-r.yaml")]
    assert checked.from_cache
    [row] = checked.rows([2], dt.date(2017, 4, 20))  # action 12
    assert row.ref == "child-r:12" and row.parent is not None and row.parent.id == "1"
    assert [r.id for r in row.plan.recommendations] == ["1"]
    assert row.overdue is False and row.rag == "amber"


def test_the_overview_from_the_cache_is_the_overview_of_the_plans(tmp_path, plans):
    files = fixture_plans(tmp_path)
    day = dt.date(2017, 4, 20)
    expected = overview(plans, day, 3)
    for _ in ("cold", "warm"):
        found = overview_of(files, day, 3)
        assert found.summaries == expected.summaries
        assert found.meanings == expected.meanings
        assert refs(found.overdue) == refs(expected.overdue)
        assert refs(found.closed) == refs(expected.closed)
        assert found.total == expected.total


@pytest.fixture
def spied_pool(monkeypatch):
    """Two worker processes, and a count of the pools started (the pool is the real one)."""
    monkeypatch.setenv(bulk.WORKERS_ENV, "2")
    started = []
    real = bulk._pool

    def counted(count, make=None):
        started.append(count)
        return real(count, make)

    monkeypatch.setattr(bulk, "_pool", counted)
    return started


def checked_view(found):
    return [
        (c.name, c.ok, c.problems, c.facts.items if c.ok else None, c.from_cache) for c in found
    ]


def test_a_pool_of_workers_finds_what_one_process_finds(tmp_path, spied_pool, monkeypatch):
    files = fixture_plans(tmp_path)
    bad = tmp_path / "plain" / "bad.yaml"
    bad.write_text("title: Bad\nrecommendations:\n  - id: 1\n    rag: purple\n", encoding="utf-8")
    files.append(bad)
    pooled = checked_view(check_plans(files, pool_from=2))
    assert spied_pool == [2]
    assert not pooled[-1][1] and "rag" in str(pooled[-1][2])
    # What the workers found went into the cache (each valid plan), and comes back the same.
    warm = checked_view(check_plans(files, pool_from=2))
    assert spied_pool == [2]  # only the bad plan is parsed again: it is never cached
    assert [v[4] for v in warm] == [True] * (len(files) - 1) + [False]
    monkeypatch.setenv(cache.ENV, "off")
    alone = checked_view(check_plans(files, pool_from=1000))
    assert [v[:4] for v in pooled] == [v[:4] for v in alone] == [v[:4] for v in warm]


def test_the_cli_uses_the_pool_for_many_plans(tmp_path, spied_pool, monkeypatch, run):
    files = fixture_plans(tmp_path)
    monkeypatch.setattr(bulk, "POOL_FROM", 2)
    pooled = run("status", *files, "--as-of", "2017-04-20")
    assert spied_pool == [2]
    monkeypatch.setenv(bulk.WORKERS_ENV, "0")
    monkeypatch.setenv(cache.ENV, "off")
    alone = run("status", *files, "--as-of", "2017-04-20")
    assert spied_pool == [2]
    assert (pooled.exit_code, pooled.stdout, pooled.stderr) == (0, alone.stdout, alone.stderr)
    assert "child-r" in alone.stdout


def test_few_files_are_parsed_in_this_process(tmp_path, spied_pool):
    files = fixture_plans(tmp_path)
    list(check_plans(files))  # fewer than POOL_FROM
    assert spied_pool == []


# --- what makes an entry stale ------------------------------------------------------------------


def titles(files):
    return [c.plan().title for c in check_plans(files)]


def test_a_warm_read_parses_nothing(tmp_path, monkeypatch):
    files = fixture_plans(tmp_path)
    expected = [(c.name, c.problems) for c in check_plans(files)]
    monkeypatch.setattr(bulk, "_check", lambda *a, **k: pytest.fail("parsed"))
    found = list(check_plans(files))
    assert all(c.from_cache for c in found)
    assert [(c.name, c.problems) for c in found] == expected  # warnings, placed exactly


def test_an_edit_that_keeps_the_size_and_the_time_is_caught_by_the_hash(write):
    first = write("title: Plan one\n", "one.yaml")
    other = write("title: Plan two\n", "two.yaml")
    assert titles([first, other]) == ["Plan one", "Plan two"]
    before = os.stat(first)
    first.write_text("title: Plan 1!!\n")  # the same size
    os.utime(first, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(first).st_size == before.st_size
    assert titles([first, other]) == ["Plan 1!!", "Plan two"]
    assert load_plan(first).plan.title == "Plan 1!!"


def test_new_code_makes_every_entry_stale(write, monkeypatch):
    files = [write(f"title: Plan {n}\n", f"p{n}.yaml") for n in range(3)]
    list(check_plans(files))
    assert all(c.from_cache for c in check_plans(files))
    monkeypatch.setattr(cache, "fingerprint", lambda: "other code")
    assert cache.known([cache.key(f) for f in files]) == {}
    assert not any(c.from_cache for c in check_plans(files))
    # The entries made by the other code are gone: the cache does not grow with each upgrade.
    monkeypatch.undo()
    assert cache.known([cache.key(f) for f in files]) == {}


def test_a_changed_settings_file_makes_its_plans_stale(tmp_path, write):
    plan = write(RICH, "child-r.yaml")
    other = write("title: Other\n", "other.yaml")
    settings = tmp_path / "partnership.yaml"
    settings.write_text("quality_checks:\n  no-lead: true\n", encoding="utf-8")
    first = {c.name: c for c in check_plans([plan, other])}
    assert first[str(plan)].facts.items[9][2] == "complete"  # recommendation 7
    assert "no-lead" in [p.code for p in first[str(plan)].problems]
    settings.write_text(SIGN_OFF + "  no-lead: false\n", encoding="utf-8")
    forget_settings()
    again = {c.name: c for c in check_plans([plan, other])}
    assert not again[str(plan)].from_cache
    assert again[str(plan)].facts.items[9][2] == "awaiting sign-off"
    assert "no-lead" not in [p.code for p in again[str(plan)].problems]
    assert [c.from_cache for c in check_plans([plan, other])] == [True, True]


def test_a_plan_that_became_invalid_is_never_served(write):
    files = [write(f"title: Plan {n}\n", f"p{n}.yaml") for n in range(2)]
    list(check_plans(files))
    files[1].write_text("title: Plan 1\nrecommendations: 7\n")
    found = list(check_plans(files))
    assert [c.ok for c in found] == [True, False]
    assert found[1].errors and not found[1].from_cache


def test_a_vanished_file_is_a_problem_not_a_cached_plan(write):
    files = [write(f"title: Plan {n}\n", f"p{n}.yaml") for n in range(2)]
    list(check_plans(files))
    files[0].unlink()
    found = list(check_plans(files))
    assert [c.ok for c in found] == [False, True]
    assert found[0].errors[0].code == "no-such-file"


def test_switched_off_the_cache_makes_no_file(write, private_cache, monkeypatch):
    monkeypatch.setenv(cache.ENV, "off")
    files = [write(f"title: Plan {n}\n", f"p{n}.yaml") for n in range(2)]
    assert titles(files) == ["Plan 0", "Plan 1"]
    assert list(private_cache.iterdir()) == []


def test_a_cache_written_over_is_made_again(write, private_cache):
    files = [write(f"title: Plan {n}\n", f"p{n}.yaml") for n in range(2)]
    list(check_plans(files))
    [db] = private_cache.iterdir()
    cache.close()
    db.write_bytes(b"not a database at all" * 100)
    assert titles(files) == ["Plan 0", "Plan 1"]
    assert all(c.from_cache for c in check_plans(files))


def test_a_replaced_entry_is_read_again_from_the_file(write):
    """Another command may replace an entry between reading the facts and the rows: the rows
    then come from the file, if it is still what was found."""
    text = "title: Plan {}\nrecommendations:\n  - id: 1\n    recommendation: x\n"
    files = [write(text.format(n), f"p{n}.yaml") for n in range(2)]
    list(check_plans(files))
    found = list(check_plans(files))
    db = cache._connect(create=False)
    db.execute("DELETE FROM recs WHERE key = ?", (cache.key(files[0]),))
    [row] = found[0].rows([0], dt.date(2017, 1, 1))
    assert row.ref == "p0:1"
    files[1].write_text("title: Changed\n")
    db.execute("DELETE FROM recs WHERE key = ?", (cache.key(files[1]),))
    with pytest.raises(Exception, match="changed while it was being read"):
        found[1].rows([0], dt.date(2017, 1, 1))


def test_find_plan_files_then_check_every_one(tmp_path):
    fixture_plans(tmp_path)
    files = find_plan_files([tmp_path])
    assert [c.ok for c in check_plans(files)] == [True] * len(files)


# --- the board report, a plan at a time ---------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "markdown", "html"])
@pytest.mark.parametrize(
    "options",
    [{}, {"since": dt.date(2017, 1, 1), "marking": "OFFICIAL-SENSITIVE", "title": "Board"}],
    ids=["plain", "since"],
)
def test_a_report_written_a_plan_at_a_time_is_the_report(tmp_path, fmt, options):
    from scrplan import report as board
    from scrplan.report.model import build

    files = fixture_plans(tmp_path)
    day, keep = dt.date(2017, 4, 20), Filter(include_complete=True)
    whole = board.render(build([load_plan(f).plan for f in files], day, keep, **options), fmt)
    out = tmp_path / f"board.{fmt}"
    board.write_many(files, fmt, out, as_of=day, keep=keep, **options)
    assert out.read_bytes() == (whole.encode("utf-8") if isinstance(whole, str) else whole)
    assert "child-r" in whole or "Child R" in whole


def test_a_report_of_plans_with_one_invalid_writes_nothing(tmp_path, run, write):
    files = fixture_plans(tmp_path)
    bad = write("title: Bad\nrecommendations: 7\n", "plain/bad.yaml")
    out = tmp_path / "board.html"
    result = run("report", *files, bad, "-o", out)
    assert result.exit_code == 1
    assert f"{bad}:2:" in result.stderr and "nothing shown" in result.stderr
    assert not out.exists()


def test_a_report_with_a_level_no_plan_has_is_a_usage_error(tmp_path, run):
    files = fixture_plans(tmp_path)
    out = tmp_path / "board.md"
    result = run("report", *files, "--rag", "purple", "-o", out)
    assert result.exit_code == 2
    assert "'purple' is not a level of these plans' keys" in result.stderr
    assert "red, amber, green, blue, 1, 2, 3, 4, none" in result.stderr
    assert not out.exists()


def test_the_cache_of_one_file_a_plan_is_cleared_away(write, private_cache):
    """Entries of the cache as it was before it was one database (a JSON file per plan) would
    never be read again: making the database removes them, and only them."""
    old = private_cache / ("ab" * 20 + ".json")
    old.write_text("{}")
    other = private_cache / "notes.json"
    other.write_text("{}")
    list(check_plans([write("title: One\n")]))
    assert sorted(p.name for p in private_cache.iterdir()) == ["notes.json", "plans.sqlite"]


def test_a_report_of_plans_with_themes_is_built_whole(tmp_path, run):
    """The themes section counts every plan before the first plan's section: write_many
    declines (writing nothing) and the command builds the report whole."""
    from scrplan import report as board
    from scrplan.report.model import build

    files = fixture_plans(tmp_path)
    themed = files[1]
    text = themed.read_text(encoding="utf-8")
    themed.write_text(
        text.replace("    recommendation:", "    themes: [Neglect]\n    recommendation:", 1),
        encoding="utf-8",
    )
    day, keep = dt.date(2017, 4, 20), Filter()
    out = tmp_path / "board.md"
    assert not board.write_many(files, "markdown", out, as_of=day, keep=keep)
    assert not out.exists()
    result = run("report", *files, "--as-of", "2017-04-20", "-o", out)
    assert result.exit_code == 0, result.output
    whole = board.render(build([load_plan(f).plan for f in files], day, keep), "markdown")
    assert "## Themes" in whole
    assert out.read_text(encoding="utf-8") == whole


# --- each item judged once, for a report --------------------------------------------------


def _answers(plan, days=(dt.date(2016, 12, 1), dt.date(2017, 4, 20), dt.date(2030, 1, 1))):
    """Everything a plan says of each of its items, on a few days."""
    return [
        (
            plan.rag(item),
            plan.level(item),
            plan.stage(item),
            plan.is_complete(item),
            plan.is_done(item),
            plan.updated(item),
            [
                (plan.is_overdue(item, d), plan.is_stale(item, d), plan.impact_due(item, d))
                for d in days
            ],
        )
        for item in plan.items()
    ]


def test_a_judged_plan_answers_as_it_does_afresh(tmp_path):
    for path in fixture_plans(tmp_path):
        plan = load_plan(path).require("test")
        fresh = _answers(plan)
        with plan.judged():
            assert _answers(plan) == fresh  # worked out and kept
            assert _answers(plan) == fresh  # from what was kept
            with plan.judged():  # inside already: what was kept stays
                kept = plan._judged
                assert _answers(plan) == fresh
            assert plan._judged is kept
        assert plan._judged is None
        assert _answers(plan) == fresh


def test_a_copy_of_a_judged_plan_works_its_items_out_for_itself(tmp_path):
    """A copy shares its private attributes with the plan it was copied from: what the plan
    kept must not answer for the copy, whose settings may differ."""
    import dataclasses

    rich = next(p for p in fixture_plans(tmp_path) if p.name == "child-r.yaml")
    plan = load_plan(rich).require("test")
    signed = dataclasses.replace(plan.context, verification_required=True)
    expected = plan.model_copy()
    expected._context = signed
    wanted = _answers(expected)
    with plan.judged():
        before = _answers(plan)
        copy = plan.model_copy()
        copy._context = signed
        assert _answers(copy) == wanted
        assert _answers(plan) == before
    assert [a[2] for a in wanted] != [a[2] for a in before]  # the copy's stages do differ


def _cells_from_record(row, themes):
    """An item's spreadsheet cells as its JSON record says them."""
    from scrplan.output.plan_views import row_record

    r = row_record(row)
    latest = r["latest_progress"] or {}
    verified, impact, closed = r["verified"] or {}, r["impact"] or {}, r["closed"] or {}
    cells = [
        r["plan"],
        r["ref"],
        r["kind"],
        r["recommendation"],
        r["action"] or "",
        "; ".join(r["lead"]),
        r["target_date"] or "",
        r["timescale"] or "",
        r["rag"] or "not rated",
        "yes" if r["overdue"] else "no",
        r["days_overdue"] if r["days_overdue"] is not None else "",
        latest.get("date") or "",
        latest.get("note") or "",
        r["progress_entries"],
        r["evidence"] or "",
        r["completed"] or "",
        r["learning"] or "",
        r["stage"],
        "yes" if r["no_update"] else "no",
        verified.get("by") or "",
        verified.get("date") or "",
        impact.get("measure") or "",
        impact.get("review_date") or "",
        impact.get("evidence") or "",
        closed.get("reason") or "",
    ]
    return cells + (["; ".join(r["themes"])] if themes else [])


@pytest.mark.parametrize("themed", [False, True], ids=["plain", "themes"])
def test_the_spreadsheet_of_items_says_what_their_records_say(tmp_path, themed):
    from scrplan.output.plan_views import every_note_text, item_cells

    files = fixture_plans(tmp_path)
    if themed:
        text = files[-2].read_text(encoding="utf-8")
        files[-2].write_text(
            text.replace("    recommendation:", "    themes: [Neglect]\n    recommendation:", 1),
            encoding="utf-8",
        )
    plans = [load_plan(f).require("test") for f in files]
    for day in (dt.date(2016, 12, 1), dt.date(2017, 4, 20), dt.date(2030, 1, 1)):
        every = rows(plans, day)
        headers, body = item_cells(every, every_note=True)
        assert ("Themes" in headers) is themed
        assert body == [[*_cells_from_record(row, themed), every_note_text(row)] for row in every]


def _titled(plan, index):
    return plan.title, index, os.getpid()


def test_the_workers_do_the_callers_work_with_the_plans_they_check(tmp_path, spied_pool):
    files = fixture_plans(tmp_path)
    made = [c.made for c in check_plans(files, pool_from=2, make=_titled)]
    assert spied_pool == [2]
    assert [m[:2] for m in made] == [(load_plan(f).plan.title, n) for n, f in enumerate(files)]
    assert os.getpid() not in {m[2] for m in made}  # made where each plan was checked
    # From the cache nothing is parsed, so nothing is made: the caller makes its own.
    assert [c.made for c in check_plans(files, pool_from=2, make=_titled)] == [None] * len(files)
    assert spied_pool == [2]


@pytest.mark.parametrize("fmt", ["csv", "markdown", "html"])
def test_a_report_made_by_the_workers_is_the_report(tmp_path, fmt, spied_pool, monkeypatch):
    """The workers that parse the plans make their sections (numbered by their place), and
    plans read from the cache are made in this process: the same report each time."""
    from scrplan import report as board
    from scrplan.report.model import build

    monkeypatch.setattr(bulk, "POOL_FROM", 2)
    files = fixture_plans(tmp_path)
    day, keep, since = dt.date(2017, 4, 20), Filter(include_complete=True), dt.date(2017, 1, 1)
    written = []
    for state in ("cold", "warm"):
        out = tmp_path / f"{state}.{fmt}"
        assert board.write_many(files, fmt, out, as_of=day, keep=keep, since=since)
        written.append(out.read_bytes())
    assert spied_pool == [2]  # the first time only
    plans = [load_plan(f).require("test") for f in files]
    whole = board.render(build(plans, day, keep, since=since), fmt)
    assert isinstance(whole, str)
    assert written == [whole.encode("utf-8")] * 2


def test_a_report_shows_a_plan_edited_under_its_entry_as_it_is(tmp_path, spied_pool, monkeypatch):
    """A file whose size and time still match its entry, but not its hash, is read again, and
    the report made after the workers made the first one shows it as it is now."""
    from scrplan import report as board
    from scrplan.report.model import build

    monkeypatch.setattr(bulk, "POOL_FROM", 2)
    files = fixture_plans(tmp_path)
    day, keep = dt.date(2017, 4, 20), Filter(include_complete=True)
    out = tmp_path / "board.md"
    assert board.write_many(files, "markdown", out, as_of=day, keep=keep)
    edited = files[1]
    before = os.stat(edited)
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("Child A LCSPR", "Child Z LCSPR", 1), encoding="utf-8")
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert board.write_many(files, "markdown", out, as_of=day, keep=keep)
    assert spied_pool == [2]
    whole = board.render(
        build([load_plan(f).require("test") for f in files], day, keep), "markdown"
    )
    assert isinstance(whole, str) and "Child Z LCSPR" in whole
    assert out.read_text(encoding="utf-8") == whole


@pytest.mark.parametrize("how", [("list",), ("report", "-o", "-"), ("report", "-o", "x.docx")])
def test_a_bad_option_is_a_usage_error_however_many_plans(tmp_path, run, write, how):
    # One rule for the same mistake: the options are read before the plans.
    bad = write("title: Bad\nrecommendations: 7\n", "plain/bad.yaml")
    for files in ([bad], [*fixture_plans(tmp_path), bad]):
        out = tmp_path / "x.docx"
        args = [a if a != "x.docx" else str(out) for a in how]
        result = run(*args[:1], *map(str, files), *args[1:], "--due-before", "bogus")
        assert result.exit_code == 2, (len(files), result.output)
        assert "'--due-before'" in result.stderr
        assert not out.exists()
