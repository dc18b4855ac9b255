"""Schema post-processing: the errors, conditional headers and limits every operation has.

drf-spectacular documents success bodies from the serializers; the error behaviour comes
from shared code (api.base, api.errors), so it is documented here once, per method.
"""

from __future__ import annotations

from django.conf import settings

from .base import MAX_PAGE_SIZE, SLUG_REGEX

ERROR = {"$ref": "#/components/schemas/Error"}
FIELD_ERRORS = {"$ref": "#/components/schemas/FieldErrors"}
COMPONENTS = {
    "Error": {
        "type": "object",
        "description": "Any error that is not about particular fields.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "FieldErrors": {
        "type": "object",
        "description": (
            "Validation errors: each key is a field (or `non_field_errors`, or `detail`) "
            "and its value the messages."
        ),
        "additionalProperties": {},
    },
}
SAFE = {"get", "head"}
WRITES = {"post", "put", "patch"}
PRECONDITIONED = {"put", "patch", "delete"}


def _json(schema: dict, description: str, headers: dict | None = None) -> dict:
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


# One or more entity tags ("…" or W/"…"): `*` names no version, so it is not one (428).
ENTITY_TAGS = r'^\s*(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*\s*$'


def _header(name: str, description: str, required: bool = False, pattern: str = "") -> dict:
    schema = {"type": "string", **({"pattern": pattern} if pattern else {})}
    return {
        "in": "header",
        "name": name,
        "required": required,
        "schema": schema,
        "description": description,
    }


def _errors_for(method: str, path: str, is_public_post: bool, is_history: bool) -> dict:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    errors = {
        "400": _json(
            FIELD_ERRORS,
            "Invalid parameters (a `page` that is not a page of the list included) or body, "
            "with a message per field.",
        ),
        "404": _json(ERROR, "No such object."),
        "406": _json(ERROR, "None of the formats in Accept (or ?format=) is available."),
        "429": _json(
            ERROR,
            "Too many requests; try again after Retry-After seconds.",
            {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}},
        ),
    }
    if method in SAFE:
        errors["304"] = {"description": "Not modified: If-None-Match matched the ETag."}
    errors["401"] = _json(ERROR, "Authentication needed or failed (`Authorization: Token …`).")
    if method not in SAFE:
        errors["403"] = _json(ERROR, "Authenticated, but without the model permission.")
    if is_history:
        errors["403"] = _json(ERROR, "Authenticated, but without the model's view permission.")
    # Any request announcing a body over the limit, whatever its method (api.errors).
    errors["413"] = _json(ERROR, f"Request body larger than {limit} bytes.")
    if method in WRITES:
        errors["415"] = _json(ERROR, "Bodies must be JSON (Content-Type: application/json).")
    if method in PRECONDITIONED:
        errors["412"] = _json(ERROR, "If-Match did not match the current ETag; nothing changed.")
        errors["428"] = _json(
            ERROR, "No If-Match (or `If-Match: *`): send the ETag you read; nothing changed."
        )
    if method == "delete":
        errors["409"] = _json(ERROR, "Other records still use this one.")
    if is_public_post:
        errors.pop("403")
    return errors


def _blank_or_format_as_any_of(node) -> None:
    """drf-spectacular writes `oneOf: [<url>, <empty string>]`; '' matches both branches
    for validators that do not assert formats, so it must be anyOf."""
    if isinstance(node, dict):
        one_of = node.get("oneOf")
        if (
            isinstance(one_of, list)
            and len(one_of) == 2
            and one_of[1] == {"type": "string", "maxLength": 0}
        ):
            node["anyOf"] = node.pop("oneOf")
        for value in node.values():
            _blank_or_format_as_any_of(value)
    elif isinstance(node, list):
        for value in node:
            _blank_or_format_as_any_of(value)


def _declare_security(operation: dict, public: bool) -> None:
    """Reads (and the finder's POST) need no credentials: `{}` says so. Writes and the
    version history (api.history) need a token or a session, and nothing else will do."""
    schemes = [s for s in operation.get("security", []) if s]
    operation["security"] = [*schemes, {}] if public else schemes


def add_errors_and_headers(result, generator, request, public):
    """POSTPROCESSING_HOOKS entry: see the module docstring."""
    _blank_or_format_as_any_of(result.get("components", {}))
    result.setdefault("components", {}).setdefault("schemas", {}).update(COMPONENTS)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "head", "post", "put", "patch", "delete"}:
                continue
            is_public_post = method == "post" and path.endswith("/finder/")
            is_history = path.endswith("/history/")
            _declare_security(
                operation, public=(method in SAFE and not is_history) or is_public_post
            )
            responses = operation.setdefault("responses", {})
            for code, response in _errors_for(method, path, is_public_post, is_history).items():
                responses.setdefault(code, response)
            parameters = operation.setdefault("parameters", [])
            if method in SAFE:
                parameters.append(
                    _header("If-None-Match", "An ETag from an earlier response: 304 if unchanged.")
                )
            if method in PRECONDITIONED:
                parameters.append(
                    _header(
                        "If-Match",
                        "Required: the ETag you last read (GET the object first); 412 if it "
                        "changed since, 428 without it. `*` is not a version.",
                        required=True,
                        pattern=ENTITY_TAGS,
                    )
                )
            if method == "post" and "{" not in path and not is_public_post:
                # Creates (ResourceMixin.create) keep answers by key; actions do not.
                parameters.append(
                    _header(
                        "Idempotency-Key",
                        "Optional, up to 255 characters: send the same key with the same body "
                        "to retry safely (the first answer again, no second write); the same "
                        "key with another body is a 422.",
                    )
                )
                responses.setdefault(
                    "422", _json(ERROR, "This Idempotency-Key was used for another request.")
                )
                responses.setdefault(
                    "409", _json(ERROR, "A request with this Idempotency-Key is in progress.")
                )
            for parameter in parameters:
                _constrain(parameter)
    return result


MAP_PATTERN = f"^({SLUG_REGEX})?$"  # empty: the default map, as when left out


def _constrain(parameter: dict) -> None:
    """Say what the code enforces: a non-slug `map` names no map (400), `page_size` outside
    1–100 and a `page` that is not a page of the list are a 400 (api.base.Pagination, the
    pages' paging rule in roles.inputs)."""
    if parameter.get("in") != "query":
        return
    name, schema = parameter.get("name"), parameter.setdefault("schema", {})
    if name == "map":
        schema.update({"type": "string", "pattern": MAP_PATTERN, "maxLength": 120})
    elif name == "page_size":
        schema.update({"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE})
        parameter["description"] = f"Results per page (default 20, 1 to {MAX_PAGE_SIZE})."
    elif name == "page":
        schema.update({"type": "integer", "minimum": 1})
        parameter["description"] = "Page number, from 1 to the last page; anything else is a 400."
    elif name != "format" and "enum" in schema and "" not in schema["enum"]:
        # django-filter reads an empty choice as "no filter".
        schema["enum"] = [*schema["enum"], ""]
