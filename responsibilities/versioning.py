"""The data version: one number that every write to the domain advances.

Pages and API answers depend on nothing but the domain's rows (and the code), so "has
anything changed since version N?" is one number to compare. Conditional GETs (ETags,
Last-Modified) and cached computations are keyed by it: reading it costs no query when the
cache holds it and one otherwise, however large the data.

How it advances: receivers on every domain model's post_save, post_delete and m2m_changed
(connected in ResponsibilitiesConfig.ready, historical models left out: they only move with
a domain row) call bump(); bulk writes that send no signals (generate_data) call it
explicitly. bump() runs an `UPDATE ... SET number = number + 1` inside the writer's
transaction (so it commits or rolls back with the write, and concurrent writers queue on
the row instead of losing an increment), drops the cached copy at once and writes the
committed value into the cache after commit. A reader that misses the cache reads the row
and keeps it for VERSION_CACHE_SECONDS (`cache.add`, so it never overwrites a writer's
newer value); that bound is also how long another server with its own local-memory cache,
or two writers mirroring out of order, can see the previous version.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone
from simple_history.models import HistoricalChanges

CACHE_KEY = "pmroles:data-version"
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def cache_seconds() -> int:
    return int(getattr(settings, "PMROLES_VERSION_CACHE_SECONDS", 5))


class DataVersion(models.Model):
    """One row (pk 1): the number every domain write advances, and when it last did."""

    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "data version"

    def __str__(self) -> str:
        return f"data version {self.number}"


class Version(NamedTuple):
    number: int
    changed_at: dt.datetime

    @property
    def token(self) -> str:
        """The version as a cache-key fragment; the time guards against a restored database
        reusing numbers an older cache still holds."""
        return f"{self.number}.{int(self.changed_at.timestamp() * 1_000_000)}"


def _read_row() -> Version:
    row = DataVersion.objects.filter(pk=1).values_list("number", "changed_at").first()
    return Version(*row) if row else Version(0, EPOCH)


def current() -> Version:
    """The data version now: from the cache (no query) or the database (one query)."""
    cached = cache.get(CACHE_KEY)
    if cached is not None:
        return Version(*cached)
    version = _read_row()
    cache.add(CACHE_KEY, tuple(version), cache_seconds())
    return version


def _mirror() -> None:
    """After commit (robust: a failure here, the database or cache gone a moment after the
    commit, is logged and does not turn the committed write's answer into an error)."""
    cache.set(CACHE_KEY, tuple(_read_row()), cache_seconds())


def bump() -> None:
    """Advance the version within the current transaction; mirror it into the cache on commit."""
    now = timezone.now()
    advanced = DataVersion.objects.filter(pk=1).update(number=F("number") + 1, changed_at=now)
    if not advanced:
        # The row is gone (a flushed database): start again from 1.
        _, created = DataVersion.objects.get_or_create(
            pk=1, defaults={"number": 1, "changed_at": now}
        )
        if not created:
            DataVersion.objects.filter(pk=1).update(number=F("number") + 1, changed_at=now)
    cache.delete(CACHE_KEY)
    # One mirror per transaction is enough (a loaddata bumps once per object).
    if not any(entry[1] is _mirror for entry in connection.run_on_commit):
        transaction.on_commit(_mirror, robust=True)


def advance_past(number: int) -> None:
    """After a restore: one past the restored number, stamped now.

    Loading a backup fires the write receivers once per row, which would leave an arbitrary
    number; what matters is that no answer cached before the restore is reused, and the
    timestamp in every key (Version.key) guarantees that whatever the number.
    """
    DataVersion.objects.update_or_create(
        pk=1, defaults={"number": number + 1, "changed_at": timezone.now()}
    )
    cache.delete(CACHE_KEY)
    transaction.on_commit(_mirror, robust=True)


def on_domain_write(sender, **kwargs) -> None:
    """Signal receiver: any save, delete or many-to-many change of a domain row."""
    if kwargs.get("action", "post_").startswith("post_"):
        bump()


def connect(models_to_watch) -> None:
    """Connect the receivers to each domain model and its many-to-many tables.

    Historical models (django-simple-history) and the version itself are left out.
    """
    for model in models_to_watch:
        if model is DataVersion or issubclass(model, HistoricalChanges):
            continue
        uid = f"pmroles_version_{model._meta.label_lower}"
        models.signals.post_save.connect(on_domain_write, sender=model, dispatch_uid=uid + "_s")
        models.signals.post_delete.connect(on_domain_write, sender=model, dispatch_uid=uid + "_d")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            models.signals.m2m_changed.connect(
                on_domain_write,
                sender=through,
                dispatch_uid=f"pmroles_version_{through._meta.label_lower}",
            )
