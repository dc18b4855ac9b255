from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("", include("web.urls")),
]

# JSON for addresses under /api/, the site's pages elsewhere (pmroles.errors).
handler400 = "pmroles.errors.bad_request"
handler403 = "pmroles.errors.permission_denied"
handler404 = "pmroles.errors.page_not_found"
handler500 = "pmroles.errors.server_error"
