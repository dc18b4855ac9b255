"""Django's AuthenticationMiddleware, with a remembered reader for GETs with a session.

request.user stays lazy, as Django's is; for a GET or HEAD with a session cookie it comes
from pmroles.conditional.signed_in (the user's row, permissions and maps, kept while
`readers` and `all` stand still), every other request takes Django's get_user.
"""

from __future__ import annotations

from django.contrib.auth.middleware import AuthenticationMiddleware
from django.utils.functional import SimpleLazyObject, empty

from pmroles.conditional import signed_in


class SignedInReaderMiddleware(AuthenticationMiddleware):
    def process_request(self, request):
        super().process_request(request)
        if signed_in.remembers(request):
            request.user = SimpleLazyObject(lambda: signed_in.user_for(request))

    def process_response(self, request, response):
        # Only a user this request read (a stored answer never reads one).
        user = getattr(request, "user", None)
        if isinstance(user, SimpleLazyObject) and user._wrapped is not empty:
            signed_in.remember_permissions(user._wrapped)
        return response
