import gc
from pathlib import Path

import pytest

# Browser fixtures are registered once here: a session-scoped Playwright imported into several
# modules would start one event loop per module and break the sync API.
from tests.browser.browser import (  # noqa: F401
    browser_fixture,
    browser_page_fixture,
    page_fixture,
    page_without_js_fixture,
)
from tests.factories import (
    ContrastFactory,
    DisputeFactory,
    DisputePositionFactory,
    RoleMapFactory,
)
from tests.snapshot import added_once, built_once, load_reference
from tests.world import (
    Disputes,
    Sample,
    TeamMaps,
    add_disputes,
    add_draft_readers,
    add_evidence,
    add_team_maps,
    build_sample,
)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """The test database made from a kept copy when the migrations have not changed
    (tests/database_image.py)."""
    from django.db import connection

    from tests.database_image import keep_test_databases

    keep_test_databases(connection)


@pytest.fixture
def migrated_sqlite_file(tmp_path, django_db_setup) -> Path:
    """A migrated SQLite database file: a copy of the migrated test database's file when that
    is SQLite (tests/database_image.py; about 4 s of CPU less than `migrate` in a new
    process), else a new file, which the test migrates itself (`migrate` on a migrated file
    changes nothing)."""
    import shutil

    from tests.database_image import migrated_sqlite

    path = tmp_path / "shared.sqlite3"
    if migrated := migrated_sqlite():
        shutil.copyfile(migrated, path)
    return path


@pytest.fixture
def back_to_migrated(django_db_setup):
    """For a migration test's clean-up: a function that puts the test database back as the
    migrations left it. On SQLite it writes the kept copy back (tests/database_image.py;
    about 4 s of CPU less than applying the undone migrations again, and the migrations
    themselves are what the test and test_migrations_reversible.py run); elsewhere it
    migrates forward to the latest."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from tests.database_image import migrated_sqlite

    def restore() -> None:
        migrated = migrated_sqlite()
        if migrated and connection.vendor == "sqlite" and connection.is_in_memory_db():
            import sqlite3

            image = sqlite3.connect(migrated)
            try:
                connection.ensure_connection()
                image.backup(connection.connection)
            finally:
                image.close()
            return
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    return restore


@pytest.fixture(autouse=True, scope="module")
def fewer_full_collections():
    """What is alive when a module starts (Django, the collected tests, the recorded worlds)
    is set aside from Python's cyclic garbage collector (gc.freeze, after a collection).

    A full collection walks every tracked object: the suite made about seventy of them at a
    quarter of a second each (18 s of CPU, a tenth of the run), most while the migration
    tests render model states, which make cyclic garbage in bulk. Frozen objects are still
    freed when nothing refers to them; only cycles among them would wait for the process to
    end. Measured with gc.callbacks: full collections from 17.6 s of CPU to 4.4 s."""
    _set_aside_what_lives()


def _set_aside_what_lives() -> None:
    gc.collect()
    gc.freeze()


def pytest_sessionstart(session):
    """Django and the imports set aside before collection too (fewer_full_collections):
    collecting two thousand tests made a dozen full collections over them."""
    _set_aside_what_lives()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the data version and cached answers live there,
    and every test's database starts from the same version numbers. The version rows' names
    resolved in this process, and the signed-in readers it remembers, are forgotten too:
    each test's database has its own ids (a stale name costs a second query, which would
    change the counts tests pin)."""
    from django.core.cache import cache

    from pmroles.conditional.signed_in import forget_local
    from responsibilities.versioning import forget_resolved

    cache.clear()
    forget_resolved()
    forget_local()
    yield
    cache.clear()
    forget_resolved()
    forget_local()


@pytest.fixture
def sample(db) -> Sample:
    """The sample world (tests/world.py). Browser modules mark django_db(transaction=True), so
    there it is committed and the live server sees it. Built with the factories once, then
    written back row for row for each test (tests/snapshot.py)."""
    return built_once("sample", build_sample)


@pytest.fixture
def disputes(sample) -> Disputes:
    """The sample's three disputes; a module that needs them adds usefixtures("disputes")."""
    sample.disputes = added_once("disputes", sample, add_disputes)
    return sample.disputes


@pytest.fixture
def draft_readers(sample):
    """`draft_readers(draft_name=..., staff=..., informed=True)`: add_draft_readers on the
    sample, built once for each set of arguments and written back like the sample."""

    def add(*, draft_name: str, staff: bool, informed: bool = True) -> dict[str, object]:
        return added_once(
            f"draft-readers:{draft_name}:{staff}:{informed}",
            sample,
            lambda world: add_draft_readers(
                world, draft_name=draft_name, staff=staff, informed=informed
            ),
        )

    return add


@pytest.fixture
def team_maps(sample) -> TeamMaps:
    """Two team maps (acme, globex), each with an own role and responsibility (add_team_maps)."""
    return added_once("team_maps", sample, add_team_maps)


@pytest.fixture
def own_dispute(team_maps, sample):
    """A dispute between the PM and both team maps' own roles, on the shared vision and both
    own responsibilities (an editor may name any role): what a page or an answer of one map
    names only its own of."""
    pm = sample.roles["pm"]
    dispute = DisputeFactory(
        slug="who-runs-the-team",
        topic="Who runs the team?",
        roles=[pm, team_maps.acme_role, team_maps.globex_role],
        responsibilities=[
            sample.responsibilities["product-vision"],
            team_maps.acme_work,
            team_maps.globex_work,
        ],
    )
    DisputePositionFactory(
        dispute=dispute,
        key="the-team-lead-runs-it",
        statement="The team's lead runs it.",
        roles=[team_maps.acme_role, team_maps.globex_role],
    )
    return dispute


