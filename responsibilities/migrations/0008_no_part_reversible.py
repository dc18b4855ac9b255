"""Makes 0003_evidence reversible with data: before it is undone, stated "no part" (N)
assignments are removed, since the schema before 0003 has no N level (and its check
constraint refuses one). Silence is no assignment there, which is what N becomes.
Forward this migration does nothing.
"""

from django.db import migrations


def drop_no_part(apps, schema_editor):
    apps.get_model("responsibilities", "Assignment").objects.filter(level="N").delete()


class Migration(migrations.Migration):
    dependencies = [("responsibilities", "0007_search_vector")]

    operations = [migrations.RunPython(migrations.RunPython.noop, drop_no_part)]
