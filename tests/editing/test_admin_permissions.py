"""Who may do what in the admin: every page and action of every registered model, walked as
an anonymous visitor, a staff user without permissions, a Reader and an Editor.

The expectations are one table (EXPECTED_PAGES, ACTION_NEEDS, ROLE_PERMISSIONS); the walk
finds the models, pages and actions from the admin site itself, so a model or action added
later is walked too and must fit the table.
"""

import uuid

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from editing.admin_base import EditorAdmin
from responsibilities.models import Assignment, Dispute, DisputePosition, Level
from roles.models import Role, RoleMap, default_map_slug
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    ContrastFactory,
    QuoteFactory,
    ResponsibilityFactory,
    RoleFactory,
    RoleMapFactory,
    RoleVariantFactory,
    SourceFactory,
    UserFactory,
)
from tests.snapshot import load_reference

ROLES = ["anonymous", "nobody", "reader", "editor"]
CONTENT_APPS = {"roles", "responsibilities"}

# page -> expected answer per role, for content models (roles, responsibilities apps).
# "login" is a redirect to the admin login page.
EXPECTED_PAGES = {
    "changelist": {"anonymous": "login", "nobody": 403, "reader": 200, "editor": 200},
    "add": {"anonymous": "login", "nobody": 403, "reader": 403, "editor": 200},
    "change": {"anonymous": "login", "nobody": 403, "reader": 200, "editor": 200},
    "delete": {"anonymous": "login", "nobody": 403, "reader": 403, "editor": 200},
    "history": {"anonymous": "login", "nobody": 403, "reader": 200, "editor": 200},
    "deleted": {"anonymous": "login", "nobody": 403, "reader": 403, "editor": 200},
    "revert": {"anonymous": "login", "nobody": 403, "reader": 200, "editor": 200},
    "revert-post": {"anonymous": "login", "nobody": 403, "reader": 403, "editor": 200},
    "import": {"anonymous": "login", "nobody": 403, "reader": 403, "editor": 200},
}
# Accounts, groups, tokens and login records are for superusers only: Editors and Readers
# get 403 there.
EXPECTED_OTHER_PAGES = {"anonymous": "login", "nobody": 403, "reader": 403, "editor": 403}

# action -> the model permission it needs.
ACTION_NEEDS = {
    "delete_selected": "delete",
    "export_selected": "view",
    "export_map": "view",
    "duplicate_roles": "add",
    "copy_maps": "add",
    "mark_maps_reviewed": "change",
    "cleanup_expired_attempts": "delete",
}
# What each role may do to content models (nothing to the other models).
ROLE_PERMISSIONS = {
    "anonymous": set(),
    "nobody": set(),
    "reader": {"view"},
    "editor": {"view", "add", "change", "delete"},
}

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
MODEL_LABELS = [model._meta.label for model, _ in REGISTRY]


def _model_admin(label):
    return next(ma for model, ma in REGISTRY if model._meta.label == label)


def _url(model, name, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}", args=args)


@pytest.fixture(scope="module")
def walk_data(django_db_setup, django_db_blocker):
    """Reference data plus one row of every registered model, and the four visitors.

    Loaded once for the module in an outer transaction that is rolled back at the end; each
    test runs in its own savepoint inside it.
    """
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        load_reference()
        dispute = Dispute.objects.create(slug="who-owns-pricing", topic="Who owns pricing?")
        DisputePosition.objects.create(dispute=dispute, key="pm-owns", statement="The PM.")
        Token.objects.create(user=UserFactory(username="api-user"))
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            _login_record(model)
        # Loading a fixture records no history for models without many-to-many fields; one
        # save gives each first row (every map: the walk uses a non-default one) a version
        # for the history and revert pages.
        for model, model_admin in REGISTRY:
            if isinstance(model_admin, EditorAdmin):
                model._default_manager.order_by("pk").first().save()
        for role_map in RoleMap.objects.all():
            role_map.save()
        users = {
            "nobody": UserFactory(username="nobody", is_staff=True),
            "reader": UserFactory(username="reader", is_staff=True),
            "editor": UserFactory(username="editor-user", is_staff=True),
        }
        users["reader"].groups.add(Group.objects.get(name="Readers"))
        users["editor"].groups.add(Group.objects.get(name="Editors"))
    try:
        yield users
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def visit(walk_data, db):
    """A client for a role: `visit("reader")`."""

    def make(role):
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(walk_data[role])
        return client

    return make


