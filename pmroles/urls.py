from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("", include("web.urls")),
]

# A database error raised outside a view still answers 503, not 500 (see the module).
handler500 = "pmroles.middleware.database.server_error"
