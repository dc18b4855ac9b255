"""Gzip for production (pmroles.settings.prod): Django's, but cheaper for streamed downloads.

Django's GZipMiddleware does not buffer a streamed body: it compresses it piece by piece as
the pieces are read, so memory stays that of a piece. But it deflates at zlib's level 6,
and a streamed body here is a whole-map export: the scale-1 matrix CSV is 41 MiB of text,
which level 6 takes about 1 s of CPU to compress (as much as writing the CSV), level 1
0.25 s for a file a fifth larger (6 MiB instead of 5). So a streamed body is deflated at
level 1, and one that is compressed already (an XLSX workbook is a zip) is sent as it is.
Everything else (pages, JSON) goes through Django's middleware unchanged.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from gzip import GzipFile
from io import BytesIO

from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import patch_vary_headers

# Streamed bodies are deflated at this level (1 = fastest).
STREAM_LEVEL = 1
# Content types compressed already: gzip would only cost CPU.
COMPRESSED_TYPES = (
    "application/zip",
    "application/gzip",
    "application/vnd.openxmlformats-officedocument.",
)


def compress_stream(pieces: Iterable[bytes], *, max_random_bytes: int) -> Iterator[bytes]:
    """django.utils.text.compress_sequence at STREAM_LEVEL: each piece's compressed bytes
    are handed on as soon as zlib gives them, so nothing accumulates."""
    buffer = BytesIO()

    def taken() -> bytes:
        data = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return data

    # A file name of random length in the header, as Django pads its gzip output (BREACH).
    filename = b"a" * secrets.randbelow(max_random_bytes) if max_random_bytes else None
    with GzipFile(
        filename=filename, mode="wb", compresslevel=STREAM_LEVEL, fileobj=buffer, mtime=0
    ) as zfile:
        yield taken()  # the header
        for piece in pieces:
            zfile.write(piece)
            data = taken()
            if data:
                yield data
    yield taken()


class GZipMiddleware(DjangoGZipMiddleware):
    def process_response(self, request, response):
        if not response.streaming or response.is_async:
            return super().process_response(request, response)
        if response.has_header("Content-Encoding"):
            return response
        if response.get("Content-Type", "").startswith(COMPRESSED_TYPES):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        response.streaming_content = compress_stream(
            response.streaming_content, max_random_bytes=self.max_random_bytes
        )
        del response.headers["Content-Length"]
        # A strong ETag names the uncompressed body: weak, as Django's middleware makes it.
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response
