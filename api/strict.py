"""Request bodies hold the JSON types the schema promises, or they are a 400.

DRF coerces generously: a CharField takes 42, an IntegerField "42", a BooleanField "yes",
and a many-related field takes `{}` as an empty list (a dict is iterable). The schema says
string, integer, boolean and array, so a client (or a fuzzer) that sends anything else
learns of it now rather than having it reinterpreted. Null is left to each field's
`allow_null`, which the schema documents too.
"""

from __future__ import annotations

from collections.abc import Mapping

from rest_framework import serializers

_STRING_FIELDS = (
    serializers.CharField,
    serializers.ChoiceField,
    serializers.SlugRelatedField,
    serializers.DateField,
    serializers.DateTimeField,
)
_INTEGER_FIELDS = (serializers.IntegerField, serializers.PrimaryKeyRelatedField)


def _json_type(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


_MESSAGES = {
    "integer": "A valid integer is required, not {found}.",
    "boolean": "Must be true or false, not {found}.",
    "string": "Expected text (a JSON string), not {found}.",
    "number": "A valid number is required, not {found}.",
}


def type_problem(field: serializers.Field, value) -> str | None:
    """A sentence when `value` is not of the JSON type `field` takes, else None."""
    if value is None:
        return None
    if value == "" and isinstance(field, serializers.RelatedField):
        # DRF would read "" as null; the schema says a slug (or null where allowed).
        return "Expected a slug, not an empty string."
    found = _json_type(value)
    if isinstance(field, serializers.ManyRelatedField):
        return _list_problem(field.child_relation, value, found)
    if isinstance(field, serializers.ListField):
        return _list_problem(field.child, value, found)
    if isinstance(field, serializers.BooleanField):
        wanted, accepted = "boolean", {"boolean"}
    elif isinstance(field, _INTEGER_FIELDS):
        wanted, accepted = "integer", {"integer"}
    elif isinstance(field, serializers.FloatField | serializers.DecimalField):
        wanted, accepted = "number", {"integer", "number"}
    elif isinstance(field, _STRING_FIELDS):
        wanted, accepted = "string", {"string"}
    else:
        return None
    return None if found in accepted else _MESSAGES[wanted].format(found=found)


def _list_problem(child: serializers.Field, value, found: str) -> str | None:
    if not isinstance(value, list):
        return f"Expected a list of items, not {found}."
    return next((p for p in (type_problem(child, item) for item in value) if p), None)


def unknown_fields(serializer: serializers.Serializer, data) -> dict[str, list[str]]:
    """A sentence for each name in a request body that the resource does not have.

    DRF drops unknown names silently, so `{"role_map": "my-team"}` (the field is `map`) was
    a 201 that wrote into the default map. Read-only fields are known (a client may send
    back what it read) and are ignored as before.
    """
    if not isinstance(data, Mapping):
        return {}
    writable = sorted(name for name, field in serializer.fields.items() if not field.read_only)
    return {
        name: [f"Unknown field. The fields you can send are: {', '.join(writable)}."]
        for name in data
        if name not in serializer.fields
    }


class StrictTypesMixin(serializers.Serializer):
    """Serializer mixin: refuse writable fields whose JSON type is wrong, per field, next
    to whatever else the fields and validators have to say, and names it does not have
    (every serializer with this mixin reads a request body: the resources, the finder's
    POST, a map's copy and review)."""

    def to_internal_value(self, data):
        type_errors = {}
        type_errors.update(unknown_fields(self, data))
        if isinstance(data, Mapping):
            type_errors |= {
                name: [problem]
                for name, field in self.fields.items()
                if not field.read_only
                and name in data
                and (problem := type_problem(field, data[name]))
            }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if not type_errors or not isinstance(exc.detail, dict):
                raise
            raise serializers.ValidationError({**exc.detail, **type_errors}) from exc
        if type_errors:
            raise serializers.ValidationError(type_errors)
        return value
