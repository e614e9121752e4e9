"""`scrplan serve`: the site from memory on 127.0.0.1, read-only, rebuilt when a plan changes,
stopped cleanly by Ctrl+C."""

from __future__ import annotations

import datetime as dt
import http.client
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading

import pytest

from conftest import FIXTURES, ROOT
from scrplan.errors import PlanProblems, ScrplanError
from scrplan.site.serve import LiveSite, make_server

AS_OF = dt.date(2024, 1, 15)


@pytest.fixture
def plans(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(FIXTURES / "board" / "alpha.yaml", folder / "alpha.yaml")
    return folder


@pytest.fixture
def served(plans):
    """A live site of ``plans`` served on a free port, in a thread; (live, port)."""
    live = LiveSite([plans], AS_OF)
    live.refresh()
    server = make_server(live, 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield live, server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def ask(port, path, method="GET"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def touch_later(path, text):
    """Write ``text`` to ``path`` so that its modification time surely differs."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


def test_serves_the_site_on_this_computer_only(served):
    live, port = served
    status, headers, body = ask(port, "/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-store"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert body == live.files["index.html"]
    assert b"Child A LCSPR action plan" in body
    for path, kind in (
        ("/plans/alpha.html", "text/html; charset=utf-8"),
        ("/agencies/", "text/html; charset=utf-8"),
        ("/site.css", "text/css; charset=utf-8"),
        ("/site.js", "text/javascript; charset=utf-8"),
        ("/search-data.js", "text/javascript; charset=utf-8"),
        ("/plans/alpha.html?x=1#2.2", "text/html; charset=utf-8"),
    ):
        status, headers, _ = ask(port, path)
        assert (status, headers["Content-Type"]) == (200, kind), path


def test_binds_the_loopback_address_only(plans):
    live = LiveSite([plans], AS_OF)
    live.refresh()
    server = make_server(live, 0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


def test_is_read_only_and_reaches_no_file(served, plans):
    _, port = served
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
        status, headers, body = ask(port, "/index.html", method)
        assert status == 405, method
        assert headers["Allow"] == "GET, HEAD"
        assert b"read-only" in body
    for path in (
        "/../alpha.yaml",
        "/%2e%2e/alpha.yaml",
        "/plans/../../plans/alpha.yaml",
        "/alpha.yaml",
        "/etc/passwd",
    ):
        status, _, body = ask(port, path)
        assert status == 404, path
        assert b"title: Child A" not in body
    status, headers, body = ask(port, "/plans/<script>.html")
    assert status == 404
    assert b"<script>" not in body and b"&lt;script&gt;" in body
    status, headers, body = ask(port, "/index.html", "HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 1000
    assert [p.name for p in plans.iterdir()] == ["alpha.yaml"]  # nothing written


def test_rebuilds_when_a_plan_changes(served, plans):
    live, port = served
    assert live.refresh() is None  # nothing changed
    plan = plans / "alpha.yaml"
    touch_later(plan, plan.read_text(encoding="utf-8").replace("Child A LCSPR", "Child A2 LCSPR"))
    assert live.refresh() == "rebuilt the site: 1 plan"
    assert b"Child A2 LCSPR action plan" in ask(port, "/")[2]
    shutil.copy(FIXTURES / "board" / "beta.yaml", plans / "beta.yaml")
    assert live.refresh() == "rebuilt the site: 2 plans"
    assert ask(port, "/plans/beta.html")[0] == 200


def test_rebuilds_when_the_settings_change(served, plans):
    live, port = served
    settings = plans / "partnership.yaml"
    settings.write_text("partnership: Northshire\n", encoding="utf-8")
    assert live.refresh() == "rebuilt the site: 1 plan"
    touch_later(
        settings, "partnership: Northshire\nagencies:\n  - name: Northshire ICB\n    short: ICB\n"
    )
    assert live.refresh() == "rebuilt the site: 1 plan"
    assert ask(port, "/agencies/northshire-icb.html")[0] == 200


def test_an_invalid_plan_keeps_the_last_good_site(served, plans):
    live, port = served
    good = ask(port, "/")[2]
    plan = plans / "alpha.yaml"
    touch_later(plan, plan.read_text(encoding="utf-8").replace("rag: red", "rag: purple"))
    said = live.refresh()
    assert said is not None
    assert re.match(r".*alpha\.yaml:\d+:\d+: error: recommendation 3: `rag` \"purple\"", said)
    assert said.endswith("scrplan: the plans have problems; still serving the site as it was")
    assert live.refresh() is None  # told once
    assert ask(port, "/")[2] == good
    plan.unlink()
    said = live.refresh()
    assert said is not None and "holds no plan files" in said
    assert ask(port, "/")[2] == good


def test_the_first_build_refuses_invalid_plans(tmp_path):
    plan = tmp_path / "bad.yaml"
    plan.write_text("title: T\nrecommendations: 7\n", encoding="utf-8")
    with pytest.raises(PlanProblems):
        LiveSite([plan], AS_OF).refresh()
    with pytest.raises(ScrplanError, match="no such file or folder"):
        LiveSite([tmp_path / "none"], AS_OF).refresh()


def test_a_port_in_use_is_told_plainly(served, plans):
    live, port = served
    with pytest.raises(ScrplanError) as caught:
        make_server(live, port)
    assert str(caught.value) == (
        f"port {port} on 127.0.0.1 is in use (by another scrplan serve?): choose another with "
        "--port, e.g. --port 8080"
    )


def test_serve_refuses_invalid_plans_at_the_start(run, write):
    plan = write("title: T\nrecommendations:\n  - id: 1\n    recommendation: R\n    rag: purple\n")
    result = run("serve", plan, "--port", "0")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert '`rag` "purple" is not a RAG colour' in result.stderr


@pytest.mark.slow
def test_serve_runs_until_ctrl_c_and_stops_cleanly(plans):
    env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scrplan",
            "serve",
            str(plans),
            "--port",
            "0",
            "--as-of",
            "2024-01-15",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stderr is not None
    reader = threading.Thread(target=lambda: [lines.put(ln) for ln in process.stderr], daemon=True)
    reader.start()
    try:
        first = lines.get(timeout=60)
        found = re.match(
            r"serving the plans at http://127\.0\.0\.1:(\d+)/ \(only on this computer\); "
            r"rebuilt when a plan changes; press Ctrl\+C to stop\n",
            first,
        )
        assert found, first
        port = int(found.group(1))
        assert ask(port, "/plans/alpha.html")[0] == 200
        plan = plans / "alpha.yaml"
        touch_later(plan, plan.read_text(encoding="utf-8").replace("Child A LCSPR", "Child Z"))
        # The watcher looks every second: it tells of the rebuild (waited for, not timed).
        assert lines.get(timeout=60) == "rebuilt the site: 1 plan\n"
        assert b"Child Z action plan" in ask(port, "/")[2]
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        reader.join(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.stdout is not None and process.stdout.read() == ""
    assert lines.get_nowait() == "stopped serving\n"
    assert lines.empty()
    with pytest.raises(OSError):
        ask(port, "/")
