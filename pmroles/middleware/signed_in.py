"""Django's AuthenticationMiddleware, with a remembered reader for GETs with a session.

request.user stays lazy, as Django's is; for a GET or HEAD with a session cookie it comes
from pmroles.conditional.signed_in (the user's row and maps, kept while `readers` and `all`
stand still), every other request takes Django's get_user.
"""

from __future__ import annotations

from django.contrib.auth.middleware import AuthenticationMiddleware
from django.utils.functional import SimpleLazyObject

from pmroles.conditional import signed_in


class SignedInReaderMiddleware(AuthenticationMiddleware):
    def process_request(self, request):
        super().process_request(request)
        if signed_in.remembers(request):
            request.user = SimpleLazyObject(lambda: signed_in.user_for(request))
