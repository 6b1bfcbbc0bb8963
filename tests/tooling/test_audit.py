"""The dependency audit's decision (.ci/audit.py): which version state passes CI. No network."""

import importlib.util
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "ci_audit", Path(__file__).resolve().parents[2] / ".ci" / "audit.py"
)
audit = importlib.util.module_from_spec(_spec)
sys.modules["ci_audit"] = audit  # dataclasses look their module up there
_spec.loader.exec_module(audit)

DJANGO_RELEASES = ["5.1.9", "5.2", "5.2.18", "5.2.19", "6.0", "6.0.10", "6.1a1", "6.1", "6.1.3"]


def test_the_latest_release_without_advisories_passes():
    verdict = audit.version_verdict(installed="6.1.3", latest="6.1.3", releases=DJANGO_RELEASES)

    assert verdict == audit.Verdict(audit.State.LATEST, "6.1.3", ())
    assert not verdict.fails


def test_the_latest_release_with_an_advisory_fails():
    verdict = audit.version_verdict(
        installed="6.1.3", latest="6.1.3", releases=DJANGO_RELEASES, advisories=["PYSEC-1"]
    )

    assert verdict.advisories == ("PYSEC-1",)
    assert verdict.fails


def test_the_newest_patch_of_an_older_series_passes():
    verdict = audit.version_verdict(installed="5.2.19", latest="6.1.3", releases=DJANGO_RELEASES)

    assert verdict == audit.Verdict(audit.State.CURRENT_IN_SERIES, "5.2.19")
    assert not verdict.fails


def test_a_pin_behind_the_newest_patch_of_its_series_fails():
    verdict = audit.version_verdict(installed="5.2.18", latest="6.1.3", releases=DJANGO_RELEASES)

    assert verdict == audit.Verdict(audit.State.BEHIND, "5.2.19")
    assert verdict.fails


def test_a_pre_release_in_the_series_does_not_count_as_newer():
    verdict = audit.version_verdict(
        installed="6.0.10", latest="6.1.3", releases=[*DJANGO_RELEASES, "6.0.11rc1"]
    )

    assert verdict.state is audit.State.CURRENT_IN_SERIES


def test_a_post_release_is_the_newest_of_its_series():
    verdict = audit.version_verdict(
        installed="2.9.0.post0", latest="4.0.0", releases=["2.8.2", "2.9.0", "2.9.0.post0", "4.0.0"]
    )

    assert verdict.state is audit.State.CURRENT_IN_SERIES


@pytest.mark.parametrize(
    ("installed", "releases"),
    [("5.2.20", DJANGO_RELEASES), ("not-a-version", DJANGO_RELEASES), ("6.1rc1", ["6.1rc1"])],
)
def test_a_version_not_released_on_the_index_is_not_auditable_and_passes(installed, releases):
    verdict = audit.version_verdict(installed=installed, latest="6.1.3", releases=releases)

    assert verdict.state is audit.State.NOT_AUDITABLE
    assert not verdict.fails
