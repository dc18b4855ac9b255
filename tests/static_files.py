"""WhiteNoise for test runs (pmroles.settings.test): the finders' files listed once.

Django's test client builds a new handler, and so a new middleware chain, for every client:
with WHITENOISE_USE_FINDERS, WhiteNoise lists and stats every static file (the admin's, the
API viewers' assets) each time, about 35 ms of CPU per test. What it finds depends only on
the settings in the key below, so the listing is made once for each combination of them and
shared; everything else (serving, headers) is WhiteNoise's own. The other folder WhiteNoise
lists per client, STATIC_ROOT, is one nothing collects into in the test settings.
"""

from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware as _WhiteNoiseMiddleware

_found: dict[str, dict] = {}


class WhiteNoiseMiddleware(_WhiteNoiseMiddleware):
    def add_files_from_finders(self) -> None:
        key = repr(
            (
                self.static_prefix,
                self.max_age,
                self.allow_all_origins,
                self.charset,
                self.index_file,
                settings.INSTALLED_APPS,
                settings.STATICFILES_DIRS,
                getattr(settings, "STATICFILES_FINDERS", None),
                settings.STORAGES,
                settings.STATIC_URL,
            )
        )
        if key not in _found:
            before = dict(self.files)
            super().add_files_from_finders()
            _found[key] = {url: f for url, f in self.files.items() if before.get(url) is not f}
        self.files.update(_found[key])
