"""What every resource serializer shares: the model's rules as field errors, quote ids, slugs."""

from __future__ import annotations

from copy import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model
from rest_framework import serializers

from responsibilities.models import Quote
from roles.models import RoleMap

from ..errors import model_error_dict
from ..strict import StrictTypesMixin


class ModelRulesMixin(StrictTypesMixin, serializers.ModelSerializer):
    """Run the model's clean() and database constraints so rules fail as field messages
    (and, through StrictTypesMixin, refuse values of the wrong JSON type)."""

    def model_errors(self, attrs) -> dict:
        model: type[Model] = self.Meta.model
        instance = copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            if not instance._meta.get_field(name).many_to_many:
                setattr(instance, name, value)
        try:
            instance.clean()
            instance.validate_constraints()
        except DjangoValidationError as exc:
            return model_error_dict(exc)
        return {}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        errors = self.model_errors(attrs)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


def quote_ids(**kwargs):
    return serializers.PrimaryKeyRelatedField(many=True, read_only=True, **kwargs)


class QuoteIdsField(serializers.PrimaryKeyRelatedField):
    """Writable list of quote ids (evidence)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Quote.objects.all(), **kwargs)


def slug_list():
    return serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)


class OwnerMapField(serializers.SlugRelatedField):
    """`map` of a role or responsibility: the slug of the map that owns it, or null for the
    shared catalogue every map uses. Set once, when the entry is created."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "The map this entry belongs to (only that map shows it), or null for the shared "
            "catalogue every map uses. Set when the entry is created; it cannot move.",
        )
        super().__init__(
            slug_field="slug",
            queryset=RoleMap.objects.all(),
            allow_null=True,
            required=False,
            **kwargs,
        )


class OwnerMapMixin:
    """Refuse moving an entry between maps (its parts belong to its map)."""

    instance: object

    def validate_map(self, value):
        if self.instance is not None and getattr(self.instance, "map", None) != value:
            raise serializers.ValidationError(
                "An entry's map cannot change: its parts belong to that map. Create a new "
                "entry in the other map instead."
            )
        return value
