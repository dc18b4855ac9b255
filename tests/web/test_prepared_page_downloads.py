"""The matrix page's whole-map downloads of a big map (roles/prepared.py): a page saying
the file is being prepared (202, checking again by itself), then the kept file, the same
bytes as a small map's streamed download.

"Big" is lowered to the sample's size (PMROLES_PREPARE_ABOVE_PARTS); the modules run the
real build thread, so their data is committed (transactional tests).
"""

import io

import pytest
from openpyxl import load_workbook

from responsibilities.models import Assignment
from roles.prepared import wait_for_builds
from tests.responses import body_of

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 60


def _streamed(client, settings, url) -> bytes:
    """What the download is when streamed (a small map's way)."""
    limit = settings.PMROLES_PREPARE_ABOVE_PARTS
    settings.PMROLES_PREPARE_ABOVE_PARTS = 10**9
    try:
        response = client.get(url)
        assert response.status_code == 200
        return body_of(response)
    finally:
        settings.PMROLES_PREPARE_ABOVE_PARTS = limit


def test_a_big_map_says_its_csv_is_being_prepared_then_serves_it(client, big_maps, settings):
    """GIVEN a map too big to write while the reader waits WHEN its CSV is asked for
    THEN the page says it is being prepared and checks again by itself; once written, the
    same address serves the file, the same bytes as the streamed download."""
    url = "/matrix/?format=csv"
    first = client.get(url)
    assert first.status_code == 202
    assert first["Retry-After"] == "3" and "no-store" in first["Cache-Control"]
    html = first.content.decode()
    assert "Preparing your download" in html
    parts = Assignment.objects.filter(role_map__slug="reference").count()
    assert f"has {parts} parts" in html
    # Without scripts the page reloads itself; with them it asks quietly (preparing.js).
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert 'data-url="/matrix/?format=csv" data-wait="3"' in html
    assert 'href="/matrix/?format=csv">Check now</a>' in html
    assert wait_for_builds(TIMEOUT)
    # A HEAD (what the page's script sends) answers the status without the file.
    head = client.head(url)
    assert head.status_code == 200 and body_of(head) == b""
    ready = client.get(url)
    assert ready.status_code == 200
    assert ready["Content-Disposition"] == 'attachment; filename="raci-matrix.csv"'
    assert ready["Content-Type"] == "text/csv; charset=utf-8"
    body = body_of(ready)
    assert int(ready["Content-Length"]) == len(body)
    assert body == _streamed(client, settings, url)
    # A reload with its tag is a 304, as for a streamed download.
    assert client.get(url, HTTP_IF_NONE_MATCH=ready["ETag"]).status_code == 304


@pytest.mark.parametrize(
    ("url", "filename"),
    [
        ("/matrix/?format=csv&bom=1", "raci-matrix.csv"),
        ("/matrix/?format=csv&cells=letters", "raci-matrix-letters.csv"),
    ],
)
def test_each_csv_is_kept_on_its_own(client, big_maps, settings, url, filename):
    assert client.get(url).status_code == 202
    assert wait_for_builds(TIMEOUT)
    ready = client.get(url)
    assert ready["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert body_of(ready) == _streamed(client, settings, url)


@pytest.mark.parametrize(
    ("url", "sheets"),
    [
        ("/matrix/?format=xlsx", ["Matrix", "Evidence", "Health", "Legend", "About"]),
        ("/matrix/?format=xlsx&cells=letters", ["Matrix", "Legend", "About"]),
    ],
)
def test_a_big_maps_workbook_is_prepared_too(client, big_maps, url, sheets):
    first = client.get(url)
    assert first.status_code == 202 and "spreadsheet" in first.content.decode()
    assert wait_for_builds(TIMEOUT)
    ready = client.get(url)
    assert ready.status_code == 200
    assert ready["Content-Disposition"].startswith('attachment; filename="raci-matrix-reference')
    book = load_workbook(io.BytesIO(body_of(ready)), read_only=True)
    assert book.sheetnames == sheets


def test_a_change_to_the_map_prepares_a_new_file(client, big_maps):
    url = "/matrix/?format=csv"
    client.get(url)
    assert wait_for_builds(TIMEOUT)
    before = body_of(client.get(url))
    part = Assignment.objects.filter(
        role_map__slug="reference", responsibility__kind="responsibility"
    ).first()
    part.rationale = "A rationale written after the first download."
    part.save()
    assert client.get(url).status_code == 202  # never the old file for the new version
    assert wait_for_builds(TIMEOUT)
    after = body_of(client.get(url))
    assert after != before and b"A rationale written after the first download." in after


def test_a_failed_preparation_says_so_plainly(client, big_maps, settings, tmp_path):
    """GIVEN storage that cannot be written (a file where its folder should be)
    WHEN the download is prepared THEN the page says it could not be, with a 503 and when
    to ask again, and no error reaches the reader as a traceback."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "downloads": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker / "downloads")},
        },
    }
    url = "/matrix/?format=csv"
    assert client.get(url).status_code == 202
    assert wait_for_builds(TIMEOUT)
    failed = client.get(url)
    assert failed.status_code == 503 and failed["Retry-After"] == "60"
    html = failed.content.decode()
    assert "The download could not be prepared" in html and "Traceback" not in html
    assert 'data-wait="60"' in html and "asks again by itself in a minute" in html


def test_a_small_map_is_still_streamed_at_once(client, sample, settings):
    settings.PMROLES_PREPARE_ABOVE_PARTS = 10**6
    response = client.get("/matrix/?format=csv")
    assert response.status_code == 200 and response.streaming


def test_parameters_that_do_not_change_the_file_share_one(client, api_client, big_maps):
    """GIVEN the same download asked for with other parameters the file does not depend on
    (and the CSV through the API) WHEN prepared THEN one file is written for them all, so
    a new query string cannot make the server write again."""
    from roles.models import PreparedDownload

    # Each build is let finish before the next request: the tests' in-memory SQLite locks a
    # whole table against a write from another connection and fails at once (PostgreSQL
    # and a SQLite file wait their turn), and a build writes its row from its own thread.
    assert client.get("/matrix/?format=xlsx").status_code == 202
    assert wait_for_builds(TIMEOUT)
    assert client.get("/matrix/?format=xlsx&page=2&gaps=1").status_code == 200  # the same file
    assert client.get("/matrix/?format=csv").status_code == 202
    assert wait_for_builds(TIMEOUT)
    assert api_client.get("/api/v1/matrix/?format=csv").status_code == 200
    assert PreparedDownload.objects.count() == 2  # the workbook and the CSV
    book = load_workbook(
        io.BytesIO(body_of(client.get("/matrix/?format=xlsx&area=x&page=3"))), read_only=True
    )
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert any(str(value).endswith("/matrix/?format=xlsx") for value in about.values()), about
    assert api_client.get("/api/v1/matrix/?format=csv").status_code == 200
