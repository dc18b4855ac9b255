from django.urls import path

from pmroles.conditional.pages import (
    cached_page,
    reads_compared_roles,
    reads_every_map,
    reads_evidence,
    reads_map_without_notes,
    reads_maps_list,
    reads_role,
)

from . import views

app_name = "web"

urlpatterns = [
    path("", cached_page(views.home, reads_map_without_notes), name="home"),
    path("roles/<slug:slug>/", cached_page(views.role_detail, reads_role), name="role-detail"),
    path("compare/", cached_page(views.compare, reads_compared_roles), name="compare"),
    path("matrix/", cached_page(views.matrix, reads_map_without_notes), name="matrix"),
    path("maps/compare/", cached_page(views.map_compare, reads_every_map), name="map-compare"),
    path(
        "maps/<slug:slug>/health/",
        cached_page(views.map_health_page, reads_every_map),
        name="map-health",
    ),
    path("finder/", cached_page(views.finder, reads_map_without_notes), name="finder"),
    path("search/", cached_page(views.search, reads_map_without_notes), name="search"),
    path(
        "responsibilities/<slug:slug>/",
        cached_page(views.responsibility_detail),
        name="responsibility-detail",
    ),
    path("sources/", cached_page(views.source_list), name="source-list"),
    path(
        "sources/<int:pk>/", cached_page(views.source_detail, reads_every_map), name="source-detail"
    ),
    path("method/", cached_page(views.method, reads_maps_list), name="method"),
    path("disputes/", cached_page(views.dispute_list, reads_evidence), name="dispute-list"),
    path(
        "disputes/<slug:slug>/",
        cached_page(views.dispute_detail, reads_evidence),
        name="dispute-detail",
    ),
]
