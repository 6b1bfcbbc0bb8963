"""Staff-only crawl endpoints: start a crawl now, list crawl jobs."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from matches import crawl_services
from matches.crawl_selectors import crawl_job_list
from matches.models import Competition, CrawlJob, CrawlStatus


class IsCrawlStaff(BasePermission):
    message = "Only staff may run or list crawls."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and (user.is_staff or user.is_scoring_staff))


class CrawlJobOutputSerializer(serializers.ModelSerializer):
    competition = serializers.PrimaryKeyRelatedField(read_only=True)
    duration_seconds = serializers.SerializerMethodField()

    class Meta:
        model = CrawlJob
        fields = [
            "id",
            "type",
            "source",
            "competition",
            "status",
            "created_at",
            "started_at",
            "finished_at",
            "duration_seconds",
            "attempts",
            "items_crawled",
            "items_updated",
            "items_failed",
            "events_written",
            "error",
            "failures",
            "task_id",
            "worker",
        ]

    def get_duration_seconds(self, job: CrawlJob) -> float | None:
        return job.duration.total_seconds() if job.duration else None


class CrawlJobListCreateApi(APIView):
    """GET lists crawl jobs (newest first, at most 200); POST starts a crawl now."""

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=CrawlStatus.values, required=False)
        source = serializers.CharField(required=False, max_length=64)
        competition = serializers.IntegerField(required=False, min_value=1)

    class InputSerializer(serializers.Serializer):
        source = serializers.CharField(max_length=64)
        competition = serializers.PrimaryKeyRelatedField(
            queryset=Competition.objects.all(), required=False
        )
        url = serializers.URLField(required=False, max_length=2000)
        config = serializers.DictField(required=False)

    permission_classes = [IsCrawlStaff]

    @extend_schema(
        parameters=[FilterSerializer], responses={200: CrawlJobOutputSerializer(many=True)}
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        jobs = crawl_job_list(**filters.validated_data)
        return Response(CrawlJobOutputSerializer(jobs, many=True).data)

    @extend_schema(request=InputSerializer, responses={202: CrawlJobOutputSerializer})
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            with transaction.atomic():
                job = crawl_services.crawl_job_create(
                    source=data["source"],
                    competition=data.get("competition"),
                    config=data.get("config"),
                    url=data.get("url"),
                    requested_by=request.user,
                )
                crawl_services.crawl_job_enqueue(job=job)
        except crawl_services.CrawlRequestError as error:
            raise serializers.ValidationError({"source": [str(error)]}) from None
        job.refresh_from_db()
        return Response(CrawlJobOutputSerializer(job).data, status=status.HTTP_202_ACCEPTED)
