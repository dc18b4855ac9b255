"""Helpers for the API tests: generated data and an APIClient that checks the schema.

Every response the `api_client` fixture receives is checked against the OpenAPI schema
the API publishes: the status code must be documented for that operation, and a JSON
body must validate against the documented schema (OpenAPI 3.1 = JSON Schema 2020-12).
"""

from __future__ import annotations

import json
import re
from functools import cache

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from rest_framework.test import APIClient

from responsibilities.models import (
    Area,
    Assignment,
    Dispute,
    DisputePosition,
    Kind,
    Quote,
    Responsibility,
    Source,
)
from roles.models import Contrast, Role, RoleVariant
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    ContrastFactory,
    DisputeFactory,
    DisputePositionFactory,
    QuoteFactory,
    ResponsibilityFactory,
    RoleFactory,
    RoleMapFactory,
    RoleVariantFactory,
    SourceFactory,
)
from tests.world import ROLE_SLUGS

BASE_URI = "urn:pmroles-api"


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
def _registry() -> Registry:
    resource = Resource.from_contents(api_schema(), default_specification=DRAFT202012)
    return Registry().with_resource(BASE_URI, resource)


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
    validator = Draft202012Validator(
        {"$ref": f"{BASE_URI}#/{pointer}/schema"}, registry=_registry()
    )
    errors = sorted(validator.iter_errors(response.json()), key=str)
    assert not errors, f"{method.upper()} {path} {status}: {errors[0].message}"


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
        read = self.get(path)
        return {**extra, "HTTP_IF_MATCH": read["ETag"]} if read.has_header("ETag") else extra

    def put(self, path, *args, **extra):
        return super().put(path, *args, **self._read_first(path, extra))

    def patch(self, path, *args, **extra):
        return super().patch(path, *args, **self._read_first(path, extra))

    def delete(self, path, *args, **extra):
        return super().delete(path, *args, **self._read_first(path, extra))


# --- Generated data ------------------------------------------------------------------


