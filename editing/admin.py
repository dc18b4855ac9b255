"""The editors' admin: every content model of the domain apps, registered from here.

The admin is a layer above the domain (as the pages and the API are): it imports roles
and responsibilities, and they never import it.
"""

from . import admin_responsibilities, admin_roles, admin_security

__all__ = ["admin_responsibilities", "admin_roles", "admin_security"]
