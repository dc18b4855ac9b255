"""Import files are read within bounds (issue 17, finding 4).

The 417-byte "billion laughs" YAML ran for 80 s and reached 3.1 GB before it was refused;
a 50 MB CSV was read and checked whole and answered with 171,084 problems; a key written
twice in a JSON or YAML mapping silently kept its last value.
"""

import json
import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from editing.interchange import FormatError, check, load
from tests.editing.interchange_helpers import export_text, snapshot
from tests.factories import small_role_map

pytestmark = pytest.mark.django_db

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_refused_within_bounds(tmp_path, reference_map):
    """GIVEN the classic alias bomb (342 bytes here, the audit's variant 417; 9^9 nodes)
    WHEN import_roles reads it
    THEN it is refused (a non-zero exit naming the anchor and its place), in under 2 s of
    wall time and 100 MB of allocations (the issue's bound, generous by orders of magnitude:
    refusing the first anchor allocates a few kilobytes)."""
    assert len(BILLION_LAUGHS.encode()) < 417
    path = tmp_path / "laughs.yaml"
    path.write_text(BILLION_LAUGHS)
    before = snapshot()
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(CommandError, match=r"line 1, column 4: an anchor \(&a\)"):
        call_command("import_roles", str(path))
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 2 and peak < 100 * 1024 * 1024, (elapsed, peak)
    assert snapshot() == before


def test_billion_laughs_through_the_admin_is_a_problem_listed(staff_editor_client, reference_map):
    upload = SimpleUploadedFile("laughs.yaml", BILLION_LAUGHS.encode())
    response = staff_editor_client.post(reverse("admin:roles_rolemap_import"), {"file": upload})
    assert response.status_code == 200
    assert "anchors or aliases" in response.content.decode()


def test_an_alias_alone_is_refused():
    with pytest.raises(FormatError, match=r"line 1, column 1: an alias \(\*x\)"):
        load("*x", "yaml")


@pytest.mark.parametrize(
    ("text", "fmt", "where"),
    [
        ('{"map": {"slug": "a",\n "slug": "b"}}', "json", "line 2, column 2: the key 'slug'"),
        ("map:\n  slug: a\n  slug: b\n", "yaml", "line 3, column 3: the key 'slug'"),
        ('{"format": 1, "format": 2}', "json", "line 1, column 15: the key 'format'"),
    ],
)
def test_a_key_twice_in_one_mapping_is_refused_with_its_place(text, fmt, where):
    with pytest.raises(FormatError, match=where):
        load(text, fmt)


def test_the_same_key_in_different_mappings_is_fine():
    assert load('[{"slug": "a"}, {"slug": "b"}]', "json") == [{"slug": "a"}, {"slug": "b"}]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, settings, db):
    settings.PMROLES_IMPORT_MAX_BYTES = 1000
    path = tmp_path / "big.csv"
    path.write_text("section,key,field,value\n" + "roles,x,name,y\n" * 200)
    with pytest.raises(CommandError, match="over the import limit of 1,000 bytes"):
        call_command("import_roles", str(path))


def test_an_upload_over_the_size_limit_is_refused(staff_editor_client, settings, reference_map):
    settings.PMROLES_IMPORT_MAX_BYTES = 1000
    upload = SimpleUploadedFile("big.json", b"{" + b" " * 2000 + b"}")
    response = staff_editor_client.post(reverse("admin:roles_rolemap_import"), {"file": upload})
    assert "over the import limit of 1,000 bytes" in response.content.decode()


def test_a_large_broken_file_lists_100_problems_and_counts_the_rest(reference_map, tmp_path):
    """GIVEN a valid export with 250 roles that each break a rule (a blank name)
    WHEN it is checked
    THEN 100 problems are listed and one more line says how many were left out."""
    small_role_map(reference_map)
    document = json.loads(export_text())
    role = document["roles"][0]
    document["roles"] = [{**role, "slug": f"r-{i}", "name": ""} for i in range(250)]
    _, problems = check(document)
    assert len(problems) == 101
    assert str(problems[-1]).endswith("more problems not listed; fix these first.")
    listed = sum(1 for p in problems[:100] if p.location.startswith("roles["))
    assert listed == 100
    more = int(str(problems[-1]).split(": ")[1].split()[0].replace(",", ""))
    assert more >= 150
