"""`make typecheck` (part of `make lint`, which CI runs) checks every app package that the
import-linter contracts name: a new app, or the API, cannot slip out of mypy unnoticed."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_make_typecheck_names_every_root_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = set(config["tool"]["importlinter"]["root_packages"])
    makefile = (ROOT / "Makefile").read_text()
    line = re.search(r"^typecheck:.*\n\t\$\(BIN\)/mypy (.+)$", makefile, re.MULTILINE)
    assert line is not None
    assert packages <= set(line.group(1).split())
    assert "api" in packages
