"""The OpenAPI schema builds, validates and has no warning; docs are served."""

import io
import json

import pytest
from django.core.management import call_command


def test_schema_validates_without_warnings():
    out = io.StringIO()
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out
    )
    assert '"/api/v1/matches/{match_id}/events/"' in out.getvalue()


@pytest.mark.django_db
def test_schema_and_docs_are_served(anonymous):
    assert anonymous.get("/api/schema/?format=json").status_code == 200
    assert anonymous.get("/api/docs/").status_code == 200


@pytest.mark.parametrize("path", ["events", "undo", "corrections", "status"])
def test_scoring_posts_document_the_reused_key_refusal(path):
    out = io.StringIO()
    call_command("spectacular", "--format", "openapi-json", stdout=out)
    schema = json.loads(out.getvalue())
    operation = schema["paths"][f"/api/v1/matches/{{match_id}}/{path}/"]["post"]

    refusal = operation["responses"]["422"]
    assert "idempotency_key_reused" in refusal["description"]
    assert refusal["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    header = next(p for p in operation["parameters"] if p["name"] == "Idempotency-Key")
    assert "422" in header["description"]
