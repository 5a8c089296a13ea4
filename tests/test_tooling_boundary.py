"""The domain apps never import the tooling app (demo data, scale generator, bench): tooling
depends on the domain, never the other way round."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_APPS = ["companies", "projects", "taskforce", "pmi_aqt"]


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_a_domain_app_never_imports_tooling(app):
    offending = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for module in imported_modules(path)
        if module == "tooling" or module.startswith("tooling.")
    ]
    assert offending == []
