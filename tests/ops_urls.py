"""The project's URLs plus one view that fails, to see the headers on a real 500."""

from django.urls import path

from pmroles.urls import handler500  # noqa: F401
from pmroles.urls import urlpatterns as project_urls


def broken(request):
    raise RuntimeError("a bug, on purpose")


urlpatterns = [path("ops-test/broken/", broken), *project_urls]