@pytest.fixture
def own_contrast(team_maps, sample):
    """A stated contrast between the PM and both team maps' own roles."""
    return ContrastFactory(
        slug="who-leads",
        aspect="Who leads the team",
        roles=[sample.roles["pm"], team_maps.acme_role, team_maps.globex_role],
    )


@pytest.fixture
def evidence(sample) -> Sample:
    """The sample with evidence bases, a rationale and a stated "no part" (add_evidence)."""
    return added_once("evidence", sample, add_evidence)


@pytest.fixture
def uncached_reads(settings):
    """Answers computed every time (no 304 or stored body from the data version, no per-role
    piece kept: roles.pieces): for tests that count a view's own queries. The cached path
    has its own tests."""
    settings.PMROLES_READ_CACHE = False


@pytest.fixture
def downloads_dir(settings, tmp_path):
    """A downloads storage of this test's own (roles/prepared.py keeps files there), so no
    test sees another's kept files."""
    settings.STORAGES = {
        **settings.STORAGES,
        "downloads": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "downloads")},
        },
    }
    return tmp_path / "downloads"


@pytest.fixture
def big_maps(sample, settings, downloads_dir):
    """The sample with every map counting as big: whole-map downloads are prepared in the
    background (roles/prepared.py). The build runs in a thread of its own that reads what
    is committed, so the modules that use this are transactional."""
    settings.PMROLES_PREPARE_ABOVE_PARTS = 0
    return sample


@pytest.fixture
def reference_map(db):
    return RoleMapFactory()


@pytest.fixture
def dataset(db) -> dict:
    """`generate_dataset(1)` (tests/world_scale.py) in the default map: built once, then
    written back for each test like the sample (tests/snapshot.py). The map is made in the
    recorded build, so the rows written back always point at a map written back with them (on
    PostgreSQL a map made outside it would get a new id in every test)."""
    from tests.world_scale import generate_dataset

    def build() -> dict:
        RoleMapFactory()
        return generate_dataset(1)

    return built_once("dataset", build)


@pytest.fixture
def api_client():
    """An APIClient whose every response is checked against the published schema."""
    from tests.api.api_support import SchemaCheckingClient

    return SchemaCheckingClient()


@pytest.fixture
def editor(db):
    """A user with add/change/delete permission on every API model, and a token."""
    from types import SimpleNamespace

    from django.contrib.auth.models import Permission
    from rest_framework.authtoken.models import Token

    from api.tokens import issue
    from tests.factories import UserFactory

    user = UserFactory(username="editor")
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["roles", "responsibilities"],
            codename__regex=r"^(add|change|delete)_",
        ).exclude(codename__contains="historical")
    )
    # Tokens are stored hashed (api/tokens.py): keep the key handed out, as a client would.
    user.token = SimpleNamespace(key=issue(user), stored=Token.objects.get(user=user))
    return user


@pytest.fixture
def editor_client(api_client, editor):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {editor.token.key}")
    return api_client


@pytest.fixture
def staff_editor(db):
    """A superuser for admin tests (the API's `editor` has model permissions only)."""
    from tests.factories import UserFactory

    return UserFactory(username="staff_editor", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_editor_client(client, staff_editor):
    client.force_login(staff_editor)
    return client


@pytest.fixture(scope="module")
def reference_data_once(django_db_setup, django_db_blocker):
    """The reference fixture loaded once for a module whose tests only read it.

    Loading it takes seconds (history rows for every object); a module that only reads it
    loads it once in an outer transaction, each test runs in a savepoint inside it as usual,
    and the outer transaction is rolled back when the module is done, so no other module
    sees the data.
    """
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        load_reference()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def pytest_collection_modifyitems(items):
    """Transactional tests never use serialized_rollback. Their flush re-creates content
    types and permissions under new ids, and a serialized reload after another module's
    flush then clashes with those (a unique-constraint error at setup, depending on order).
    A transactional test that needs rows a data migration made (groups) creates them."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: serialized_rollback is not used here (see tests/conftest.py)"
            )


def _selects_schemathesis(config) -> bool:
    """Whether the run's marker expression selects the Schemathesis tests."""
    markexpr = config.getoption("markexpr", "")
    if not markexpr:
        return True
    from _pytest.mark.expression import Expression

    def marked(name, /, **kwargs):
        return name in ("schemathesis", "django_db")

    return bool(Expression.compile(markexpr).evaluate(marked))


def pytest_configure(config):
    """Schemathesis's plugin is left unloaded by default (pyproject.toml addopts): without it
    its module would quietly collect a fraction of its tests."""
    markexpr = config.getoption("markexpr", "")
    if (
        markexpr
        and _selects_schemathesis(config)
        and not config.pluginmanager.has_plugin("schemathesis")
    ):
        raise pytest.UsageError(
            "the Schemathesis tests need its plugins: add `-p schemathesis -p hypothesispytest`"
        )


def pytest_ignore_collect(collection_path, config):
    """The Schemathesis module is left uncollected when its marker is deselected (the default
    `-m 'not schemathesis'`, pyproject.toml): collecting it generates every operation's
    test, seconds of CPU for tests that would be deselected right after."""
    if collection_path.name != "test_api_schemathesis.py":
        return None
    return not _selects_schemathesis(config) or None
