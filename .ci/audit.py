"""Known vulnerabilities in requirements.txt: pip-audit first, then PyPI's project JSON for
every dependency pip-audit skipped. Fails on a known vulnerability or a pin behind the
newest patch of its release series; says plainly what was not audited.

pip-audit's PyPI service reads https://pypi.org/pypi/<name>/<version>/json; where that
answers 404 (a registry mirror without the per-version API) it skips every package and
would still print "No known vulnerabilities found". The project JSON
(https://pypi.org/pypi/<name>/json) describes the latest release, and its `vulnerabilities`
are that release's advisories. So a pin at the latest release is audited for real; a pin
on an older series can only be checked for being the newest patch of that series (LTS lines
such as Django 5.2 are deliberate).

Exit status: 1 on a vulnerability or a pin behind its series; 0 otherwise, including when
the network is down (CI's result must not depend on the registry being reachable)."""

from __future__ import annotations

import enum
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[1]
PIP_AUDIT = Path(sys.executable).with_name("pip-audit")
PROJECT_JSON = "https://pypi.org/pypi/{name}/json"
TIMEOUT_SECONDS = 15


class State(enum.Enum):
    LATEST = "latest"
    CURRENT_IN_SERIES = "current in series"
    BEHIND = "behind"
    NOT_AUDITABLE = "not auditable"


@dataclass(frozen=True)
class Verdict:
    state: State
    newest_in_series: str | None = None
    advisories: tuple[str, ...] = field(default=())

    @property
    def fails(self) -> bool:
        return self.state is State.BEHIND or bool(self.advisories)


def _series(version: Version) -> tuple[int, int]:
    release = (*version.release, 0)
    return release[0], release[1]


def version_verdict(
    *, installed: str, latest: str, releases: Iterable[str], advisories: Iterable[str] = ()
) -> Verdict:
    """Where the installed version stands. `releases`: the installable (not yanked) versions;
    `advisories`: the non-withdrawn advisory ids of the latest release."""
    try:
        pinned, newest = Version(installed), Version(latest)
    except InvalidVersion:
        return Verdict(State.NOT_AUDITABLE)
    if pinned == newest:
        return Verdict(State.LATEST, latest, tuple(advisories))
    in_series = []
    for release in releases:
        try:
            candidate = Version(release)
        except InvalidVersion:
            continue
        if not candidate.is_prerelease and _series(candidate) == _series(pinned):
            in_series.append(candidate)
    if pinned.is_prerelease or pinned not in in_series:
        return Verdict(State.NOT_AUDITABLE)
    newest_in_series = max(in_series)
    if pinned == newest_in_series:
        return Verdict(State.CURRENT_IN_SERIES, str(newest_in_series))
    return Verdict(State.BEHIND, str(newest_in_series))


def project_verdict(name: str, installed: str) -> Verdict | None:
    """The verdict from PyPI's project JSON; None when the registry could not be reached."""
    request = urllib.request.Request(  # noqa: S310 - a fixed https URL
        PROJECT_JSON.format(name=name), headers={"Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            project = json.load(response)
    except urllib.error.HTTPError:
        return Verdict(State.NOT_AUDITABLE)  # the registry answered: it has no such project
    except (OSError, ValueError):
        return None
    releases = [
        version
        for version, files in project.get("releases", {}).items()
        if files and not all(file.get("yanked") for file in files)
    ]
    advisories = [
        advisory["id"]
        for advisory in project.get("vulnerabilities") or []
        if not advisory.get("withdrawn")
    ]
    return version_verdict(
        installed=installed,
        latest=project["info"]["version"],
        releases=releases,
        advisories=advisories,
    )


def pip_audit() -> tuple[list[dict], list[dict]]:
    """(dependencies pip-audit audited, dependencies it skipped). When it could not run at
    all, every installed distribution counts as skipped."""
    result = subprocess.run(  # noqa: S603
        [
            str(PIP_AUDIT),
            "-r",
            str(ROOT / "requirements.txt"),
            "--vulnerability-service",
            "pypi",
            "--format",
            "json",
            "--progress-spinner",
            "off",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    try:
        dependencies = json.loads(result.stdout).get("dependencies", [])
    except ValueError:
        last_line = (result.stderr.strip().splitlines() or ["no output"])[-1]
        print("audit: pip-audit did not run; auditing the installed distributions:", last_line)
        installed = {
            dist.metadata["Name"].lower(): dist.version for dist in metadata.distributions()
        }
        return [], [{"name": name, "version": version} for name, version in installed.items()]
    audited = [dep for dep in dependencies if not dep.get("skip_reason")]
    skipped = [
        {"name": dep["name"], "version": dep.get("version") or _skipped_version(dep)}
        for dep in dependencies
        if dep.get("skip_reason")
    ]
    return audited, skipped


def _skipped_version(dep: dict) -> str:
    """pip-audit names a skipped dependency's version only in its reason: "… django (5.2.19)"."""
    found = re.search(r"\(([^()\s]+)\)$", dep["skip_reason"])
    if found:
        return found.group(1)
    try:
        return metadata.version(dep["name"])
    except metadata.PackageNotFoundError:
        return "unknown"


def main() -> int:
    audited, skipped = pip_audit()
    failed = False
    for dep in audited:
        for vuln in dep.get("vulns", []):
            failed = True
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            print(f"audit: {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})")
    with ThreadPoolExecutor(max_workers=16) as pool:
        verdicts = list(pool.map(lambda dep: project_verdict(dep["name"], dep["version"]), skipped))
    counts = {state: 0 for state in State}
    unreachable = 0
    advisories = 0
    for dep, verdict in zip(skipped, verdicts, strict=True):
        if verdict is None:
            unreachable += 1
            continue
        counts[verdict.state] += 1
        advisories += len(verdict.advisories)
        failed = failed or verdict.fails
        label = f"audit: {dep['name']} {dep['version']}:"
        if verdict.advisories:
            print(label, "latest release, advisories", ", ".join(verdict.advisories))
        elif verdict.state is State.CURRENT_IN_SERIES:
            print(label, "current in its series (latest is newer); not checked for advisories")
        elif verdict.state is State.BEHIND:
            print(label, f"behind: newest in series is {verdict.newest_in_series}")
        elif verdict.state is State.NOT_AUDITABLE:
            print(label, "not auditable (not a release on PyPI)")
    vulnerable = sum(1 for dep in audited if dep.get("vulns"))
    print(
        f"audit: {len(audited) + len(skipped)} dependencies: "
        f"{len(audited)} by pip-audit ({vulnerable} vulnerable), "
        f"{counts[State.LATEST]} latest ({advisories} advisories), "
        f"{counts[State.CURRENT_IN_SERIES]} current in series, "
        f"{counts[State.BEHIND]} behind, "
        f"{counts[State.NOT_AUDITABLE] + unreachable} not auditable"
    )
    if unreachable == len(skipped) and not audited:
        print("audit: PyPI could not be reached: NOTHING was audited (this does not fail CI).")
    elif unreachable:
        print(
            f"audit: PyPI could not be reached for {unreachable} dependencies: those were "
            "NOT audited (this does not fail CI)."
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
