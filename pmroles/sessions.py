"""Django's database sessions, keeping the row's expiry date when a session is loaded.

A remembered reader (pmroles.conditional.signed_in) is kept no longer than their session.
The store's get_expiry_date() counts from now unless the session was saved on this request,
so the row's own date, read in the query that loads the session anyway, is kept as
`row_expiry` (None: no such session).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    row_expiry: dt.datetime | None = None

    def _get_session_from_db(self):
        found = super()._get_session_from_db()  # type: ignore[misc]
        self.row_expiry = found.expire_date if found is not None else None
        return found
