"""The public pages: server-rendered HTML for readers, usable without JavaScript.

A layer above the domain: views read the request (web.params), call one queryset method or
one computation of roles/responsibilities, and render a template from templates/web/.
Nothing in the domain imports this package.
"""
