"""Import Cricsheet JSON matches through the scoring service, one transaction per file."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from scoring.cricsheet_import import cricsheet_match_import
from scoring.errors import ScoringError
from scoring.selectors import match_detail_get


class Command(BaseCommand):
    help = (
        "Import Cricsheet JSON files (or directories of them): fixtures, squads and every "
        "ball through the scoring service. Re-importing a file writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Cricsheet .json files or dirs")

    def handle(self, *args, paths: list[Path], **options):
        failed = []
        for path in _files(paths):
            try:
                document = json.loads(path.read_text(encoding="utf-8"))
                imported = cricsheet_match_import(document=document, match_key=path.stem)
            except (OSError, UnicodeDecodeError, ValueError) as error:
                failed.append(path)
                self.stderr.write(f"{path}: cannot read: {error}")
                continue
            except ScoringError as error:
                failed.append(path)
                self.stderr.write(f"{path}: not imported ({error.code}): {error.message}")
                continue
            line = score_line(imported.match.pk)
            if not imported.is_new:
                line += " (already imported)"
            self.stdout.write(line)
        if failed:
            raise CommandError(f"{len(failed)} file(s) not imported: {', '.join(map(str, failed))}")


def _files(paths: list[Path]) -> list[Path]:
    files = []
    for path in paths:
        files += sorted(path.glob("*.json")) if path.is_dir() else [path]
    return files


def score_line(match_id: int) -> str:
    """`match 7: New Zealand 241/8 (50 ov), England 241 (50 ov), Match tied`"""
    found = match_detail_get(match_id=match_id)
    if found is None:
        return f"match {match_id}: not found"
    _match, card = found
    parts = [_innings_text(innings) for innings in card["innings"]]
    if card.get("result"):
        parts.append(card["result"]["text"])
    return f"match {match_id}: " + ", ".join(parts)


def _innings_text(innings: dict[str, Any]) -> str:
    runs, wickets = innings["runs"], innings["wickets"]
    score = str(runs) if wickets >= 10 else f"{runs}/{wickets}"
    if innings["close_reason"] == "declared":
        score += "d"
    label = "super over" if innings["is_super_over"] else f"{innings['overs']} ov"
    return f"{innings['team']} {score} ({label})"
