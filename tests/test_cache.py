"""The plan cache: an unchanged valid plan is not parsed again, and nothing stale is trusted."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, ROOT
from scrplan.plan import cache
from scrplan.plan import load as loader
from scrplan.plan.load import load_plan

PLANS = [
    ROOT / "plans" / "child-m.yaml",
    FIXTURES / "board" / "alpha.yaml",
    FIXTURES / "board" / "beta.yaml",
]


@pytest.fixture
def no_parsing(monkeypatch):
    """Make any real parse fail, so a result can only have come from the cache."""

    def refuse(*args, **kwargs):
        raise AssertionError("the plan was parsed")

    monkeypatch.setattr(loader, "load_bytes", refuse)


@pytest.mark.parametrize("path", PLANS, ids=[p.name for p in PLANS])
def test_a_cached_plan_equals_the_validated_plan(path, tmp_path, monkeypatch):
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    fresh = load_plan(copy)
    assert fresh.ok and fresh.plan is not None
    monkeypatch.setattr(loader, "load_bytes", lambda *a, **k: pytest.fail("parsed"))
    cached = load_plan(copy)
    assert cached.plan == fresh.plan
    assert cached.plan.file == str(copy)
    assert [i.path for i in cached.plan.items()] == [i.path for i in fresh.plan.items()]
    assert [type(i.target_date) for i in cached.plan.items()] == [
        type(i.target_date) for i in fresh.plan.items()
    ]


def test_a_changed_file_is_read_again(write):
    path = write("title: One\n")
    assert load_plan(path).plan.title == "One"
    path.write_text("title: Two\n")
    assert load_plan(path).plan.title == "Two"


def test_new_code_makes_entries_stale(write, monkeypatch):
    path = write("title: One\n")
    load_plan(path)
    monkeypatch.setattr(cache, "fingerprint", lambda: "other code")
    assert cache.lookup(path, path.read_bytes()) is None


def test_invalid_plans_are_never_cached(write, private_cache):
    path = write("title: x\nrecommendations:\n  - id: 1\n    rag: purple\n")
    assert not load_plan(path).ok
    assert list(private_cache.iterdir()) == []
    assert len(load_plan(path).problems) == 2


def test_warnings_survive_the_cache(write, monkeypatch):
    path = write(
        "title: x\nrecommendations:\n  - id: 1\n    recommendation: y\n    completed: 2017-03\n"
    )
    first = load_plan(path).problems
    monkeypatch.setattr(loader, "load_bytes", lambda *a, **k: pytest.fail("parsed"))
    assert load_plan(path).problems == first
    assert first[0].location.path == str(path)
    assert "completed-not-complete" in [p.code for p in first]


def test_a_corrupt_entry_is_ignored(write, private_cache):
    path = write("title: One\n")
    load_plan(path)
    [entry] = private_cache.iterdir()
    entry.write_text("{not json")
    assert load_plan(path).plan.title == "One"


def test_switched_off(write, private_cache, monkeypatch):
    monkeypatch.setenv("SCRPLAN_CACHE", "off")
    assert load_plan(write("title: One\n")).plan.title == "One"
    assert list(private_cache.iterdir()) == []


def test_an_unwritable_cache_only_costs_time(write, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("SCRPLAN_CACHE", str(blocker / "cache"))
    assert load_plan(write("title: One\n")).plan.title == "One"


def test_edits_never_use_the_cache(write, no_parsing):
    path = write("title: One\n")
    with pytest.raises(AssertionError, match="parsed"):
        load_plan(path, keep_text=True)


def test_an_empty_setting_means_the_usual_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("SCRPLAN_CACHE", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(cache.sys, "platform", "linux")
    assert cache.cache_dir() == tmp_path / "xdg" / "scrplan"
