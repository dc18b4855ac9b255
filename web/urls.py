from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("roles/<slug:slug>/", views.role_detail, name="role-detail"),
    path("compare/", views.compare, name="compare"),
    path("matrix/", views.matrix, name="matrix"),
    path("finder/", views.finder, name="finder"),
    path("search/", views.search, name="search"),
    path(
        "responsibilities/<slug:slug>/",
        views.responsibility_detail,
        name="responsibility-detail",
    ),
    path("sources/", views.source_list, name="source-list"),
    path("sources/<int:pk>/", views.source_detail, name="source-detail"),
    path("method/", views.method, name="method"),
    path("disputes/", views.dispute_list, name="dispute-list"),
    path("disputes/<slug:slug>/", views.dispute_detail, name="dispute-detail"),
]
