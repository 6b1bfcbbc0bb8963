from django.db import migrations

# The log is append-only: PostgreSQL refuses UPDATE and DELETE on it outright, so no code
# path (admin, shell, a bug) can rewrite history. SQLite (the demo) relies on the service.
FORBID = """
CREATE OR REPLACE FUNCTION scoring_matchevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'scoring_matchevent is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER scoring_matchevent_append_only
    BEFORE UPDATE OR DELETE ON scoring_matchevent
    FOR EACH ROW EXECUTE FUNCTION scoring_matchevent_append_only();
"""
ALLOW = """
DROP TRIGGER IF EXISTS scoring_matchevent_append_only ON scoring_matchevent;
DROP FUNCTION IF EXISTS scoring_matchevent_append_only();
"""


def forbid(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORBID, params=None)


def allow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW, params=None)


class Migration(migrations.Migration):
    dependencies = [("scoring", "0001_initial")]
    operations = [migrations.RunPython(forbid, allow)]
