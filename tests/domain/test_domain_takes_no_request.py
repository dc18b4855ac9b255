"""The domain (roles/, responsibilities/) computes and never takes a request.

import-linter sees external packages only as a whole (`django`), so it cannot forbid
django.http; ruff's banned-api (TID251, pyproject.toml) refuses that import in the domain, and
this test refuses a function or method of the domain that takes a `request` argument.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ("roles", "responsibilities")


def _domain_modules():
    for package in DOMAIN:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _takes_request(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            arguments = node.args
            names = [
                a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)
            ]
            if "request" in names:
                found.append(f"{getattr(node, 'name', 'lambda')} (line {node.lineno})")
    return found


def test_the_check_finds_a_function_that_takes_a_request():
    tree = ast.parse("def page(request, slug):\n    return slug\n")
    assert _takes_request(tree) == ["page (line 1)"]


def test_no_function_of_the_domain_takes_a_request():
    modules = list(_domain_modules())
    assert len(modules) > 10  # the walk found the domain
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in modules
        if (found := _takes_request(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}
