"""``scrplan serve``: the site, live from the working tree, for the person editing the plans.

The site is built in memory and served from there on 127.0.0.1 only (never to the network: a
plan can hold what is not for publication). A thread looks at the plan files and settings
every second (their modification times and sizes: no extra package, and nothing is read
unless something changed) and rebuilds the site when one changes, or when the day changes. A
plan that has become invalid mid-edit does not take the site down: the last good site stays,
and the problems are told. Only GET and HEAD are answered, from the site in memory: no
address reaches the file system, and nothing is ever written.
"""

from __future__ import annotations

import datetime as dt
import errno
import html
import signal
import threading
from collections.abc import Callable, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from scrplan.errors import ScrplanError
from scrplan.plan.public import LeftOut
from scrplan.site.pages import CSP
from scrplan.words import plural

HOST = "127.0.0.1"
DEFAULT_PORT = 8000
POLL_SECONDS = 1.0

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
}

Stamp = tuple[object, ...]


class LiveSite:
    """The site for ``paths``, rebuilt when the files it comes from change.

    Args:
        paths: plan files and folders, as the commands take them.
        as_of: the fixed date to count from, or None for today (each day anew).
        public: serve the public edition.
    """

    def __init__(
        self, paths: Sequence[str | Path], as_of: dt.date | None = None, *, public: bool = False
    ) -> None:
        self.paths = list(paths)
        self.as_of = as_of
        self.public = public
        self.files: dict[str, bytes] = {}
        self.left_out: list[LeftOut] = []
        """What the public edition left out, at the last build."""
        self.stamp: Stamp | None = None
        self.lock = threading.Lock()

    def refresh(self) -> str | None:
        """Rebuild the site if a plan or its settings changed since the last look.

        Returns:
            What happened, for the person serving (None when nothing changed): the site was
            rebuilt, or the plans have problems and the last good site is still served.

        Raises:
            ScrplanError: on the first build only (there is no site to keep serving): the
                plans have problems, or there are none.
        """
        from scrplan.plan.load import load_plans, require_all
        from scrplan.site import make_site

        try:
            stamp, files = self._look()
        except ScrplanError as exc:
            if self.stamp is None:
                raise
            return self._kept(exc, ("missing",))
        if stamp == self.stamp:
            return None
        day = self.as_of or dt.date.today()
        try:
            plans = require_all(load_plans(files), "the site was not rebuilt")
            site, left_out = make_site(plans, day, public=self.public)
        except ScrplanError as exc:
            if self.stamp is None:
                raise
            return self._kept(exc, stamp)
        first = self.stamp is None
        with self.lock:
            self.files, self.stamp, self.left_out = site, stamp, left_out
        return None if first else f"rebuilt the site: {plural(len(plans), 'plan')}"

    def _kept(self, exc: ScrplanError, stamp: Stamp) -> str:
        from scrplan.errors import PlanProblems
        from scrplan.output.problems import format_problem

        self.stamp = stamp  # told once, until something changes again
        if isinstance(exc, PlanProblems):
            told = "\n\n".join(format_problem(p) for p in exc.problems if p.is_error)
        else:
            told = str(exc)
        return f"{told}\nscrplan: the plans have problems; still serving the site as it was"

    def _look(self) -> tuple[Stamp, list[Path]]:
        """The plan files now, and a stamp that changes when any of them, or their settings,
        changes (or when the day does)."""
        from scrplan.plan.discover import find_plan_files
        from scrplan.plan.settings import find_settings

        files = find_plan_files(self.paths)
        watched = {*files, *(s for s in map(find_settings, files) if s is not None)}
        marks: list[object] = [self.as_of or dt.date.today()]
        for path in sorted(watched):
            try:
                info = path.stat()
                marks.append((str(path), info.st_mtime_ns, info.st_size))
            except OSError:
                marks.append((str(path), None))
        return tuple(marks), files

    def get(self, address: str) -> tuple[str, bytes | None]:
        """The file an address asks for (``/plans/child-m.html``; ``/`` is the index), and
        its bytes, or None when the site has no such file."""
        path = unquote(urlsplit(address).path).lstrip("/")
        if path == "" or path.endswith("/"):
            path += "index.html"
        with self.lock:
            return path, self.files.get(path)


def make_server(live: LiveSite, port: int = DEFAULT_PORT) -> ThreadingHTTPServer:
    """A web server for ``live`` on 127.0.0.1 (port 0: any free port).

    Raises:
        ScrplanError: the port is in use, or may not be used.
    """

    class Handler(_Handler):
        site = live

    try:
        server = ThreadingHTTPServer((HOST, port), Handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ScrplanError(
                f"port {port} on {HOST} is in use (by another scrplan serve?): choose another "
                "with --port, e.g. --port 8080"
            ) from None
        raise ScrplanError(f"cannot serve on {HOST}:{port}: {exc.strerror or exc}") from None
    server.daemon_threads = True
    return server


def serve(
    live: LiveSite,
    port: int = DEFAULT_PORT,
    *,
    tell: Callable[[str], None],
    every: float = POLL_SECONDS,
) -> None:
    """Serve ``live`` until Ctrl+C, rebuilding it when the plans change; ``tell`` is told the
    address, each rebuild and when it stops."""
    live.refresh()
    server = make_server(live, port)
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(every):
            said = live.refresh()
            if said:
                tell(said)

    watcher = threading.Thread(target=watch, name="scrplan-watch", daemon=True)
    watcher.start()
    host, number = server.server_address[:2]
    tell(
        f"serving the plans at http://{host!s}:{number}/ (only on this computer); "
        "rebuilt when a plan changes; press Ctrl+C to stop"
    )
    main = threading.current_thread() is threading.main_thread()
    previous = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
    if main:
        # Ctrl+C stops the server, even when started where it was set to be ignored (in the
        # background of a script); so does a service manager's SIGTERM.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        # A second Ctrl+C while stopping must not turn a clean stop into an interruption.
        if main:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop.set()
        server.server_close()
        watcher.join(timeout=1)
        if main:
            signal.signal(signal.SIGINT, previous[0])
            signal.signal(signal.SIGTERM, previous[1])
    tell("stopped serving")


def _interrupt(number: int, frame: object) -> None:
    raise KeyboardInterrupt


class _Handler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from the site in memory; refuses every other method."""

    site: LiveSite
    server_version = "scrplan"
    sys_version = ""

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _refuse(self) -> None:
        self._send(
            HTTPStatus.METHOD_NOT_ALLOWED,
            _message("This site is read-only: it can only be read."),
            "text/html; charset=utf-8",
            body=self.command != "HEAD",
            allow=True,
        )

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse

    def _answer(self, *, body: bool) -> None:
        path, data = self.site.get(self.path)
        if data is None:
            page = _message(f"There is no page at /{path}.", home=True)
            self._send(HTTPStatus.NOT_FOUND, page, TYPES[".html"], body=body)
            return
        kind = TYPES.get(Path(path).suffix, "application/octet-stream")
        self._send(HTTPStatus.OK, data, kind, body=body)

    def _send(
        self,
        status: HTTPStatus,
        data: bytes,
        kind: str,
        *,
        body: bool,
        allow: bool = False,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy", CSP)
        if allow:
            self.send_header("Allow", "GET, HEAD")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the person serving is told of rebuilds, not of every page read."""


def _message(text: str, *, home: bool = False) -> bytes:
    link = '<p><a href="/index.html">All plans</a></p>' if home else ""
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>scrplan</title>'
        f"</head><body><main><p>{html.escape(text)}</p>{link}</main></body></html>\n"
    ).encode()
