"""The API docs as a developer opens them: Swagger UI from the site's own files (no CDN),
under the site's CSP, listing the operations; /api/ points the way there."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]


def test_swagger_ui_renders_from_the_site_without_a_csp_violation(server, page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{server.url}/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible(timeout=10000)
    assert page.locator(".opblock").count() > 40
    outside = [url for url in requested if not url.startswith(server.url)]
    assert outside == [], outside
    page.screenshot(path="docs/screenshots/api-docs-desktop.png")


def test_the_api_root_names_the_versions_the_schema_and_the_docs(server):
    answer = httpx.get(f"{server.url}/api/", timeout=5).json()
    assert answer["docs"].endswith("/api/docs/")
    assert answer["schema"].endswith("/api/schema/")
    assert httpx.get(answer["docs"], timeout=5).status_code == 200