def _answer(response):
    if response.status_code == 302 and "/admin/login/" in response["Location"]:
        return "login"
    return response.status_code


def _pages(model, model_admin):
    """(page name, method, url, data) for every page of one model."""
    rows = model._default_manager.order_by("pk")
    if model is RoleMap:
        # The default map can never be deleted (test_admin_map_deletion.py); walk another.
        rows = rows.exclude(slug=default_map_slug())
    obj = rows.first()
    assert obj is not None, f"{model._meta.label}: the walk needs a row"
    pages = [
        ("changelist", "get", _url(model, "changelist"), None),
        ("add", "get", _url(model, "add"), None),
        ("change", "get", _url(model, "change", obj.pk), None),
        ("delete", "get", _url(model, "delete", obj.pk), None),
        ("history", "get", _url(model, "history", obj.pk), None),
    ]
    if isinstance(model_admin, EditorAdmin):
        version = model.history.filter(**{model._meta.pk.attname: obj.pk}).earliest("history_id")
        revert = _url(model, "simple_history", obj.pk, version.history_id)
        pages += [
            ("deleted", "get", _url(model, "deleted"), None),
            ("revert", "get", revert, None),
            # An empty form: the editor gets it back with errors, nobody else gets that far.
            ("revert-post", "post", revert, {}),
        ]
    if model is RoleMap:
        pages.append(("import", "get", reverse("admin:roles_rolemap_import"), None))
    return pages


@pytest.mark.parametrize("role", ROLES)
def test_admin_index(visit, role):
    expected = "login" if role == "anonymous" else 200
    assert _answer(visit(role).get(reverse("admin:index"))) == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", MODEL_LABELS)
def test_every_admin_page_answers_as_the_table_says(visit, role, label):
    model_admin = _model_admin(label)
    model = model_admin.model
    client = visit(role)
    content = model._meta.app_label in CONTENT_APPS
    seen = {}
    for page, method, url, data in _pages(model, model_admin):
        response = getattr(client, method)(url, data or {})
        seen[page] = _answer(response)
        expected = EXPECTED_PAGES[page][role] if content else EXPECTED_OTHER_PAGES[role]
        assert seen[page] == expected, f"{role} {method.upper()} {url}: {seen[page]}"
    assert "change" in seen and "history" in seen


def _login_record(model):
    """A row of one of django-axes' login records."""
    fields = {"username": f"someone-{uuid.uuid4().hex}", "ip_address": "192.0.2.1"}
    fields["user_agent"] = "test"
    if model is AccessAttempt:
        fields.update(get_data="", post_data="", failures_since_start=1)
    return model.objects.create(http_accept="*/*", path_info="/admin/login/", **fields)


def _deletable(model):
    """A fresh row that nothing depends on, so delete_selected can really delete it."""
    factories = {
        "auth.Group": lambda: Group.objects.create(name="Spare group"),
        "axes.AccessAttempt": lambda: _login_record(AccessAttempt),
        "axes.AccessFailureLog": lambda: _login_record(AccessFailureLog),
        "axes.AccessLog": lambda: _login_record(AccessLog),
        "auth.User": lambda: UserFactory(username="spare-user"),
        "authtoken.TokenProxy": lambda: Token.objects.create(user=UserFactory(username="spare")),
        "responsibilities.Area": AreaFactory,
        "responsibilities.Assignment": lambda: AssignmentFactory(
            role_map=RoleMap.objects.get(slug="reference"), level=Level.INFORMED
        ),
        "responsibilities.Dispute": lambda: Dispute.objects.create(slug="spare", topic="Spare?"),
        "responsibilities.Quote": QuoteFactory,
        "responsibilities.Responsibility": ResponsibilityFactory,
        "responsibilities.Source": SourceFactory,
        "roles.Contrast": ContrastFactory,
        "roles.Role": RoleFactory,
        "roles.RoleMap": lambda: RoleMapFactory(slug="spare-map"),
        "roles.RoleVariant": RoleVariantFactory,
    }
    return factories[model._meta.label]()