def build_dataset(scale: int = 1, prefix: str = "d") -> dict:
    """Roles, areas, responsibilities, assignments and evidence; `scale` multiplies them.

    Not the sample world (tests/world.py): generated names, a shape that scales. Rows are
    made with the factories' `build()` and bulk inserted, which keeps ten-times data fast.
    Each responsibility gets three roles: A/R/C, except every fifth (R/C/I: Responsible
    without Accountable) and every seventh (C only: no Accountable), so the matrix has
    warnings to report.
    """
    role_map = RoleMapFactory(name="Reference")  # get or create: the default map
    sources = Source.objects.bulk_create(
        SourceFactory.build(
            slug=f"{prefix}-source-{i}",
            title=f"{prefix} source {i}",
            author="A. Author",
            publisher="",
        )
        for i in range(2 * scale)
    )
    counter = iter(range(10**6))

    def quote(text: str) -> Quote:
        n = next(counter)
        return QuoteFactory.build(
            key=f"{prefix}-q-{n}", source=sources[n % len(sources)], text=text, locator=""
        )

    names = ROLE_SLUGS if prefix == "d" else []
    slugs = names + [f"{prefix}-role-{i}" for i in range(4 * scale - len(names))]
    roles = Role.objects.bulk_create(
        RoleFactory.build(
            slug=slug,
            name=slug.replace("-", " ").title(),
            abbreviation=f"{prefix[:2].upper()}{i}",
            summary=f"What {slug} does.",
            description=f"{slug} decides and delivers.",
            focus=["strategic", "tactical", "operational", "market"][i % 4],
            horizon=["long-term", "short-to-mid-term", "project", ""][i % 4],
            methodology=["Scrum", "", "PMBOK", "Framework-independent"][i % 4],
            order=i,
        )
        for i, slug in enumerate(slugs)
    )
    areas = Area.objects.bulk_create(
        AreaFactory.build(slug=f"{prefix}-area-{i}", name=f"{prefix} area {i}", order=i)
        for i in range(3 * scale)
    )
    responsibilities = Responsibility.objects.bulk_create(
        ResponsibilityFactory.build(
            slug=f"{prefix}-resp-{i}",
            name=f"{prefix} responsibility {i}",
            description=f"Doing the {prefix} thing number {i}.",
            area=areas[i % len(areas)],
            kind=Kind.SHARED_QUALITY if i % 6 == 5 else Kind.RESPONSIBILITY,
            order=i,
        )
        for i in range(6 * scale)
    )
    assignments = []
    for j, responsibility in enumerate(responsibilities):
        levels = ["A", "R", "C"]
        if j % 5 == 4:
            levels = ["R", "C", "I"]
        if j % 7 == 6:
            levels = ["C"]
        for k, level in enumerate(levels):
            assignments.append(
                AssignmentFactory.build(
                    role_map=role_map,
                    role=roles[(j + k) % len(roles)],
                    responsibility=responsibility,
                    level=level,
                )
            )
    assignments = Assignment.objects.bulk_create(assignments)
    role_variants = RoleVariant.objects.bulk_create(
        RoleVariantFactory.build(
            role=r, slug=f"{r.slug}-variant", name=f"{r.name} variant", summary="A kind."
        )
        for r in roles
    )
    contrasts = Contrast.objects.bulk_create(
        ContrastFactory.build(
            slug=f"{prefix}-contrast-{i}", kind="difference", aspect="Focus", summary="Differ."
        )
        for i in range(len(roles) - 1)
    )
    owners = [*assignments, *roles, *responsibilities, *role_variants, *contrasts]
    quotes = Quote.objects.bulk_create(
        quote(f"Quoted evidence {prefix} {i} about the work.") for i in range(len(owners))
    )
    links = {
        Assignment.quotes.through: [],
        Role.quotes.through: [],
        Responsibility.quotes.through: [],
        RoleVariant.quotes.through: [],
        Contrast.quotes.through: [],
    }
    for owner, q in zip(owners, quotes, strict=True):
        through = type(owner).quotes.through
        links[through].append(
            through(**{f"{type(owner).__name__.lower()}_id": owner.pk, "quote_id": q.pk})
        )
    for through, rows in links.items():
        through.objects.bulk_create(rows)
    Contrast.roles.through.objects.bulk_create(
        Contrast.roles.through(contrast_id=c.pk, role_id=r.pk)
        for i, c in enumerate(contrasts)
        for r in (roles[i], roles[i + 1])
    )
    _add_disputes(prefix, scale, roles, responsibilities, quotes)
    return {"map": role_map, "roles": roles, "responsibilities": responsibilities, "areas": areas}


def _add_disputes(prefix, scale, roles, responsibilities, quotes) -> None:
    """Two disputes per scale, each on two roles and one responsibility, two quoted sides."""
    disputes = Dispute.objects.bulk_create(
        DisputeFactory.build(
            slug=f"{prefix}-dispute-{i}", topic=f"{prefix} question {i}?", summary="", order=i
        )
        for i in range(2 * scale)
    )
    positions = DisputePosition.objects.bulk_create(
        DisputePositionFactory.build(
            dispute=d, key=f"{d.slug}-side-{k}", statement=f"Side {k}.", order=k
        )
        for d in disputes
        for k in range(2)
    )
    Dispute.roles.through.objects.bulk_create(
        Dispute.roles.through(dispute_id=d.pk, role_id=roles[(i + k) % len(roles)].pk)
        for i, d in enumerate(disputes)
        for k in range(2)
    )
    Dispute.responsibilities.through.objects.bulk_create(
        Dispute.responsibilities.through(
            dispute_id=d.pk, responsibility_id=responsibilities[i % len(responsibilities)].pk
        )
        for i, d in enumerate(disputes)
    )
    DisputePosition.roles.through.objects.bulk_create(
        DisputePosition.roles.through(disputeposition_id=p.pk, role_id=roles[i % len(roles)].pk)
        for i, p in enumerate(positions)
    )
    DisputePosition.quotes.through.objects.bulk_create(
        DisputePosition.quotes.through(disputeposition_id=p.pk, quote_id=quotes[i % len(quotes)].pk)
        for i, p in enumerate(positions)
    )
