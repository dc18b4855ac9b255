"""Helpers for reading test clients' responses."""


def body_of(response) -> bytes:
    """A response's bytes, streamed (a kept file, a streamed CSV) or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content
