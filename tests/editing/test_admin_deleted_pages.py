"""The admin's "Deleted …" pages render whatever was deleted with what (issue 17, finding 6).

A role deleted with its assignments left assignment history rows whose name needs the role
(`Assignment.__str__`): the page of deleted assignments was a 500, exactly when an editor
needed it to undo the deletion.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from editing.admin_base import EditorAdmin
from responsibilities.models import Area, Dispute, Quote, Responsibility, Source
from roles.models import Contrast, Role
from tests.editing.admin_helpers import form_data

pytestmark = pytest.mark.django_db


def test_every_deleted_page_renders_after_cascading_deletions(staff_editor_client, disputes):
    """GIVEN the sample world with disputes, variants and contrasts
    WHEN every role, dispute, contrast and responsibility is deleted (their assignments,
    variants and positions go with them), then the quotes, sources and areas left
    THEN every model's "Deleted" page answers 200 and names the assignments by the role and
    responsibility they had."""
    Contrast.objects.all().delete()
    Dispute.objects.all().delete()
    Role.objects.all().delete()
    Responsibility.objects.all().delete()
    Quote.objects.all().delete()
    Source.objects.all().delete()
    Area.objects.all().delete()

    pages = {}
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, EditorAdmin):
            opts = model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_deleted")
            pages[opts.label] = staff_editor_client.get(url)
    assert {label: r.status_code for label, r in pages.items()} == dict.fromkeys(pages, 200)
    rows = pages["responsibilities.Assignment"].context["rows"]
    assert rows, "the cascaded assignments are listed"
    labels = {row["label"] for row in rows}
    assert any(label.startswith("Product Manager — ") for label in labels), labels
    assert all(row["restore_url"] for row in rows)


def test_opening_a_cascaded_assignment_is_not_a_server_error(staff_editor_client, sample):
    """GIVEN a role deleted with its assignments
    WHEN an editor opens one of them from the Deleted page
    THEN they are sent back to the Deleted page with a sentence naming the role to restore
    first; once the role is restored, the assignment's last version opens (200)."""
    Role.objects.filter(slug="product-manager").delete()
    listing = staff_editor_client.get(reverse("admin:responsibilities_assignment_deleted"))
    restore_url = listing.context["rows"][0]["restore_url"]
    response = staff_editor_client.get(restore_url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:responsibilities_assignment_deleted")
    (message,) = [str(m) for m in response.context["messages"]]
    assert "its role “Product Manager”" in message and "restore it first" in message

    role_rows = staff_editor_client.get(reverse("admin:roles_role_deleted")).context["rows"]
    role_form = staff_editor_client.get(role_rows[0]["restore_url"])
    assert (
        staff_editor_client.post(role_rows[0]["restore_url"], form_data(role_form)).status_code
        == 302
    )
    assert staff_editor_client.get(restore_url).status_code == 200
