"""Cursor pagination for long lists: stable under inserts, no COUNT(*) on big tables."""

from collections.abc import Sequence

from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers
from rest_framework.pagination import CursorPagination


class ApiCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-created_at", "-id")


class SoonestFirstPagination(ApiCursorPagination):
    ordering = ("start_time", "id")


class LatestFirstPagination(ApiCursorPagination):
    ordering = ("-start_time", "-id")


class NameOrderPagination(ApiCursorPagination):
    ordering = ("name", "id")


def paginated(
    request, view, queryset, serializer_class, *, ordering: Sequence[str] = ("-created_at", "-id")
):
    paginator = ApiCursorPagination()
    paginator.ordering = tuple(ordering)
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)


def page_of(serializer_class: type[serializers.Serializer], name: str):
    """The schema of one page of a cursor-paginated list."""
    return inline_serializer(
        name,
        {
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )


CURSOR_PARAMETERS = [
    OpenApiParameter("cursor", str, required=False, description="From next or previous."),
    OpenApiParameter("page_size", int, required=False, description="1 to 200; 50 by default."),
]
