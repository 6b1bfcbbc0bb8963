"""GET /api/: where the API lives, so a first visitor finds the versions and the docs."""

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def api_index(request) -> JsonResponse:
    return JsonResponse(
        {
            "versions": {"v1": request.build_absolute_uri("/api/v1/")},
            "schema": request.build_absolute_uri(reverse("api-schema")),
            "docs": request.build_absolute_uri(reverse("api-docs")),
        }
    )
