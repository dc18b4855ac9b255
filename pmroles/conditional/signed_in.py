"""A signed-in reader at the cost of an anonymous one: their user and maps, remembered.

A stored answer costs an anonymous reader one query (the data versions) and a cache read.
A browser's signed-in reader paid five more before it: the session, the user, the user's
two permission sets and the maps they may see (issue 19: a third of the anonymous crowd's
throughput). Those change only when a write moves `readers` or `all` (roles.reader_writes:
users, groups, permissions, a map's editors, maps, ended sessions) or the session expires.
So for GET and HEAD the user's row, their permissions and their maps are remembered in the
cache under the session key's digest, with the stamp of those two rows they were worked out
under and the session's expiry date. Each worker also keeps the entries it used last in its
own memory (LOCAL_ENTRIES), which spares a signed-in reader the cache round trip an
anonymous one does not make; a local entry is checked the same way as a shared one.

The stamp is read from the database on every request (pages read it in the query that
reads their versions: reads.Read), never from the cache, so a change committed anywhere is
seen on the next request by every worker, whatever the cache holds or if it is unreachable
(a lost or stale entry only costs Django's own path). Entries are checked, not trusted: an
entry whose stamp differs, or past its session's expiry, is worked out again. Writes (POST,
PUT, ...) and session stores other than the database's always take Django's own path.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.middleware import get_user
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.http import HttpRequest

from pmroles.sessions import SessionStore
from responsibilities import versioning

from .reads import enabled

# An entry is checked on every use; this only frees the cache of sessions gone quiet.
ENTRY_SECONDS = 15 * 60
# Entries each worker keeps in its own memory, the least recently used dropped first.
LOCAL_ENTRIES = 1024


@dataclass(frozen=True)
class Remembered:
    stamp: str  # versioning.readers_stamp() when it was worked out
    expires: float  # the session's expiry (seconds since the epoch)
    fields: tuple[str, ...]  # the user's row (empty: nobody signed in with this session)
    values: tuple[Any, ...]
    maps: str | None = None  # pages.maps_seen_by(user), once a request has asked
    # The user's own and their groups' permissions, as ModelBackend keeps them on the user
    # (None: no request has asked yet): a page that asks (RoleMap.visible_to, the access
    # rules) then reads no permission row.
    perms: tuple[frozenset[str], frozenset[str]] | None = None


def remembers(request: HttpRequest) -> bool:
    """A GET or HEAD with a session cookie, read caching on, pmroles' session store."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME in request.COOKIES
        and enabled()
        and isinstance(getattr(request, "session", None), SessionStore)
    )


def stamp_for(request: HttpRequest) -> str:
    """The `readers` stamp for this request: read once (by Read with the answer's versions,
    or here, one query)."""
    stamp = getattr(request, "_pmroles_readers", None)
    if stamp is None:
        stamp = versioning.readers_stamp()
        request._pmroles_readers = stamp  # type: ignore[attr-defined]
    return stamp


