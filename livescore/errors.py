"""JSON errors under /api/, plain pages elsewhere: an API client never gets HTML."""

from django.http import HttpResponseNotFound, HttpResponseServerError

from livescore.api_errors import error_response


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return api_not_found(request)
    return HttpResponseNotFound("<h1>Not found</h1>")


def api_not_found(request, *args, **kwargs):
    """Any URL under /api/ that names no endpoint (also with DEBUG on)."""
    return error_response("not_found", "There is no such API endpoint.", 404)


def server_error(request):
    if request.path.startswith("/api/"):
        return error_response("server_error", "Something went wrong.", 500)
    return HttpResponseServerError("<h1>Something went wrong</h1>")
