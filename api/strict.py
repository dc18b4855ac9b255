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


def type_problem(field: serializers.Field, value) -> str | None:
    """A sentence when `value` is not of the JSON type `field` takes, else None."""
    if value is None:
        return None
    if value == "" and isinstance(field, serializers.RelatedField):
        # DRF would read "" as null; the schema says a slug (or null where allowed).
        return "Expected a slug, not an empty string."
    if isinstance(field, serializers.ManyRelatedField | serializers.ListField):
        if not isinstance(value, list):
            return f"Expected a list, not {_json_type(value)}."
        child = getattr(field, "child_relation", None) or field.child
        problems = [type_problem(child, item) for item in value]
        return next((p for p in problems if p), None)
    if isinstance(field, serializers.BooleanField):
        wanted = "boolean"
    elif isinstance(field, _INTEGER_FIELDS):
        wanted = "integer"
    elif isinstance(field, serializers.FloatField | serializers.DecimalField):
        wanted = "number" if _json_type(value) in {"integer", "number"} else "not a number"
        return None if wanted == "number" else f"Expected a number, not {_json_type(value)}."
    elif isinstance(field, _STRING_FIELDS):
        wanted = "string"
    else:
        return None
    found = _json_type(value)
    return None if found == wanted else f"Expected {wanted}, not {found}."


class StrictTypesMixin:
    """Serializer mixin: refuse writable fields whose JSON type is wrong, per field."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors = {
                name: [problem]
                for name, field in self.fields.items()  # type: ignore[attr-defined]
                if not field.read_only
                and name in data
                and (problem := type_problem(field, data[name]))
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)  # type: ignore[misc]
