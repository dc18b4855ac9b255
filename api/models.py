"""What the API keeps of its own: the answers to POSTs sent with an Idempotency-Key."""

from django.conf import settings
from django.db import models


class IdempotentAnswer(models.Model):
    """A POST's answer, stored in the same transaction as the write it answers.

    A client that got no answer (a timeout, a 503 while the commit was in doubt) sends the
    same request with the same `Idempotency-Key` again: if the write committed, it gets this
    answer instead of a second write (or "slug already exists"); if it did not, nothing was
    stored either and the request runs. Keys are per user.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=255)
    path = models.CharField(max_length=500)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the request body.")
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_key_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.status}"
