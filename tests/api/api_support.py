"""Helpers for the API tests: an APIClient that checks the schema.

Every response the `api_client` fixture receives is checked against the OpenAPI schema
the API publishes: the status code must be documented for that operation, and a JSON
body must validate against the documented schema (OpenAPI 3.1 = JSON Schema 2020-12).
"""

from __future__ import annotations

import json
import re
from functools import cache
from urllib.parse import parse_qsl, urlencode

import jsonschema_rs
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework.test import APIClient


@cache
def api_schema() -> dict:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema, renderer_context={}))


@cache
def _operations() -> list[tuple[re.Pattern, str]]:
    routes = []
    # Literal paths first: /maps/compare/ is its own operation, not /maps/{slug}/.
    for template in sorted(api_schema()["paths"], key=lambda t: t.count("{")):
        pattern = re.sub(
            r"\{[^}]+\}", "[^/]+", re.escape(template).replace(r"\{", "{").replace(r"\}", "}")
        )
        routes.append((re.compile(f"^{pattern}$"), template))
    return routes


def _pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


@cache
def _validators() -> jsonschema_rs.ValidatorMap:
    """Every schema the API documents, compiled once, by its pointer in the document.
    jsonschema-rs (Schemathesis's own validator) rather than the pure-Python jsonschema:
    every API test's responses are checked, and checking was about a twentieth of their
    CPU."""
    return jsonschema_rs.validator_map_for(api_schema())


def check_against_schema(response) -> None:
    """Fail if the response contradicts the schema (undocumented status or wrong body)."""
    path = response.request["PATH_INFO"]
    method = response.request["REQUEST_METHOD"].lower()
    if method == "head":
        method = "get"  # documented as GET; the body is simply left out
    template = next((t for pattern, t in _operations() if pattern.match(path)), None)
    if template is None:
        return  # not an API operation (schema, docs, the router's index)
    operation = api_schema()["paths"][template].get(method)
    status = str(response.status_code)
    if operation is None:
        # An undocumented method may only be refused.
        assert status in {"401", "403", "405"}, f"{method.upper()} {template} answered {status}"
        return
    if getattr(response, "streaming", False):
        # A file (the XLSX export): its status and media type are documented; the body is
        # not JSON and is read by the test itself.
        documented = operation["responses"].get(status, {}).get("content", {})
        media_type = response["Content-Type"].split(";")[0].strip()
        assert media_type in documented, f"{method.upper()} {path} {status}: {media_type}"
        return
    if status == "405" or not response.content and status == "200":
        return
    assert status in operation["responses"], (
        f"{method.upper()} {path} answered {status}, which the schema does not document"
    )
    documented = operation["responses"][status].get("content", {})
    if not response.content:
        assert not documented or status == "204", f"{method.upper()} {path}: empty {status} body"
        return
    media_type = response["Content-Type"].split(";")[0].strip()
    assert media_type in documented, f"{method.upper()} {path} {status}: {media_type} undocumented"
    if media_type != "application/json":
        return
    pointer = _pointer("paths", template, method, "responses", status, "content", media_type)
    errors = sorted(
        e.message for e in _validators()[f"#/{pointer}/schema"].iter_errors(response.json())
    )
    assert not errors, f"{method.upper()} {path} {status}: {errors[0]}"


class SchemaCheckingClient(APIClient):
    """Also a client that reads before it writes: a PUT, PATCH or DELETE without If-Match
    first GETs the same address and sends the ETag it got, as the API requires (428
    otherwise). `unconditional=True` sends the write as given (tests of the 428 itself)."""

    def request(self, **kwargs):
        response = super().request(**kwargs)
        check_against_schema(response)
        return response

    def _read_first(self, path, extra):
        if extra.pop("unconditional", False) or "HTTP_IF_MATCH" in extra:
            return extra
        # The resource as a read sees it: `?map=` kept, a write's own (`?confirm=`) left out.
        base, _, query = path.partition("?")
        kept = urlencode([(k, v) for k, v in parse_qsl(query) if k == "map"])
        read = self.get(f"{base}?{kept}" if kept else base)
        return {**extra, "HTTP_IF_MATCH": read["ETag"]} if read.has_header("ETag") else extra

    def put(self, path, *args, **extra):
        return super().put(path, *args, **self._read_first(path, extra))

    def patch(self, path, *args, **extra):
        return super().patch(path, *args, **self._read_first(path, extra))

    def delete(self, path, *args, **extra):
        return super().delete(path, *args, **self._read_first(path, extra))
