"""The API's one body parser: DRF's JSON parser, refusing bodies nested too deeply.

Python's json module recurses once per level; a 1 MiB body of `[[[[...` would exhaust the
stack (RecursionError, a 500) where DRF only catches ValueError. No body this API accepts
is more than a few levels deep, so anything past MAX_DEPTH is a 400.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32


def _too_deep(data, limit: int) -> bool:
    stack = [(data, 1)]
    children: Iterable[Any]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        too_deep = ParseError(f"JSON parse error - nested more than {MAX_DEPTH} levels deep.")
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise too_deep from None
        if _too_deep(data, MAX_DEPTH):
            raise too_deep
        return data
