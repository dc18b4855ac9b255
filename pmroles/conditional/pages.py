"""Pages answer anonymous reloads from the data version: 304 or a stored body, no work.

`cached_page` wraps the public page views (web/urls.py): see reads.py for the
key, what is stored and who takes this path. Pages send `ETag` (a hash of the body) and
`Last-Modified` (when the data last changed) to anonymous readers, and honour
`If-None-Match` and `If-Modified-Since`.
"""

from __future__ import annotations

from functools import wraps

from . import etags
from .reads import Read, anonymous_by_headers, enabled


def cached_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            request.method not in ("GET", "HEAD")
            or not enabled()
            or not anonymous_by_headers(request)
        ):
            return view(request, *args, **kwargs)
        read = Read(request, layer="web")
        early = read.not_modified(with_last_modified=True) or read.cached_response(
            with_last_modified=True
        )
        if early is not None:
            return early
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or getattr(response, "streaming", False):
            return response
        etag = etags.for_bytes(response.content, response.get("Content-Type", ""))
        response["ETag"] = etag
        response["Last-Modified"] = read.last_modified
        read.store(response, etag)
        if etags.matches(request.headers.get("If-None-Match"), etag):
            return read.not_modified(with_last_modified=True) or response
        return response

    return wrapper
