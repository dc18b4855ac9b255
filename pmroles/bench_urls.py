"""Benchmark only (pmroles.settings.bench): the site's URLs plus the bare view."""

from django.urls import path

from pmroles.benchtools import bare
from pmroles.urls import urlpatterns as site

urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *site]
