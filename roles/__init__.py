"""Domain: roles, role maps and stated contrasts, and the computations over them.

Comparison, matrix, finder, search and exports live here because they read roles across
responsibilities; they take plain arguments (a RoleMap, a list of slugs) and never a request
(ruff's banned-api refuses django.http here; tests/domain/test_domain_takes_no_request.py).
What shapes a page (the bounded grid and matrix pages, paging, search's <mark> HTML) lives in
web/; the benchmark data generator in pmroles/benchdata.py.
"""
