"""Staff start crawls and list crawl jobs through /api/v1/crawls/; nobody else can."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from matches.models import CrawlJob, CrawlStatus
from tests.factories import UserFactory
from tests.feeds.feed_server import RECORDED, FeedServer

pytestmark = pytest.mark.django_db

URL = "/api/v1/crawls/"


def _client(**user) -> APIClient:
    client = APIClient()
    client.force_authenticate(UserFactory(**user))
    return client


def test_staff_start_a_crawl_which_runs_after_commit(
    feed_server: FeedServer, django_capture_on_commit_callbacks
) -> None:
    url = feed_server.add_file("/live", RECORDED / "html_scores" / "live_saturday.html")
    client = _client(is_staff=True)

    # Tests run Celery eagerly: the task runs when the on_commit callback fires.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"source": "html_scores", "url": url}, format="json")

    assert response.status_code == 202
    assert response.json()["source"] == "html_scores"
    assert response.json()["status"] == "pending"
    job = CrawlJob.objects.get(pk=response.json()["id"])
    assert (job.status, job.items_crawled, job.requested_by.is_staff) == (
        CrawlStatus.SUCCESS,
        6,
        True,
    )
    listed = client.get(URL, {"status": "success"}).json()
    assert [item["id"] for item in listed] == [job.pk]
    assert listed[0]["items_crawled"] == 6
    assert client.get(URL, {"status": "failed"}).json() == []


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"source": "nope"}, {"source": ["unknown feed source 'nope'; available: "]}),
        ({"source": "html_scores"}, {"source": ["html_scores: config key 'url' must be"]}),
        ({"source": "html_scores", "url": "not a url"}, {"url": ["Enter a valid URL."]}),
        ({"source": "html_scores", "competition": 999999}, {"competition": ["Invalid pk"]}),
    ],
)
def test_bad_requests_get_the_error_body_and_create_nothing(body: dict, fields: dict) -> None:
    response = _client(is_staff=True).post(URL, body, format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["message"]) == ("invalid", "The request is not valid.")
    for name, (prefix,) in fields.items():
        assert error["fields"][name][0].startswith(prefix)
    assert CrawlJob.objects.count() == 0


def test_fans_and_anonymous_users_are_refused() -> None:
    fan = _client()
    assert fan.post(URL, {"source": "html_scores"}, format="json").status_code == 403
    assert fan.get(URL).status_code == 403
    anonymous = APIClient().get(URL)
    assert anonymous.status_code in (401, 403)
    assert set(anonymous.json()["error"]) == {"code", "message", "fields"}
    assert CrawlJob.objects.count() == 0


def test_list_filter_is_validated() -> None:
    response = _client(is_staff=True).get(URL, {"status": "exploded"})
    assert response.status_code == 400
    assert "status" in response.json()["error"]["fields"]
