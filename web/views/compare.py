"""The side-by-side comparison (HTML, CSV, Markdown) and the full RACI matrix."""

from django.http import HttpResponse
from django.shortcuts import render

from roles.comparison import MAX_ROLES, MIN_ROLES, compare_slugs
from roles.exports import comparison_csv, comparison_markdown, matrix_csv
from roles.matrix import build_matrix
from roles.models import Role

from ..params import InputError, parse_slugs, requested_format, requested_map

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "md": ("text/markdown; charset=utf-8", "md"),
}


def _download(body: str, fmt: str, filename: str) -> HttpResponse:
    content_type, extension = FORMATS[fmt]
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response


def compare(request):
    requested = parse_slugs(request.GET.getlist("roles"))
    try:
        fmt = requested_format(request, ("csv", "md"))
        role_map = requested_map(request)
        comparison = compare_slugs(requested, role_map=role_map)
    except InputError as error:
        return render(
            request,
            "web/compare_error.html",
            {
                "error": error,
                "roles": Role.objects.for_listing(),
                "requested": requested,
                "min_roles": MIN_ROLES,
                "max_roles": MAX_ROLES,
            },
            status=400,
        )
    slugs = [role.slug for role in comparison.roles]
    if fmt == "csv":
        return _download(comparison_csv(comparison), fmt, "-vs-".join(slugs))
    if fmt == "md":
        return _download(comparison_markdown(comparison), fmt, "-vs-".join(slugs))
    only_differences = request.GET.get("diff") == "1"
    groups = [g for g in comparison.groups if not (only_differences and g.all_same)]
    rows = comparison.rows
    return render(
        request,
        "web/compare.html",
        {
            "comparison": comparison,
            "role_map": role_map,
            "groups": groups,
            "only_differences": only_differences,
            "roles_param": ",".join(slugs),
            "row_count": len(rows),
            "differing_count": sum(1 for row in rows if not row.same),
            "differing_attributes": [
                (a.label, list(zip(comparison.roles, a.values, strict=True)))
                for a in comparison.attributes
                if a.differs
            ],
            "overlap_percent": round(comparison.overlap * 100),
            "all_roles": Role.objects.order_by("order", "name"),
            "chosen": set(slugs),
            "columns": len(slugs) + 1,
            "min_roles": MIN_ROLES,
            "max_roles": MAX_ROLES,
        },
    )


def matrix(request):
    try:
        fmt = requested_format(request, ("csv",))
        role_map = requested_map(request)
    except InputError as error:
        return render(request, "400.html", {"error": error}, status=400)
    built = build_matrix(role_map=role_map)
    if fmt == "csv":
        return _download(matrix_csv(built), fmt, "raci-matrix")
    return render(
        request,
        "web/matrix.html",
        {"matrix": built, "role_map": role_map, "columns": len(built.roles) + 1},
    )
