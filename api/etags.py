"""Strong ETags for GET responses and If-Match preconditions for writes.

A JSON response's tag hashes its data (not its bytes), so a detail GET and the If-Match
check on PUT/PATCH/DELETE agree whatever indentation the client asked for. Other formats
(CSV, Markdown) hash the rendered bytes together with their media type.
"""

from __future__ import annotations

import hashlib
import json

from django.http import HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from rest_framework.utils.encoders import JSONEncoder


def for_data(data) -> str:
    canonical = json.dumps(data, cls=JSONEncoder, sort_keys=True, separators=(",", ":"))
    return '"' + hashlib.sha256(canonical.encode()).hexdigest()[:40] + '"'


def for_bytes(content: bytes, media_type: str) -> str:
    digest = hashlib.sha256(media_type.encode() + b"\n" + content).hexdigest()[:40]
    return f'"{digest}"'


def _tags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def is_wildcard(header: str) -> bool:
    return "*" in _tags(header)


def matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    tags = _tags(header)
    return "*" in tags or etag in tags


def conditional(request, response):
    """Tag a successful GET/HEAD response; answer 304 when the client already has it."""
    renderer = getattr(response, "accepted_renderer", None)
    if renderer is not None and renderer.format == "json":
        etag = for_data(response.data)
    else:
        response.render()
        etag = for_bytes(response.content, response.get("Content-Type", ""))
    response["ETag"] = etag
    patch_vary_headers(response, ("Accept",))
    if matches(request.headers.get("If-None-Match"), etag):
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = etag
        patch_vary_headers(not_modified, ("Accept",))
        return not_modified
    return response
