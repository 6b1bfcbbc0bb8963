"""JSON errors under /api/, plain pages elsewhere: an API client never gets HTML."""

from django.http import HttpResponseNotFound, HttpResponseServerError, JsonResponse

from livescore.api_errors import error_body


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("not_found", "Not found."), status=404)
    return HttpResponseNotFound("<h1>Not found</h1>")


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("server_error", "Something went wrong."), status=500)
    return HttpResponseServerError("<h1>Something went wrong</h1>")
