"""`make run`: the port comes from PORT (default 8000) and set-up ends with the address and
how to create an editor account. `make -n` prints the recipe without running it."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _recipe(*args: str, env_port: str | None = None) -> str:
    env = {"PATH": "/usr/bin:/bin"}
    if env_port is not None:
        env["PORT"] = env_port
    result = subprocess.run(
        ["make", "-n", "-B", "run", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def _runserver_line(recipe: str) -> str:
    (line,) = [line for line in recipe.splitlines() if "manage.py runserver" in line]
    return line


def test_default_port_is_8000():
    recipe = _recipe()
    assert _runserver_line(recipe).endswith("runserver 127.0.0.1:8000")
    assert "open http://127.0.0.1:8000/" in recipe


def test_port_from_the_environment_or_the_command_line():
    assert _runserver_line(_recipe(env_port="8123")).endswith("runserver 127.0.0.1:8123")
    recipe = _recipe("PORT=9001")
    assert _runserver_line(recipe).endswith("runserver 127.0.0.1:9001")
    assert "open http://127.0.0.1:9001/" in recipe


def test_set_up_ends_with_the_address_and_the_editor_account_before_serving():
    lines = _recipe().splitlines()
    serve = next(i for i, line in enumerate(lines) if "manage.py runserver" in line)
    loaddata = next(i for i, line in enumerate(lines) if "loaddata reference" in line)
    said = "\n".join(lines[loaddata + 1 : serve])
    assert "http://127.0.0.1:8000/" in said
    assert "create an editor account" in said
    assert "manage.py createsuperuser" in said
