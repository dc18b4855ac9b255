"""Replace every API token's key by its digest (api/tokens.py): the same keys keep working."""

import hashlib

from django.db import migrations


def hash_keys(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    for token in list(Token.objects.all()):
        hashed = hashlib.sha256(token.key.encode()).hexdigest()[:40]
        user_id, created = token.user_id, token.created
        token.delete()
        Token.objects.create(key=hashed, user_id=user_id, created=created)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_idempotent_answers"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    # Irreversible by nature (a digest cannot be turned back into its key): going back
    # leaves the digests, which then authenticate nobody; issue new tokens.
    operations = [migrations.RunPython(hash_keys, migrations.RunPython.noop)]
