from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from pmroles.health import health


class FaviconView(RedirectView):
    """Browsers ask /favicon.ico whatever the page says; send them to the static icon
    (resolved per request, so the hashed name of the production storage is used)."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


urlpatterns = [
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("", include("web.urls")),
]

# JSON for addresses under /api/, the site's pages elsewhere (pmroles.errors); a database
# error raised outside a view is a 503, not a 500 (pmroles.middleware.database).
handler400 = "pmroles.errors.bad_request"
handler403 = "pmroles.errors.permission_denied"
handler404 = "pmroles.errors.page_not_found"
handler500 = "pmroles.middleware.database.server_error"