def _actions_cases():
    """(model, action, role) for every action the admin registers, before permissions."""
    return [
        (model._meta.label, name, role)
        for model, model_admin in REGISTRY
        for _, name, _ in model_admin._get_base_actions()
        for role in ROLES
    ]


def test_every_action_is_in_the_table():
    actions = {name for _, name, _ in _actions_cases()}
    assert actions == set(ACTION_NEEDS), "add the new action to ACTION_NEEDS"


@pytest.mark.parametrize(("label", "action", "role"), _actions_cases())
def test_every_action_runs_only_for_who_may(visit, label, action, role):
    """GIVEN an admin action on a model and a user of one role (anonymous, reader, editor...)
    WHEN the user lists the model and posts the action on one row
    THEN the action is offered and takes effect (download, delete, duplicate, copy) exactly
    when the role has the permission it needs; otherwise nothing changes
    """
    model_admin = _model_admin(label)
    model = model_admin.model
    content = model._meta.app_label in CONTENT_APPS
    allowed = content and ACTION_NEEDS[action] in ROLE_PERMISSIONS[role]
    client = visit(role)  # before counting: signing in writes a login record (AccessLog)
    target = _deletable(model)
    counts = {m: m.objects.count() for m in (model, Role, RoleMap, Assignment)}

    listing = client.get(_url(model, "changelist"))
    if listing.status_code == 200:
        form = listing.context["action_form"]  # None when no action is offered at all
        offered = [name for name, _ in form.fields["action"].choices] if form else []
        assert (action in offered) == allowed, f"{role} is offered {offered}"

    response = client.post(
        _url(model, "changelist"),
        {"action": action, "_selected_action": [target.pk], "post": "yes"},
    )
    downloaded = "attachment" in response.get("Content-Disposition", "")
    exists = model._default_manager.filter(pk=target.pk).exists()
    after = {m: m.objects.count() for m in counts}
    if action.startswith("export"):
        assert downloaded == allowed
        assert after == counts
    elif action == "delete_selected":
        assert exists != allowed
    elif action == "duplicate_roles":
        assert after[Role] == counts[Role] + (1 if allowed else 0)
    elif action == "copy_maps":
        assert after[RoleMap] == counts[RoleMap] + (1 if allowed else 0)
    elif action == "mark_maps_reviewed":
        reviewed = RoleMap.objects.get(pk=target.pk).last_reviewed
        assert (reviewed is not None) == allowed
    if not allowed:
        assert after == counts and exists
        assert _answer(response) in {"login", 403, 200, 302}


@pytest.mark.parametrize("label", MODEL_LABELS)
def test_typed_history_addresses_are_404_not_500(visit, label):
    """`<id>/change/history/`, a word for an id or a version: 404 (was a ValueError, 500).

    Django's own admins (accounts, tokens) answer a typed id with a redirect to the index.
    """
    model_admin = _model_admin(label)
    model = model_admin.model
    expected = 404 if isinstance(model_admin, EditorAdmin) else 302
    obj = model._default_manager.order_by("pk").first()
    base = _url(model, "changelist")
    client = visit("editor")
    for path in [
        f"{base}{obj.pk}/change/history/",
        f"{base}x/history/",
        f"{base}999999/history/",
        f"{base}{obj.pk}/history/x/",
        f"{base}{obj.pk}/history/999999/",
        f"{base}x/history/1/",
    ]:
        assert client.get(path).status_code in {expected, 404}, path
