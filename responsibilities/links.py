"""The addresses of the model pages, reversed once per URLconf, script prefix and key.

A comparison page links some 150 quotes' sources, rows and roles, and Django's reverse()
costs about 30 µs each (resolver lookups, quoting): a few milliseconds of every first build.
A page's address is a function of the URLconf, the script prefix and its key alone, so it
is memoised on all three (bounded: the least recently used are dropped), and forgotten when
a test changes the URLconf.
"""

from __future__ import annotations

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse


def page_url(name: str, **kwargs: str | int) -> str:
    """reverse(name, kwargs=kwargs), memoised."""
    ((key, value),) = kwargs.items()
    return _page_url(get_urlconf(), get_script_prefix(), name, key, value)


@lru_cache(maxsize=20_000)
def _page_url(urlconf: str | None, prefix: str, name: str, key: str, value: str | int) -> str:
    return reverse(name, urlconf=urlconf, kwargs={key: value})


@receiver(setting_changed)
def _forget(setting: str, **kwargs) -> None:
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _page_url.cache_clear()
