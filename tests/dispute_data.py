"""Two disputes on the page sample: one on the product vision (PM vs PO), one on reports."""

from dataclasses import dataclass

from tests.factories import DisputeFactory, DisputePositionFactory, QuoteFactory
from tests.web.pages_data import Sample


@dataclass
class Disputes:
    vision: object
    reports: object


def add_disputes(sample: Sample) -> Disputes:
    pm, po, prj = sample.roles["pm"], sample.roles["po"], sample.roles["prj"]
    vision = DisputeFactory(
        slug="who-owns-the-vision",
        topic="Who owns the product vision: PM or PO?",
        summary="One source gives it to the product manager, another to the product owner.",
        order=1,
        roles=[pm, po],
        responsibilities=[sample.responsibilities["product-vision"]],
    )
    DisputePositionFactory(
        dispute=vision,
        key="pm-owns-vision",
        statement="The product manager owns the vision.",
        order=1,
        roles=[pm],
        quotes=[sample.quotes["pm-owns-vision"]],
    )
    DisputePositionFactory(
        dispute=vision,
        key="po-owns-vision",
        statement="The product owner owns the vision.",
        order=2,
        roles=[po],
        quotes=[
            QuoteFactory(
                key="po-vision",
                text="The product owner creates the product vision.",
                source=sample.source,
            )
        ],
    )
    reports = DisputeFactory(
        slug="who-writes-reports",
        topic="Who writes the status reports?",
        summary="",
        order=2,
        roles=[prj],
        responsibilities=[sample.responsibilities["status-reports"]],
    )
    DisputePositionFactory(dispute=reports, key="prj-writes", statement="The project manager.")
    return Disputes(vision=vision, reports=reports)
