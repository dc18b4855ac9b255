"""Domain: roles, role maps and stated contrasts, and the computations over them.

Comparison, matrix, finder, search and exports live here because they read roles across
responsibilities; they take plain arguments (a RoleMap, a list of slugs) and never a request.
"""