def user_for(request: HttpRequest):
    """request.user for a GET with a session: the remembered user while the stamp holds,
    else Django's get_user (remembered for the next request)."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME) or ""
    stamp = stamp_for(request)  # before the user is read: a change meanwhile moves it
    key = "pmroles:reader:" + hashlib.sha256(session_key.encode()).hexdigest()
    entry = _lookup(key, stamp)
    if entry is not None:
        if not entry.fields:
            return AnonymousUser()
        user: Any = _user_of(entry)
    else:
        user = get_user(request)
        expiry = request.session.row_expiry  # type: ignore[attr-defined]
        if expiry is None:
            return user  # no such session: Django's path each time (it makes no row for it)
        fields, values = _row_of(user) if user.pk else ((), ())
        entry = Remembered(stamp, expiry.timestamp(), fields, values)
        _keep(key, entry)
    if user.is_authenticated:
        _hand_over(user, key, entry)
    return user


def _hand_over(user, key: str, entry: Remembered) -> None:
    """Put what `entry` remembers on `user` as Django and maps_seen_by keep it (the
    permission sets ModelBackend caches on the user, the maps seen), and the entry itself,
    which remember_maps and remember_permissions fill in."""
    if entry.perms is not None:
        own, groups = entry.perms
        user._user_perm_cache, user._group_perm_cache = set(own), set(groups)
        user._perm_cache = set(own | groups)
    if entry.maps is not None:
        user._pmroles_maps_seen = entry.maps
    user._pmroles_remembered = (key, entry)


def token_reader(request: HttpRequest, user) -> None:
    """A reader the API signed in by token: their permissions and the maps they may see,
    remembered per user under the `readers` stamp as a session reader's are.

    The token's user is remembered apart (remembered_token_user); what is remembered here
    follows from the user, groups, permissions and maps, which move `readers` or `all`.
    Without it a token reader's stored API answer cost three queries
    (their own and their groups' permissions, their maps) and 3–4 ms of CPU more than an
    anonymous reader's (issue 19's crowd: 70–75 % of anonymous).
    A session reader is already remembered (user_for) and is left alone, and so is a request
    that read no stamp with its versions (no credentials in its headers: nothing to key on
    that costs no query)."""
    stamp = getattr(request, "_pmroles_readers", None)  # read with the versions, or not at all
    if stamp is None or getattr(user, "_pmroles_remembered", None) is not None:
        return
    key = f"pmroles:reader-user:{user.pk}"
    entry = _lookup(key, stamp)
    if entry is None:
        entry = Remembered(stamp, time.time() + ENTRY_SECONDS, (), ())
        _keep(key, entry)
    _hand_over(user, key, entry)


def _token_key(digest: str) -> str:
    # The digest is the token table's key column, not a credential (a presented key is
    # hashed first); hashed once more so the cache holds no value of the table.
    return "pmroles:token-reader:" + hashlib.sha256(digest.encode()).hexdigest()


def remembered_token_user(request: HttpRequest | None, digest: str):
    """The user of the token stored as `digest`, as remembered under this request's
    `readers` stamp, or None (nothing remembered, or no stamp read with the versions).

    A token is revoked by deleting it and its user deactivated by saving them, and both
    advance `readers` (api.apps, roles.reader_writes), so an entry whose stamp still holds
    names a token that exists and an active user; it is kept no longer than the token lives
    (its expiry is the entry's), so an expired token is read again and refused."""
    stamp = getattr(request, "_pmroles_readers", None)
    if stamp is None:
        return None
    entry = _lookup(_token_key(digest), stamp)
    return None if entry is None else _user_of(entry)


def remember_token_user(request: HttpRequest | None, digest: str, user, expires: float) -> None:
    """Keep the user a token read from the database named, under the stamp this request
    read with its versions (none read: nothing kept), until `expires` at the latest."""
    stamp = getattr(request, "_pmroles_readers", None)
    if stamp is None:
        return
    _keep(_token_key(digest), Remembered(stamp, expires, *_row_of(user)))


def _row_of(user) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """The user's row as remembered: its columns and their values."""
    fields = tuple(f.attname for f in user._meta.concrete_fields)
    return fields, tuple(getattr(user, f) for f in fields)


def _user_of(entry: Remembered):
    """The user a remembered entry names, made from its row without a query."""
    return get_user_model().from_db(DEFAULT_DB_ALIAS, list(entry.fields), entry.values)


def _update(user, **changes: Any) -> None:
    remembered = getattr(user, "_pmroles_remembered", None)
    if remembered is not None:
        key, entry = remembered
        entry = replace(entry, **changes)
        user._pmroles_remembered = (key, entry)
        _keep(key, entry)


def remember_maps(user, maps: str) -> None:
    """Keep the maps a remembered user sees (pages.maps_seen_by worked them out)."""
    _update(user, maps=maps)
    user._pmroles_maps_seen = maps


def remember_permissions(user) -> None:
    """Keep the permissions this request worked out, if it asked for any (ModelBackend
    leaves both sets on the user): the next requests then read no permission row. Asked
    after the response, so a request that needs none costs no query for them."""
    remembered = getattr(user, "_pmroles_remembered", None)
    if remembered is None or remembered[1].perms is not None:
        return
    own = getattr(user, "_user_perm_cache", None)
    groups = getattr(user, "_group_perm_cache", None)
    if own is not None and groups is not None:
        _update(user, perms=(frozenset(own), frozenset(groups)))


_local: OrderedDict[str, Remembered] = OrderedDict()
_local_lock = threading.Lock()  # threaded servers (runserver, the tests' live server)


def _lookup(key: str, stamp: str) -> Remembered | None:
    """The entry for `key` worked out under `stamp`, its session not expired: this worker's
    copy, else the shared cache's (then kept here too), else None."""

    def holds(entry: object) -> bool:
        return (
            isinstance(entry, Remembered) and entry.stamp == stamp and entry.expires > time.time()
        )

    with _local_lock:
        local = _local.get(key)
        if holds(local):
            _local.move_to_end(key)
            return local
    shared = cache.get(key)
    if not holds(shared):
        return None
    _keep_here(key, shared)
    return shared


def _keep_here(key: str, entry: Remembered) -> None:
    with _local_lock:
        _local[key] = entry
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def forget_local() -> None:
    """Drop this worker's copies (tests start each from an empty cache)."""
    with _local_lock:
        _local.clear()


def _keep(key: str, entry: Remembered) -> None:
    seconds = min(ENTRY_SECONDS, int(entry.expires - time.time()))
    if seconds > 0:
        _keep_here(key, entry)
        cache.set(key, entry, seconds)
