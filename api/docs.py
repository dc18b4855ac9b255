"""The Swagger UI page with the site's own security headers.

drf-spectacular sends `Cross-Origin-Opener-Policy: unsafe-none` from its Swagger view so
that OAuth2 login pop-ups can talk back to it. This API has no OAuth2, so the docs page
gets whatever every other page gets (SecurityMiddleware's policy).
"""

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView


class SwaggerView(SpectacularSwaggerSplitView):
    """The split view: its set-up script comes from its own address (`?script=`), so the
    page needs no inline script under the strict Content-Security-Policy."""

    @extend_schema(exclude=True)  # the page itself is not an API operation
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if response.has_header("Cross-Origin-Opener-Policy"):
            del response["Cross-Origin-Opener-Policy"]
        return response
