"""JSON API v1 (Django REST framework): resources, computed endpoints, schema and docs."""
