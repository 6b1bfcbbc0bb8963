"""pip-audit of requirements.txt: fail on any known vulnerability; say plainly when the
vulnerability database could not be reached instead of reporting a false "clean".

pip-audit's PyPI service reads https://pypi.org/pypi/<name>/<version>/json; where that
answers 404 (a registry mirror without the per-version API) every package is skipped, and
pip-audit itself would still print "No known vulnerabilities found"."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


def main() -> int:
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
        report = json.loads(result.stdout)
    except ValueError:
        print("pip-audit: did not run:", result.stderr.strip()[-2000:])
        return 1
    dependencies = report.get("dependencies", [])
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    skipped = [dep for dep in dependencies if dep.get("skip_reason")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            print(f"pip-audit: {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})")
    audited = len(dependencies) - len(skipped)
    print(
        f"pip-audit: {audited} of {len(dependencies)} dependencies audited, "
        f"{len(vulnerable)} with known vulnerabilities, {len(skipped)} skipped"
    )
    if skipped and not audited:
        print(
            "pip-audit: the vulnerability database was unreachable from here "
            f"(first reason: {skipped[0]['skip_reason']}); nothing was audited."
        )
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
