"""The project's URLs under /prefixed/: tests/test_page_links.py checks that a changed
URLconf is not answered from memoised addresses."""

from django.urls import include, path

urlpatterns = [path("prefixed/", include("pmroles.urls"))]
