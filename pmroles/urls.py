from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("api_history.urls")),
    path("api/", include("api.urls")),
    path("", include("roles.urls")),
]
