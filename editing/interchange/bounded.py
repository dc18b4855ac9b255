"""Import files read within bounds: a size cap, YAML without anchors or aliases, duplicate
keys refused in JSON and YAML with where they are (issue 17, finding 4).

A 417-byte YAML file whose aliases expand to billions of nodes ("billion laughs") ran for
80 s and reached 3.1 GB before being refused; a 50 MB CSV was read and checked whole; a key
written twice in one JSON or YAML mapping silently kept the last value. An import file is a
plain document: it has no use for anchors, aliases or repeated keys, so each is refused with
its line and column before anything is built from it.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
from typing import Any

import yaml
from django.conf import settings

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class BoundsError(ValueError):
    """The file is refused as a whole; the message says why and where."""


def max_bytes() -> int:
    """PMROLES_IMPORT_MAX_BYTES (settings, from the environment): the largest import file."""
    return int(getattr(settings, "PMROLES_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def refuse_oversized(size: int) -> None:
    limit = max_bytes()
    if size > limit:
        raise BoundsError(
            f"the file is {size:,} bytes, over the import limit of {limit:,} bytes "
            "(PMROLES_IMPORT_MAX_BYTES); split it or ask an operator to raise the limit."
        )


# --- YAML ---------------------------------------------------------------------------------


def _at(mark) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


class PlainSafeLoader(yaml.SafeLoader):
    """SafeLoader without anchors, aliases or repeated keys."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise BoundsError(
                f"{_at(event.start_mark)}: an alias (*{event.anchor}) repeats another part of "
                "the file; import files may not use anchors or aliases, write the values out."
            )
        if getattr(event, "anchor", None):
            raise BoundsError(
                f"{_at(event.start_mark)}: an anchor (&{event.anchor}); import files may not "
                "use anchors or aliases, write the values out."
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: set = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                if isinstance(key, list | dict):
                    continue  # the base class refuses unhashable keys with its own message
                if key in seen:
                    raise BoundsError(
                        f"{_at(key_node.start_mark)}: the key '{key}' appears twice in one "
                        "mapping; keep one."
                    )
                seen.add(key)
        return super().construct_mapping(node, deep)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=PlainSafeLoader)  # noqa: S506  # a SafeLoader subclass


# --- JSON ---------------------------------------------------------------------------------


def _position(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


# json's undocumented, untyped building blocks for a decoder that sees each object's pairs.
_JSON_OBJECT = getattr(json.decoder, "JSONObject")  # noqa: B009
_PY_MAKE_SCANNER = getattr(json.scanner, "py_make_scanner")  # noqa: B009


def load_json(text: str) -> Any:
    """json.loads, refusing a key written twice in one object, with the second one's place."""
    decoder = json.JSONDecoder(object_pairs_hook=list)

    def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):
        start = s_and_end[1]
        pairs, end = _JSON_OBJECT(
            s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo
        )
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                # The second occurrence of the key, as written, inside this object.
                quoted = json.dumps(key)
                first = text.find(quoted, start, end)
                second = text.find(quoted, first + 1, end) if first >= 0 else -1
                where = _position(text, second if second >= 0 else start)
                raise BoundsError(
                    f"{where}: the key '{key}' appears twice in one object; keep one."
                )
            seen.add(key)
        return dict(pairs), end

    # The pure-Python scanner calls the decoder's parse_object (the C one does not).
    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = _PY_MAKE_SCANNER(decoder)  # type: ignore[attr-defined]
    return decoder.decode(text)
