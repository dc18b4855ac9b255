"""Project-wide middleware: answers when the database is down, and the security headers
that Django and django-csp do not send themselves."""
