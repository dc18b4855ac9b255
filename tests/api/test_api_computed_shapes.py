"""Compare, matrix and finder JSON: the payload is what the serializers (and so the schema) say.

Every object in the payload has exactly the serializer's fields, in its order, and the
schema documents every one of them as required: nothing is added or dropped on the way
out, and the schema cannot list a key the payload lacks.
"""

import pytest
from rest_framework import serializers

from api.serializers import computed as out
from tests.api.api_support import api_schema
from tests.world_scale import build_dataset

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    (
        "/api/v1/compare/?roles=product-manager,product-owner,project-manager",
        out.ComparisonSerializer,
    ),
    ("/api/v1/matrix/", out.MatrixPageSerializer),
    ("/api/v1/finder/?responsibilities=d-resp-0,d-resp-1,d-resp-4,d-resp-3", out.FinderSerializer),
]

EXPECTED = {
    out.ComparisonSerializer: {
        "ComparisonSerializer",
        "RoleRefSerializer",
        "RoleCountSerializer",
        "PairSerializer",
        "AttributeDiffSerializer",
        "CompareRowSerializer",
        "CellSerializer",
        "CompareContrastSerializer",
    },
    out.MatrixPageSerializer: {
        "MatrixPageSerializer",
        "RoleRefSerializer",
        "MatrixWindowRowSerializer",
        "CellSerializer",
    },
    out.FinderSerializer: {
        "FinderSerializer",
        "FinderResultSerializer",
        "RoleRefSerializer",
        "FinderMatchSerializer",
        "ResponsibilityRefSerializer",
    },
}


def _nested(field):
    """The serializer a field lays its value out with, if any (many=True, or a method field
    documented as a list of one)."""
    if isinstance(field, serializers.ListSerializer):
        return field.child
    if isinstance(field, serializers.Serializer):
        return field
    if isinstance(field, serializers.SerializerMethodField):
        method = getattr(field.parent, field.method_name)
        documented = getattr(method, "_spectacular_annotation", {}).get("field")
        if isinstance(documented, serializers.ListSerializer):
            return documented.child
    return None


def _component(serializer) -> dict:
    name = type(serializer).__name__.removesuffix("Serializer")
    return api_schema()["components"]["schemas"][name]


def _check(value, serializer, path: str, seen: set[str]) -> None:
    items = value if isinstance(value, list) else [value]
    fields = list(serializer.fields)
    component = _component(serializer)
    assert list(component["properties"]) == fields, path
    assert sorted(component["required"]) == sorted(fields), path
    for item in items:
        assert list(item) == fields, path
        seen.add(type(serializer).__name__)
        for name, field in serializer.fields.items():
            nested = _nested(field)
            if nested is not None and item[name]:
                _check(item[name], nested, f"{path}.{name}", seen)


@pytest.mark.parametrize("url, serializer_class", ENDPOINTS)
def test_every_payload_object_has_the_serializer_fields_the_schema_requires(
    api_client, reference_map, url, serializer_class
):
    build_dataset(1)
    body = api_client.get(url).json()
    seen: set[str] = set()
    _check(body, serializer_class(), "", seen)
    # The walk reached every nested object, the cells of the rows included.
    assert seen == EXPECTED[serializer_class], seen
