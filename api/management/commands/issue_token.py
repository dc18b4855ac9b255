"""Issue (or revoke) the API token of a user, for programs that write through /api/v1/.

Tokens are stored hashed (api/tokens.py): a key is printed once, when it is issued, and
cannot be shown again; --rotate issues a new one, --revoke deletes it."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from api.tokens import issue, lifetime


class Command(BaseCommand):
    help = (
        "Print a new API token for USERNAME if it has none (--rotate: replace it; --revoke: "
        "delete it). Tokens expire after PMROLES_TOKEN_DAYS days."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--rotate", action="store_true", help="Replace an existing token with a new one."
        )
        parser.add_argument("--revoke", action="store_true", help="Delete the user's token.")

    def handle(self, *args, username: str, rotate: bool, revoke: bool = False, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(
                f"There is no user named “{username}”. Create one first "
                "(python manage.py createsuperuser, or the admin)."
            ) from None
        if not user.is_active:
            raise CommandError(f"The user “{username}” is inactive; activate it first.")
        if revoke:
            deleted, _ = Token.objects.filter(user=user).delete()
            self.stderr.write(f"Revoked the token of {username}." if deleted else "No token.")
            return
        if Token.objects.filter(user=user).exists() and not rotate:
            raise CommandError(
                f"{username} already has a token; it is stored hashed and cannot be shown "
                "again. Pass --rotate for a new one (the old one stops working)."
            )
        key = issue(user)
        self.stderr.write(f"New token for {username}, valid {lifetime().days} days (shown once):")
        self.stdout.write(key)
