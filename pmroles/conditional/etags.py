"""The one ETag scheme, and the one parser of If-None-Match / If-Match headers.

A tag is a strong ETag: the first 40 hex digits of the SHA-256 of the media type, a newline
and the representation's bytes. A page hashes its rendered HTML. A JSON API answer hashes its
data in canonical JSON (sorted keys, no spaces) under `application/json`, not the bytes sent,
so a detail GET and the If-Match check on PUT/PATCH/DELETE agree whatever indentation the
client asked for; other API formats (CSV, Markdown) hash their rendered bytes. Headers are
split on commas and compared weakly (a `W/` prefix is ignored), as If-None-Match asks; `*`
matches any current representation, also inside a list (`"abc", *`), which Django's
parse_etags would drop (an If-Match naming `*` is refused as naming no version).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from rest_framework.utils.encoders import JSONEncoder

JSON = "application/json"


def for_bytes(content: bytes, media_type: str) -> str:
    digest = hashlib.sha256(media_type.encode() + b"\n" + content).hexdigest()[:40]
    return f'"{digest}"'


def for_data(data: Any) -> str:
    canonical = json.dumps(data, cls=JSONEncoder, sort_keys=True, separators=(",", ":"))
    return for_bytes(canonical.encode(), JSON)


def for_stream(key: str) -> str:
    """A streamed download's tag: weak, from its stored-answer key (the data version it read
    and its address), since its bytes are never held to be hashed; equal tags mean the
    same content, not necessarily the same bytes (a workbook's zip)."""
    return f'W/"{hashlib.sha256(key.encode()).hexdigest()[:40]}"'


def parse(header: str | None) -> set[str]:
    """The entity tags of an If-None-Match or If-Match header (weak ones without `W/`)."""
    if not header:
        return set()
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def is_wildcard(header: str) -> bool:
    return "*" in parse(header)


def matches(header: str | None, etag: str) -> bool:
    tags = parse(header)
    return "*" in tags or etag.removeprefix("W/") in tags
