"""Text renderers for the computed endpoints; the view hands them ready-made text."""

from rest_framework.renderers import BaseRenderer


class _TextRenderer(BaseRenderer):
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return str(data).encode(self.charset)


class CSVRenderer(_TextRenderer):
    media_type = "text/csv"
    format = "csv"


class MarkdownRenderer(_TextRenderer):
    media_type = "text/markdown"
    format = "md"
