"""Conditional GETs and stored answers, keyed by the data version.

Every page and API answer depends only on the domain's rows, so an anonymous GET's answer
stays right for as long as the versions of what it reads (responsibilities.versioning: the
evidence, one map, any map) stay the same. `Read` reads those versions once, before any
work (one indexed query, from the database, so every worker agrees), and keys the
request by (version, scheme and host, path and query, the variant its layer names: the
API's Accept header); the entry under that key, written by the
first answer, holds its ETag and its body (compressed). A reload then costs the version
read: 304 when the client's If-None-Match (or, for pages, If-Modified-Since) matches, the
stored body otherwise. A write advances the versions of what it changed, so the keys of
the answers that read it move on and old entries age out of the cache.

Pages take this path for every reader, keyed also by the maps the reader may see (the one
thing on a public page that depends on who reads it: pages.readers). The API takes it for
anonymous requests, and for signed-in ones on the views that say `readers_share_answers`
(keyed by their maps too); elsewhere a signed-in client's answer may depend on permissions
(the version history, a map's editors), which are not domain data, so it is computed each
time (and keeps its ETag). A request with a session cookie also reads the `readers` row
with its versions, for the remembered reader (signed_in.py). The pages (pages.cached_page)
and the API (api.py's hooks) wire this in.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe

from responsibilities import versioning

from . import etags

# Bodies above this size (uncompressed) are not kept, only their ETag.
MAX_BODY = 4 * 1024 * 1024
# Entries are keyed by the version, so they never go stale; this only frees the cache.
ENTRY_SECONDS = 24 * 60 * 60
# Response headers a replayed body needs; the rest come from the middleware around the view.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Vary")


@dataclass
class Entry:
    etag: str
    headers: dict[str, str]
    body: bytes | None  # zlib-compressed; None when only the ETag is kept

    def replay(self, body: bytes, last_modified: str | None) -> HttpResponse:
        response = HttpResponse(zlib.decompress(body))
        for name, value in self.headers.items():
            response[name] = value
        response["ETag"] = self.etag
        if last_modified:
            response["Last-Modified"] = last_modified
        return response


class Read:
    """One anonymous GET or HEAD, keyed by the data version read before any work."""

    def __init__(
        self,
        request: HttpRequest,
        *,
        layer: str,
        variant: str | Callable[[], str] = "",
        reads: versioning.Reads = versioning.EVERYTHING,
    ):
        self.request = request
        # A request with a session cookie reads the `readers` row with its versions, for the
        # remembered reader (signed_in.stamp_for): no query more than an anonymous one.
        signed_in = not anonymous_by_headers(request)
        self.version = versioning.current_version(reads, readers=signed_in)
        if signed_in:
            request._pmroles_readers = self.version.readers  # type: ignore[attr-defined]
        if callable(variant):
            variant = variant()
        raw = "\n".join(
            (
                layer,
                self.version.token,
                request.scheme or "",
                request.get_host(),
                request.get_full_path(),
                variant,
            )
        )
        self.key = "pmroles:read:" + hashlib.sha256(raw.encode()).hexdigest()
        self._entry: Any = cache.get(self.key)

    @property
    def entry(self) -> Entry | None:
        return self._entry if isinstance(self._entry, Entry) else None

    @property
    def last_modified(self) -> str:
        return http_date(self.version.changed_at.timestamp())

    def not_modified(self, *, with_last_modified: bool) -> HttpResponseNotModified | None:
        """304 when the client holds the current answer, else None."""
        entry = self.entry
        header = self.request.headers.get("If-None-Match")
        if header is not None:
            if entry is None or not etags.matches(header, entry.etag):
                return None
            return self._not_modified(entry.etag, with_last_modified)
        # If-Modified-Since only where a 200 was given at this version (never turns a 404
        # into a 304); HTTP dates are whole seconds, so a write in the same second as the
        # date the client holds goes unnoticed by it: If-None-Match has no such gap.
        since = parse_http_date_safe(self.request.headers.get("If-Modified-Since", ""))
        if (
            with_last_modified
            and entry is not None
            and since is not None
            and int(self.version.changed_at.timestamp()) <= since
        ):
            return self._not_modified(entry.etag, with_last_modified)
        return None

    def _not_modified(self, etag: str | None, with_last_modified: bool) -> HttpResponseNotModified:
        response = HttpResponseNotModified()
        if etag:
            response["ETag"] = etag
        if with_last_modified:
            response["Last-Modified"] = self.last_modified
        vary = (self.entry.headers.get("Vary") if self.entry else None) or ""
        if vary:
            response["Vary"] = vary
        return response

    def cached_response(self, *, with_last_modified: bool) -> HttpResponse | None:
        entry = self.entry
        if entry is None or entry.body is None:
            return None
        return entry.replay(entry.body, self.last_modified if with_last_modified else None)

    def store(self, response: HttpResponse, etag: str) -> None:
        """Keep the ETag of a 200 (or 304) answer, and its body when it may be replayed."""
        body = None
        if response.status_code == 200 and _replayable(self.request, response):
            body = zlib.compress(response.content, 1)
        elif self.entry is not None and self.entry.etag == etag:
            return  # nothing new to say
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        self._entry = Entry(etag, headers, body)
        cache.set(self.key, self._entry, ENTRY_SECONDS)


def _replayable(request: HttpRequest, response: HttpResponse) -> bool:
    if getattr(response, "streaming", False) or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False  # the page holds a CSRF token for this visitor
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    return len(response.content) <= getattr(settings, "PMROLES_CACHED_BODY_MAX", MAX_BODY)


def enabled() -> bool:
    """PMROLES_READ_CACHE=False turns this path off (tests that count a view's own queries)."""
    return bool(getattr(settings, "PMROLES_READ_CACHE", True))


def anonymous_by_headers(request: HttpRequest) -> bool:
    """No session, no messages, no credentials: what an anonymous page request looks like
    without touching the session (which would cost a query)."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "Authorization" not in request.headers
    )
