"""The site as files: every page built at once, then written to a folder in one move.

:func:`site_files` gives the whole site as ``{address: bytes}`` (``scrplan serve`` serves it
from memory); :func:`write_site` puts it in a folder without ever leaving a half-made site
there: it is written beside the folder, then swapped in. A folder is replaced only when it is
empty or holds a site scrplan made (it carries a marker file), so a mistyped ``-o`` can never
delete someone's documents.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from scrplan.errors import ScrplanError
from scrplan.site import pages
from scrplan.site.assets import script, stylesheet
from scrplan.site.model import Site

MARKER = ".scrplan-site"
"""The file that marks a folder as a site scrplan made, which it may replace."""


def site_files(site: Site) -> dict[str, bytes]:
    """Every file of the site by its address (``plans/child-m.html``)."""
    files = {
        "index.html": pages.index_page(site),
        "agencies/index.html": pages.agencies_page(site),
        "search.html": pages.search_page(site),
        "search-data.js": pages.search_data(site),
        "site.css": stylesheet(),
        "site.js": script(),
    }
    if site.themes is not None:
        files["themes.html"] = pages.themes_page(site)
    for page in site.pages:
        files[f"plans/{page.slug}.html"] = pages.plan_page(site, page)
    for agency in site.agencies:
        files[f"agencies/{agency.slug}.html"] = pages.agency_page(site, agency)
    return {address: text.encode("utf-8") for address, text in files.items()}


def write_site(files: dict[str, bytes], folder: Path) -> None:
    """Put the site in ``folder``, replacing the site scrplan made there before.

    Raises:
        ScrplanError: ``folder`` holds files that are not a scrplan site, or is a file, or
            cannot be written.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ScrplanError(f"cannot write the site to {folder}: it is a file; give a folder")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MARKER).is_file():
        raise ScrplanError(
            f"cannot write the site to {folder}: the folder holds files that are not a site "
            "scrplan made, and they would be replaced; give a new or empty folder"
        )
    parent = folder.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        new = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=parent))
    except OSError as exc:
        raise ScrplanError(f"cannot write the site to {folder}: {exc.strerror or exc}") from None
    try:
        for address, data in files.items():
            path = new.joinpath(*address.split("/"))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (new / MARKER).write_text(
            "This folder is a site made by `scrplan site`; the next `scrplan site` replaces "
            "it whole.\n",
            encoding="utf-8",
        )
        os.chmod(new, 0o777 & ~_umask())
        _swap(new, folder)
    except OSError as exc:
        raise ScrplanError(f"cannot write the site to {folder}: {exc.strerror or exc}") from None
    finally:
        if new.exists():
            shutil.rmtree(new, ignore_errors=True)


def _swap(new: Path, folder: Path) -> None:
    """Replace ``folder`` with ``new``: at every moment there is a whole site there, the old
    one or the new one (save the instant between two renames)."""
    if not folder.exists():
        os.replace(new, folder)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=new.parent))
    old.rmdir()
    os.replace(folder, old)
    try:
        os.replace(new, folder)
    except OSError:
        with contextlib.suppress(OSError):
            os.replace(old, folder)  # put the old site back
        raise
    shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
