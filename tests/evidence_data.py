"""The page sample with evidence bases, rationales, a stated "no part" and a silence.

On `product-vision`: the product manager is Accountable, *stated*, with a rationale; the
product owner Consulted, *inferred*; the project manager has a stated "no part" (N) with
its quote; the product marketing manager has no assignment at all (not stated).
"""

from responsibilities.levels import Basis, Level
from responsibilities.models import Assignment
from tests.factories import AssignmentFactory, QuoteFactory
from tests.web.pages_data import Sample, build_sample

RATIONALE = "“The product manager owns the product vision” (Doe)"
NO_PART_QUOTE = "The project manager plays no part in the product vision."


def build_evidence_sample() -> Sample:
    sample = build_sample()
    vision = sample.responsibilities["product-vision"]
    Assignment.objects.filter(role=sample.roles["pm"], responsibility=vision).update(
        basis=Basis.STATED, rationale=RATIONALE
    )
    Assignment.objects.filter(role=sample.roles["po"], responsibility=vision).update(
        basis=Basis.INFERRED
    )
    sample.quotes["no-part"] = QuoteFactory(
        key="no-part", text=NO_PART_QUOTE, source=sample.source, locator="Roles"
    )
    AssignmentFactory(
        role=sample.roles["prj"],
        responsibility=vision,
        level=Level.NO_PART,
        basis=Basis.STATED,
        quotes=[sample.quotes["no-part"]],
    )
    return sample
