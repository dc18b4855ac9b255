"""/api/: the schema, its two viewers, and v1 resources and computed endpoints.

Detail routes match `<slug>/` or `<id>/` only, so `/api/v1/<resource>/<slug or id>/history/`
stays free for the version history (api.history), whose path parameter is named the same.
"""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.routers import DefaultRouter

from . import computed, history, map_compare, map_health, viewsets
from .docs import SwaggerView

app_name = "api"

router = DefaultRouter()
router.register("maps", viewsets.RoleMapViewSet, basename="map")
router.register("roles", viewsets.RoleViewSet, basename="role")
router.register("areas", viewsets.AreaViewSet, basename="area")
router.register("responsibilities", viewsets.ResponsibilityViewSet, basename="responsibility")
router.register("assignments", viewsets.AssignmentViewSet, basename="assignment")
router.register("sources", viewsets.SourceViewSet, basename="source")
router.register("quotes", viewsets.QuoteViewSet, basename="quote")
router.register("disputes", viewsets.DisputeViewSet, basename="dispute")

v1 = [
    path("maps/compare/", map_compare.MapCompareView.as_view(), name="maps-compare"),
    path("maps/<slug:slug>/health/", map_health.MapHealthView.as_view(), name="maps-health"),
    path("maps/<slug:slug>/export.xlsx", map_health.MapExportView.as_view(), name="maps-export"),
    path("compare/", computed.CompareView.as_view(), name="compare"),
    path("matrix/", computed.MatrixView.as_view(), name="matrix"),
    path("finder/", computed.FinderView.as_view(), name="finder"),
    *(
        path(
            f"{resource}/<str:{lookup_field}>/history/",
            history.history_view(resource, model, lookup_field),
            name=f"{resource}-history",
        )
        for resource, (model, lookup_field) in history.RESOURCES.items()
    ),
    path("", include(router.urls)),
]

# Redoc's bundle writes two <style> elements before it can be handed the nonce (an empty one,
# and perfect-scrollbar's fixed CSS); the policy allows exactly those two by their hashes,
# for this page only. A new Redoc (drf-spectacular-sidecar) may need new hashes:
# tests/browser/test_browser_csp.py reports any refusal with the hash Chromium wants.
REDOC_STYLE_HASHES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",  # "" (empty <style>)
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",  # perfect-scrollbar
]
redoc_view = csp_update({"style-src": REDOC_STYLE_HASHES})(
    SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Both viewers without inline script or style (a strict Content-Security-Policy): the
    # split view serves Swagger's set-up script from its own address (`?script=`), Redoc
    # starts from static/js/redoc-init.js.
    path(
        "docs/",
        SwaggerView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    path("redoc/", redoc_view, name="redoc"),
    path("v1/", include(v1)),
]
