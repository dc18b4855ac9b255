"""docs/architecture.md says where each concept lives: every path it names must exist and
every dotted name of ours must import, so the map cannot go stale when code moves."""

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
APPS = ("pmroles", "web", "api", "editing", "roles", "responsibilities", "tests")
NAMED = re.findall(r"`([^`\s()]+)`", DOC.read_text())


def _paths() -> list[str]:
    found = []
    for name in NAMED:
        name = name.rstrip(".,:")
        if name.startswith(("/", "http", "{")) or "*" in name:
            continue  # an address on the site, not a file
        if "/" in name or re.search(r"\.(py|md|yaml|toml|ini|cfg|sh)$", name):
            found.append(name)
    return sorted(set(found))


def _dotted() -> list[str]:
    return sorted(
        {n for n in NAMED if re.fullmatch(r"[a-z_]+(\.[A-Za-z_]+)+", n) and n.split(".")[0] in APPS}
        - set(_paths())
    )


def test_the_document_names_paths_and_dotted_names():
    assert len(_paths()) > 40 and len(_dotted()) > 3


@pytest.mark.parametrize("path", _paths())
def test_every_path_named_exists(path):
    assert (ROOT / path).exists(), f"docs/architecture.md names {path}, which does not exist"


@pytest.mark.parametrize("dotted", _dotted())
def test_every_dotted_name_imports(dotted):
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            target = getattr(target, attribute)
        return
    pytest.fail(f"docs/architecture.md names {dotted}, which does not import")
