"""Editing: the editors' Django admin and the role-map interchange format (import/export).

A layer above the domain: the admin and the import check ask responsibilities.rules, and
writes go through services (roles.services, editing.services) inside one transaction with
a change reason in the history. Nothing in the domain imports this package.
"""
