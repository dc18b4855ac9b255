"""Writes that change who is signed in or which maps they may see advance `readers`.

A signed-in reader's maps (RoleMap.objects.visible_to) are remembered between requests
(pmroles.conditional.signed_in) and trusted only while the `readers` and `all` rows stand
where they stood when they were worked out. So every write that could change that answer
advances `readers` inside its own transaction, as the domain's writes advance theirs
(responsibilities.version_writes): a user changed or deleted (active, superuser, password:
a changed password ends the other sessions; not a new user, nor a login's time), a group or
permission changed or deleted, a membership or
grant added or taken away (users' groups and permissions, groups' permissions, a map's
editors), and a session ended (a logout, a new key at login, a session deleted by hand). A
map made, published or deleted advances `all`, which the stamp reads too.

Writes that send no signals (QuerySet.update on users, raw SQL) must call
version_writes.advance(READERS) themselves, as bulk domain writes call version_writes.bump().
"""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.db.models import signals
from django.utils import timezone

from responsibilities import version_writes, versioning

from .models import RoleMap


def on_readers_write(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # loading a fixture: advance_past/bump move every key afterwards
    if kwargs.get("created"):
        return  # a new user, group or permission: no session or grant names it yet
    if kwargs.get("update_fields") == frozenset({"last_login"}):
        return  # a login's stamp changes what no one sees (else every login moves everyone)
    version_writes.advance(versioning.READERS)


def on_session_deleted(sender, instance=None, **kwargs) -> None:
    """A signed-in session ended early. An expired one's remembered reader has lapsed
    already (kept no longer than the session: `clearsessions` advances nothing), and one
    nobody was signed in with remembers nobody (a login replacing a visitor's session)."""
    if instance is None or instance.expire_date <= timezone.now():
        return
    if SESSION_KEY in instance.get_decoded():
        version_writes.advance(versioning.READERS)


def on_membership_changed(sender, action=None, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        version_writes.advance(versioning.READERS)


def connect() -> None:
    user_model = get_user_model()
    for model in (user_model, Group, Permission):
        uid = f"pmroles_readers_{model._meta.label_lower}"
        signals.post_save.connect(on_readers_write, sender=model, dispatch_uid=uid + "_s")
        signals.post_delete.connect(on_readers_write, sender=model, dispatch_uid=uid + "_d")
    signals.post_delete.connect(
        on_session_deleted, sender=Session, dispatch_uid="pmroles_readers_session_d"
    )
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
        RoleMap.editors.through,
    ):
        signals.m2m_changed.connect(
            on_membership_changed,
            sender=through,
            dispatch_uid=f"pmroles_readers_{through._meta.label_lower}",
        )
