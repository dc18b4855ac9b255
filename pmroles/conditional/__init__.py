"""Conditional GET, one concept in one package, used by the pages and the API.

- etags.py: the one ETag scheme (a SHA-256 of media type and representation) and the one
  If-None-Match / If-Match parser (compared weakly).
- reads.py: anonymous reads keyed by the data version; the stored ETag and body, the 304.
- pages.py: `cached_page`, the wrapper around the public page views (web/urls.py).
- api.py: the hooks the API base (api/base.py) calls: the early 304 before DRF, the ETag
  of a 200, the stored answer after throttles.
"""
