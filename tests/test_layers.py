"""The layout's rules, checked on the source: which package may import which, one name per
class, and the public API."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "scrplan"

# What each layer may import of scrplan, besides itself. The base modules (errors, words,
# fileio) are below everything; `scrplan` itself is only the version.
BASE = {"scrplan.errors", "scrplan.words", "scrplan.fileio", "scrplan"}
ALLOWED = {
    "base": BASE,
    "plan": BASE,
    "edit": BASE | {"scrplan.plan"},
    "learning": BASE | {"scrplan.plan"},
    "history": BASE | {"scrplan.plan", "scrplan.learning"},
    "output": BASE | {"scrplan.plan", "scrplan.learning", "scrplan.history"},
    "report": BASE | {"scrplan.plan", "scrplan.learning", "scrplan.history", "scrplan.output"},
    "returns": BASE | {"scrplan.plan", "scrplan.edit", "scrplan.history", "scrplan.output"},
    "importer": BASE | {"scrplan.plan", "scrplan.edit"},
    "start": BASE | {"scrplan.plan", "scrplan.edit", "scrplan.history"},
    "site": BASE | {"scrplan.plan", "scrplan.history", "scrplan.output", "scrplan.report"},
    "export": BASE | {"scrplan.plan", "scrplan.output"},
    "cli": None,  # anything
}
# Third-party libraries kept to one place each.
ONLY_IN = {
    "rich": {"scrplan.output.terminal"},
    "typer": {"scrplan.cli"},
    "docx": {"scrplan.report.word", "scrplan.importer", "scrplan.returns.wordform"},
    "openpyxl": {"scrplan.importer", "scrplan.output.spreadsheet", "scrplan.returns.workbook"},
    "sklearn": {"scrplan.learning"},
    "scipy": {"scrplan.learning"},
    "numpy": {"scrplan.learning"},
    "icalendar": {"scrplan.returns.ics"},
    "matplotlib": {"scrplan.report.trend_chart"},
    "sqlite_utils": {"scrplan.export.sqlite"},
}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in ("errors", "words", "fileio", "__main__"):
        return "cli" if module == "scrplan.__main__" else "base"
    return parts[1]


def imports(path: Path) -> list[tuple[str, int]]:
    """Every module ``path`` imports, at the top or inside a function (lazily)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.module, node.lineno))
            found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names]
    return found


def within(name: str, allowed: set[str]) -> bool:
    return any(name == a or name.startswith(a + ".") for a in allowed)


@pytest.mark.parametrize(("module", "path"), list(modules()), ids=lambda v: str(v))
def test_each_module_imports_only_what_its_layer_may(module, path):
    own = layer(module)
    allowed = ALLOWED[own]
    wrong = []
    for name, line in imports(path):
        if name.startswith("scrplan") and allowed is not None:
            target = name.split(".")
            if name == "scrplan" or within(name, allowed | {f"scrplan.{own}"}):
                continue
            # `from scrplan import __version__` names the package itself.
            if target[:2] == ["scrplan", "__version__"]:
                continue
            wrong.append(f"{path.name}:{line} imports {name}")
        top = name.split(".")[0]
        if top in ONLY_IN and not within(module, ONLY_IN[top]):
            wrong.append(f"{path.name}:{line} imports {top}, kept to {sorted(ONLY_IN[top])}")
    assert not wrong, "\n".join(wrong)


def test_the_library_never_imports_the_command_line():
    for module, path in modules():
        if layer(module) != "cli":
            assert not any(n.startswith("scrplan.cli") for n, _ in imports(path)), module


def test_no_two_classes_share_a_name():
    seen: dict[str, str] = {}
    clashes = []
    for module, path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                if node.name in seen:
                    clashes.append(f"{node.name}: {seen[node.name]} and {module}")
                seen.setdefault(node.name, module)
    assert not clashes, "\n".join(clashes)


def test_every_package_says_what_it_owns_and_must_not_import():
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "Owns:" in doc, init
        assert "Must not import" in doc or "Nothing else in scrplan imports" in doc, init


def test_importing_scrplan_loads_nothing_heavy():
    code = (
        "import sys, scrplan; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pydantic', 'yaml', 'rich', 'typer', 'docx', 'openpyxl', 'sklearn', 'scipy', "
        "'numpy', 'icalendar', 'sqlite_utils', 'matplotlib', 'selenium')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_public_api_is_the_library(tmp_path):
    import scrplan

    for name in scrplan.__all__:
        assert getattr(scrplan, name) is not None, name
    plan = tmp_path / "plan.yaml"
    plan.write_text("title: T\nrecommendations:\n  - id: 1\n    recommendation: R\n")
    loaded = scrplan.load_plan(plan)
    assert loaded.require("nothing").title == "T"
