"""Stored, indexed search vectors for responsibilities and quotes (PostgreSQL).

The vectors are filled by triggers rather than by Python signals so that every write path
keeps them true: admin and API saves, imports, reverts, loaddata and the bulk inserts of
generate_data (bulk_create sends no signals). Renaming an area or a source re-fills the
vectors of its rows. On other databases the columns exist but stay NULL (search there works
on the text itself, roles/search.py).
"""

import django.contrib.postgres.search
from django.db import migrations

FORWARD = """
CREATE FUNCTION pmroles_responsibility_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.name, '')), 'A')
        || setweight(to_tsvector('english', coalesce(NEW.description, '')), 'B')
        || setweight(to_tsvector('english', coalesce(
            (SELECT name FROM responsibilities_area WHERE id = NEW.area_id), '')), 'D');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER responsibility_search_vector
    BEFORE INSERT OR UPDATE OF name, description, area_id
    ON responsibilities_responsibility
    FOR EACH ROW EXECUTE FUNCTION pmroles_responsibility_search_vector();

CREATE FUNCTION pmroles_area_renamed() RETURNS trigger AS $$
BEGIN
    IF NEW.name IS DISTINCT FROM OLD.name THEN
        UPDATE responsibilities_responsibility SET name = name WHERE area_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER area_renamed_search_vector
    AFTER UPDATE OF name ON responsibilities_area
    FOR EACH ROW EXECUTE FUNCTION pmroles_area_renamed();

CREATE FUNCTION pmroles_quote_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.text, '')), 'A')
        || setweight(to_tsvector('english', coalesce(NEW.locator, '')), 'B')
        || setweight(to_tsvector('english', coalesce(
            (SELECT title || ' ' || author FROM responsibilities_source
             WHERE id = NEW.source_id), '')), 'D');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER quote_search_vector
    BEFORE INSERT OR UPDATE OF text, locator, source_id
    ON responsibilities_quote
    FOR EACH ROW EXECUTE FUNCTION pmroles_quote_search_vector();

CREATE FUNCTION pmroles_source_renamed() RETURNS trigger AS $$
BEGIN
    IF NEW.title IS DISTINCT FROM OLD.title OR NEW.author IS DISTINCT FROM OLD.author THEN
        UPDATE responsibilities_quote SET text = text WHERE source_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER source_renamed_search_vector
    AFTER UPDATE OF title, author ON responsibilities_source
    FOR EACH ROW EXECUTE FUNCTION pmroles_source_renamed();

CREATE INDEX responsibility_search_gin
    ON responsibilities_responsibility USING gin (search_vector);
CREATE INDEX quote_search_gin ON responsibilities_quote USING gin (search_vector);

UPDATE responsibilities_responsibility SET name = name;
UPDATE responsibilities_quote SET text = text;
"""

BACKWARD = """
DROP INDEX IF EXISTS quote_search_gin;
DROP INDEX IF EXISTS responsibility_search_gin;
DROP TRIGGER IF EXISTS source_renamed_search_vector ON responsibilities_source;
DROP TRIGGER IF EXISTS quote_search_vector ON responsibilities_quote;
DROP TRIGGER IF EXISTS area_renamed_search_vector ON responsibilities_area;
DROP TRIGGER IF EXISTS responsibility_search_vector ON responsibilities_responsibility;
DROP FUNCTION IF EXISTS pmroles_source_renamed();
DROP FUNCTION IF EXISTS pmroles_quote_search_vector();
DROP FUNCTION IF EXISTS pmroles_area_renamed();
DROP FUNCTION IF EXISTS pmroles_responsibility_search_vector();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # No parameters: psycopg then sends the statements (with $$ bodies) as one script.
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("responsibilities", "0006_dispute_group_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="quote",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="responsibility",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD), elidable=False),
    ]
