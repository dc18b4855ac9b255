"""Configuration from the environment: typed helpers and a production that refuses bad setups."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from pmroles.settings.env import envbool, envint, envlist

ROOT = Path(__file__).resolve().parent.parent


def test_envbool_reads_words_and_refuses_typos(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert envbool("FLAG") is True
    monkeypatch.setenv("FLAG", "off")
    assert envbool("FLAG", True) is False
    monkeypatch.delenv("FLAG")
    assert envbool("FLAG", True) is True
    monkeypatch.setenv("FLAG", "flase")
    with pytest.raises(ImproperlyConfigured, match="FLAG must be a boolean"):
        envbool("FLAG")


def test_envint_and_envlist(monkeypatch):
    monkeypatch.setenv("NUM", "3")
    assert envint("NUM", 0) == 3
    monkeypatch.setenv("NUM", "three")
    with pytest.raises(ImproperlyConfigured, match="NUM must be an integer"):
        envint("NUM", 0)
    monkeypatch.setenv("HOSTS", " a.example , b.example,, ")
    assert envlist("HOSTS") == ["a.example", "b.example"]


def _check_prod(command=("check",), **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(DJANGO_SETTINGS_MODULE="pmroles.settings.prod", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _check_prod()
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_secret_key_and_debug_off():
    result = _check_prod(("diffsettings", "--all"), SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr
    assert "DEBUG = False" in result.stdout
    assert "SESSION_COOKIE_SECURE = True" in result.stdout


def test_manage_py_defaults_to_dev_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "manage.py", "diffsettings", "--all"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "SETTINGS_MODULE = 'pmroles.settings.dev'" in result.stdout
    assert "DEBUG = True" in result.stdout
