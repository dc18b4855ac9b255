"""Small security helpers the settings point at."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address, trusting X-Forwarded-For only as far as NUM_PROXIES says.

    The same rule as the API throttles (DRF's NUM_PROXIES): with no proxy configured a
    forged header changes nothing, so no one escapes a login lockout by sending one.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies: int = settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return remote
