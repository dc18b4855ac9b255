"""A URLconf with views that raise the domain's InputError and catch nothing, for the tests
that the one place per layer (web.errors, api.errors) turns it into a 400."""

from django.http import HttpResponse
from django.urls import include, path
from rest_framework.views import APIView

from api.base import ApiViewMixin
from roles.inputs import InputError
from web.errors import error_page


def plain(request):
    raise InputError("Unknown widget “x”.", field="widget")


def own_error(request, error):
    return HttpResponse(f"Our form, saying: {error.message}", status=400)


@error_page(own_error)
def with_form(request):
    raise InputError("Unknown gadget “y”.", field="gadget")


class Raising(ApiViewMixin, APIView):
    authentication_classes = []
    permission_classes = []

    def get(self, request):
        raise InputError("Unknown widget “x”.", field="widget")


urlpatterns = [
    path("plain/", plain),
    path("with-form/", with_form),
    path("api/raising/", Raising.as_view()),
    path("", include("pmroles.urls")),
]
