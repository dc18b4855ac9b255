"""Assignments: which role holds which responsibility in one map, at which RACI level.

The invariants (one assignment per map, role and responsibility; one Accountable per map
and responsibility; the basis rules) are constraints and again clean() (rules.py's words).
Its reads are AssignmentQuerySet's (assignment_queries.py).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .. import rules
from ..history import RecordedHistory
from ..levels import Basis, Level
from .assignment_queries import AssignmentQuerySet
from .catalogue import Responsibility
from .evidence import Quote


class Assignment(models.Model):
    role_map = models.ForeignKey(
        "roles.RoleMap", on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="assignments")
    responsibility = models.ForeignKey(
        Responsibility, on_delete=models.CASCADE, related_name="assignments"
    )
    level = models.CharField(max_length=1, choices=Level.choices)
    note = models.TextField(blank=True)
    quotes = models.ManyToManyField(Quote, blank=True, related_name="assignments")
    basis = models.CharField(
        max_length=10,
        choices=Basis.choices,
        default=Basis.DESCRIBED,
        help_text=(
            "Stated: a source says in so many words that the role owns, is accountable or "
            "responsible for, decides or ensures it. Described: a source describes the role "
            "doing the work. Inferred: read from context, not said outright. Agreed by the "
            "team (team maps only): the team's own decision, not a source's words."
        ),
    )
    rationale = models.CharField(
        max_length=300,
        blank=True,
        help_text=(
            "One line naming the wording the level rests on, e.g. “the product owner is "
            "responsible for the product backlog” (Racki); for a part agreed by the team, "
            "what the team decided and why (required)."
        ),
    )
    decided_on = models.DateField(
        null=True,
        blank=True,
        help_text="Agreed by the team: when the team decided (today when left empty).",
    )
    decided_by = models.CharField(
        max_length=200,
        blank=True,
        help_text="Agreed by the team: who decided, e.g. “Product leadership, 2026-11 offsite”.",
    )

    history = RecordedHistory(m2m_fields=[quotes])
    objects = AssignmentQuerySet.as_manager()

    # Filled by AssignmentQuerySet.also_holding(): how many such rows the role has in all.
    held: int

    class Meta:
        ordering = ["role_map", "responsibility__area__order", "responsibility__order", "role"]
        indexes = [
            # The API's assignment list: one map, in id order, a page at a time, without
            # sorting the whole map.
            models.Index(fields=["role_map", "id"], name="assignment_list_index"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["role_map", "role", "responsibility"],
                name="assignment_unique_per_map_role_responsibility",
                violation_error_message=(
                    "This role already has a part in this responsibility in this map."
                ),
            ),
            models.UniqueConstraint(
                fields=["role_map", "responsibility"],
                condition=Q(level="A"),
                name="one_accountable_per_map_responsibility",
                violation_error_message=(
                    "Another role is already Accountable for this responsibility in this map."
                ),
            ),
            models.CheckConstraint(
                condition=Q(level__in=["R", "A", "C", "I", "N"]), name="assignment_level_is_raci"
            ),
            models.CheckConstraint(
                condition=~(Q(basis="inferred") & Q(level="A")),
                name="assignment_inferred_is_never_accountable",
                violation_error_message=rules.INFERRED_ACCOUNTABLE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=~Q(basis="agreed") | ~Q(rationale=""),
                name="assignment_agreed_has_rationale",
                violation_error_message=rules.AGREED_NEEDS_RATIONALE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=~Q(basis="agreed") | Q(decided_on__isnull=False),
                name="assignment_agreed_has_decision_date",
                violation_error_message="A part agreed by the team needs the date of the decision.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} — {self.responsibility}: {self.get_level_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A part agreed by the team without a date was decided today."""
        if self.basis == Basis.AGREED and self.decided_on is None:
            self.decided_on = timezone.localdate()
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance.remember_loaded()
        return instance

    def remember_loaded(self) -> None:
        """Keep what the row holds now (read, or just saved). The next save compares with it
        (responsibilities.version_writes): a move to another role or map advances the
        versions of both, and a change of anything but the note those of the whole map."""
        self._loaded_values = {
            field.attname: self.__dict__[field.attname]
            for field in self._meta.concrete_fields
            if field.attname in self.__dict__
        }

    def natural_key(self) -> tuple[str, str, str]:
        return (self.role_map.slug, self.role.slug, self.responsibility.slug)

    natural_key.dependencies = [  # type: ignore[attr-defined]  # Django's serializer reads it
        "roles.rolemap",
        "roles.role",
        "responsibilities.responsibility",
    ]

    @property
    def is_agreed(self) -> bool:
        """The team's own decision, never to be shown as a source's words."""
        return self.basis == Basis.AGREED

    def clean(self) -> None:
        super().clean()
        if self.basis == Basis.AGREED and self.decided_on is None:
            self.decided_on = timezone.localdate()
        role_map = self.role_map if self.role_map_id else None
        agreed = rules.agreed_problem(
            basis=self.basis,
            map_kind=role_map.kind if role_map is not None else None,
            rationale=self.rationale,
        )
        if agreed:
            field = "basis" if agreed == rules.AGREED_IN_REFERENCE_MESSAGE else "rationale"
            raise ValidationError({field: agreed})
        for what, entry_id, entry_attr in (
            ("role", self.role_id, "role"),
            ("responsibility", self.responsibility_id, "responsibility"),
        ):
            if entry_id and self.role_map_id:
                entry = getattr(self, entry_attr)
                problem = rules.entry_map_problem(
                    what=what, entry=entry, entry_map_id=entry.map_id, role_map_id=self.role_map_id
                )
                if problem:
                    raise ValidationError({entry_attr: problem})
        inferred = rules.basis_problem(level=self.level, basis=self.basis)
        if inferred:
            raise ValidationError(
                {"basis": f"{inferred} Make it Responsible or Consulted, or cite the wording."}
            )
        if self.level == Level.ACCOUNTABLE and self.role_map_id and self.responsibility_id:
            holder = (
                Assignment.objects.accountable_for(self.role_map_id, self.responsibility_id)
                .exclude(pk=self.pk)
                .first()
            )
            if holder is not None:
                raise ValidationError(
                    {
                        "level": rules.second_accountable_message(
                            holder=holder.role, responsibility=self.responsibility
                        )
                    }
                )
