"""A prepared download's kept file as a response, for the page and the API alike
(roles/prepared.py keeps it; web/downloads.py and api/prepared.py answer with it)."""

from __future__ import annotations

from django.http import FileResponse

from roles.models import PreparedDownload
from roles.prepared import open_ready


def kept_file(download: PreparedDownload) -> FileResponse:
    """The file as an attachment under its name and type, its length known (the server
    sends it with sendfile where it can)."""
    return FileResponse(
        open_ready(download),
        as_attachment=True,
        filename=download.filename,
        content_type=download.content_type,
    )
