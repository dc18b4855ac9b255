"""Headers Django does not send itself: Permissions-Policy, and X-Frame-Options on static files.

Sits before whitenoise (see settings), so static files get these too; SecurityMiddleware
and django-csp's middleware, also before whitenoise, add the rest.
"""

from django.conf import settings


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        # XFrameOptionsMiddleware sits after whitenoise; frame-ancestors covers new
        # browsers, this the old ones, for every response.
        if not getattr(response, "xframe_options_exempt", False):
            response.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response
