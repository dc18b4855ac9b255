"""Mounted under /api/v1/ before the main API, so these paths win over any router match."""

from django.urls import path

from .views import RESOURCES, history_view

app_name = "api_history"

urlpatterns = [
    path(
        f"{resource}/<str:lookup>/history/",
        history_view(model, lookup_field),
        name=f"{resource}-history",
    )
    for resource, (model, lookup_field) in RESOURCES.items()
]
