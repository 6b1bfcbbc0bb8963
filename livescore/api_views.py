"""One URL, several operations: `operations()` joins single-operation views on one path.

Each operation stays its own `<Entity><Action>Api` class with its own serializers and
permissions; the joined class only routes by HTTP method and asks the operation that
handles the method for its permissions and throttles."""

from rest_framework.views import APIView


def _operation(view: APIView) -> type[APIView] | None:
    return view.operations.get(view.request.method.lower()) if view.request else None


def _get_permissions(self):
    operation = _operation(self)
    classes = operation.permission_classes if operation else self.permission_classes
    return [permission() for permission in classes]


def _get_throttles(self):
    operation = _operation(self)
    classes = operation.throttle_classes if operation else self.throttle_classes
    return [throttle() for throttle in classes]


def operations(name: str, **views: type[APIView]) -> type[APIView]:
    """`operations("MatchEventsApi", get=MatchEventListApi, post=MatchEventCreateApi)`."""
    for method, view in views.items():
        if not hasattr(view, method):
            raise TypeError(f"{view.__name__} has no {method} handler")
    bases = tuple(dict.fromkeys(views.values()))
    return type(
        name,
        bases,
        {
            "__module__": bases[0].__module__,
            "__doc__": bases[0].__doc__,
            "operations": dict(views),
            "http_method_names": [*views, "options"],
            "get_permissions": _get_permissions,
            "get_throttles": _get_throttles,
        },
    )
