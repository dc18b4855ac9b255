"""Read-only version history for API clients: /api/v1/<resource>/<lookup>/history/.

Kept apart from the `api` package so that it can be merged on its own; the versions come
from django-simple-history's tables.
"""
