"""The OpenAPI schema builds, validates and has no warning; docs are served."""

import io

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
